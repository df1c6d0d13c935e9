namespace LeadStatus;

/// <summary>
/// What automation did for a business and how accurate it was, measured from what people accepted, rejected, reverted and
/// corrected; and the apply threshold that evidence supports. Registered by <c>AddLeadStatusUpdates</c>.
/// </summary>
public interface IStatusAnalytics
{
    /// <summary>Builds a business's report over the events recorded in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="from">The first instant, inclusive.</param>
    /// <param name="to">The last instant, exclusive; at most two years after <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report; empty (zero counts, no precision) for a business without events.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="to"/>, or the range is over two years.</exception>
#pragma warning disable CA1716 // "to" is the contract's name (ARCHITECTURE §6).
    Task<StatusAnalyticsReport> GetReportAsync(long businessId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
#pragma warning restore CA1716

    /// <summary>
    /// Suggests the lowest apply threshold for a source whose judged decisions at or above it reach <paramref name="targetPrecision"/>
    /// by the one-sided 95% Wilson lower bound, testing candidates (0.99, 0.98, …) from the highest down and stopping at the first
    /// that fails, over the decisions of the last year; <see cref="ThresholdSuggestion.Threshold"/> is null, with the reason,
    /// when the evidence is too thin.
    /// </summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="source">The source, for example <see cref="StatusSources.CallSummary"/>.</param>
    /// <param name="targetPrecision">The precision to guarantee, in (0, 1].</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The suggestion.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> or <paramref name="targetPrecision"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not a source name.</exception>
    Task<ThresholdSuggestion> SuggestThresholdAsync(long businessId, string source, double targetPrecision, CancellationToken cancellationToken = default);
}
