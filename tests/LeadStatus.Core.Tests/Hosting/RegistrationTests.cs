using LeadStatus.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace LeadStatus.Tests.Hosting;

public sealed class RegistrationTests
{
    [Test]
    public void Resolving_the_service_without_a_store_names_both_Use_calls()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseStatusCatalog(new InMemoryStatusCatalog());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IStatusUpdateService>());

        Assert.That(error!.Message, Does.Contain("UsePostgres(").And.Contain("UseInMemoryStore()"));
    }

    [Test]
    public void AddLeadStatusUpdates_twice_does_not_register_services_twice()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        var count = services.Count;

        services.AddLeadStatusUpdates().UseInMemoryStore();

        Assert.That(services, Has.Count.EqualTo(count));
    }

    [Test]
    public void AddLeadStatusUpdates_rejects_a_null_service_collection() =>
        Assert.That(
            () => LeadStatusServiceCollectionExtensions.AddLeadStatusUpdates(null!),
            Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("services"));

    [Test]
    public void In_memory_store_is_one_singleton()
    {
        using var host = new InMemoryHost();

        Assert.That(host.Services.GetRequiredService<InMemoryLeadStatusStore>(), Is.SameAs(host.Store));
        Assert.That(host.Services.GetRequiredService<IStatusUpdateService>(), Is.SameAs(host.Service));
    }

    [Test]
    public async Task Host_catalog_registered_before_the_store_wins()
    {
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(1, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new LeadStatusDefinition("hot", "חם")]);
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseStatusCatalog(catalog.Object).UseInMemoryStore();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<InMemoryLeadStatusStore>().UpsertLead(1, 1, null, "new");

        var result = await provider.GetRequiredService<IStatusUpdateService>()
            .ApplyFromRecommendationAsync(new StatusRecommendation(1, 1, "[המלצה: חם]", StatusSources.CallSummary, "c1", 1));

        Assert.That(result.NewStatusId, Is.EqualTo("hot"));
    }

    [Test]
    public void Store_can_be_resolved_before_the_service_validates_options()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o => o.ConfidenceThreshold = 2).UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStatusUpdateService>());

        Assert.That(error!.Message, Does.Contain("ConfidenceThreshold"));
    }
}
