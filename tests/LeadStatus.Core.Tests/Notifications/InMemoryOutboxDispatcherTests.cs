using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Notifications;

/// <summary>The dispatcher against <see cref="InMemoryLeadStatusStore"/>.</summary>
[TestFixture]
public sealed class InMemoryOutboxDispatcherTests : OutboxDispatcherTests
{
    protected override void UseStore(LeadStatusBuilder builder) => builder.UseInMemoryStore();

    protected override Task SeedLeadAsync(IServiceProvider services, long leadId, string? name, string statusId)
    {
        services.GetRequiredService<InMemoryLeadStatusStore>().UpsertLead(BusinessId, leadId, name, statusId);
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(IServiceProvider services) =>
        Task.FromResult(services.GetRequiredService<InMemoryLeadStatusStore>().Outbox);
}
