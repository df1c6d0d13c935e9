using LeadStatus.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Policy;

/// <summary>Rules are validated when set, stored by the store's provider and take effect at once.</summary>
public abstract class StatusRulesEditorTests
{
    private protected const long Business = 31;
    private ServiceProvider _provider = null!;

    private protected abstract Task<ServiceProvider> CreateProviderAsync();

    private IStatusRulesEditor Editor => _provider.GetRequiredService<IStatusRulesEditor>();

    [SetUp]
    public async Task CreateProvider() => _provider = await CreateProviderAsync();

    [TearDown]
    public async Task DisposeProvider() => await _provider.DisposeAsync();

    private static IEnumerable<TestCaseData> InvalidRules()
    {
        yield return new TestCaseData(new LeadStatusRules { ConfidenceThreshold = 1.5 }, "ConfidenceThreshold").SetName("Threshold above 1");
        yield return new TestCaseData(new LeadStatusRules { ConfidenceThreshold = double.NaN }, "ConfidenceThreshold").SetName("Threshold NaN");
        yield return new TestCaseData(new LeadStatusRules { SuggestionThreshold = -0.1 }, "SuggestionThreshold").SetName("Suggestion below 0");
        yield return new TestCaseData(new LeadStatusRules { ConfidenceThreshold = 0.6, SuggestionThreshold = 0.7 }, "SuggestionThreshold")
            .SetName("Suggestion above the business threshold");
        yield return new TestCaseData(
            new LeadStatusRules { SuggestionThreshold = 0.5, SourceConfidenceThresholds = new Dictionary<string, double> { ["call_summary"] = 0.4 } },
            "SuggestionThreshold").SetName("Suggestion above a source threshold");
        yield return new TestCaseData(
            new LeadStatusRules { SourceConfidenceThresholds = new Dictionary<string, double> { ["call_summary"] = 2 } }, "SourceConfidenceThresholds")
            .SetName("Source threshold above 1");
        yield return new TestCaseData(
            new LeadStatusRules { SourceConfidenceThresholds = new Dictionary<string, double> { ["Call Summary"] = 0.5 } }, "SourceConfidenceThresholds")
            .SetName("Source that is not a source name");
        yield return new TestCaseData(new LeadStatusRules { ManualChangeProtection = TimeSpan.FromMinutes(-1) }, "ManualChangeProtection")
            .SetName("Negative protection");
        yield return new TestCaseData(new LeadStatusRules { LockedStatuses = ["won", "vip"] }, "LockedStatuses").SetName("Unknown locked status");
        yield return new TestCaseData(
            new LeadStatusRules { AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["interested"] = ["gone"] } },
            "AllowedTransitions").SetName("Unknown status in a transition list");
        yield return new TestCaseData(
            new LeadStatusRules { AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["vip"] = ["new"] } },
            "AllowedTransitions").SetName("Unknown transition target");
        yield return new TestCaseData(
            new LeadStatusRules { AutomationHours = new AutomationHours(new TimeOnly(9, 0), new TimeOnly(18, 0), "Mars/Olympus") }, "AutomationHours")
            .SetName("Unknown time zone");
        yield return new TestCaseData(
            new LeadStatusRules { AutomationHours = new AutomationHours(new TimeOnly(9, 0), new TimeOnly(9, 0), "Asia/Jerusalem") }, "AutomationHours")
            .SetName("Empty automation window");
    }

    [TestCaseSource(nameof(InvalidRules))]
    public async Task Invalid_rules_are_refused_naming_the_member_and_nothing_is_stored(LeadStatusRules rules, string member)
    {
        Assert.That(async () => await Editor.SetRulesAsync(Business, rules),
            Throws.InstanceOf<ArgumentException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(member));
        Assert.That(await Editor.GetRulesAsync(Business), Is.Null);
    }

    [Test]
    public async Task Rules_round_trip_and_take_effect_on_the_next_call()
    {
        var rules = new LeadStatusRules
        {
            ConfidenceThreshold = 0.8,
            SuggestionThreshold = 0.78,
            SourceConfidenceThresholds = new Dictionary<string, double> { [StatusSources.CallSummary] = 0.9 },
            LockedStatuses = ["won"],
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["interested"] = ["new"] },
            ManualChangeProtection = TimeSpan.FromHours(2),
            AutomationHours = new AutomationHours(new TimeOnly(8, 30), new TimeOnly(20, 0), "Asia/Jerusalem"),
        };
        var service = _provider.GetRequiredService<IStatusUpdateService>();
        var before = await service.ApplyFromRecommendationAsync(new StatusRecommendation(Business, 1, "[Recommendation: won]", StatusSources.WhatsAppSummary, "a", 0.75));

        await Editor.SetRulesAsync(Business, rules);
        var stored = await Editor.GetRulesAsync(Business);
        var after = await service.ApplyFromRecommendationAsync(new StatusRecommendation(Business, 1, "[Recommendation: won]", StatusSources.WhatsAppSummary, "b", 0.75));

        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.ConfidenceThreshold, Is.EqualTo(0.8));
        Assert.That(stored.SuggestionThreshold, Is.EqualTo(0.78));
        Assert.That(stored.SourceConfidenceThresholds, Is.EquivalentTo(rules.SourceConfidenceThresholds));
        Assert.That(stored.LockedStatuses, Is.EqualTo(new[] { "won" }));
        Assert.That(stored.AllowedTransitions!["interested"], Is.EqualTo(new[] { "new" }));
        Assert.That(stored.ManualChangeProtection, Is.EqualTo(TimeSpan.FromHours(2)));
        Assert.That(stored.AutomationHours, Is.EqualTo(rules.AutomationHours));
        Assert.That(before.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound), "0.75 passes the option's 0.65");
        Assert.That(after.Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold), "0.75 is below the business's 0.8 and its review band from 0.78");
    }

    [Test]
    public async Task Removing_rules_brings_back_the_options()
    {
        await Editor.SetRulesAsync(Business, new LeadStatusRules { ConfidenceThreshold = 0.99 });

        await Editor.SetRulesAsync(Business, null);

        Assert.That(await Editor.GetRulesAsync(Business), Is.Null);
        var result = await _provider.GetRequiredService<IStatusUpdateService>()
            .ApplyFromRecommendationAsync(new StatusRecommendation(Business, 1, "[Recommendation: won]", StatusSources.WhatsAppSummary, "c", 0.7));
        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
    }

    [Test]
    public void A_business_id_must_be_positive() =>
        Assert.That(async () => await Editor.SetRulesAsync(0, null), Throws.InstanceOf<ArgumentOutOfRangeException>());

    private protected static void AddCatalog(InMemoryStatusCatalog catalog) =>
        catalog.Set(Business, new("new", "חדש"), new("interested", "מעוניין"), new("won", "won"), new("lost", "אבוד"));
}

[TestFixture]
public sealed class InMemoryStatusRulesEditorTests : StatusRulesEditorTests
{
    private protected override Task<ServiceProvider> CreateProviderAsync()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o => o.Notifications.DispatcherEnabled = false).UseInMemoryStore();
        var provider = services.BuildServiceProvider();
        AddCatalog(provider.GetRequiredService<InMemoryStatusCatalog>());
        return Task.FromResult(provider);
    }

    [Test]
    public void A_read_only_provider_cannot_store_rules()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore().UseStatusRules(new ReadOnlyRules());
        using var provider = services.BuildServiceProvider();

        Assert.That(async () => await provider.GetRequiredService<IStatusRulesEditor>().SetRulesAsync(Business, new LeadStatusRules()),
            Throws.InvalidOperationException.With.Message.Contains(nameof(ReadOnlyRules)));
    }

    private sealed class ReadOnlyRules : IStatusRulesProvider
    {
        public ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default) => default;
    }
}

[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresStatusRulesEditorTests : StatusRulesEditorTests
{
    private static int _schemas;
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("rules_editor");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    private protected override async Task<ServiceProvider> CreateProviderAsync()
    {
        var catalog = new InMemoryStatusCatalog();
        AddCatalog(catalog);
        var schema = "rules_editor_" + Interlocked.Increment(ref _schemas);
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.Schema = schema;
            o.Notifications.DispatcherEnabled = false;
        }).UsePostgres(_database.DataSource).UseStatusCatalog(catalog);
        var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
        return provider;
    }
}
