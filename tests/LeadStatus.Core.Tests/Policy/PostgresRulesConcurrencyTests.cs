using LeadStatus.Labels;
using LeadStatus.Policy;
using LeadStatus.Review;
using LeadStatus.Tests.Storage;
using Microsoft.Extensions.Options;

namespace LeadStatus.Tests.Policy;

/// <summary>Rules under real concurrency: a person's change and automation racing on one lead of a real server.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
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

    [Test]
    public async Task A_recommendation_that_waited_on_a_lead_a_person_changed_meanwhile_is_decided_again_and_refused()
    {
        // Deterministic form of the race: a person's change (lead updated and its event recorded) holds the lead's row lock while
        // the recommendation starts; it commits after the recommendation's statement took its snapshot. The optimistic statement
        // must notice (the row's version moved), write nothing, and the write decided again after the lock must see the change.
        await using var harness = await _database.CreateHarnessAsync();
        const long business = 77_002;
        await harness.SeedLeadAsync(business, 1, "Dana", "new");
        var catalog = new InMemoryStatusCatalog();
        catalog.Set(business, new("new", "חדש"), new("interested", "מעוניין"), new("lost", "אבוד"));
        var options = Options.Create(new LeadStatusOptions());
        var time = TimeProvider.System;
        var service = new StatusUpdateService(
            harness.Store, new StatusCatalogCache(catalog, options, time), new StatusRulesCache(new InMemoryStatusRules(), options, time), options, time);

        await using var person = await harness.DataSource.OpenConnectionAsync();
        await using var transaction = await person.BeginTransactionAsync();
        await using (var change = new Npgsql.NpgsqlCommand(
            $"""
            UPDATE leads SET status = 'lost' WHERE business_id = {business} AND id = 1;
            INSERT INTO "{harness.Schema}".lead_status_events (business_id, lead_id, source, source_event_id, recommended_status_id, confidence,
                outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at, kind, actor)
            VALUES ({business}, 1, 'manual', 'audit-9', 'lost', 1, 'applied', 'manual change by dana', 'new', true, now(), '1|lost', now(), 'manual_change', 'dana');
            """, person, transaction))
        {
            await change.ExecuteNonQueryAsync();
        }

        var recommendation = service.ApplyFromRecommendationAsync(
            new StatusRecommendation(business, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "call-after-person", 0.95));
        await WaitUntilWaitingOnLockAsync(harness);
        await transaction.CommitAsync();
        var result = await recommendation;

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule), result.Message);
        Assert.That(result.Message, Does.StartWith("Manual change by dana"));
        Assert.That(await harness.GetLeadStatusAsync(business, 1), Is.EqualTo("lost"));
        Assert.That(await harness.GetEventsAsync(business), Has.Count.EqualTo(2), "the person's event and one for the recommendation");
    }

    /// <summary>Waits until some backend of the test database waits on a lock (the recommendation, blocked by the open transaction).</summary>
    private static async Task WaitUntilWaitingOnLockAsync(PostgresHarness harness)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var probe = harness.DataSource.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            if ((long)(await probe.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the recommendation never waited on the lead's lock");
            await Task.Delay(10);
        }
    }
}
