using LeadStatus.Labels;
using LeadStatus.Policy;
using LeadStatus.Review;
using LeadStatus.Tests.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadStatus.Tests.Support;

/// <summary>
/// The update and review services over a store under test, with a fake clock, an in-memory catalog and in-memory rules:
/// what the service-level conformance suites run against both stores.
/// </summary>
internal sealed class ServiceUnderTest
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero); // 10:00 in Jerusalem (UTC+2)
    private static long _nextBusinessId = 50_000;

    public ServiceUnderTest(IStoreHarness harness, long? business = null)
    {
        Harness = harness;
        Business = business ?? NewBusinessId();
        Catalog.Set(Business,
            new LeadStatusDefinition("new", "ליד חדש"),
            new LeadStatusDefinition("interested", "מעוניין", ["Interested"]),
            new LeadStatusDefinition("not_interested", "לא מעוניין"),
            new LeadStatusDefinition("won", "נסגרה עסקה", ["Won"]),
            new LeadStatusDefinition("lost", "אבוד", ["Lost"]));
    }

    public IStoreHarness Harness { get; }

    public long Business { get; }

    public FakeTimeProvider Time { get; } = new(T0);

    public InMemoryStatusCatalog Catalog { get; } = new();

    public InMemoryStatusRules Rules { get; } = new();

    public LeadStatusOptions Options { get; } = new();

    public static long NewBusinessId() => Interlocked.Increment(ref _nextBusinessId);

    public StatusUpdateService Updates(IStatusRulesProvider? rules = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        return new StatusUpdateService(Harness.Store, new StatusCatalogCache(Catalog, options, Time), new StatusRulesCache(rules ?? Rules, options, Time), options, Time);
    }

    public IStatusReviewService Review()
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        return new StatusReviewService(Harness.Store, new StatusCatalogCache(Catalog, options, Time), new StatusRulesCache(Rules, options, Time), options, Time);
    }

    public Task<StatusUpdateResult> ApplyAsync(
        string summary, long leadId = 1, string key = "k", double confidence = 0.9, string source = StatusSources.WhatsAppSummary,
        IStatusRulesProvider? rules = null) =>
        Updates(rules).ApplyFromRecommendationAsync(new StatusRecommendation(Business, leadId, summary, source, key, confidence));

    public Task<StatusUpdateResult> ManualAsync(string status, string actor, string key, long leadId = 1) =>
        Review().RecordManualChangeAsync(new ManualStatusChange(Business, leadId, status, actor, key));
}
