using System.Buffers;
using System.Globalization;
using System.Text;
using LeadStatus.Parsing;

namespace LeadStatus.Labels;

/// <summary>
/// The one normalization applied to both sides of a label comparison (ARCHITECTURE §3, Normalization).
/// </summary>
/// <remarks>
/// In order: NFKC (full-width letters and presentation forms fold only under NFKC); drop format characters (<c>Cf</c>: bidi marks,
/// zero-width characters, BOM) and non-spacing marks (<c>Mn</c>: niqqud, cantillation, U+05C7 qamats qatan); fold Hebrew final
/// letters (ך ם ן ף ץ → כ מ נ פ צ); unify quotes (geresh ׳ and typographic single quotes → <c>'</c>; gershayim ״, typographic
/// double quotes and guillemets → <c>"</c>); lower-case with the invariant culture; collapse runs of white space, hyphens, dashes,
/// the maqaf U+05BE (punctuation that joins two words) and underscores (so a <c>StatusId</c> such as <c>not_interested</c> reads as
/// words) to one space; trim <see cref="TagCharacters.EdgePunctuation"/> and spaces at both ends. Results are compared ordinally.
/// An input that is already normalized is returned as is, without allocating.
/// </remarks>
internal static class LabelNormalizer
{
    private const int StackLimit = 256;

    /// <summary>Characters on which NFKC changes nothing that the steps below would not do anyway (ASCII, Hebrew block, marks, quotes, dashes).</summary>
    private static readonly SearchValues<char> s_nfkcStable = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x80).Select(i => (char)i)) +
        string.Concat(Enumerable.Range(0x0590, 0x70).Select(i => (char)i)) +
        "\u00A0\u00AB\u00BB\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF" +
        "\u2010\u2012\u2013\u2014\u2015\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F");

    private static readonly SearchValues<char> s_separators = SearchValues.Create("-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u05BE");

    /// <summary>Returns the normalized form of <paramref name="value"/>.</summary>
    /// <param name="value">A label, alias or status id.</param>
    /// <returns>The normalized form; <paramref name="value"/> itself when it is already normalized; empty when nothing is left.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var source = value.AsSpan().ContainsAnyExcept(s_nfkcStable) ? value.Normalize(NormalizationForm.FormKC) : value;

        char[]? rented = null;
        var buffer = source.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(source.Length));
        var length = 0;
        var pendingSpace = false;
        foreach (var c in source)
        {
            if (char.IsWhiteSpace(c) || s_separators.Contains(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not (>= '\u05D0' and <= '\u05EA')
                && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }

            buffer[length++] = Fold(c);
        }

        var normalized = Trim(buffer[..length]);
        var result = normalized.SequenceEqual(value) ? value : new string(normalized);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return result;
    }

    private static char Fold(char c) => c switch
    {
        'ך' => 'כ',
        'ם' => 'מ',
        'ן' => 'נ',
        'ף' => 'פ',
        'ץ' => 'צ',
        '\u05F3' or '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '`' => '\'',
        '\u05F4' or '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        _ => char.ToLowerInvariant(c),
    };

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && (text[start] == ' ' || TagCharacters.EdgePunctuation.Contains(text[start])))
        {
            start++;
        }

        while (end > start && (text[end - 1] == ' ' || TagCharacters.EdgePunctuation.Contains(text[end - 1])))
        {
            end--;
        }

        return text[start..end];
    }
}
