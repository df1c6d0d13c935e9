using LeadStatus.Notifications;

namespace LeadStatus.Storage.InMemory;

/// <summary>The <see cref="INotificationAdmin"/> of <see cref="InMemoryLeadStatusStore"/>.</summary>
internal sealed class InMemoryNotificationAdmin(InMemoryLeadStatusStore store, TimeProvider time) : INotificationAdmin
{
    /// <inheritdoc />
    public Task<NotificationCounts> GetCountsAsync(long? businessId = null, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId);
        return Task.FromResult(store.CountOutbox(businessId, time.GetUtcNow()));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetDeadAsync(long businessId, int limit = 100, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId, limit: limit);
        return Task.FromResult(store.ListDead(businessId, limit));
    }

    /// <inheritdoc />
    public Task<bool> RequeueAsync(long businessId, long id, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId, id);
        return Task.FromResult(store.Requeue(businessId, id, time.GetUtcNow()) == 1);
    }

    /// <inheritdoc />
    public Task<int> RequeueAllAsync(long businessId, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId);
        return Task.FromResult(store.Requeue(businessId, null, time.GetUtcNow()));
    }

    /// <inheritdoc />
    public Task<int> PurgeDeadAsync(long businessId, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId);
        return Task.FromResult(store.PurgeDead(businessId));
    }
}
