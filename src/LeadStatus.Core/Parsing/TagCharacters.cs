using System.Buffers;

namespace LeadStatus.Parsing;

/// <summary>
/// Character classes shared by the tag parser and the label normalizer, so both sides agree on what is invisible,
/// what is a quote and what is trimmed at the ends of a label.
/// </summary>
internal static class TagCharacters
{
    /// <summary>
    /// Invisible format marks that models and chat clients scatter through text: soft hyphen, Arabic letter mark,
    /// Mongolian vowel separator, zero-width space/non-joiner/joiner (U+200B–U+200D), LRM/RLM (U+200E/U+200F),
    /// bidi embeddings and overrides (U+202A–U+202E), word joiner and invisible operators (U+2060–U+2064),
    /// bidi isolates (U+2066–U+2069) and the BOM / zero-width no-break space (U+FEFF).
    /// </summary>
    public static readonly SearchValues<char> InvisibleMarks = SearchValues.Create(InvisibleMarkCharacters);

    /// <summary>
    /// Characters removed from a label wherever they stand: the <see cref="InvisibleMarks"/> and the control characters
    /// (C0, DEL, C1) that are not white space, such as NUL from a corrupted transcript, which no status name holds and
    /// PostgreSQL text cannot store.
    /// </summary>
    public static readonly SearchValues<char> RemovedFromLabel = SearchValues.Create(
        InvisibleMarkCharacters + string.Concat(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && !char.IsWhiteSpace(c))));

    private const string InvisibleMarkCharacters =
        "\u00AD\u061C\u180E\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\uFEFF";

    /// <summary>
    /// Characters trimmed at both ends of a label: quotes of every kind (ASCII, typographic, low-9, guillemets, primes,
    /// Hebrew geresh U+05F3 and gershayim U+05F4, full-width), sentence punctuation (ASCII, full-width, ideographic,
    /// Hebrew sof pasuq), markdown emphasis (<c>*</c>, <c>_</c>, <c>~</c>, <c>`</c>) and dashes. Brackets and
    /// parentheses are not trimmed: they can belong to a status name such as <c>בטיפול (חוזר)</c>.
    /// </summary>
    public static readonly SearchValues<char> EdgePunctuation = SearchValues.Create(
        "'\"`\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u00AB\u00BB\u2039\u203A\u2032\u2033\u05F3\u05F4\uFF02\uFF07" +
        ".,!?;:\u2026\u00B7\u05C3\u05C0\uFF0E\uFF0C\uFF01\uFF1F\uFF1B\uFF1A\u3002\u3001\uFE55" +
        "*_~-\u2010\u2011\u2012\u2013\u2014\u2015\u05BE");

    /// <summary>Returns whether <paramref name="c"/> is one of the <see cref="InvisibleMarks"/>.</summary>
    /// <param name="c">The character.</param>
    public static bool IsInvisible(char c) => InvisibleMarks.Contains(c);

    /// <summary>Returns whether <paramref name="c"/> is trimmed at the ends of a label: white space, a removed character or edge punctuation.</summary>
    /// <param name="c">The character.</param>
    public static bool IsLabelEdge(char c) => char.IsWhiteSpace(c) || RemovedFromLabel.Contains(c) || EdgePunctuation.Contains(c);
}
