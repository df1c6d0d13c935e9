using LeadStatus.Notifications;
using LeadStatus.Storage;

namespace LeadStatus;

/// <summary>
/// An in-process store with the same semantics as the PostgreSQL one, for samples and hosts' own tests:
/// every attempt recorded once per key, <see cref="StatusUpdateOutcome.AlreadyProcessed"/> and
/// <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/>, tenant isolation, atomic apply and thread safety.
/// </summary>
/// <remarks>Registered as a singleton by <c>UseInMemoryStore()</c>. Nothing survives the process.</remarks>
public sealed partial class InMemoryLeadStatusStore : ILeadStatusStore, INotificationOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(long BusinessId, long LeadId), Lead> _leads = [];
    private readonly Dictionary<(long BusinessId, string Source, string SourceEventId), (int Index, string Fingerprint)> _eventKeys = [];
    private readonly List<LeadStatusEventRecord> _events = [];
    private readonly List<LeadStatusHistoryRecord> _history = [];
    private readonly List<OutboxRow> _outbox = [];
    private long _lastOutboxId;
    private TaskCompletionSource _work = NewSignal();

    /// <summary>Gets a snapshot of the recorded events, oldest first.</summary>
    public IReadOnlyList<LeadStatusEventRecord> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Gets a snapshot of the status history, oldest first.</summary>
    public IReadOnlyList<LeadStatusHistoryRecord> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>Gets a snapshot of the notification outbox, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> Outbox
    {
        get
        {
            lock (_gate)
            {
                return [.. _outbox.Select(row => row.ToRecord())];
            }
        }
    }

    /// <summary>Creates a lead or replaces its name and status.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="leadId">The lead; must be positive.</param>
    /// <param name="name">The lead's display name.</param>
    /// <param name="statusId">The lead's current status id.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="statusId"/> is null or blank.</exception>
    public void UpsertLead(long businessId, long leadId, string? name, string statusId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadId);
        ArgumentException.ThrowIfNullOrWhiteSpace(statusId);
        lock (_gate)
        {
            _leads[(businessId, leadId)] = new Lead(name, statusId);
        }
    }

    /// <summary>Gets a lead's current status id.</summary>
    /// <param name="businessId">The tenant.</param>
    /// <param name="leadId">The lead.</param>
    /// <returns>The status id, or <see langword="null"/> when the business has no such lead.</returns>
    public string? GetLeadStatus(long businessId, long leadId)
    {
        lock (_gate)
        {
            return _leads.TryGetValue((businessId, leadId), out var lead) ? lead.Status : null;
        }
    }

    /// <inheritdoc />
    Task<StoreWriteResult> ILeadStatusStore.RecordAsync(StatusEventWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var key = (write.BusinessId, write.Source, write.SourceEventId);
            if (_eventKeys.TryGetValue(key, out var existing))
            {
                var first = _events[existing.Index];
                var outcome = string.Equals(existing.Fingerprint, write.RequestFingerprint, StringComparison.Ordinal)
                    ? StatusUpdateOutcome.AlreadyProcessed
                    : StatusUpdateOutcome.IdempotencyKeyConflict;
                return Task.FromResult(new StoreWriteResult(
                    outcome, first.Id, first.PreviousStatusId, first.RecommendedStatusId, first.RecommendedStatusLabel, first.Outcome));
            }

            var recorded = write.ProposedOutcome;
            var reason = write.Reason;
            string? previous = null;
            _leads.TryGetValue((write.BusinessId, write.LeadId), out var lead);
            if (recorded == StatusUpdateOutcome.Applied)
            {
                if (lead is null)
                {
                    recorded = StatusUpdateOutcome.LeadNotFound;
                    reason = StoreReasons.LeadNotFound;
                }
                else
                {
                    previous = lead.Status;
                    if (string.Equals(lead.Status, write.RecommendedStatusId, StringComparison.Ordinal))
                    {
                        recorded = StatusUpdateOutcome.SameStatus;
                        reason = StoreReasons.SameStatus;
                    }
                }
            }

            var applied = recorded == StatusUpdateOutcome.Applied;
            var eventId = _events.Count + 1L;
            _events.Add(new LeadStatusEventRecord(
                eventId, write.BusinessId, write.LeadId, write.Source, write.SourceEventId, write.RecommendedLabel,
                write.RecommendedStatusId, write.Confidence, recorded, reason, previous, applied,
                applied ? write.Now : null, write.Now));
            _eventKeys.Add(key, (_events.Count - 1, write.RequestFingerprint));

            if (applied)
            {
                var newStatus = write.RecommendedStatusId!;
                _leads[(write.BusinessId, write.LeadId)] = lead! with { Status = newStatus };
                _history.Add(new LeadStatusHistoryRecord(
                    write.BusinessId, write.LeadId, previous, newStatus, write.Source, write.Confidence, reason, write.Now));
                // Ids come from a counter, not the list's length: purging delivered rows must not make ids repeat.
                _outbox.Add(new OutboxRow(new OutboxMessage(
                    ++_lastOutboxId, write.NotificationId, eventId, write.BusinessId, write.LeadId, lead!.Name, previous,
                    newStatus, write.RecommendedStatusLabel ?? newStatus, write.Source, write.Confidence, write.Now), write.Now));
                _work.TrySetResult();
            }

            return Task.FromResult(new StoreWriteResult(
                recorded, eventId, previous, write.RecommendedStatusId, write.RecommendedLabel, recorded));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Lead(string? Name, string Status);
}
