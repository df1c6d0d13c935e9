using LeadStatus.Internal;
using Microsoft.Extensions.Options;

namespace LeadStatus.Analytics;

/// <summary><see cref="IStatusAnalytics"/> over the configured store.</summary>
internal sealed class StatusAnalytics(IAnalyticsStore store, IOptions<LeadStatusOptions> options, TimeProvider time) : IStatusAnalytics
{
    /// <summary>The longest range a report covers.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(731);

    /// <summary>How far back a threshold suggestion looks.</summary>
    public static readonly TimeSpan ThresholdLookback = TimeSpan.FromDays(365);

    private readonly TimeSpan _window = options.Value.CorrectionWindow;

    /// <inheritdoc />
    public async Task<StatusAnalyticsReport> GetReportAsync(long businessId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        if (from > to)
        {
            throw new ArgumentException($"from ({from:O}) is after to ({to:O}).", nameof(from));
        }

        if (to - from > MaxRange)
        {
            throw new ArgumentException($"The range from {from:O} to {to:O} is over two years; ask for at most {MaxRange.TotalDays:0} days.", nameof(to));
        }

        var data = await store.ReadAnalyticsAsync(businessId, from, to, time.GetUtcNow(), _window, cancellationToken).ConfigureAwait(false);
        return ReportBuilder.Build(businessId, from, to, data);
    }

    /// <inheritdoc />
    public async Task<ThresholdSuggestion> SuggestThresholdAsync(long businessId, string source, double targetPrecision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        if (!RecommendationValidator.IsSource(source))
        {
            throw new ArgumentException("source must match ^[a-z][a-z0-9_]{0,31}$, for example StatusSources.CallSummary.", nameof(source));
        }

        if (double.IsNaN(targetPrecision) || targetPrecision <= 0 || targetPrecision > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(targetPrecision), targetPrecision, "targetPrecision must be in (0, 1].");
        }

        var now = time.GetUtcNow();
        var data = await store.ReadAnalyticsAsync(businessId, now - ThresholdLookback, now, now, _window, cancellationToken).ConfigureAwait(false);
        return ReportBuilder.SuggestThreshold(data.Decisions, source, targetPrecision);
    }
}
