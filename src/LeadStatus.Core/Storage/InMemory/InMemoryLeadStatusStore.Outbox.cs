using LeadStatus.Notifications;

namespace LeadStatus;

/// <content>The notification outbox of the in-memory store: the same claim order, leases and per-notifier state as PostgreSQL.</content>
public sealed partial class InMemoryLeadStatusStore
{
    /// <inheritdoc />
    Task<IReadOnlyList<ClaimedRow>> INotificationOutbox.ClaimAsync(
        Guid dispatcherId, int batchSize, int maxClaims, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // ClaimOrder: every business with pending rows gets up to ceil(n / businesses) of its due, unleased rows, oldest first.
            var businesses = _outbox.Where(r => r.State == OutboxState.Pending).Select(r => r.Message.BusinessId).Distinct().Count();
            var share = ClaimOrder.PerBusiness(batchSize, businesses);
            var candidates = _outbox
                .Where(r => r.State == OutboxState.Pending && r.NextAttemptAt <= now && (r.LockedUntil is null || r.LockedUntil <= now))
                .GroupBy(r => r.Message.BusinessId)
                .SelectMany(g => g.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Message.Id).Take(share).Select((row, rank) => (row, rank)))
                .OrderBy(c => c.rank).ThenBy(c => c.row.NextAttemptAt).ThenBy(c => c.row.Message.Id)
                .Take(batchSize)
                .Select(c => c.row)
                .ToList();

            var claimed = Claim(candidates, dispatcherId, maxClaims, leaseUntil);
            ClaimOrder.Sort(claimed);
            return Task.FromResult<IReadOnlyList<ClaimedRow>>(claimed);
        }
    }

    /// <inheritdoc />
    Task<IReadOnlyList<ClaimedRow>> INotificationOutbox.ClaimGroupAsync(
        Guid dispatcherId, long businessId, DateTimeOffset changedFrom, DateTimeOffset changedTo, int maxRows, int maxClaims,
        DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var candidates = _outbox
                .Where(r => r.Message.BusinessId == businessId && r.State == OutboxState.Pending && r.NextAttemptAt <= now
                    && (r.LockedUntil is null || r.LockedUntil <= now) && r.Message.ChangedAt >= changedFrom && r.Message.ChangedAt < changedTo)
                .OrderBy(r => r.Message.Id)
                .Take(maxRows)
                .ToList();
            return Task.FromResult<IReadOnlyList<ClaimedRow>>(Claim(candidates, dispatcherId, maxClaims, leaseUntil));
        }
    }

    private static List<ClaimedRow> Claim(List<OutboxRow> candidates, Guid dispatcherId, int maxClaims, DateTimeOffset leaseUntil)
    {
        var claimed = new List<ClaimedRow>(candidates.Count);
        foreach (var row in candidates)
        {
            var poisoned = row.Claims >= maxClaims;
            row.Claims++;
            if (poisoned)
            {
                row.State = OutboxState.Dead;
                row.LastError = $"Poison: claimed {row.Claims - 1} times without a recorded result (a process may have died delivering it).";
                row.LockedBy = null;
                row.LockedUntil = null;
            }
            else
            {
                row.LockedBy = dispatcherId;
                row.LockedUntil = leaseUntil;
            }

            claimed.Add(new ClaimedRow(
                row.Message, row.Attempts, row.NextAttemptAt, row.Claims, poisoned ? [] : [.. row.Notifiers.Values], row.LastError, poisoned));
        }

        return claimed;
    }

    /// <inheritdoc />
    Task<IReadOnlySet<OutboxKey>> INotificationOutbox.RenewAsync(
        Guid dispatcherId, IReadOnlyList<OutboxKey> rows, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var held = new HashSet<OutboxKey>();
            foreach (var key in rows)
            {
                if (FindLeased(key, dispatcherId) is { } row)
                {
                    row.LockedUntil = leaseUntil;
                    held.Add(key);
                }
            }

            return Task.FromResult<IReadOnlySet<OutboxKey>>(held);
        }
    }

    /// <inheritdoc />
    Task<IReadOnlySet<OutboxKey>> INotificationOutbox.CompleteAsync(Guid dispatcherId, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var held = new HashSet<OutboxKey>();
            foreach (var outcome in outcomes)
            {
                var row = _outbox.Find(r => r.Message.Id == outcome.Key.Id && r.Message.BusinessId == outcome.Key.BusinessId);
                if (row is null)
                {
                    continue;
                }

                foreach (var notifier in outcome.Notifiers ?? [])
                {
                    if (!row.Notifiers.TryGetValue(notifier.Notifier, out var stored) || stored.State != OutboxState.Delivered)
                    {
                        row.Notifiers[notifier.Notifier] = notifier;
                    }
                }

                if (row.State != OutboxState.Pending || row.LockedBy != dispatcherId)
                {
                    continue;
                }

                held.Add(outcome.Key);
                row.LockedBy = null;
                row.LockedUntil = null;
                if (outcome.Released)
                {
                    row.Claims = Math.Max(row.Claims - 1, 0);
                    continue;
                }

                row.Claims = 0;
                row.State = outcome.State;
                row.Attempts = outcome.Attempts;
                row.NextAttemptAt = outcome.NextAttemptAt;
                row.LastError = outcome.LastError;
                row.DeliveredAt = outcome.DeliveredAt;
            }

            return Task.FromResult<IReadOnlySet<OutboxKey>>(held);
        }
    }

    /// <inheritdoc />
    Task<int> INotificationOutbox.PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_outbox.RemoveAll(row => row.State == OutboxState.Delivered && row.DeliveredAt < deliveredBefore));
        }
    }

    /// <inheritdoc />
    async Task INotificationOutbox.WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_work.Task.IsCompleted)
            {
                // Rows arrived since the last wait: consume the signal and return at once, or the wake-up is lost
                // and the rows wait for the whole timeout.
                _work = NewSignal();
                return;
            }

            signal = _work.Task;
        }

        try
        {
            await signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The polling fallback: the caller looks for due rows anyway.
        }
    }

    private OutboxRow? FindLeased(OutboxKey key, Guid dispatcherId)
    {
        var row = _outbox.Find(r => r.Message.Id == key.Id && r.Message.BusinessId == key.BusinessId);
        return row is { State: OutboxState.Pending } && row.LockedBy == dispatcherId ? row : null;
    }

    private sealed class OutboxRow(OutboxMessage message, DateTimeOffset createdAt)
    {
        public OutboxMessage Message { get; } = message;

        public OutboxState State { get; set; } = OutboxState.Pending;

        public int Attempts { get; set; }

        public int Claims { get; set; }

        public DateTimeOffset NextAttemptAt { get; set; } = createdAt;

        public Guid? LockedBy { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset? DeliveredAt { get; set; }

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public Dictionary<string, NotifierDelivery> Notifiers { get; } = new(StringComparer.Ordinal);

        public OutboxEntry ToRecord() => new(Message.Id, Message.ToNotification(), State, Attempts, LastError, DeliveredAt);
    }
}
