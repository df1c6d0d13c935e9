using LeadStatus.Tests.Storage;
using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Review;

/// <summary>
/// The review queue and undo (ARCHITECTURE §6, Review) through the services, against both stores: every state of a suggestion
/// (pending → accepted / rejected / superseded / expired) and of an applied change (kept / reverted / moved on).
/// </summary>
public abstract class ReviewConformanceTests
{
    private ServiceUnderTest _sut = null!;

    private IStatusReviewService Review => _sut.Review();

    private long Business => _sut.Business;

    private protected abstract Task<IStoreHarness> CreateHarnessAsync();

    [SetUp]
    public async Task CreateHarness()
    {
        _sut = new ServiceUnderTest(await CreateHarnessAsync());
        _sut.Options.SuggestionThreshold = 0.5;
        await _sut.Harness.SeedLeadAsync(Business, 1, "Dana", "new");
    }

    [TearDown]
    public async Task DisposeHarness() => await _sut.Harness.DisposeAsync();

    [Test]
    public async Task A_recommendation_in_the_review_band_waits_for_a_person()
    {
        var result = await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.55);
        var below = await _sut.ApplyAsync("[המלצה: מעוניין]", key: "k2", confidence: 0.49);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.PendingReview));
        Assert.That(result.Message, Is.EqualTo("Confidence 0.55 is in the review band 0.5–0.65."));
        Assert.That(below.Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
        Assert.That(await Review.GetPendingSuggestionsAsync(Business), Is.EqualTo(new[]
        {
            new StatusSuggestion(result.EventId!.Value, Business, 1, "new", "interested", "מעוניין", StatusSources.WhatsAppSummary, 0.55, ServiceUnderTest.T0),
        }));
        Assert.That((await _sut.Harness.GetEventsAsync(Business))[0].ReviewState, Is.EqualTo(SuggestionState.Pending));
        Assert.That(await _sut.Harness.GetHistoryAsync(Business), Is.Empty);
        var notified = (await _sut.Harness.GetOutboxAsync(Business)).Single().Notification;
        Assert.That((notified.Kind, notified.EventId, notified.PreviousStatusId, notified.NewStatusId, notified.NewStatusLabel, notified.LeadName),
            Is.EqualTo((NotificationKind.SuggestionPending, result.EventId!.Value, "new", "interested", "מעוניין", "Dana")),
            "the business's users learn that something waits for them");
    }

    [Test]
    public async Task Accepting_applies_once_and_a_second_decision_is_already_processed()
    {
        var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.55)).EventId!.Value;

        var accepted = await Review.AcceptSuggestionAsync(Business, suggestion, "dana");
        var again = await Review.AcceptSuggestionAsync(Business, suggestion, "dana");
        var rejectAfter = await Review.RejectSuggestionAsync(Business, suggestion, "avi");

        Assert.That(accepted.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That((accepted.PreviousStatusId, accepted.NewStatusId), Is.EqualTo(("new", "interested")));
        Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(again.EventId, Is.EqualTo(accepted.EventId));
        Assert.That(rejectAfter.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("interested"));
        Assert.That(await Review.GetPendingSuggestionsAsync(Business), Is.Empty);

        var events = await _sut.Harness.GetEventsAsync(Business);
        Assert.That(events[0].ReviewState, Is.EqualTo(SuggestionState.Accepted));
        var accept = events.Single(e => e.Id == accepted.EventId);
        Assert.That((accept.Kind, accept.Actor, accept.RefersToEventId, accept.Applied), Is.EqualTo((LeadStatusEventKind.SuggestionAccepted, "dana", (long?)suggestion, true)));
        Assert.That(accept.Reason, Is.EqualTo($"suggestion {suggestion} accepted by dana"));
        Assert.That(await _sut.Harness.GetHistoryAsync(Business), Has.Count.EqualTo(1));
        var outbox = await _sut.Harness.GetOutboxAsync(Business);
        Assert.That(outbox.Select(o => (o.Notification.Kind, o.Notification.EventId, o.Notification.NewStatusId, o.Notification.NewStatusLabel)), Is.EqualTo(new[]
        {
            (NotificationKind.SuggestionPending, suggestion, "interested", "מעוניין"),
            (NotificationKind.StatusChanged, accepted.EventId!.Value, "interested", "מעוניין"),
        }));
    }

    [Test]
    public async Task Rejecting_changes_nothing_and_closes_the_suggestion()
    {
        var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.55)).EventId!.Value;

        var rejected = await Review.RejectSuggestionAsync(Business, suggestion, "dana");
        var acceptAfter = await Review.AcceptSuggestionAsync(Business, suggestion, "dana");

        Assert.That(rejected.Outcome, Is.EqualTo(StatusUpdateOutcome.SuggestionRejected));
        Assert.That(rejected.Message, Is.EqualTo($"Suggestion {suggestion} rejected by dana."));
        Assert.That(acceptAfter.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
        Assert.That(await Review.GetPendingSuggestionsAsync(Business), Is.Empty);
        Assert.That((await _sut.Harness.GetEventsAsync(Business))[0].ReviewState, Is.EqualTo(SuggestionState.Rejected));
        Assert.That((await _sut.Harness.GetOutboxAsync(Business)).Select(o => o.Notification.Kind), Is.EqualTo(new[] { NotificationKind.SuggestionPending }),
            "only the suggestion's own notification; a rejection changes nothing");
    }

    [Test]
    public async Task A_newer_suggestion_supersedes_the_older_one()
    {
        var older = (await _sut.ApplyAsync("[המלצה: מעוניין]", key: "a", confidence: 0.55)).EventId!.Value;
        var newer = (await _sut.ApplyAsync("[המלצה: לא מעוניין]", key: "b", confidence: 0.6)).EventId!.Value;

        var acceptOlder = await Review.AcceptSuggestionAsync(Business, older, "dana");

        Assert.That((await Review.GetPendingSuggestionsAsync(Business)).Select(s => s.EventId), Is.EqualTo(new[] { newer }));
        Assert.That(acceptOlder.Outcome, Is.EqualTo(StatusUpdateOutcome.Superseded));
        Assert.That(acceptOlder.Message, Is.EqualTo($"Suggestion {older} is no longer pending (expired, superseded or decided)."));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
    }

    [Test]
    public async Task An_applied_change_and_a_manual_change_supersede_pending_suggestions()
    {
        var first = (await _sut.ApplyAsync("[המלצה: מעוניין]", key: "a", confidence: 0.55)).EventId!.Value;
        await _sut.ApplyAsync("[המלצה: לא מעוניין]", key: "b", confidence: 0.9);
        var second = (await _sut.ApplyAsync("[Recommendation: won]", key: "c", confidence: 0.55)).EventId!.Value;
        await _sut.ManualAsync("not_interested", "avi", "m-1");

        Assert.That(await Review.GetPendingSuggestionsAsync(Business), Is.Empty);
        var states = (await _sut.Harness.GetEventsAsync(Business)).Where(e => e.Id == first || e.Id == second).Select(e => e.ReviewState);
        Assert.That(states, Is.All.EqualTo(SuggestionState.Superseded));
    }

    [Test]
    public async Task A_suggestion_whose_lead_moved_on_outside_the_library_is_superseded_when_accepted()
    {
        var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.55)).EventId!.Value;
        await _sut.Harness.SeedLeadAsync(Business, 1, "Dana", "lost");

        var accepted = await Review.AcceptSuggestionAsync(Business, suggestion, "dana");

        Assert.That(accepted.Outcome, Is.EqualTo(StatusUpdateOutcome.Superseded));
        Assert.That(accepted.Message, Is.EqualTo("The lead moved on from 'new' and now has 'lost'."));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("lost"));
        Assert.That(await Review.GetPendingSuggestionsAsync(Business), Is.Empty);
    }

    [Test]
    public async Task A_suggestion_expires_after_its_lifetime()
    {
        var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.55)).EventId!.Value;
        _sut.Time.Advance(_sut.Options.SuggestionLifetime - TimeSpan.FromSeconds(1));
        var listedBefore = await Review.GetPendingSuggestionsAsync(Business);
        _sut.Time.Advance(TimeSpan.FromSeconds(1));

        var listed = await Review.GetPendingSuggestionsAsync(Business);
        var accepted = await Review.AcceptSuggestionAsync(Business, suggestion, "dana");

        Assert.That(listedBefore, Has.Count.EqualTo(1));
        Assert.That(listed, Is.Empty);
        Assert.That(accepted.Outcome, Is.EqualTo(StatusUpdateOutcome.Superseded));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
    }

    [Test]
    public async Task Accepting_rechecks_locked_statuses_and_transitions()
    {
        var locked = (await _sut.ApplyAsync("[המלצה: מעוניין]", key: "a", confidence: 0.55)).EventId!.Value;
        _sut.Rules.Set(Business, new LeadStatusRules { LockedStatuses = ["new"] });
        var refusedByLock = await Review.AcceptSuggestionAsync(Business, locked, "dana");

        _sut.Rules.Remove(Business);
        var transition = (await _sut.ApplyAsync("[Recommendation: won]", key: "b", confidence: 0.55)).EventId!.Value;
        _sut.Rules.Set(Business, new LeadStatusRules
        {
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["won"] = ["interested"] },
        });
        var refusedByTransition = await Review.AcceptSuggestionAsync(Business, transition, "dana");

        Assert.That(refusedByLock.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule));
        Assert.That(refusedByLock.Message, Is.EqualTo("Locked status 'new'."));
        Assert.That(refusedByTransition.Message, Is.EqualTo("Transition new → won not allowed."));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
        Assert.That(await Review.GetPendingSuggestionsAsync(Business), Is.Empty, "a refused accept closes the suggestion");
    }

    [Test]
    public async Task With_a_review_queue_a_protected_recommendation_waits_for_a_person_who_may_accept_it()
    {
        await _sut.ManualAsync("not_interested", "avi", "m-1");

        var suggestion = await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.95);
        var accepted = await Review.AcceptSuggestionAsync(Business, suggestion.EventId!.Value, "dana");

        Assert.That(suggestion.Outcome, Is.EqualTo(StatusUpdateOutcome.PendingReview));
        Assert.That(suggestion.Message, Is.EqualTo("Manual change by avi 0 min ago is protected for 24 h."));
        Assert.That(accepted.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), "an accept is itself a person's decision");
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("interested"));
    }

    [Test]
    public async Task Accepting_a_suggestion_whose_status_left_the_catalog_changes_nothing()
    {
        var suggestion = (await _sut.ApplyAsync("[Recommendation: won]", confidence: 0.55)).EventId!.Value;
        _sut.Catalog.Set(Business, new LeadStatusDefinition("new", "ליד חדש"), new LeadStatusDefinition("lost", "אבוד"));

        var accepted = await Review.AcceptSuggestionAsync(Business, suggestion, "dana");

        Assert.That(accepted.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel));
        Assert.That(accepted.Message, Is.EqualTo("Status 'won' is no longer in the business's catalog."));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
    }

    [Test]
    public async Task Another_business_cannot_act_on_a_suggestion_or_a_change_and_learns_nothing()
    {
        var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", key: "a", confidence: 0.55)).EventId!.Value;
        var other = ServiceUnderTest.NewBusinessId();

        var accept = await Review.AcceptSuggestionAsync(other, suggestion, "eve");
        var revert = await Review.RevertChangeAsync(other, suggestion, "eve");

        Assert.That(accept.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That(accept.EventId, Is.Null);
        Assert.That(accept.Message, Is.EqualTo($"Event {suggestion} is not a suggestion of business {other}; nothing changed."));
        Assert.That(revert.Message, Does.Not.Contain(Business.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await _sut.Harness.GetEventsAsync(other), Is.Empty);
        Assert.That(await _sut.Harness.GetEventsAsync(Business), Has.Count.EqualTo(1));
        Assert.That(await Review.GetPendingSuggestionsAsync(other), Is.Empty);
    }

    [Test]
    public async Task Reverting_an_automated_change_restores_the_status_notifies_and_starts_protection()
    {
        var applied = await _sut.ApplyAsync("[המלצה: מעוניין]", key: "a");

        var reverted = await Review.RevertChangeAsync(Business, applied.EventId!.Value, "dana");
        var again = await Review.RevertChangeAsync(Business, applied.EventId!.Value, "dana");
        var next = await _sut.ApplyAsync("[Recommendation: won]", key: "b");

        Assert.That(reverted.Outcome, Is.EqualTo(StatusUpdateOutcome.Reverted));
        Assert.That((reverted.PreviousStatusId, reverted.NewStatusId), Is.EqualTo(("interested", "new")));
        Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(next.Outcome, Is.EqualTo(StatusUpdateOutcome.PendingReview), "a revert is a person's change; with a review queue a person decides");
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
        var history = await _sut.Harness.GetHistoryAsync(Business);
        Assert.That(history.Select(h => (h.OldStatus, h.NewStatus, h.Source)), Is.EqualTo(new[]
        {
            ("new", "interested", StatusSources.WhatsAppSummary), ("interested", "new", "review"),
        }));
        var revert = (await _sut.Harness.GetEventsAsync(Business)).Single(e => e.Id == reverted.EventId);
        Assert.That((revert.Kind, revert.Actor, revert.RefersToEventId, revert.Outcome, revert.Applied),
            Is.EqualTo((LeadStatusEventKind.Revert, "dana", applied.EventId, StatusUpdateOutcome.Reverted, true)));
        Assert.That((await _sut.Harness.GetOutboxAsync(Business)).Select(o => (o.Notification.Kind, o.Notification.EventId)), Is.EqualTo(new[]
        {
            (NotificationKind.StatusChanged, applied.EventId!.Value),
            (NotificationKind.ChangeReverted, reverted.EventId!.Value),
            (NotificationKind.SuggestionPending, next.EventId!.Value),
        }));
    }

    [Test]
    public async Task A_change_the_lead_has_moved_on_from_is_not_reverted()
    {
        var applied = await _sut.ApplyAsync("[המלצה: מעוניין]", key: "a");
        await _sut.ApplyAsync("[Recommendation: won]", key: "b");

        var reverted = await Review.RevertChangeAsync(Business, applied.EventId!.Value, "dana");

        Assert.That(reverted.Outcome, Is.EqualTo(StatusUpdateOutcome.Superseded));
        Assert.That(reverted.Message, Is.EqualTo("The lead no longer has 'interested' (it has 'won')."));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("won"));
    }

    [Test]
    public async Task An_accepted_suggestion_is_reverted_through_the_accept_event()
    {
        var suggestion = (await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.55)).EventId!.Value;
        var accepted = await Review.AcceptSuggestionAsync(Business, suggestion, "dana");

        var bySuggestion = await Review.RevertChangeAsync(Business, suggestion, "dana");
        var byAccept = await Review.RevertChangeAsync(Business, accepted.EventId!.Value, "dana");

        Assert.That(bySuggestion.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound), "a suggestion is not a change");
        Assert.That(byAccept.Outcome, Is.EqualTo(StatusUpdateOutcome.Reverted));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("new"));
    }

    [Test]
    public async Task Events_that_are_not_automated_changes_cannot_be_reverted()
    {
        var below = await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.1);
        var manual = await _sut.ManualAsync("won", "avi", "m-1");

        Assert.That((await Review.RevertChangeAsync(Business, below.EventId!.Value, "dana")).Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That((await Review.RevertChangeAsync(Business, manual.EventId!.Value, "dana")).Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That((await Review.RevertChangeAsync(Business, 987_654_321, "dana")).Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That(await _sut.Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("won"));
    }

    [Test]
    public async Task The_queue_is_newest_first_and_bounded()
    {
        for (var lead = 2; lead <= 6; lead++)
        {
            await _sut.Harness.SeedLeadAsync(Business, lead, null, "new");
            _sut.Time.Advance(TimeSpan.FromMinutes(1));
            await _sut.ApplyAsync("[המלצה: מעוניין]", leadId: lead, key: "k" + lead, confidence: 0.55);
        }

        var listed = await Review.GetPendingSuggestionsAsync(Business, limit: 3);

        Assert.That(listed.Select(s => s.LeadId), Is.EqualTo(new long[] { 6, 5, 4 }));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("dana\u0007")]
    public void Actors_must_be_named_without_control_characters(string actor)
    {
        Assert.That(async () => await Review.AcceptSuggestionAsync(Business, 1, actor),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("actor"));
        Assert.That(async () => await Review.RevertChangeAsync(Business, 1, new string('x', 129)),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("actor"));
        Assert.That(async () => await _sut.ManualAsync("won", actor, "m-1"),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("ChangedBy"));
    }

    [TestCase(0)]
    [TestCase(1001)]
    public void A_limit_outside_one_to_a_thousand_is_refused(int limit) =>
        Assert.That(async () => await Review.GetPendingSuggestionsAsync(Business, limit),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("limit"));
}

[TestFixture]
public sealed class InMemoryReviewConformanceTests : ReviewConformanceTests
{
    private protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new InMemoryStoreHarness(new InMemoryLeadStatusStore()));
}

[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresReviewConformanceTests : ReviewConformanceTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("review");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    private protected override async Task<IStoreHarness> CreateHarnessAsync() => await _database.CreateHarnessAsync();
}
