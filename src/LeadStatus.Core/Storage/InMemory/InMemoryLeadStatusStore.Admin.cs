using LeadStatus.Notifications;

namespace LeadStatus;

/// <content>The outbox operations behind <see cref="INotificationAdmin"/> for the in-memory store.</content>
public sealed partial class InMemoryLeadStatusStore
{
    internal NotificationCounts CountOutbox(long? businessId, DateTimeOffset now)
    {
        lock (_gate)
        {
            long pending = 0, delivered = 0, dead = 0;
            DateTimeOffset? oldest = null;
            foreach (var row in _outbox)
            {
                if (businessId is { } b && row.Message.BusinessId != b)
                {
                    continue;
                }

                switch (row.State)
                {
                    case OutboxState.Pending:
                        pending++;
                        oldest = oldest is null || row.CreatedAt < oldest ? row.CreatedAt : oldest;
                        break;
                    case OutboxState.Delivered:
                        delivered++;
                        break;
                    default:
                        dead++;
                        break;
                }
            }

            return new NotificationCounts(pending, delivered, dead, oldest is { } at ? now - at : null);
        }
    }

    internal IReadOnlyList<OutboxEntry> ListDead(long businessId, int limit)
    {
        lock (_gate)
        {
            return [.. _outbox.Where(r => r.Message.BusinessId == businessId && r.State == OutboxState.Dead)
                .OrderByDescending(r => r.Message.Id).Take(limit).Select(r => r.ToRecord())];
        }
    }

    internal int Requeue(long businessId, long? id, DateTimeOffset now)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var row in _outbox)
            {
                if (row.Message.BusinessId != businessId || row.State != OutboxState.Dead || (id is { } only && row.Message.Id != only))
                {
                    continue;
                }

                row.State = OutboxState.Pending;
                row.Attempts = 0;
                row.Claims = 0;
                row.NextAttemptAt = now;
                row.LockedBy = null;
                row.LockedUntil = null;
                foreach (var (name, state) in row.Notifiers.ToList())
                {
                    if (state.State == OutboxState.Dead)
                    {
                        row.Notifiers[name] = state with { State = OutboxState.Pending, Attempts = 0, NextAttemptAt = now };
                    }
                }

                count++;
            }

            if (count > 0)
            {
                _work.TrySetResult();
            }

            return count;
        }
    }

    internal int PurgeDead(long businessId)
    {
        lock (_gate)
        {
            return _outbox.RemoveAll(r => r.Message.BusinessId == businessId && r.State == OutboxState.Dead);
        }
    }
}
