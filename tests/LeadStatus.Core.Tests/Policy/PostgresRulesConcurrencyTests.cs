using LeadStatus.Labels;
using LeadStatus.Policy;
using LeadStatus.Review;
using LeadStatus.Tests.Storage;
using Microsoft.Extensions.Options;

namespace LeadStatus.Tests.Policy;

/// <summary>Rules under real concurrency: a person's change and automation racing on one lead of a real server.</summary>
[TestFixture]
public sealed class PostgresRulesConcurrencyTests
{
    private const long Business = 77_001;
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("rules_race");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task No_recommendation_applies_after_a_concurrent_manual_change_has_committed()
    {
        await using var harness = await _database.CreateHarnessAsync();
        await harness.SeedLeadAsync(Business, 1, "Dana", "new");
        var catalog = new InMemoryStatusCatalog();
        catalog.Set(Business, new("new", "חדש"), new("interested", "מעוניין"), new("meeting", "פגישה"), new("lost", "אבוד"));
        var options = Options.Create(new LeadStatusOptions());
        var time = TimeProvider.System;
        var catalogs = new StatusCatalogCache(catalog, options, time);
        var rules = new StatusRulesCache(new InMemoryStatusRules(), options, time);
        var service = new StatusUpdateService(harness.Store, catalogs, rules, options, time);
        var review = new StatusReviewService(harness.Store, catalogs, rules, options, time);
        string[] labels = ["מעוניין", "פגישה", "חדש"];
        using var start = new ManualResetEventSlim();

        var recommendations = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await service.ApplyFromRecommendationAsync(new StatusRecommendation(
                Business, 1, $"[המלצה: {labels[i % labels.Length]}]", StatusSources.CallSummary, $"call-{i}", 0.9));
        })).ToList();
        var manual = Task.Run(async () =>
        {
            start.Wait();
            return await review.RecordManualChangeAsync(new ManualStatusChange(Business, 1, "lost", "dana", "audit-1"));
        });
        start.Set();
        await Task.WhenAll([.. recommendations, manual]);

        var manualEvent = (await manual).EventId!.Value;
        var events = await harness.GetEventsAsync(Business);
        var appliedAfter = events.Where(e => e.Kind == LeadStatusEventKind.Recommendation && e.Id > manualEvent && e.Applied).ToList();
        Assert.That(appliedAfter, Is.Empty, "event ids follow the lead's lock order: nothing after the manual change may apply");
        Assert.That(events.Where(e => e.Id > manualEvent).Select(e => e.Outcome),
            Is.All.AnyOf(StatusUpdateOutcome.RejectedByRule, StatusUpdateOutcome.SameStatus));
        Assert.That(await harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("lost"));

        var history = await harness.GetHistoryAsync(Business);
        Assert.That(history[0].OldStatus, Is.EqualTo("new"));
        for (var i = 1; i < history.Count; i++)
        {
            Assert.That(history[i].OldStatus, Is.EqualTo(history[i - 1].NewStatus), $"history row {i}");
        }

        Assert.That(history[^1].NewStatus, Is.EqualTo("lost"));
        Assert.That(history[^1].Source, Is.EqualTo("manual"));
    }
}
