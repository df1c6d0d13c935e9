using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using LeadStatus.Internal;

namespace LeadStatus.Parsing;

/// <summary>
/// Finds the recommendation tag <c>[KEYWORD: LABEL]</c> in a summary and returns its raw label (ARCHITECTURE §3, Parsing).
/// </summary>
/// <remarks>
/// <para>
/// Tolerant of what models emit: keywords match case-insensitively; white space (NBSP included), invisible marks
/// (<see cref="TagCharacters.InvisibleMarks"/>) and markdown emphasis (<c>*</c>, <c>_</c>) may surround the keyword and the colon;
/// the colon is ASCII <c>:</c>, full-width <c>：</c>, small <c>﹕</c> or Hebrew sof pasuq <c>׃</c>; brackets are ASCII or
/// full-width (<c>［ ］</c>); quotes, trailing punctuation and markdown around the label are trimmed
/// (<see cref="TagCharacters.IsLabelEdge"/>) and invisible marks, control characters and lone surrogates inside it are removed. The label is otherwise returned as written:
/// normalization is the mapper's job.
/// </para>
/// <para>
/// A keyword must end at a word boundary (<c>[המלצות: x]</c> is not a <c>המלצה</c> tag). A tag lives on one line and does not nest:
/// a label that reaches a line break or another opening bracket before its closing bracket is not a label. A label that is empty
/// after trimming, or longer than <see cref="MaxLabelLength"/>, is not a label. When several tags are present the last valid one counts.
/// </para>
/// <para>
/// Cost: the summary is searched backwards for opening brackets with a vectorized <see cref="SearchValues{T}"/> search, and each
/// candidate is examined within at most <see cref="MaxTagSpan"/> characters and never beyond the next opening bracket or line
/// break, so the work is linear in the summary's length. The no-tag path allocates nothing; the found path allocates only the label.
/// </para>
/// </remarks>
internal sealed class RecommendationParser
{
    /// <summary>Labels longer than this are not labels.</summary>
    public const int MaxLabelLength = 128;

    /// <summary>The most characters examined after an opening bracket: the label plus room for spaces, marks, quotes and markdown.</summary>
    public const int MaxTagSpan = 512;

    private static readonly SearchValues<char> s_openBrackets = SearchValues.Create("[\uFF3B");
    private static readonly SearchValues<char> s_labelStops = SearchValues.Create("]\uFF3D[\uFF3B\r\n");

    private readonly string[] _keywords;

    /// <summary>Creates a parser for the given tag keywords.</summary>
    /// <param name="keywords">The keywords, for example <c>המלצה</c> and <c>Recommendation</c>; blank ones are ignored.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keywords"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="keywords"/> holds no non-blank keyword.</exception>
    public RecommendationParser(IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        _keywords = [.. keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)];
        if (_keywords.Length == 0)
        {
            throw new ArgumentException("At least one non-blank tag keyword is required.", nameof(keywords));
        }
    }

    /// <summary>Finds the last valid tag; allocates only the returned label.</summary>
    /// <param name="summary">The summary text.</param>
    /// <param name="label">The raw label of the last valid tag, trimmed and without invisible marks; null when there is none.</param>
    /// <returns>Whether a tag was found.</returns>
    public bool TryParse(ReadOnlySpan<char> summary, [NotNullWhen(true)] out string? label)
    {
        var end = summary.Length;
        while (end > 0)
        {
            var open = summary[..end].LastIndexOfAny(s_openBrackets);
            if (open < 0)
            {
                break;
            }

            var afterOpen = summary[(open + 1)..];
            if (TryReadTag(afterOpen[..Math.Min(MaxTagSpan, afterOpen.Length)], out var rawLabel) && TryCreateLabel(rawLabel, out label))
            {
                return true;
            }

            end = open;
        }

        label = null;
        return false;
    }

    private bool TryReadTag(ReadOnlySpan<char> tag, out ReadOnlySpan<char> rawLabel)
    {
        rawLabel = default;
        var afterKeyword = MatchAnyKeyword(tag, SkipFiller(tag, 0));
        if (afterKeyword < 0)
        {
            return false;
        }

        var colon = SkipFiller(tag, afterKeyword);
        if (colon >= tag.Length || !IsColon(tag[colon]))
        {
            return false;
        }

        var rest = tag[(colon + 1)..];
        var stop = rest.IndexOfAny(s_labelStops);
        if (stop < 0 || rest[stop] is not (']' or '\uFF3D'))
        {
            return false;
        }

        rawLabel = rest[..stop];
        return true;
    }

    private int MatchAnyKeyword(ReadOnlySpan<char> tag, int start)
    {
        foreach (var keyword in _keywords)
        {
            var end = MatchKeyword(tag, start, keyword);
            if (end >= 0)
            {
                return end;
            }
        }

        return -1;
    }

    /// <summary>Matches an upper-cased keyword at <paramref name="i"/>, ignoring invisible marks and Hebrew points; returns the index after it or -1.</summary>
    private static int MatchKeyword(ReadOnlySpan<char> tag, int i, string keyword)
    {
        foreach (var k in keyword)
        {
            i = SkipInKeyword(tag, i);
            if (i >= tag.Length)
            {
                return -1;
            }

            if (char.IsWhiteSpace(k))
            {
                if (!char.IsWhiteSpace(tag[i]))
                {
                    return -1;
                }

                while (i < tag.Length && char.IsWhiteSpace(tag[i]))
                {
                    i++;
                }

                continue;
            }

            if (char.ToUpperInvariant(tag[i]) != k)
            {
                return -1;
            }

            i++;
        }

        // The keyword must end at a word boundary: [Recommendations: x] is not a Recommendation tag.
        i = SkipInKeyword(tag, i);
        return i < tag.Length && char.IsLetterOrDigit(tag[i]) ? -1 : i;
    }

    private static int SkipInKeyword(ReadOnlySpan<char> tag, int i)
    {
        while (i < tag.Length && (TagCharacters.IsInvisible(tag[i]) || IsHebrewPoint(tag[i])))
        {
            i++;
        }

        return i;
    }

    /// <summary>Skips what may stand between the bracket, the keyword and the colon: white space, invisible marks, markdown emphasis.</summary>
    private static int SkipFiller(ReadOnlySpan<char> tag, int i)
    {
        while (i < tag.Length && (char.IsWhiteSpace(tag[i]) || TagCharacters.IsInvisible(tag[i]) || tag[i] is '*' or '_'))
        {
            i++;
        }

        return i;
    }

    private static bool IsColon(char c) => c is ':' or '\uFF1A' or '\uFE55' or '\u05C3';

    private static bool IsHebrewPoint(char c) =>
        c is >= '\u0591' and <= '\u05C7' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static bool TryCreateLabel(ReadOnlySpan<char> raw, [NotNullWhen(true)] out string? label)
    {
        label = null;
        var start = 0;
        var end = raw.Length;
        while (start < end && TagCharacters.IsLabelEdge(raw[start]))
        {
            start++;
        }

        while (end > start && TagCharacters.IsLabelEdge(raw[end - 1]))
        {
            end--;
        }

        var trimmed = raw[start..end];
        if (trimmed.Length == 0)
        {
            return false;
        }

        if (trimmed.IndexOfAny(TagCharacters.RemovedFromLabel) < 0 && Utf16Text.IsWellFormed(trimmed))
        {
            if (trimmed.Length > MaxLabelLength)
            {
                return false;
            }

            label = new string(trimmed);
            return true;
        }

        // Invisible marks, control characters and lone surrogates inside the label (trimmed is at most MaxTagSpan characters).
        Span<char> buffer = stackalloc char[MaxTagSpan];
        var length = 0;
        while (!trimmed.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(trimmed, out var rune, out var consumed);
            if (status == OperationStatus.Done && !(rune.IsBmp && TagCharacters.RemovedFromLabel.Contains((char)rune.Value)))
            {
                trimmed[..consumed].CopyTo(buffer[length..]);
                length += consumed;
            }

            trimmed = trimmed[consumed..];
        }

        if (length == 0 || length > MaxLabelLength)
        {
            return false;
        }

        label = new string(buffer[..length]);
        return true;
    }
}
