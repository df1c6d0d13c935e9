using System.Text.RegularExpressions;
using LeadStatus.Notifications;
using LeadStatus.Tests.Storage;
using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Batches;

/// <summary>
/// <see cref="IStatusUpdateService.ApplyManyAsync(IReadOnlyList{StatusRecommendation}, ApplyManyOptions, CancellationToken)"/> against
/// both stores: a list leaves exactly what the same items applied one by one leave, and an invalid item writes nothing.
/// </summary>
public abstract class BatchConformanceTests
{
    private static readonly string[] Summaries =
    [
        "[המלצה: מעוניין]", "[Recommendation: Won]", "[Recommendation: Lost]", "[המלצה: לא מעוניין]", "[המלצה: ליד חדש]",
        "[Recommendation: Maybe later]", "Customer asked to be called back next week",
    ];

    private static readonly string[] Statuses = ["new", "interested", "not_interested", "won", "lost"];

    private static readonly double[] Confidences = [0.3, 0.55, 0.7, 0.9, 0.95];

    /// <summary>Creates a harness over a store of its own: for PostgreSQL, <paramref name="database"/> 0 and 1 are two databases.</summary>
    private protected abstract Task<IStoreHarness> CreateHarnessAsync(int database);

    [Test]
    public async Task A_generated_stream_applied_as_a_batch_leaves_what_single_calls_leave()
    {
        var business = ServiceUnderTest.NewBusinessId();
        var other = ServiceUnderTest.NewBusinessId();
        await using var batchHarness = await CreateHarnessAsync(0);
        await using var singleHarness = await CreateHarnessAsync(1);
        var batch = await ArrangeAsync(new ServiceUnderTest(batchHarness, business), other);
        var single = await ArrangeAsync(new ServiceUnderTest(singleHarness, business), other);
        var stream = GenerateStream(business, other, 10_000, seed: 13);

        var batchResults = await batch.Updates().ApplyManyAsync(stream, new ApplyManyOptions { ChunkSize = 500 }, CancellationToken.None);
        var singleResults = new List<StatusUpdateResult>();
        var service = single.Updates();
        foreach (var recommendation in stream)
        {
            singleResults.Add(await service.ApplyFromRecommendationAsync(recommendation));
        }

        // Event ids are assigned in the order rows are written: a list writes leads and keys that do not depend on each other in one
        // statement, so ids follow the input order per lead and per key, not across them. Each result names the event of its key.
        Assert.That(
            await WithEventKeysAsync(batchResults, batchHarness, business, other),
            Is.EqualTo(await WithEventKeysAsync(singleResults, singleHarness, business, other)));
        Assert.That(batchResults.Select(r => r.Outcome).Distinct(), Is.SupersetOf(new[]
        {
            StatusUpdateOutcome.Applied, StatusUpdateOutcome.AlreadyProcessed, StatusUpdateOutcome.IdempotencyKeyConflict,
            StatusUpdateOutcome.SameStatus, StatusUpdateOutcome.LeadNotFound, StatusUpdateOutcome.UnknownLabel,
            StatusUpdateOutcome.NoRecommendation, StatusUpdateOutcome.BelowConfidenceThreshold, StatusUpdateOutcome.RejectedByRule,
            StatusUpdateOutcome.PendingReview,
        }), "the stream exercises every outcome");
        foreach (var b in new[] { business, other })
        {
            // Per lead, in the order written (the harness reads in id order; OrderBy is stable).
            Assert.That(WithoutIds(await batchHarness.GetEventsAsync(b)), Is.EqualTo(WithoutIds(await singleHarness.GetEventsAsync(b))), $"events of {b}");
            Assert.That(
                (await batchHarness.GetHistoryAsync(b)).OrderBy(h => h.LeadId),
                Is.EqualTo((await singleHarness.GetHistoryAsync(b)).OrderBy(h => h.LeadId)), $"history of {b}");
            Assert.That(WithoutIds(await batchHarness.GetOutboxAsync(b)), Is.EqualTo(WithoutIds(await singleHarness.GetOutboxAsync(b))), $"outbox of {b}");
            for (var lead = 1L; lead <= 220; lead++)
            {
                Assert.That(await batchHarness.GetLeadStatusAsync(b, lead), Is.EqualTo(await singleHarness.GetLeadStatusAsync(b, lead)), $"lead {b}/{lead}");
            }
        }

        Assert.That(await batchHarness.GetEventsAsync(business), Has.Count.GreaterThan(5_000));
    }

    [TestCase(0)]
    [TestCase(4)]
    [TestCase(9)]
    public async Task An_invalid_item_fails_the_call_naming_its_index_and_nothing_is_written(int index)
    {
        await using var harness = await CreateHarnessAsync(0);
        var sut = await ArrangeAsync(new ServiceUnderTest(harness), ServiceUnderTest.NewBusinessId());
        var list = Enumerable.Range(0, 10)
            .Select(i => new StatusRecommendation(sut.Business, 1 + i, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, $"k{i}", 0.9))
            .ToList();
        list[index] = list[index] with { Confidence = 1.5 };

        Assert.That(
            async () => await sut.Updates().ApplyManyAsync(list, new ApplyManyOptions { ChunkSize = 3 }, CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>().Or.InstanceOf<ArgumentException>()
                .With.Property(nameof(ArgumentException.ParamName)).EqualTo($"recommendations[{index}].Confidence")
                .And.Message.Contains($"Item {index} "));
        Assert.That(await harness.GetEventsAsync(sut.Business), Is.Empty);
        Assert.That(await harness.GetOutboxAsync(sut.Business), Is.Empty);
    }

    [Test]
    public async Task A_null_item_fails_the_call_naming_its_index()
    {
        await using var harness = await CreateHarnessAsync(0);
        var sut = new ServiceUnderTest(harness);
        var list = new List<StatusRecommendation>
        {
            new(sut.Business, 1, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, "k0", 0.9), null!,
        };

        Assert.That(
            async () => await sut.Updates().ApplyManyAsync(list),
            Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("recommendations[1]"));
        Assert.That(await harness.GetEventsAsync(sut.Business), Is.Empty);
    }

    [Test]
    public async Task Progress_is_reported_after_each_chunk_and_an_empty_list_writes_nothing()
    {
        await using var harness = await CreateHarnessAsync(0);
        var sut = await ArrangeAsync(new ServiceUnderTest(harness), ServiceUnderTest.NewBusinessId());
        var list = Enumerable.Range(0, 10)
            .Select(i => new StatusRecommendation(sut.Business, 1 + i, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, $"k{i}", 0.9))
            .ToList();
        var reported = new List<int>();

        var results = await sut.Updates().ApplyManyAsync(list, new ApplyManyOptions { ChunkSize = 3, Progress = new SyncProgress(reported) }, CancellationToken.None);
        var none = await sut.Updates().ApplyManyAsync([]);

        Assert.That(reported, Is.EqualTo(new[] { 3, 6, 9, 10 }));
        Assert.That(results, Has.Count.EqualTo(10));
        Assert.That(none, Is.Empty);
        Assert.That(await harness.GetEventsAsync(sut.Business), Has.Count.EqualTo(10));
    }

    [TestCase(0)]
    [TestCase(10_001)]
    public async Task A_chunk_size_out_of_range_is_refused(int chunkSize)
    {
        await using var harness = await CreateHarnessAsync(0);
        var sut = new ServiceUnderTest(harness);

        Assert.That(
            async () => await sut.Updates().ApplyManyAsync([], new ApplyManyOptions { ChunkSize = chunkSize }, CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("options.ChunkSize"));
    }

    [Test]
    public async Task A_host_implementation_gets_the_default_one_by_one_implementation()
    {
        await using var harness = await CreateHarnessAsync(0);
        var sut = await ArrangeAsync(new ServiceUnderTest(harness), ServiceUnderTest.NewBusinessId());
        await harness.SeedLeadAsync(sut.Business, 1, "Dana", "new");
        IStatusUpdateService own = new OwnService(sut.Updates());
        var list = new[]
        {
            new StatusRecommendation(sut.Business, 1, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, "k0", 0.9),
            new StatusRecommendation(sut.Business, 1, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, "k0", 0.9),
        };

        var results = await own.ApplyManyAsync(list);

        Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[] { StatusUpdateOutcome.Applied, StatusUpdateOutcome.AlreadyProcessed }));
        Assert.That(
            async () => await own.ApplyManyAsync([list[0] with { LeadId = 0 }]),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("recommendations[0].LeadId"));
    }

    /// <summary>Seeds the leads of both businesses and configures rules, the review band and the catalogs.</summary>
    private static async Task<ServiceUnderTest> ArrangeAsync(ServiceUnderTest sut, long other)
    {
        var random = new Random(7);
        for (var lead = 1L; lead <= 200; lead++)
        {
            await sut.Harness.SeedLeadAsync(sut.Business, lead, $"Lead {lead}", Statuses[random.Next(Statuses.Length)]);
        }

        for (var lead = 1L; lead <= 50; lead++)
        {
            await sut.Harness.SeedLeadAsync(other, lead, null, Statuses[random.Next(Statuses.Length)]);
        }

        sut.Catalog.Set(other, new LeadStatusDefinition("new", "ליד חדש"), new LeadStatusDefinition("interested", "מעוניין", ["Interested"]));
        sut.Options.SuggestionThreshold = 0.5;
        sut.Rules.Set(sut.Business, new LeadStatusRules
        {
            LockedStatuses = ["won"],
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["lost"] = ["new", "interested", "not_interested"] },
        });
        return sut;
    }

    /// <summary>
    /// A reproducible stream: mostly fresh keys; keys repeated with the same content (a duplicate) and with another lead (a conflict);
    /// a few hot leads named many times; leads that do not exist; the other business naming this business's lead ids; unknown
    /// labels, no tag, confidences below, inside and above the review band.
    /// </summary>
    private static List<StatusRecommendation> GenerateStream(long business, long other, int count, int seed)
    {
        var random = new Random(seed);
        var stream = new List<StatusRecommendation>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            if (stream.Count > 0 && roll < 0.10)
            {
                stream.Add(stream[random.Next(stream.Count)]);
                continue;
            }

            if (stream.Count > 0 && roll < 0.15)
            {
                var earlier = stream[random.Next(stream.Count)];
                stream.Add(earlier with { LeadId = earlier.LeadId % 200 + 1 });
                continue;
            }

            var tenant = roll < 0.22 ? other : business;
            var lead = random.NextDouble() switch
            {
                < 0.30 => 1 + random.Next(5),
                < 0.35 => 201 + random.Next(20),
                _ => 1 + random.Next(tenant == other ? 120 : 200),
            };
            var source = random.Next(4) == 0 ? StatusSources.CallSummary : StatusSources.WhatsAppSummary;
            stream.Add(new StatusRecommendation(tenant, lead, Summaries[random.Next(Summaries.Length)], source,
                FormattableString.Invariant($"e{i}"), Confidences[random.Next(Confidences.Length)]));
        }

        return stream;
    }

    /// <summary>The results with each event id (also in the message of a duplicate) replaced by the idempotency key of the event it names.</summary>
    private static async Task<List<(StatusUpdateResult Result, string? Key)>> WithEventKeysAsync(
        IEnumerable<StatusUpdateResult> results, IStoreHarness harness, params long[] businesses)
    {
        var keys = new Dictionary<long, string>();
        foreach (var business in businesses)
        {
            foreach (var e in await harness.GetEventsAsync(business))
            {
                keys.Add(e.Id, $"{e.BusinessId}/{e.Source}/{e.SourceEventId}");
            }
        }

        return [.. results.Select(r => (r with { EventId = 0, Message = Regex.Replace(r.Message, @"as event \d+", "as event #") },
            r.EventId is { } id ? keys[id] : null))];
    }

    private static List<LeadStatusEventRecord> WithoutIds(IEnumerable<LeadStatusEventRecord> events) =>
        [.. events.OrderBy(e => e.LeadId).Select(e => e with { Id = 0 })];

    private static List<string> WithoutIds(IEnumerable<OutboxEntry> rows) =>
        [.. rows.OrderBy(o => o.Notification.LeadId).Select(o => string.Join('|', o.State, o.Attempts, o.LastError, o.DeliveredAt, o.Notification.Kind, o.Notification.BusinessId,
            o.Notification.LeadId, o.Notification.LeadName, o.Notification.PreviousStatusId, o.Notification.NewStatusId, o.Notification.NewStatusLabel,
            o.Notification.Source, o.Notification.Confidence, o.Notification.ChangedAt))];

    private sealed class SyncProgress(List<int> reported) : IProgress<int>
    {
        public void Report(int value) => reported.Add(value);
    }

    /// <summary>A host's own implementation that only implements the single call.</summary>
    private sealed class OwnService(IStatusUpdateService inner) : IStatusUpdateService
    {
        public Task<StatusUpdateResult> ApplyFromRecommendationAsync(StatusRecommendation recommendation, CancellationToken cancellationToken = default) =>
            inner.ApplyFromRecommendationAsync(recommendation, cancellationToken);
    }
}

[TestFixture]
public sealed class InMemoryBatchConformanceTests : BatchConformanceTests
{
    private protected override Task<IStoreHarness> CreateHarnessAsync(int database) =>
        Task.FromResult<IStoreHarness>(new InMemoryStoreHarness(new InMemoryLeadStatusStore()));
}

[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresBatchConformanceTests : BatchConformanceTests
{
    private readonly PostgresTestDatabase[] _databases = new PostgresTestDatabase[2];

    [OneTimeSetUp]
    public async Task CreateDatabases()
    {
        _databases[0] = await PostgresTestDatabase.CreateAsync("batch");
        _databases[1] = await PostgresTestDatabase.CreateAsync("batch_single");
    }

    [OneTimeTearDown]
    public async Task DropDatabases()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private protected override async Task<IStoreHarness> CreateHarnessAsync(int database) => await _databases[database].CreateHarnessAsync();
}
