using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Sample;

/// <summary>The embedded default: <c>UseInMemoryStore()</c>, seeded through <see cref="InMemoryLeadStatusStore"/> and <see cref="InMemoryStatusCatalog"/>.</summary>
internal sealed class InMemoryBackend : ISampleBackend
{
    public string Name => "in-memory store";

    public Task SeedAsync(IServiceProvider services, IReadOnlyList<SampleData.Business> businesses, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<InMemoryLeadStatusStore>();
        var catalog = services.GetRequiredService<InMemoryStatusCatalog>();
        foreach (var business in businesses)
        {
            catalog.Set(business.Id, [.. business.Statuses]);
            foreach (var lead in business.Leads)
            {
                store.UpsertLead(business.Id, lead.Id, lead.Name, lead.Status);
            }
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetLeadStatusAsync(IServiceProvider services, long businessId, long leadId, CancellationToken cancellationToken) =>
        Task.FromResult(services.GetRequiredService<InMemoryLeadStatusStore>().GetLeadStatus(businessId, leadId));

    public Task<int> CountPendingNotificationsAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        Task.FromResult(services.GetRequiredService<InMemoryLeadStatusStore>().Outbox.Count(row => row.State == OutboxState.Pending));
}
