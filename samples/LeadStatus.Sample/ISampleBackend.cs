namespace LeadStatus.Sample;

/// <summary>Where the sample's businesses, statuses and leads live: the in-memory store or a real PostgreSQL.</summary>
internal interface ISampleBackend
{
    string Name { get; }

    Task SeedAsync(IServiceProvider services, IReadOnlyList<SampleData.Business> businesses, CancellationToken cancellationToken);

    Task<string?> GetLeadStatusAsync(IServiceProvider services, long businessId, long leadId, CancellationToken cancellationToken);

    Task<int> CountPendingNotificationsAsync(IServiceProvider services, CancellationToken cancellationToken);
}
