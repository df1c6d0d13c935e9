using LeadStatus.Notifications;
using LeadStatus.Storage;

namespace LeadStatus.Tests.Storage;

[TestFixture]
public sealed class InMemoryStoreConformanceTests : StoreConformanceTests
{
    private protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new InMemoryStoreHarness(new InMemoryLeadStatusStore()));
}

/// <summary>The in-memory store as an <see cref="IStoreHarness"/>.</summary>
internal sealed class InMemoryStoreHarness(InMemoryLeadStatusStore store) : IStoreHarness
{
    public ILeadStatusStore Store => store;

    public INotificationOutbox Outbox => store;

    public Task SeedLeadAsync(long businessId, long leadId, string? name, string statusId)
    {
        store.UpsertLead(businessId, leadId, name, statusId);
        return Task.CompletedTask;
    }

    public Task<string?> GetLeadStatusAsync(long businessId, long leadId) => Task.FromResult(store.GetLeadStatus(businessId, leadId));

    public Task<IReadOnlyList<LeadStatusEventRecord>> GetEventsAsync(long businessId) =>
        Task.FromResult<IReadOnlyList<LeadStatusEventRecord>>([.. store.Events.Where(e => e.BusinessId == businessId)]);

    public Task<IReadOnlyList<LeadStatusHistoryRecord>> GetHistoryAsync(long businessId) =>
        Task.FromResult<IReadOnlyList<LeadStatusHistoryRecord>>([.. store.History.Where(h => h.BusinessId == businessId)]);

    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(long businessId) =>
        Task.FromResult<IReadOnlyList<OutboxEntry>>([.. store.Outbox.Where(o => o.Notification.BusinessId == businessId)]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
