using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace LeadStatus.Internal;

/// <summary>The contract checks on <see cref="StatusRecommendation"/>; they run before any I/O.</summary>
internal static partial class RecommendationValidator
{
    /// <summary>The longest accepted summary, in UTF-16 code units.</summary>
    public const int MaxSummaryLength = 1_048_576;

    /// <summary>The longest accepted source event id.</summary>
    public const int MaxSourceEventIdLength = 255;

    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    /// <summary>Throws an <see cref="ArgumentException"/> (or subclass) whose parameter name is the offending field.</summary>
    public static void Validate(StatusRecommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        if (FindError(recommendation) is { } error)
        {
            throw error;
        }
    }

    /// <summary>The first contract violation of <paramref name="recommendation"/>, with the offending field as its parameter name; null when valid.</summary>
#pragma warning disable CA2208 // The parameter name is the offending field of the recommendation, so a caller can tell which.
    public static ArgumentException? FindError(StatusRecommendation recommendation)
    {
        if (recommendation.BusinessId <= 0)
        {
            return new ArgumentOutOfRangeException(nameof(StatusRecommendation.BusinessId), recommendation.BusinessId, "BusinessId must be positive.");
        }

        if (recommendation.LeadId <= 0)
        {
            return new ArgumentOutOfRangeException(nameof(StatusRecommendation.LeadId), recommendation.LeadId, "LeadId must be positive.");
        }

        if (!IsSource(recommendation.Source))
        {
            return new ArgumentException(
                "Source must match ^[a-z][a-z0-9_]{0,31}$, for example StatusSources.WhatsAppSummary or StatusSources.CallSummary.",
                nameof(StatusRecommendation.Source));
        }

        if (!IsText(recommendation.SourceEventId, MaxSourceEventIdLength))
        {
            return new ArgumentException(
                $"SourceEventId must be 1 to {MaxSourceEventIdLength} characters of well-formed text with no control characters.",
                nameof(StatusRecommendation.SourceEventId));
        }

        if (double.IsNaN(recommendation.Confidence) || recommendation.Confidence < 0 || recommendation.Confidence > 1)
        {
            return new ArgumentOutOfRangeException(
                nameof(StatusRecommendation.Confidence), recommendation.Confidence, "Confidence must be a number from 0 to 1.");
        }

        if (recommendation.SummaryText is { Length: > MaxSummaryLength })
        {
            return new ArgumentException(
                $"SummaryText must be at most {MaxSummaryLength} characters; it has {recommendation.SummaryText.Length}.",
                nameof(StatusRecommendation.SummaryText));
        }

        return null;
    }

#pragma warning restore CA2208

    /// <summary>Returns whether <paramref name="source"/> is a valid source name: <c>^[a-z][a-z0-9_]{0,31}$</c>.</summary>
    public static bool IsSource([NotNullWhen(true)] string? source) => source is not null && SourcePattern().IsMatch(source);

    /// <summary>Returns whether <paramref name="text"/> is 1 to <paramref name="maxLength"/> characters of well-formed text with no control characters.</summary>
    public static bool IsText([NotNullWhen(true)] string? text, int maxLength) =>
        !string.IsNullOrEmpty(text) && text.Length <= maxLength && !text.AsSpan().ContainsAny(ControlCharacters) && Utf16Text.IsWellFormed(text);

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SourcePattern();
}
