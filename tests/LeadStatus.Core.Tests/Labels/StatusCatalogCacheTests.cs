using LeadStatus.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace LeadStatus.Tests.Labels;

public sealed class StatusCatalogCacheTests
{
    private const string Summary = "[המלצה: מעוניין]";

    private static (InMemoryHost Host, Mock<IStatusCatalog> Catalog) HostWithMockCatalog()
    {
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(TestCatalogs.BusinessId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => TestCatalogs.Pipeline);
        var host = new InMemoryHost(build: builder => builder.UseStatusCatalog(catalog.Object));
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, null, "new");
        return (host, catalog);
    }

    [Test]
    public async Task Hot_path_reads_the_catalog_once_within_the_cache_duration()
    {
        var (host, catalog) = HostWithMockCatalog();
        using var _ = host;

        for (var i = 0; i < 5; i++)
        {
            await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, Summary, $"c{i}"));
        }

        catalog.Verify(c => c.GetStatusesAsync(TestCatalogs.BusinessId, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Catalog_is_read_again_after_the_cache_duration()
    {
        var (host, catalog) = HostWithMockCatalog();
        using var _ = host;
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, Summary, "c1"));

        host.Time.Advance(TimeSpan.FromSeconds(31));
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, Summary, "c2"));

        catalog.Verify(c => c.GetStatusesAsync(TestCatalogs.BusinessId, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task Invalidate_makes_the_next_call_read_the_catalog()
    {
        var (host, catalog) = HostWithMockCatalog();
        using var _ = host;
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, Summary, "c1"));

        host.Services.GetRequiredService<IStatusCatalogCache>().Invalidate(TestCatalogs.BusinessId);
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, Summary, "c2"));

        catalog.Verify(c => c.GetStatusesAsync(TestCatalogs.BusinessId, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task In_memory_catalog_changes_take_effect_at_once()
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, null, "new");
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, "[המלצה: חם]", "c1"));

        host.Catalog.Set(TestCatalogs.BusinessId, [.. TestCatalogs.Pipeline, new LeadStatusDefinition("hot", "חם")]);
        var result = await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, "[המלצה: חם]", "c2"));

        Assert.That(result.NewStatusId, Is.EqualTo("hot"));
    }

    [Test]
    public void Catalog_returning_null_gives_a_clear_error()
    {
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<LeadStatusDefinition>)null!);
        using var host = new InMemoryHost(build: builder => builder.UseStatusCatalog(catalog.Object));

        Assert.That(
            () => host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, Summary, "c1")),
            Throws.InvalidOperationException.With.Message.Contains("returned null"));
        Assert.That(host.Store.Events, Is.Empty);
    }

    [Test]
    public async Task A_bad_row_from_a_custom_catalog_does_not_take_the_business_down()
    {
        // Regression (issue 15, finding 2): one blank label made every tagged call of the business throw ArgumentException.
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(TestCatalogs.BusinessId, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new LeadStatusDefinition("broken", " "), .. TestCatalogs.Pipeline, new LeadStatusDefinition("nul", "חם\0")]);
        using var host = new InMemoryHost(build: builder => builder.UseStatusCatalog(catalog.Object));
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, null, "new");

        var applied = await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, Summary, "c1"));
        var leftOut = await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, "[המלצה: חם]", "c2"));

        Assert.That(applied.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), applied.Message);
        Assert.That(leftOut.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel), leftOut.Message);
        Assert.That(host.Logs.Entries.Count(e => e.EventId.Id == 3101), Is.EqualTo(1));
    }

    [TestCase("", "label")]
    [TestCase("id", " ")]
    public void In_memory_catalog_rejects_blank_ids_and_labels(string id, string label) =>
        Assert.That(() => new InMemoryStatusCatalog().Set(1, new LeadStatusDefinition(id, label)), Throws.ArgumentException);

    [Test]
    public void In_memory_catalog_rejects_duplicate_ids() =>
        Assert.That(
            () => new InMemoryStatusCatalog().Set(1, new LeadStatusDefinition("a", "א"), new LeadStatusDefinition("a", "ב")),
            Throws.ArgumentException.With.Message.Contains("'a'"));
}
