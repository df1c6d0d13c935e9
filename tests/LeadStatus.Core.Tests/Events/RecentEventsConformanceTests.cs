using LeadStatus.Tests.Storage;
using LeadStatus.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Events;

/// <summary><see cref="IStatusEventReader"/> against both stores: newest first, filters, limit and tenant scope.</summary>
public abstract class RecentEventsConformanceTests
{
    private ServiceUnderTest _sut = null!;

    private IStatusEventReader Reader => (IStatusEventReader)_sut.Harness.Store;

    private protected abstract Task<IStoreHarness> CreateHarnessAsync();

    [SetUp]
    public async Task CreateHarness()
    {
        _sut = new ServiceUnderTest(await CreateHarnessAsync());
        await _sut.Harness.SeedLeadAsync(_sut.Business, 1, "Dana", "new");
    }

    [TearDown]
    public async Task DisposeHarness() => await _sut.Harness.DisposeAsync();

    [Test]
    public async Task Events_come_newest_first_filtered_by_outcome_and_source_and_scoped_by_business()
    {
        var applied = await _sut.ApplyAsync("[המלצה: מעוניין]", key: "a", source: StatusSources.CallSummary);
        _sut.Time.Advance(TimeSpan.FromMinutes(1));
        var unknown = await _sut.ApplyAsync("[המלצה: לקוח VIP]", key: "b");
        _sut.Time.Advance(TimeSpan.FromMinutes(1));
        var below = await _sut.ApplyAsync("[המלצה: לא מעוניין]", key: "c", confidence: 0.1);
        var other = new ServiceUnderTest(_sut.Harness);
        await _sut.Harness.SeedLeadAsync(other.Business, 1, "Avi", "new");
        await other.ApplyAsync("[המלצה: מעוניין]", key: "a");

        var all = await Reader.GetRecentEventsAsync(_sut.Business);
        var onlyApplied = await Reader.GetRecentEventsAsync(_sut.Business, StatusUpdateOutcome.Applied);
        var onlyWhatsApp = await Reader.GetRecentEventsAsync(_sut.Business, source: StatusSources.WhatsAppSummary);
        var both = await Reader.GetRecentEventsAsync(_sut.Business, StatusUpdateOutcome.UnknownLabel, StatusSources.WhatsAppSummary);
        var one = await Reader.GetRecentEventsAsync(_sut.Business, limit: 1);

        Assert.That(all.Select(e => e.Id), Is.EqualTo(new[] { below.EventId, unknown.EventId, applied.EventId }));
        Assert.That(all, Has.All.Property(nameof(LeadStatusEventRecord.BusinessId)).EqualTo(_sut.Business));
        Assert.That(all[0].Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
        Assert.That(all[1].RecommendedStatusLabel, Is.EqualTo("לקוח VIP"));
        Assert.That(onlyApplied.Select(e => (e.Id, e.PreviousStatusId, e.RecommendedStatusId)), Is.EqualTo(new[] { (applied.EventId!.Value, (string?)"new", (string?)"interested") }));
        Assert.That(onlyWhatsApp.Select(e => e.Id), Is.EqualTo(new[] { below.EventId, unknown.EventId }));
        Assert.That(both.Select(e => e.Id), Is.EqualTo(new[] { unknown.EventId }));
        Assert.That(one.Select(e => e.Id), Is.EqualTo(new[] { below.EventId }));
        Assert.That(await Reader.GetRecentEventsAsync(ServiceUnderTest.NewBusinessId()), Is.Empty);
    }

    [TestCase(0)]
    [TestCase(1001)]
    public void A_limit_outside_one_to_a_thousand_is_refused(int limit) =>
        Assert.That(async () => await Reader.GetRecentEventsAsync(_sut.Business, limit: limit),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("limit"));
}

[TestFixture]
public sealed class InMemoryRecentEventsConformanceTests : RecentEventsConformanceTests
{
    private protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new InMemoryStoreHarness(new InMemoryLeadStatusStore()));
}

[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresRecentEventsConformanceTests : RecentEventsConformanceTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("events");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    private protected override async Task<IStoreHarness> CreateHarnessAsync() => await _database.CreateHarnessAsync();
}

[TestFixture]
public sealed class RecentEventsRegistrationTests
{
    [Test]
    public void AddLeadStatusUpdates_registers_the_reader_over_the_configured_store()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        var reader = provider.GetRequiredService<IStatusEventReader>();

        Assert.That(reader, Is.SameAs(provider.GetRequiredService<InMemoryLeadStatusStore>()));
    }
}
