using System.Globalization;
using LeadStatus.Notifications;
using LeadStatus.Policy;
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
    private readonly Dictionary<(long BusinessId, long LeadId), (string? Actor, DateTimeOffset At)> _humanChanges = [];
    private readonly Dictionary<(long BusinessId, long LeadId), List<int>> _pending = [];
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
            return Task.FromResult(RecordUnderLock(write));
        }
    }

    /// <inheritdoc />
    Task<IReadOnlyList<StoreWriteResult>> ILeadStatusStore.RecordManyAsync(IReadOnlyList<StatusEventWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // One after another under the one lock: nothing else interleaves, as one PostgreSQL transaction holding the leads' locks.
            var results = new StoreWriteResult[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                results[i] = RecordUnderLock(writes[i]);
            }

            return Task.FromResult<IReadOnlyList<StoreWriteResult>>(results);
        }
    }

    /// <summary>The one write of an attempt; the caller holds <see cref="_gate"/>.</summary>
    private StoreWriteResult RecordUnderLock(StatusEventWrite write)
    {
        if (Duplicate(write.BusinessId, write.Source, write.SourceEventId, write.RequestFingerprint) is { } duplicate)
        {
            return duplicate;
        }

        var recorded = write.ProposedOutcome;
        var reason = write.Reason;
        string? previous = null;
        _leads.TryGetValue((write.BusinessId, write.LeadId), out var lead);
        if (write.ReadsLead)
        {
            (recorded, reason, previous) = DecideUnderLock(write, lead);
        }

        var stored = Append(
            new LeadStatusEventRecord(
                0, write.BusinessId, write.LeadId, write.Source, write.SourceEventId, write.RecommendedLabel, write.RecommendedStatusId,
                write.Confidence, recorded, reason, previous, Applied: false, null, write.Now)
            {
                Kind = write.Kind, Actor = write.Actor, RefersToEventId = write.RefersToEventId, MatchKind = write.MatchKind,
            },
            write.RequestFingerprint, lead, write.RecommendedStatusLabel, write.Notify ? write.NotificationId : null);
        return stored;
    }

    /// <inheritdoc />
    Task<StoreWriteResult?> ILeadStatusStore.RecordReviewAsync(ReviewWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var reference = write.RefersToEventId > 0 && write.RefersToEventId <= _events.Count ? _events[(int)write.RefersToEventId - 1] : null;
            if (reference is null || reference.BusinessId != write.BusinessId || !ReviewDecision.AppliesTo(write.Kind, reference))
            {
                return Task.FromResult<StoreWriteResult?>(null);
            }

            if (Duplicate(write.BusinessId, ReviewWrite.Source, write.SourceEventId, write.RequestFingerprint) is { } duplicate)
            {
                return Task.FromResult<StoreWriteResult?>(duplicate);
            }

            _leads.TryGetValue((write.BusinessId, reference.LeadId), out var lead);
            var (outcome, reason, target) = ReviewDecision.Decide(write, reference, lead?.Status);
            if (write.Kind != LeadStatusEventKind.Revert)
            {
                // A decision closes the suggestion: accepted, rejected, or (refused, moved on, expired) superseded.
                var state = outcome switch
                {
                    StatusUpdateOutcome.Applied => SuggestionState.Accepted,
                    StatusUpdateOutcome.SuggestionRejected => SuggestionState.Rejected,
                    _ => SuggestionState.Superseded,
                };
                _events[(int)reference.Id - 1] = reference with { ReviewState = state };
            }

            var stored = Append(
                new LeadStatusEventRecord(
                    0, write.BusinessId, reference.LeadId, ReviewWrite.Source, write.SourceEventId, reference.RecommendedStatusLabel, target,
                    reference.Confidence, outcome, reason, lead?.Status, Applied: false, null, write.Now)
                {
                    Kind = write.Kind, Actor = write.Actor, RefersToEventId = reference.Id,
                },
                write.RequestFingerprint, lead, NotificationLabel(write, target), write.NotificationId);
            return Task.FromResult<StoreWriteResult?>(stored);
        }
    }

    /// <inheritdoc />
    Task<IReadOnlyList<StatusSuggestion>> ILeadStatusStore.GetPendingSuggestionsAsync(long businessId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<StatusSuggestion> suggestions =
            [
                .. _pending.Where(pair => pair.Key.BusinessId == businessId).SelectMany(pair => pair.Value).Select(index => _events[index])
                    .Where(e => e.ReviewState == SuggestionState.Pending && e.CreatedAt > since)
                    .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(limit)
                    .Select(e => new StatusSuggestion(e.Id, e.BusinessId, e.LeadId, e.PreviousStatusId, e.RecommendedStatusId!,
                        e.RecommendedStatusLabel, e.Source, e.Confidence, e.CreatedAt)),
            ];
            return Task.FromResult(suggestions);
        }
    }

    /// <summary>The answer to a key already recorded: the first event, <see cref="StatusUpdateOutcome.AlreadyProcessed"/> or a conflict.</summary>
    private StoreWriteResult? Duplicate(long businessId, string source, string sourceEventId, string fingerprint)
    {
        if (!_eventKeys.TryGetValue((businessId, source, sourceEventId), out var existing))
        {
            return null;
        }

        var first = _events[existing.Index];
        var outcome = string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal)
            ? StatusUpdateOutcome.AlreadyProcessed
            : StatusUpdateOutcome.IdempotencyKeyConflict;
        return new StoreWriteResult(outcome, first.Id, first.PreviousStatusId, first.RecommendedStatusId, first.RecommendedStatusLabel, first.Outcome);
    }

    /// <summary>
    /// Appends a decided event and what it implies, as the PostgreSQL statements' CTEs do: the review state of a new suggestion,
    /// superseding the lead's older suggestions, the start of manual-change protection, for a change of the lead's status the lead
    /// and history, and (with a notification id) the outbox row of a change (status changed, or reverted) or of a new suggestion.
    /// </summary>
    private StoreWriteResult Append(LeadStatusEventRecord draft, string fingerprint, Lead? lead, string? statusLabel, Guid? notificationId)
    {
        var outcome = draft.Outcome;
        var changes = outcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.Reverted;
        var eventId = _events.Count + 1L;
        var recorded = draft with
        {
            Id = eventId,
            Applied = changes,
            AppliedAt = changes ? draft.CreatedAt : null,
            ReviewState = outcome == StatusUpdateOutcome.PendingReview ? SuggestionState.Pending : null,
        };
        _events.Add(recorded);
        _eventKeys.Add((draft.BusinessId, draft.Source, draft.SourceEventId), (_events.Count - 1, fingerprint));
        var leadKey = (draft.BusinessId, draft.LeadId);
        if (lead is not null && Supersedes(draft.Kind, outcome))
        {
            SupersedePending(draft.BusinessId, draft.LeadId, eventId);
        }

        if (outcome == StatusUpdateOutcome.PendingReview)
        {
            _pending.TryAdd(leadKey, []);
            _pending[leadKey].Add(_events.Count - 1);
        }

        if (lead is not null && IsHumanChange(draft.Kind, outcome)
            && (!_humanChanges.TryGetValue(leadKey, out var latest) || latest.At < draft.CreatedAt))
        {
            _humanChanges[leadKey] = (draft.Actor, draft.CreatedAt);
        }

        if (changes)
        {
            _leads[leadKey] = lead! with { Status = draft.RecommendedStatusId! };
            _history.Add(new LeadStatusHistoryRecord(
                draft.BusinessId, draft.LeadId, draft.PreviousStatusId, draft.RecommendedStatusId!, draft.Source, draft.Confidence, draft.Reason, draft.CreatedAt));
        }

        if (notificationId is { } notification && (changes || outcome == StatusUpdateOutcome.PendingReview))
        {
            var kind = outcome switch
            {
                StatusUpdateOutcome.PendingReview => NotificationKind.SuggestionPending,
                StatusUpdateOutcome.Reverted => NotificationKind.ChangeReverted,
                _ => NotificationKind.StatusChanged,
            };

            // Ids come from a counter, not the list's length: purging delivered rows must not make ids repeat.
            var newStatus = draft.RecommendedStatusId!;
            _outbox.Add(new OutboxRow(new OutboxMessage(
                ++_lastOutboxId, notification, eventId, draft.BusinessId, draft.LeadId, lead!.Name, draft.PreviousStatusId,
                newStatus, statusLabel ?? newStatus, draft.Source, draft.Confidence, draft.CreatedAt) { Kind = kind }, draft.CreatedAt));
            _work.TrySetResult();
        }

        return new StoreWriteResult(outcome, eventId, draft.PreviousStatusId, draft.RecommendedStatusId, draft.RecommendedStatusLabel, outcome, draft.Reason);
    }

    /// <summary>The catalog label of the status an action sets, for its notification (the id when the catalog lacks it).</summary>
    private static string? NotificationLabel(ReviewWrite write, string? target)
    {
        var index = target is null ? -1 : Array.IndexOf(write.CatalogStatusIds, target);
        return index >= 0 ? write.CatalogStatusLabels[index] : target;
    }

    /// <summary>
    /// The checks that need the lead's state, in the documented order (README, "What a call does"); the PostgreSQL apply
    /// statement runs the same list in SQL, and the conformance suite proves they agree:
    /// lead found → same status → locked → transition allowed → manual change protected (a suggestion with a review queue)
    /// → review band (a suggestion) → apply.
    /// </summary>
    private (StatusUpdateOutcome Outcome, string Reason, string? Previous) DecideUnderLock(StatusEventWrite write, Lead? lead)
    {
        if (lead is null)
        {
            return (StatusUpdateOutcome.LeadNotFound, StoreReasons.LeadNotFound, null);
        }

        var current = lead.Status;
        var guard = write.Guard;
        if (string.Equals(current, write.RecommendedStatusId, StringComparison.Ordinal))
        {
            return (StatusUpdateOutcome.SameStatus, StoreReasons.SameStatus, current);
        }

        if (guard.LockedStatuses is { } locked && locked.Contains(current, StringComparer.Ordinal))
        {
            return (StatusUpdateOutcome.RejectedByRule, RuleReasons.Format(RuleReasons.LockedTemplate, current), current);
        }

        if (guard.AllowedFrom is { } allowed && !allowed.Contains(current, StringComparer.Ordinal))
        {
            return (StatusUpdateOutcome.RejectedByRule, RuleReasons.Format(RuleReasons.TransitionTemplate, current, write.RecommendedStatusId), current);
        }

        if (guard.ProtectedSince is { } since && _humanChanges.TryGetValue((write.BusinessId, write.LeadId), out var human) && human.At > since)
        {
            var minutes = ((long)Math.Floor((write.Now - human.At).TotalMinutes)).ToString(CultureInfo.InvariantCulture);
            var protectedReason = RuleReasons.Format(guard.ProtectedReasonTemplate!, human.Actor, minutes);
            return (guard.ReviewQueue ? StatusUpdateOutcome.PendingReview : StatusUpdateOutcome.RejectedByRule, protectedReason, current);
        }

        if (write.ProposedOutcome == StatusUpdateOutcome.PendingReview)
        {
            return (StatusUpdateOutcome.PendingReview, write.Reason, current);
        }

        return (StatusUpdateOutcome.Applied, write.Reason, current);
    }

    /// <summary>Whether a recorded event replaces the lead's older pending suggestions (the apply statement's <c>supersede</c> CTE).</summary>
    private static bool Supersedes(LeadStatusEventKind kind, StatusUpdateOutcome outcome) =>
        outcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.PendingReview or StatusUpdateOutcome.Reverted
        || (kind == LeadStatusEventKind.ManualChange && outcome == StatusUpdateOutcome.SameStatus);

    private void SupersedePending(long businessId, long leadId, long exceptEventId)
    {
        if (_pending.Remove((businessId, leadId), out var indexes))
        {
            foreach (var index in indexes.Where(i => _events[i].Id != exceptEventId && _events[i].ReviewState == SuggestionState.Pending))
            {
                _events[index] = _events[index] with { ReviewState = SuggestionState.Superseded };
            }
        }
    }

    /// <summary>Whether an event starts manual-change protection: a person's change or revert that found the lead.</summary>
    private static bool IsHumanChange(LeadStatusEventKind kind, StatusUpdateOutcome outcome) =>
        kind is LeadStatusEventKind.ManualChange or LeadStatusEventKind.Revert
        && outcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.SameStatus or StatusUpdateOutcome.Reverted;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Lead(string? Name, string Status);
}
