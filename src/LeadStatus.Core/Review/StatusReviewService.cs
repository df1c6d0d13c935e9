using LeadStatus.Internal;
using LeadStatus.Labels;
using LeadStatus.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadStatus.Review;

/// <summary>
/// <see cref="IStatusReviewService"/>: a person's actions, each one atomic write through the same store as recommendations.
/// </summary>
internal sealed class StatusReviewService : IStatusReviewService
{
    /// <summary>The source of manual changes: their idempotency key is <c>(BusinessId, "manual", SourceEventId)</c>.</summary>
    public const string ManualSource = "manual";

    private readonly ILeadStatusStore _store;
    private readonly StatusCatalogCache _catalogs;
    private readonly TimeProvider _time;
    private readonly bool _notifyManualChanges;
    private readonly ILogger _logger;

    public StatusReviewService(
        ILeadStatusStore store,
        StatusCatalogCache catalogs,
        IOptions<LeadStatusOptions> options,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store;
        _catalogs = catalogs;
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
    public Task<IReadOnlyList<StatusSuggestion>> GetPendingSuggestionsAsync(long businessId, int limit = 100, CancellationToken cancellationToken = default) =>
        throw NotYet();

    /// <inheritdoc />
    public Task<StatusUpdateResult> AcceptSuggestionAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default) =>
        throw NotYet();

    /// <inheritdoc />
    public Task<StatusUpdateResult> RejectSuggestionAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default) =>
        throw NotYet();

    /// <inheritdoc />
    public Task<StatusUpdateResult> RevertChangeAsync(long businessId, long eventId, string actor, CancellationToken cancellationToken = default) =>
        throw NotYet();

    private static NotSupportedException NotYet() => new("The review queue and undo are not available in this version of LeadStatus.Core.");
}
