using System.Diagnostics.CodeAnalysis;
using LeadStatus.Internal;

namespace LeadStatus;

/// <summary>
/// The contract checks <see cref="IStatusUpdateService.ApplyFromRecommendationAsync"/> runs before any I/O, for hosts that
/// answer bad input (HTTP 400) without calling the service.
/// </summary>
public static class StatusRecommendationValidator
{
    /// <summary>Checks <paramref name="recommendation"/> against the same rules the service enforces.</summary>
    /// <param name="recommendation">The recommendation to check.</param>
    /// <param name="error">
    /// When invalid, the exception the service would throw: its <see cref="ArgumentException.ParamName"/> names the offending
    /// field (for example <c>Confidence</c>) and its message says the rule; null when valid.
    /// </param>
    /// <returns>Whether <paramref name="recommendation"/> is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommendation"/> is null.</exception>
    public static bool TryValidate(StatusRecommendation recommendation, [NotNullWhen(false)] out ArgumentException? error)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        error = RecommendationValidator.FindError(recommendation);
        return error is null;
    }
}
