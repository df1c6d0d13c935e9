using System.Collections.Frozen;

namespace LeadStatus.Labels;

/// <summary>
/// Splits a normalized label into words and recognises negation words, for partial matching.
/// </summary>
/// <remarks>
/// A word is a run of letters, digits and inner quotes (so <c>don't</c>, <c>צ'ק</c> and <c>ש"ח</c> stay one word); anything else
/// separates words, and quotes at a word's ends are dropped. Negation words, in normalized form (final letters folded): Hebrew
/// לא, אין, אינו, אינה, אינם, אינן, אינני, איננו, אינך, אינכם, אינכן, בלי, ללא, also with the conjunction prefixes ו, ש, וש, כש
/// (ולא, שלא, ושלא, כשלא, ואין, שאין, ובלי, וללא ...); English not, no, non, never, nor, none, neither, without, cannot and the
/// contractions don't, doesn't, didn't, isn't, aren't, wasn't, weren't, won't, can't, couldn't, wouldn't, shouldn't,
/// haven't, hasn't, hadn't, with or without the apostrophe.
/// </remarks>
internal static class LabelWords
{
    private static readonly string[] s_hebrewNegations = ["לא", "אין", "אינו", "אינה", "אינם", "אינן", "אינני", "איננו", "אינך", "אינכם", "אינכן", "בלי", "ללא"];
    private static readonly string[] s_hebrewPrefixes = ["", "ו", "ש", "וש", "כש"];
    private static readonly string[] s_englishNegations =
    [
        "not", "no", "non", "never", "nor", "none", "neither", "without", "cannot",
        "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "couldn't", "wouldn't", "shouldn't",
        "haven't", "hasn't", "hadn't",
    ];

    private static readonly FrozenSet<string> s_negations = BuildNegations();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_negationLookup = s_negations.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the negation words, normalized.</summary>
    public static FrozenSet<string> Negations => s_negations;

    /// <summary>Splits <paramref name="text"/> into words.</summary>
    /// <param name="text">A normalized label.</param>
    /// <param name="words">Receives the words' ranges; needs room for <c>(text.Length + 1) / 2</c> ranges.</param>
    /// <returns>The number of words.</returns>
    public static int Split(ReadOnlySpan<char> text, Span<Range> words)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            var end = i;
            while (start < end && IsQuote(text[start]))
            {
                start++;
            }

            while (end > start && IsQuote(text[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                words[count++] = start..end;
            }
        }

        return count;
    }

    /// <summary>Splits <paramref name="text"/> into an array of words.</summary>
    /// <param name="text">A normalized label.</param>
    /// <returns>The words.</returns>
    public static string[] SplitToArray(string text)
    {
        var ranges = new Range[(text.Length + 1) / 2];
        var count = Split(text, ranges);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = text[ranges[i]];
        }

        return words;
    }

    /// <summary>Returns whether a normalized word is a negation.</summary>
    /// <param name="word">The word.</param>
    public static bool IsNegation(ReadOnlySpan<char> word) => s_negationLookup.Contains(word);

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || IsQuote(c);

    private static bool IsQuote(char c) => c is '\'' or '"';

    private static FrozenSet<string> BuildNegations()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in s_hebrewNegations)
        {
            foreach (var prefix in s_hebrewPrefixes)
            {
                set.Add(LabelNormalizer.Normalize(prefix + word));
            }
        }

        foreach (var word in s_englishNegations)
        {
            set.Add(LabelNormalizer.Normalize(word));
            set.Add(LabelNormalizer.Normalize(word.Replace("'", string.Empty, StringComparison.Ordinal)));
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
