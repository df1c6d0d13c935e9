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
    private readonly RecommendationParser _parser;
    private readonly double _threshold;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public StatusUpdateService(
        ILeadStatusStore store,
        StatusCatalogCache catalogs,
        IOptions<LeadStatusOptions> options,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store;
        _catalogs = catalogs;
        _parser = new RecommendationParser(options.Value.TagKeywords);
        _threshold = options.Value.ConfidenceThreshold;
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
        var result = ToResult(recommendation, write, stored);

        LogOutcome(recommendation, stored, result);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", OutcomeCodes.ToCode(result.Outcome));
        var sourceTag = new KeyValuePair<string, object?>("source", recommendation.Source);
        LeadStatusTelemetry.Updates.Add(1, outcomeTag, sourceTag);
        LeadStatusTelemetry.ApplyDuration.Record(_time.GetElapsedTime(started).TotalSeconds, outcomeTag, sourceTag);
        activity?.SetTag("leadstatus.outcome", outcomeTag.Value);
        return result;
    }

    private async ValueTask<StatusEventWrite> DecideAsync(StatusRecommendation recommendation, CancellationToken cancellationToken)
    {
        var summary = recommendation.SummaryText.AsSpan();
        if (!_parser.TryParse(summary, out var label))
        {
            Log.NoRecommendation(_logger, recommendation.BusinessId, recommendation.LeadId, recommendation.Source, summary.Length);
            return NewWrite(recommendation, null, null, null, null, StatusUpdateOutcome.NoRecommendation, "no recommendation tag in the summary");
        }

        Log.RecommendationFound(_logger, recommendation.BusinessId, recommendation.LeadId, recommendation.Source, label, summary.Length);
        var normalized = LabelNormalizer.Normalize(label);
        var catalog = await _catalogs.GetAsync(recommendation.BusinessId, cancellationToken).ConfigureAwait(false);
        var match = catalog.Match(label, normalized);
        if (match.Status is not { } status)
        {
            var outcome = match.Kind == LabelMatchKind.Ambiguous ? StatusUpdateOutcome.AmbiguousLabel : StatusUpdateOutcome.UnknownLabel;
            return NewWrite(recommendation, label, normalized, null, null, outcome, match.Detail);
        }

        Log.LabelMapped(_logger, recommendation.BusinessId, label, status.StatusId, match.Kind.ToString());
        if (!ConfidencePolicy.Allows(recommendation.Confidence, _threshold))
        {
            return NewWrite(recommendation, label, normalized, status.StatusId, status.Label, StatusUpdateOutcome.BelowConfidenceThreshold,
                FormattableString.Invariant($"confidence {recommendation.Confidence:0.###} is below the threshold {_threshold:0.###}"));
        }

        return NewWrite(recommendation, label, normalized, status.StatusId, status.Label, StatusUpdateOutcome.Applied, match.Detail);
    }

    private StatusEventWrite NewWrite(
        StatusRecommendation recommendation, string? label, string? normalizedLabel, string? statusId, string? statusLabel,
        StatusUpdateOutcome proposed, string reason)
    {
        var now = _time.GetUtcNow();
        return new(recommendation.BusinessId, recommendation.LeadId, recommendation.Source, recommendation.SourceEventId, label, statusId,
            statusLabel, recommendation.Confidence, RequestFingerprint.FromNormalized(recommendation.LeadId, normalizedLabel), proposed, reason,
            Guid.CreateVersion7(now), now);
    }

    private static StatusUpdateResult ToResult(StatusRecommendation recommendation, StatusEventWrite write, StoreWriteResult stored)
    {
        var message = stored.Outcome switch
        {
            StatusUpdateOutcome.Applied => $"Status changed from '{stored.PreviousStatusId}' to '{stored.NewStatusId}'.",
            StatusUpdateOutcome.AlreadyProcessed =>
                $"{recommendation.Source} event '{recommendation.SourceEventId}' was already processed as event {stored.EventId} ({stored.RecordedOutcome}); nothing changed.",
            StatusUpdateOutcome.IdempotencyKeyConflict =>
                $"{recommendation.Source} event '{recommendation.SourceEventId}' was already recorded as event {stored.EventId} for another lead or label; nothing was written.",
            StatusUpdateOutcome.SameStatus => $"The lead already has status '{stored.PreviousStatusId}'.",
            StatusUpdateOutcome.LeadNotFound => $"Lead {recommendation.LeadId} was not found in business {recommendation.BusinessId}.",
            _ => Capitalize(write.Reason) + ".",
        };
        return new StatusUpdateResult(stored.Outcome, message, stored.RecommendedLabel, stored.PreviousStatusId, stored.NewStatusId, stored.EventId);
    }

    private static string Capitalize(string reason) => reason.Length == 0 ? reason : char.ToUpperInvariant(reason[0]) + reason[1..];

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
