using System.Diagnostics;
using LeadStatus.Tests.Storage;
using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Batches;

/// <summary>What only PostgreSQL can show about batches: concurrent lists, same-key races between them, round trips.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresBatchTests
{
    private static readonly string[] Summaries = ["[המלצה: מעוניין]", "[Recommendation: Won]", "[Recommendation: Lost]", "[המלצה: ליד חדש]"];
    private PostgresTestDatabase _database = null!;
    private ServiceUnderTest _sut = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("batch_pg");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [SetUp]
    public async Task CreateHarness()
    {
        _sut = new ServiceUnderTest(await _database.CreateHarnessAsync());
        for (var lead = 1L; lead <= 40; lead++)
        {
            await _sut.Harness.SeedLeadAsync(_sut.Business, lead, $"Lead {lead}", "new");
        }
    }

    [TearDown]
    public async Task DisposeHarness() => await _sut.Harness.DisposeAsync();

    [Test]
    [CancelAfter(120_000)]
    public async Task Concurrent_lists_over_the_same_leads_in_different_orders_do_not_deadlock()
    {
        // Eight lists over the same forty leads, each in its own shuffled order, every lead many times per chunk.
        var lists = Enumerable.Range(0, 8).Select(list =>
        {
            var random = new Random(list);
            return Enumerable.Range(0, 400)
                .Select(i => new StatusRecommendation(_sut.Business, 1 + random.Next(40), Summaries[random.Next(Summaries.Length)],
                    StatusSources.WhatsAppSummary, $"l{list}-{i}", 0.9))
                .ToList();
        }).ToList();

        var results = await Task.WhenAll(lists.Select(list =>
            Task.Run(() => _sut.Updates().ApplyManyAsync(list, new ApplyManyOptions { ChunkSize = 100 }, CancellationToken.None))));

        var events = await _sut.Harness.GetEventsAsync(_sut.Business);
        Assert.That(events, Has.Count.EqualTo(8 * 400));
        Assert.That(results.SelectMany(r => r).Select(r => r.Outcome), Is.All.AnyOf(StatusUpdateOutcome.Applied, StatusUpdateOutcome.SameStatus));
        var history = await _sut.Harness.GetHistoryAsync(_sut.Business);
        Assert.That(history, Has.Count.EqualTo(results.SelectMany(r => r).Count(r => r.Outcome == StatusUpdateOutcome.Applied)));
        for (var lead = 1L; lead <= 40; lead++)
        {
            // Every lead's history is a chain: each change starts from the status the previous one set.
            var chain = history.Where(h => h.LeadId == lead).ToList();
            for (var i = 1; i < chain.Count; i++)
            {
                Assert.That(chain[i].OldStatus, Is.EqualTo(chain[i - 1].NewStatus), $"lead {lead}, change {i}");
            }

            Assert.That(await _sut.Harness.GetLeadStatusAsync(_sut.Business, lead), Is.EqualTo(chain.Count == 0 ? "new" : chain[^1].NewStatus));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Concurrent_lists_sharing_keys_in_opposite_orders_record_each_key_once()
    {
        // Disjoint leads, shared keys in opposite orders: without the keys locked in one order each list would wait on the other's
        // uncommitted insert. A key the other list committed first is read back after the commit (the race path).
        var keys = Enumerable.Range(0, 200).Select(i => $"shared-{i}").ToList();
        var first = keys.Select((key, i) => new StatusRecommendation(_sut.Business, 1 + i % 20, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, key, 0.9)).ToList();
        var second = keys.AsEnumerable().Reverse()
            .Select((key, i) => new StatusRecommendation(_sut.Business, 21 + i % 20, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, key, 0.9)).ToList();

        var results = await Task.WhenAll(
            Task.Run(() => _sut.Updates().ApplyManyAsync(first, new ApplyManyOptions { ChunkSize = 200 }, CancellationToken.None)),
            Task.Run(() => _sut.Updates().ApplyManyAsync(second, new ApplyManyOptions { ChunkSize = 200 }, CancellationToken.None)));

        var events = await _sut.Harness.GetEventsAsync(_sut.Business);
        Assert.That(events.Select(e => e.SourceEventId), Is.Unique);
        Assert.That(events, Has.Count.EqualTo(200));
        for (var i = 0; i < 200; i++)
        {
            var a = results[0][i];
            var b = results[1][199 - i];
            Assert.That(new[] { a.Outcome, b.Outcome }, Has.Exactly(1).Not.EqualTo(StatusUpdateOutcome.IdempotencyKeyConflict), keys[i]);
            Assert.That(a.EventId, Is.EqualTo(b.EventId), keys[i]);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Single_calls_racing_a_list_on_the_same_keys_record_each_key_once_and_agree_on_its_event()
    {
        // Single calls and a list over the same keys at once: whichever commits a key first records it; the other answers
        // AlreadyProcessed with the same event (through the read-back when its statement waited on the uncommitted key).
        var list = Enumerable.Range(0, 300)
            .Select(i => new StatusRecommendation(_sut.Business, 1 + i % 40, Summaries[i % Summaries.Length], StatusSources.WhatsAppSummary, $"race-{i}", 0.9))
            .ToList();

        var listTask = Task.Run(() => _sut.Updates().ApplyManyAsync(list, new ApplyManyOptions { ChunkSize = 30 }, CancellationToken.None));
        var singles = await Task.WhenAll(list.AsEnumerable().Reverse().Select(item => Task.Run(() => _sut.Updates().ApplyFromRecommendationAsync(item))));
        var listed = await listTask;

        var events = await _sut.Harness.GetEventsAsync(_sut.Business);
        Assert.That(events, Has.Count.EqualTo(300));
        Assert.That(events.Select(e => e.SourceEventId), Is.Unique);
        var single = singles.Reverse().ToList();
        for (var i = 0; i < 300; i++)
        {
            Assert.That(listed[i].EventId, Is.EqualTo(single[i].EventId), list[i].SourceEventId);
            Assert.That(new[] { listed[i].Outcome, single[i].Outcome }, Has.Exactly(1).EqualTo(StatusUpdateOutcome.AlreadyProcessed), list[i].SourceEventId);
        }
    }

    [Test]
    public async Task A_list_sends_one_batch_per_chunk()
    {
        var list = Enumerable.Range(0, 250)
            .Select(i => new StatusRecommendation(_sut.Business, 1 + i % 40, Summaries[i % Summaries.Length], StatusSources.WhatsAppSummary, $"c{i}", 0.9))
            .ToList();
        var service = _sut.Updates();
        await service.ApplyManyAsync([list[0] with { SourceEventId = "warm-up" }]);

        // Npgsql starts one Activity per command or batch it sends; counting those of our own trace counts this call's round trips.
        var commands = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "LeadStatus.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        using var testSource = new ActivitySource("LeadStatus.Tests");
        ActivitySource.AddActivityListener(listener);
        listener.ActivityStopped = activity =>
        {
            if (activity.Source.Name == "Npgsql")
            {
                lock (commands)
                {
                    commands.Add(activity.TraceId + " " + activity.DisplayName + " " + (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")));
                }
            }
        };

        ActivityTraceId trace;
        IReadOnlyList<StatusUpdateResult> results;
        using (var root = testSource.StartActivity("apply-many-under-test"))
        {
            trace = root!.TraceId;
            results = await service.ApplyManyAsync(list, new ApplyManyOptions { ChunkSize = 100 }, CancellationToken.None);
        }

        Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.Applied), Is.GreaterThan(20));
        string[] ours;
        lock (commands)
        {
            // The outbox wake-up (NOTIFY on a connection of its own, off the call's path) inherits the trace: not a round trip of the call.
            ours = [.. commands.Where(c => c.StartsWith(trace.ToString(), StringComparison.Ordinal)
                && !c.Contains("pg_notify", StringComparison.Ordinal) && !c.Contains(" CONNECT ", StringComparison.Ordinal))];
        }

        Assert.That(ours, Has.Length.EqualTo(3), string.Join(Environment.NewLine, ours));
    }
}
