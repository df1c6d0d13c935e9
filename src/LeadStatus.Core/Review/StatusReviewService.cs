using System.Globalization;
using LeadStatus.Internal;
using LeadStatus.Policy;
using LeadStatus.Labels;
using LeadStatus.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadStatus.Review;

/// <summary>
/// <see cref="IStatusReviewService"/>: a person's actions, each one atomic write through the same store as recommendations.
/// Accept and reject of a suggestion share the key <c>(BusinessId, "review", "suggestion:{id}")</c>, so the second decision is a
/// duplicate; a revert's key is <c>"revert:{id}"</c>.
/// </summary>
internal sealed class StatusReviewService : IStatusReviewService
{
    /// <summary>The source of manual changes: their idempotency key is <c>(BusinessId, "manual", SourceEventId)</c>.</summary>
    public const string ManualSource = "manual";

    /// <summary>The most suggestions one call lists.</summary>
    public const int MaxSuggestions = 1000;

    private readonly ILeadStatusStore _store;
    private readonly StatusCatalogCache _catalogs;
    private readonly StatusRulesCache _rules;
    private readonly TimeSpan _suggestionLifetime;
    private readonly TimeProvider _time;
    private readonly bool _notifyManualChanges;
    private readonly ILogger _logger;

    public StatusReviewService(
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
        _suggestionLifetime = options.Value.SuggestionLifetime;
        _time = time;
        _notifyManualChanges = options.Value.NotifyManualChanges;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
    }

    /// <inheritdoc />
    public async Task<StatusUpdateResult> RecordManualChangeAsync(ManualStatusChange change, CancellationToken cancellationToken = default)
    {
        ReviewValidator.Validate(change);
        var catalog = await _catalogs.GetAsync(change.BusinessId, cancellationToken).ConfigureAwait(false);
        var statusLabel = catalog.FindLabel(change.NewStatusId);
        var now = _time.GetUtcNow();
        var write = new StatusEventWrite(
            change.BusinessId, change.LeadId, ManualSource, change.SourceEventId, RecommendedLabel: null,
            RecommendedStatusId: change.NewStatusId, RecommendedStatusLabel: statusLabel ?? change.NewStatusId, Confidence: 1,
            RequestFingerprint.Compute(change.LeadId, change.NewStatusId),
            statusLabel is null ? StatusUpdateOutcome.UnknownLabel : StatusUpdateOutcome.Applied,
            statusLabel is null ? $"status '{change.NewStatusId}' is not in the business's catalog" : $"manual change by {change.ChangedBy}",
            Guid.CreateVersion7(now), now, LeadStatusEventKind.ManualChange, change.ChangedBy, Notify: _notifyManualChanges);

        var stored = await _store.RecordAsync(write, cancellationToken).ConfigureAwait(false);
        Log.ManualChangeRecorded(_logger, change.BusinessId, change.LeadId, change.NewStatusId, change.ChangedBy, stored.Outcome, stored.EventId);
        return StatusResults.From(write, stored);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StatusSuggestion>> GetPendingSuggestionsAsync(long businessId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxSuggestions);
        return _store.GetPendingSuggestionsAsync(businessId, _time.GetUtcNow() - _suggestionLifetime, limit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StatusUpdateResult> AcceptSuggestionAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default) =>
        ActAsync(businessId, eventId, actor, LeadStatusEventKind.SuggestionAccepted, cancellationToken);

    /// <inheritdoc />
    public Task<StatusUpdateResult> RejectSuggestionAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default) =>
        ActAsync(businessId, eventId, actor, LeadStatusEventKind.SuggestionRejected, cancellationToken);

    /// <inheritdoc />
    public Task<StatusUpdateResult> RevertChangeAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default) =>
        ActAsync(businessId, eventId, actor, LeadStatusEventKind.Revert, cancellationToken);

    private async Task<StatusUpdateResult> ActAsync(
        long businessId, long eventId, string actor, LeadStatusEventKind kind, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventId);
        ReviewValidator.Actor(actor, nameof(actor));

        var catalog = await _catalogs.GetAsync(businessId, cancellationToken).ConfigureAwait(false);
        var rules = await _rules.GetAsync(businessId, cancellationToken).ConfigureAwait(false);
        var (targets, sources) = rules.TransitionPairs;
        var now = _time.GetUtcNow();
        var reference = eventId.ToString(CultureInfo.InvariantCulture);
        var key = kind == LeadStatusEventKind.Revert ? "revert:" + reference : "suggestion:" + reference;
        var write = new ReviewWrite(
            businessId, eventId, kind, actor, key, RequestFingerprint: key, now - _suggestionLifetime,
            [.. catalog.Statuses.Select(s => s.StatusId)], [.. catalog.Statuses.Select(s => s.Label)], rules.LockedStatuses, targets, sources,
            Guid.CreateVersion7(now), now);

        var stored = await _store.RecordReviewAsync(write, cancellationToken).ConfigureAwait(false);
        if (stored is not { } result)
        {
            var what = kind == LeadStatusEventKind.Revert ? "an applied automated change" : "a suggestion";
            Log.ReviewTargetNotFound(_logger, businessId, eventId, kind);
            return new StatusUpdateResult(StatusUpdateOutcome.LeadNotFound,
                $"Event {eventId} is not {what} of business {businessId}; nothing changed.", null, null, null, null);
        }

        Log.ReviewRecorded(_logger, businessId, eventId, kind, actor, result.Outcome, result.EventId);
        return StatusResults.From(result, ReviewWrite.Source, key, businessId);
    }

}
