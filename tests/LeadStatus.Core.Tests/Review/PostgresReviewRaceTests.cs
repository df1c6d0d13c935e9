using LeadStatus.Tests.Storage;
using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Review;

/// <summary>The review actions under real concurrency on a real server.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresReviewRaceTests
{
    private PostgresTestDatabase _database = null!;
    private ServiceUnderTest _sut = null!;

    private long Business => _sut.Business;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("review_race");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [SetUp]
    public async Task CreateHarness()
    {
        _sut = new ServiceUnderTest(await _database.CreateHarnessAsync());
        _sut.Options.SuggestionThreshold = 0.5;
        await _sut.Harness.SeedLeadAsync(Business, 1, "Dana", "new");
    }

    [TearDown]
    public async Task DisposeHarness() => await _sut.Harness.DisposeAsync();

    [Test]
    public async Task Twenty_concurrent_accepts_apply_the_suggestion_once_and_notify_once()
    {
        var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.55)).EventId!.Value;

        var results = await RaceAsync(Enumerable.Range(0, 20).Select(i => (Func<Task<StatusUpdateResult>>)(() =>
            _sut.Review().AcceptSuggestionAsync(Business, suggestion, "user-" + i))));

        Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.Applied), Is.EqualTo(1));
        Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.AlreadyProcessed), Is.EqualTo(19));
        Assert.That(results.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(await _sut.Harness.GetHistoryAsync(Business), Has.Count.EqualTo(1));
        Assert.That((await _sut.Harness.GetOutboxAsync(Business)).Select(o => o.Notification.Kind),
            Is.EqualTo(new[] { NotificationKind.SuggestionPending, NotificationKind.StatusChanged }), "the suggestion's, then the accept's, once");
    }

    [Test]
    public async Task An_accept_racing_a_newer_recommendation_ends_with_exactly_one_applied_and_an_unbroken_history()
    {
        for (var round = 0; round < 10; round++)
        {
            var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", key: "s" + round, confidence: 0.55)).EventId!.Value;
            var current = await _sut.Harness.GetLeadStatusAsync(Business, 1);
            var target = current == "lost" ? "[Recommendation: won]" : "[Recommendation: lost]";

            var results = await RaceAsync(
            [
                () => _sut.Review().AcceptSuggestionAsync(Business, suggestion, "dana"),
                () => _sut.ApplyAsync(target, key: "r" + round, confidence: 0.9),
            ]);

            Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.Applied), Is.EqualTo(results[0].Outcome == StatusUpdateOutcome.Applied ? 2 : 1),
                $"round {round}: {results[0].Outcome}/{results[1].Outcome}; the accept either ran first (both apply, in order) or was superseded");
            Assert.That(results[1].Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        }

        var history = await _sut.Harness.GetHistoryAsync(Business);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.That(history[i].OldStatus, Is.EqualTo(history[i - 1].NewStatus), $"history row {i}");
        }

        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo(history[^1].NewStatus));
    }

    [Test]
    public async Task An_accept_racing_an_undo_never_leaves_a_state_neither_asked_for()
    {
        _sut.Options.ManualChangeProtection = TimeSpan.Zero; // the undo and the reset between rounds are a person's changes
        for (var round = 0; round < 10; round++)
        {
            var before = await _sut.Harness.GetLeadStatusAsync(Business, 1);
            var changedTo = before == "interested" ? "[Recommendation: won]" : "[המלצה: מעוניין]";
            var change = await _sut.ApplyAsync(changedTo, key: "c" + round, confidence: 0.9);
            Assert.That(change.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
            var suggestion = (await _sut.ApplyAsync("[המלצה: לא מעוניין]", key: "s" + round, confidence: 0.55)).EventId!.Value;

            var results = await RaceAsync(
            [
                () => _sut.Review().AcceptSuggestionAsync(Business, suggestion, "dana"),
                () => _sut.Review().RevertChangeAsync(Business, change.EventId!.Value, "avi"),
            ]);

            var after = await _sut.Harness.GetLeadStatusAsync(Business, 1);
            var (accept, revert) = (results[0].Outcome, results[1].Outcome);
            Assert.That((accept, revert), Is.AnyOf(
                (StatusUpdateOutcome.Applied, StatusUpdateOutcome.Superseded),
                (StatusUpdateOutcome.Superseded, StatusUpdateOutcome.Reverted)), $"round {round}");
            Assert.That(after, Is.EqualTo(accept == StatusUpdateOutcome.Applied ? "not_interested" : before), $"round {round}");
            await _sut.ManualAsync("new", "reset", "reset-" + round);
        }
    }

    private static async Task<StatusUpdateResult[]> RaceAsync(IEnumerable<Func<Task<StatusUpdateResult>>> calls)
    {
        using var start = new ManualResetEventSlim();
        var tasks = calls.Select(call => Task.Run(async () =>
        {
            start.Wait();
            return await call();
        })).ToList();
        start.Set();
        return await Task.WhenAll(tasks);
    }
}
