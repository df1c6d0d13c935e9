using LeadStatus.Notifications;
using LeadStatus.Storage;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// The semantics every <see cref="ILeadStatusStore"/> and <see cref="INotificationOutbox"/> keeps (ARCHITECTURE §3),
/// run against the in-memory store and against PostgreSQL.
/// </summary>
public abstract partial class StoreConformanceTests
{
    private static long _nextBusinessId = 1000;
    private IStoreHarness _harness = null!;

    private protected IStoreHarness Harness => _harness;

    private ILeadStatusStore Store => _harness.Store;

    private INotificationOutbox Outbox => _harness.Outbox;

    private protected abstract Task<IStoreHarness> CreateHarnessAsync();

    [SetUp]
    public async Task CreateHarness() => _harness = await CreateHarnessAsync();

    [TearDown]
    public async Task DisposeHarness() => await _harness.DisposeAsync();

    private protected static long NewBusinessId() => Interlocked.Increment(ref _nextBusinessId);

    [Test]
    public async Task Applied_path_records_the_event_changes_the_lead_and_appends_history_and_outbox()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "דנה כהן", "new");
        var write = Writes.Apply(b, 7, "wa-1");

        var result = await Store.RecordAsync(write, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(result.RecordedOutcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(result.PreviousStatusId, Is.EqualTo("new"));
        Assert.That(result.NewStatusId, Is.EqualTo("interested"));
        Assert.That(result.RecommendedLabel, Is.EqualTo("מעוניין"));
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo("interested"));

        var events = await _harness.GetEventsAsync(b);
        Assert.That(events, Has.Count.EqualTo(1));
        var recorded = events[0];
        Assert.That(recorded.Id, Is.EqualTo(result.EventId));
        Assert.That(recorded, Is.EqualTo(new LeadStatusEventRecord(
            result.EventId, b, 7, StatusSources.WhatsAppSummary, "wa-1", "מעוניין", "interested", 0.9, StatusUpdateOutcome.Applied,
            "exact match", "new", true, Writes.T0, Writes.T0)));

        Assert.That(await _harness.GetHistoryAsync(b), Is.EqualTo(new[]
        {
            new LeadStatusHistoryRecord(b, 7, "new", "interested", StatusSources.WhatsAppSummary, 0.9, "exact match", Writes.T0),
        }));

        var outbox = await _harness.GetOutboxAsync(b);
        Assert.That(outbox, Has.Count.EqualTo(1));
        Assert.That(outbox[0] with { Id = 0 }, Is.EqualTo(new OutboxEntry(
            0,
            new StatusChangeNotification(
                write.NotificationId, result.EventId, b, 7, "דנה כהן", "new", null, "interested", "מעוניין", StatusSources.WhatsAppSummary, 0.9,
                Writes.T0, string.Empty, string.Empty),
            OutboxState.Pending,
            0,
            null,
            null)));
    }

    [Test]
    public async Task Bad_catalog_rows_are_left_out_and_every_store_records_the_same()
    {
        // Regression (issue 15, findings 2 and 3): a blank label threw ArgumentException for every tagged call of the business,
        // and a NUL in a label was applied and notified by the in-memory store while PostgreSQL threw.
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        var catalog = LeadStatus.Labels.StatusCatalogSnapshot.Create(
        [
            new("hot", "חם"),
            new("blank", " "),
            new("cold", "קר\0"),
            new("nul\0id", "פושר"),
            new("warm", "חמים\uD800"),
            new(new string('x', 129), "ארוך"),
            new("hot", "רותח"),
        ]);

        var applied = await Store.RecordAsync(Writes.Mapped(b, 7, "wa-1", "חם", catalog), CancellationToken.None);
        var nul = await Store.RecordAsync(Writes.Mapped(b, 7, "wa-2", "קר", catalog), CancellationToken.None);
        var nulId = await Store.RecordAsync(Writes.Mapped(b, 7, "wa-3", "פושר", catalog), CancellationToken.None);
        var duplicate = await Store.RecordAsync(Writes.Mapped(b, 7, "wa-4", "רותח", catalog), CancellationToken.None);

        Assert.That(catalog.Problems, Has.Count.EqualTo(6));
        Assert.That(applied.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(applied.NewStatusId, Is.EqualTo("hot"));
        Assert.That(new[] { nul.Outcome, nulId.Outcome, duplicate.Outcome }, Is.All.EqualTo(StatusUpdateOutcome.UnknownLabel));
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo("hot"));
        Assert.That((await _harness.GetEventsAsync(b)).Select(e => e.Outcome), Is.EqualTo(new[]
        {
            StatusUpdateOutcome.Applied, StatusUpdateOutcome.UnknownLabel, StatusUpdateOutcome.UnknownLabel, StatusUpdateOutcome.UnknownLabel,
        }));
        var outbox = await _harness.GetOutboxAsync(b);
        Assert.That(outbox.Select(o => o.Notification.NewStatusLabel), Is.EqualTo(new[] { "חם" }));
    }

    [Test]
    public async Task Same_key_again_is_already_processed_with_the_first_event_and_writes_nothing()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        var first = await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);

        var again = await Store.RecordAsync(Writes.Apply(b, 7, "wa-1", now: Writes.T0.AddMinutes(5)), CancellationToken.None);

        Assert.That(again, Is.EqualTo(first with { Outcome = StatusUpdateOutcome.AlreadyProcessed, Reason = null }));
        Assert.That(await _harness.GetEventsAsync(b), Has.Count.EqualTo(1));
        Assert.That(await _harness.GetHistoryAsync(b), Has.Count.EqualTo(1));
        Assert.That(await _harness.GetOutboxAsync(b), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Same_key_for_another_lead_is_an_idempotency_key_conflict_and_writes_nothing()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        await _harness.SeedLeadAsync(b, 8, "Avi", "new");
        var first = await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);

        var other = await Store.RecordAsync(Writes.Apply(b, 8, "wa-1"), CancellationToken.None);

        Assert.That(other.Outcome, Is.EqualTo(StatusUpdateOutcome.IdempotencyKeyConflict));
        Assert.That(other.EventId, Is.EqualTo(first.EventId));
        Assert.That(other.RecordedOutcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(await _harness.GetLeadStatusAsync(b, 8), Is.EqualTo("new"));
        Assert.That(await _harness.GetEventsAsync(b), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Same_key_with_another_label_is_an_idempotency_key_conflict()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        var first = await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);

        var other = await Store.RecordAsync(Writes.Apply(b, 7, "wa-1", statusId: "lost", label: "לא מעוניין"), CancellationToken.None);

        Assert.That(other.Outcome, Is.EqualTo(StatusUpdateOutcome.IdempotencyKeyConflict));
        Assert.That(other.EventId, Is.EqualTo(first.EventId));
        Assert.That(other.NewStatusId, Is.EqualTo("interested"), "the first event's status");
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo("interested"));
        Assert.That(await _harness.GetHistoryAsync(b), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Same_key_in_another_business_or_source_is_a_new_event()
    {
        var b1 = NewBusinessId();
        var b2 = NewBusinessId();
        await _harness.SeedLeadAsync(b1, 7, "Dana", "new");
        await _harness.SeedLeadAsync(b2, 7, "Dana", "new");

        var first = await Store.RecordAsync(Writes.Apply(b1, 7, "k"), CancellationToken.None);
        var otherBusiness = await Store.RecordAsync(Writes.Apply(b2, 7, "k"), CancellationToken.None);
        var otherSource = await Store.RecordAsync(Writes.Apply(b1, 7, "k", source: StatusSources.CallSummary, statusId: "won", label: "נסגר"), CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(otherBusiness.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(otherSource.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(otherSource.PreviousStatusId, Is.EqualTo("interested"));
        Assert.That(await _harness.GetEventsAsync(b1), Has.Count.EqualTo(2));
        Assert.That(await _harness.GetEventsAsync(b2), Has.Count.EqualTo(1));
    }

    [TestCase(StatusUpdateOutcome.NoRecommendation)]
    [TestCase(StatusUpdateOutcome.UnknownLabel)]
    [TestCase(StatusUpdateOutcome.AmbiguousLabel)]
    [TestCase(StatusUpdateOutcome.BelowConfidenceThreshold)]
    [TestCase(StatusUpdateOutcome.RejectedByRule)]
    public async Task Proposed_outcome_other_than_applied_is_recorded_as_is_without_touching_the_lead(StatusUpdateOutcome proposed)
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");

        var result = await Store.RecordAsync(Writes.Apply(b, 7, "wa-1", proposed: proposed, reason: "because"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(proposed));
        Assert.That(result.PreviousStatusId, Is.Null, "the lead is not read");
        var events = await _harness.GetEventsAsync(b);
        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0].Outcome, Is.EqualTo(proposed));
        Assert.That(events[0].Reason, Is.EqualTo("because"));
        Assert.That(events[0].Applied, Is.False);
        Assert.That(events[0].AppliedAt, Is.Null);
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo("new"));
        Assert.That(await _harness.GetHistoryAsync(b), Is.Empty);
        Assert.That(await _harness.GetOutboxAsync(b), Is.Empty);
    }

    [Test]
    public async Task Same_status_is_recorded_with_its_reason_and_changes_nothing()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "interested");

        var result = await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.SameStatus));
        Assert.That(result.PreviousStatusId, Is.EqualTo("interested"));
        var events = await _harness.GetEventsAsync(b);
        Assert.That(events.Single().Reason, Is.EqualTo(StoreReasons.SameStatus));
        Assert.That(events.Single().PreviousStatusId, Is.EqualTo("interested"));
        Assert.That(await _harness.GetHistoryAsync(b), Is.Empty);
        Assert.That(await _harness.GetOutboxAsync(b), Is.Empty);
    }

    [Test]
    public async Task Missing_lead_is_lead_not_found_and_recorded()
    {
        var b = NewBusinessId();

        var result = await Store.RecordAsync(Writes.Apply(b, 404, "wa-1"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That(result.PreviousStatusId, Is.Null);
        var events = await _harness.GetEventsAsync(b);
        Assert.That(events.Single().Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That(events.Single().Reason, Is.EqualTo(StoreReasons.LeadNotFound));
        Assert.That(await _harness.GetHistoryAsync(b), Is.Empty);
    }

    [Test]
    public async Task Lead_of_another_business_is_lead_not_found_untouched_and_the_event_stays_with_the_caller()
    {
        var caller = NewBusinessId();
        var owner = NewBusinessId();
        await _harness.SeedLeadAsync(owner, 7, "Dana", "new");

        var result = await Store.RecordAsync(Writes.Apply(caller, 7, "wa-1"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That(result.PreviousStatusId, Is.Null, "nothing of the other business is revealed");
        Assert.That(await _harness.GetLeadStatusAsync(owner, 7), Is.EqualTo("new"));
        Assert.That(await _harness.GetEventsAsync(caller), Has.Count.EqualTo(1));
        Assert.That(await _harness.GetEventsAsync(owner), Is.Empty);
        Assert.That(await _harness.GetHistoryAsync(owner), Is.Empty);
        Assert.That(await _harness.GetOutboxAsync(owner), Is.Empty);
    }

    private static IEnumerable<TestCaseData> HostileTexts()
    {
        yield return new TestCaseData("it's \"quoted\" \\ back\\slash").SetName("Hostile text with quotes and backslashes is stored verbatim");
        yield return new TestCaseData("'; DROP TABLE leads;--").SetName("Hostile text with an SQL injection is stored verbatim");
        yield return new TestCaseData("\u202Bמעוניין\u202C \u200Fלקוח\u200F").SetName("Hostile text with RTL and bidi marks is stored verbatim");
        yield return new TestCaseData(new string('ש', 255)).SetName("Hostile text of 255 characters is stored verbatim");
        yield return new TestCaseData("$1 @b :p {0} %s").SetName("Hostile text with placeholders is stored verbatim");
    }

    [TestCaseSource(nameof(HostileTexts))]
    public async Task Hostile_text_is_stored_verbatim(string text)
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, text, "new");
        var write = Writes.Apply(b, 7, text, statusId: text, label: text, statusLabel: text, reason: text);

        var result = await Store.RecordAsync(write, CancellationToken.None);
        var again = await Store.RecordAsync(write, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo(text));
        var recorded = (await _harness.GetEventsAsync(b)).Single();
        Assert.That(recorded.SourceEventId, Is.EqualTo(text));
        Assert.That(recorded.RecommendedStatusLabel, Is.EqualTo(text));
        Assert.That(recorded.Reason, Is.EqualTo(text));
        var outbox = (await _harness.GetOutboxAsync(b)).Single();
        Assert.That(outbox.Notification.LeadName, Is.EqualTo(text));
        Assert.That(outbox.Notification.NewStatusLabel, Is.EqualTo(text));
    }

    [Test]
    public async Task Wait_for_work_returns_soon_after_an_applied_change_and_times_out_without_one()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        await Outbox.WaitForWorkAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None); // starts listening where that applies

        var idle = System.Diagnostics.Stopwatch.StartNew();
        await Outbox.WaitForWorkAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        idle.Stop();

        var waiting = System.Diagnostics.Stopwatch.StartNew();
        var wait = Outbox.WaitForWorkAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        await Task.Delay(100);
        await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);
        await wait;
        waiting.Stop();

        Assert.That(idle.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150)));
        Assert.That(waiting.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
