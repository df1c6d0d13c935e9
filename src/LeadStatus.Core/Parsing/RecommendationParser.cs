using System.Diagnostics.CodeAnalysis;

namespace LeadStatus.Parsing;

/// <summary>
/// Finds the recommendation tag <c>[KEYWORD: LABEL]</c> in a summary and returns its raw label (ARCHITECTURE §3, Parsing).
/// </summary>
internal sealed class RecommendationParser
{
    /// <summary>Labels longer than this are not labels.</summary>
    public const int MaxLabelLength = 128;

    private readonly string[] _keywords;

    public RecommendationParser(IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        _keywords = [.. keywords];
    }

    /// <summary>Finds the last valid tag; allocates only the returned label.</summary>
    public bool TryParse(ReadOnlySpan<char> summary, [NotNullWhen(true)] out string? label)
    {
        // Placeholder until the parser lands: exact "[keyword: label]" only.
        label = null;
        foreach (var keyword in _keywords)
        {
            var start = summary.LastIndexOf("[" + keyword + ":", StringComparison.OrdinalIgnoreCase);
            if (start < 0)
            {
                continue;
            }

            var rest = summary[(start + keyword.Length + 2)..];
            var end = rest.IndexOf(']');
            if (end > 0)
            {
                label = rest[..end].Trim().ToString();
                return label.Length > 0;
            }
        }

        return false;
    }
}
