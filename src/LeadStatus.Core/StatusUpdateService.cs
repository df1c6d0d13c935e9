using System.Diagnostics;
using LeadStatus.Internal;
using LeadStatus.Labels;
using LeadStatus.Parsing;
using LeadStatus.Policy;
using LeadStatus.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadStatus;

/// <summary>
/// validate → parse → map → policy → one atomic store write → result (ARCHITECTURE §1).
/// </summary>
internal sealed class StatusUpdateService : IStatusUpdateService
{
    private readonly ILeadStatusStore _store;
    private readonly StatusCatalogCache _catalogs;
    private readonly StatusRulesCache _rules;
    private readonly RecommendationParser _parser;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public StatusUpdateService(
        ILeadStatusStore store,
        StatusCatalogCache catalogs,
        StatusRulesCache rules,
        IOptions<LeadStatusOptions> options,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store;
        _catalogs = catalogs;
        _rules = rules;
        _parser = new RecommendationParser(options.Value.TagKeywords);
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
    }

    /// <inheritdoc />
    public async Task<StatusUpdateResult> ApplyFromRecommendationAsync(StatusRecommendation recommendation, CancellationToken cancellationToken = default)
    {
        RecommendationValidator.Validate(recommendation);
        var started = _time.GetTimestamp();
        using var activity = LeadStatusTelemetry.ActivitySource.StartActivity("LeadStatus.Apply");
        activity?.SetTag("leadstatus.business_id", recommendation.BusinessId);
        activity?.SetTag("leadstatus.source", recommendation.Source);

        var write = await DecideAsync(recommendation, cancellationToken).ConfigureAwait(false);
        var stored = await _store.RecordAsync(write, cancellationToken).ConfigureAwait(false);
        var result = Record(recommendation, write, stored, _time.GetElapsedTime(started).TotalSeconds);
        activity?.SetTag("leadstatus.outcome", OutcomeCodes.ToCode(result.Outcome));
        return result;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StatusUpdateResult>> ApplyManyAsync(IReadOnlyList<StatusRecommendation> recommendations, CancellationToken cancellationToken = default) =>
        ApplyManyAsync(recommendations, new ApplyManyOptions(), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusUpdateResult>> ApplyManyAsync(
        IReadOnlyList<StatusRecommendation> recommendations, ApplyManyOptions options, CancellationToken cancellationToken)
    {
        BatchValidator.Validate(recommendations, options);
        var results = new StatusUpdateResult[recommendations.Count];
        var writes = new List<StatusEventWrite>(Math.Min(options.ChunkSize, recommendations.Count));
        for (var start = 0; start < recommendations.Count; start += options.ChunkSize)
        {
            var started = _time.GetTimestamp();
            var count = Math.Min(options.ChunkSize, recommendations.Count - start);
            using var activity = LeadStatusTelemetry.ActivitySource.StartActivity("LeadStatus.ApplyMany");
            activity?.SetTag("leadstatus.batch_size", count);

            // Each item decided exactly as a single call decides it; the store then records the chunk in one transaction.
            writes.Clear();
            for (var i = start; i < start + count; i++)
            {
                writes.Add(await DecideAsync(recommendations[i], cancellationToken).ConfigureAwait(false));
            }

            var stored = await _store.RecordManyAsync(writes, cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started).TotalSeconds / count;
            for (var i = 0; i < count; i++)
            {
                results[start + i] = Record(recommendations[start + i], writes[i], stored[i], elapsed);
            }

            options.Progress?.Report(start + count);
        }

        return results;
    }

    /// <summary>Builds the caller's result of a stored write, and logs and counts it.</summary>
    private StatusUpdateResult Record(StatusRecommendation recommendation, StatusEventWrite write, StoreWriteResult stored, double seconds)
    {
        var result = StatusResults.From(write, stored);
        LogOutcome(recommendation, stored, result);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", OutcomeCodes.ToCode(result.Outcome));
        var sourceTag = new KeyValuePair<string, object?>("source", recommendation.Source);
        LeadStatusTelemetry.Updates.Add(1, outcomeTag, sourceTag);
        LeadStatusTelemetry.ApplyDuration.Record(seconds, outcomeTag, sourceTag);
        return result;
    }

    /// <summary>
    /// The checks that need no lead state, in order: tag → label → confidence (below the review band: refused; in it: a suggestion)
    /// → automation hours. What passes them goes to the store as <see cref="StatusUpdateOutcome.Applied"/> or
    /// <see cref="StatusUpdateOutcome.PendingReview"/> with the business's <see cref="LeadGuard"/>, checked there under the lead's lock.
    /// </summary>
    private async ValueTask<StatusEventWrite> DecideAsync(StatusRecommendation recommendation, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var summary = recommendation.SummaryText.AsSpan();
        if (!_parser.TryParse(summary, out var label))
        {
            Log.NoRecommendation(_logger, recommendation.BusinessId, recommendation.LeadId, recommendation.Source, summary.Length);
            return NewWrite(recommendation, now, null, null, null, null, StatusUpdateOutcome.NoRecommendation, "no recommendation tag in the summary");
        }

        Log.RecommendationFound(_logger, recommendation.BusinessId, recommendation.LeadId, recommendation.Source, label, summary.Length);
        var normalized = LabelNormalizer.Normalize(label);
        var catalog = await _catalogs.GetAsync(recommendation.BusinessId, cancellationToken).ConfigureAwait(false);
        var match = catalog.Match(label, normalized);
        if (match.Status is not { } status)
        {
            var outcome = match.Kind == LabelMatchKind.Ambiguous ? StatusUpdateOutcome.AmbiguousLabel : StatusUpdateOutcome.UnknownLabel;
            return NewWrite(recommendation, now, label, normalized, null, null, outcome, match.Detail);
        }

        Log.LabelMapped(_logger, recommendation.BusinessId, label, status.StatusId, match.Kind.ToString());
        var matchKind = match.Kind == LabelMatchKind.Partial ? StatusMatchKind.Partial : StatusMatchKind.Exact;
        var rules = await _rules.GetAsync(recommendation.BusinessId, cancellationToken).ConfigureAwait(false);
        var threshold = rules.ApplyThreshold(recommendation.Source);
        var proposed = StatusUpdateOutcome.Applied;
        var reason = match.Detail;
        if (!ConfidencePolicy.Allows(recommendation.Confidence, threshold))
        {
            if (rules.SuggestionThreshold is not { } band || !ConfidencePolicy.Allows(recommendation.Confidence, band))
            {
                return NewWrite(recommendation, now, label, normalized, status.StatusId, status.Label, StatusUpdateOutcome.BelowConfidenceThreshold,
                    FormattableString.Invariant($"confidence {recommendation.Confidence:0.###} is below the threshold {threshold:0.###}"), matchKind);
            }

            proposed = StatusUpdateOutcome.PendingReview;
            reason = FormattableString.Invariant($"confidence {recommendation.Confidence:0.###} is in the review band {band:0.###}–{threshold:0.###}");
        }

        if (rules.Hours is { } hours && !hours.Allows(now))
        {
            if (rules.SuggestionThreshold is null)
            {
                return NewWrite(recommendation, now, label, normalized, status.StatusId, status.Label, StatusUpdateOutcome.RejectedByRule, hours.Reason, matchKind);
            }

            // With a review queue, a person decides what automation may not do at this hour.
            proposed = StatusUpdateOutcome.PendingReview;
            reason = hours.Reason;
        }

        return NewWrite(recommendation, now, label, normalized, status.StatusId, status.Label, proposed, reason, matchKind,
            rules.GuardFor(status.StatusId, now));
    }

    private static StatusEventWrite NewWrite(
        StatusRecommendation recommendation, DateTimeOffset now, string? label, string? normalizedLabel, string? statusId, string? statusLabel,
        StatusUpdateOutcome proposed, string reason, StatusMatchKind? matchKind = null, LeadGuard guard = default)
    {
        return new(recommendation.BusinessId, recommendation.LeadId, recommendation.Source, recommendation.SourceEventId, label, statusId,
            statusLabel, recommendation.Confidence, RequestFingerprint.FromNormalized(recommendation.LeadId, normalizedLabel), proposed, reason,
            Guid.CreateVersion7(now), now, MatchKind: matchKind, Guard: guard);
    }

    private void LogOutcome(StatusRecommendation recommendation, StoreWriteResult stored, StatusUpdateResult result)
    {
        switch (stored.Outcome)
        {
            case StatusUpdateOutcome.Applied:
                Log.StatusApplied(_logger, recommendation.BusinessId, recommendation.LeadId, stored.PreviousStatusId, stored.NewStatusId,
                    recommendation.Source, recommendation.SourceEventId, recommendation.Confidence, stored.EventId);
                break;
            case StatusUpdateOutcome.AlreadyProcessed:
                Log.Duplicate(_logger, recommendation.BusinessId, recommendation.Source, recommendation.SourceEventId, stored.EventId, stored.RecordedOutcome);
                break;
            case StatusUpdateOutcome.IdempotencyKeyConflict:
                Log.IdempotencyKeyConflict(_logger, recommendation.BusinessId, recommendation.Source, recommendation.SourceEventId, stored.EventId);
                break;
            default:
                Log.UpdateSkipped(_logger, recommendation.BusinessId, recommendation.LeadId, recommendation.Source, stored.Outcome, result.Message, stored.EventId);
                break;
        }
    }
}
