using LeadStatus.Labels;
using LeadStatus.Policy;
using LeadStatus.Review;
using LeadStatus.Storage;
using LeadStatus.Tests.Storage;
using LeadStatus.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadStatus.Tests.Policy;

/// <summary>
/// The ordered checks (lead found → same status → locked → transition allowed → manual change protected → apply), the thresholds,
/// automation hours and manual changes, through the service, against both stores: the two implementations of the list agree.
/// </summary>
public abstract class RulesConformanceTests
{
    private ServiceUnderTest _sut = null!;

    private protected abstract Task<IStoreHarness> CreateHarnessAsync();

    private IStoreHarness Harness => _sut.Harness;

    private FakeTimeProvider Time => _sut.Time;

    private InMemoryStatusCatalog Catalog => _sut.Catalog;

    private InMemoryStatusRules Rules => _sut.Rules;

    private LeadStatusOptions Options => _sut.Options;

    private long Business => _sut.Business;

    private static DateTimeOffset T0 => ServiceUnderTest.T0;

    [SetUp]
    public async Task CreateHarness() => _sut = new ServiceUnderTest(await CreateHarnessAsync());

    [TearDown]
    public async Task DisposeHarness() => await _sut.Harness.DisposeAsync();

    [Test]
    public async Task A_locked_status_is_never_left_by_automation_and_the_reason_names_it()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "won");
        Rules.Set(Business, new LeadStatusRules { LockedStatuses = ["won", "lost"] });

        var result = await ApplyAsync("[המלצה: מעוניין]");

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule));
        Assert.That(result.Message, Is.EqualTo("Locked status 'won'."));
        await AssertUnchangedAsync("won", StatusUpdateOutcome.RejectedByRule, "locked status 'won'");
    }

    [Test]
    public async Task A_locked_status_may_be_the_target()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "interested");
        Rules.Set(Business, new LeadStatusRules { LockedStatuses = ["won"] });

        var result = await ApplyAsync("[Recommendation: Won]");

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(await Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("won"));
    }

    [Test]
    public async Task Same_status_is_checked_before_locked()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "won");
        Rules.Set(Business, new LeadStatusRules { LockedStatuses = ["won"] });

        var result = await ApplyAsync("[Recommendation: Won]");

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.SameStatus));
    }

    [Test]
    public async Task Locked_is_checked_before_the_transition_list()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "lost");
        Rules.Set(Business, new LeadStatusRules
        {
            LockedStatuses = ["lost"],
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["interested"] = ["new"] },
        });

        var result = await ApplyAsync("[המלצה: מעוניין]");

        Assert.That(result.Message, Is.EqualTo("Locked status 'lost'."));
    }

    [Test]
    public async Task A_transition_the_list_does_not_name_is_refused()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "not_interested");
        Rules.Set(Business, new LeadStatusRules
        {
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["interested"] = ["new", "lost"] },
        });

        var result = await ApplyAsync("[המלצה: מעוניין]");

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule));
        await AssertUnchangedAsync("not_interested", StatusUpdateOutcome.RejectedByRule, "transition not_interested → interested not allowed");
    }

    [Test]
    public async Task A_transition_the_list_names_applies_and_targets_not_listed_are_free()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "lost");
        await Harness.SeedLeadAsync(Business, 2, "Avi", "new");
        Rules.Set(Business, new LeadStatusRules
        {
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["interested"] = ["new", "lost"] },
        });

        var named = await ApplyAsync("[המלצה: מעוניין]");
        var free = await ApplyAsync("[Recommendation: Won]", leadId: 2, key: "k2");

        Assert.That(named.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(free.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
    }

    [Test]
    public async Task A_manual_change_is_protected_until_exactly_the_window_has_passed()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        var manual = await ManualAsync("not_interested", "dana", "m-1");
        Assert.That(manual.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));

        Time.Advance(TimeSpan.FromHours(3));
        var early = await ApplyAsync("[המלצה: מעוניין]", key: "k1");
        Time.Advance(TimeSpan.FromHours(21) - TimeSpan.FromSeconds(1));
        var justBefore = await ApplyAsync("[המלצה: מעוניין]", key: "k2");
        Time.Advance(TimeSpan.FromSeconds(1));
        var atTheEnd = await ApplyAsync("[המלצה: מעוניין]", key: "k3");

        Assert.That(early.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule));
        Assert.That(early.Message, Is.EqualTo("Manual change by dana 180 min ago is protected for 24 h."));
        Assert.That(justBefore.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule));
        Assert.That(justBefore.Message, Is.EqualTo("Manual change by dana 1439 min ago is protected for 24 h."));
        Assert.That(atTheEnd.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(atTheEnd.PreviousStatusId, Is.EqualTo("not_interested"));
    }

    [Test]
    public async Task Protection_comes_after_the_transition_rules_and_a_business_may_turn_it_off()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        await ManualAsync("lost", "dana", "m-1");
        Rules.Set(Business, new LeadStatusRules
        {
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["interested"] = ["new"] },
        });

        var transition = await ApplyAsync("[המלצה: מעוניין]", key: "k1");
        Rules.Set(Business, new LeadStatusRules { ManualChangeProtection = TimeSpan.Zero });
        var unprotected = await ApplyAsync("[המלצה: מעוניין]", key: "k2");

        Assert.That(transition.Message, Is.EqualTo("Transition lost → interested not allowed."));
        Assert.That(unprotected.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
    }

    [Test]
    public async Task A_manual_change_to_the_same_status_also_starts_protection()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");

        var same = await ManualAsync("new", "avi", "m-1");
        var recommendation = await ApplyAsync("[המלצה: מעוניין]");

        Assert.That(same.Outcome, Is.EqualTo(StatusUpdateOutcome.SameStatus));
        Assert.That(recommendation.Message, Is.EqualTo("Manual change by avi 0 min ago is protected for 24 h."));
    }

    [Test]
    public async Task A_source_threshold_beats_the_business_threshold_which_beats_the_option()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        Options.ConfidenceThreshold = 0.65;
        Rules.Set(Business, new LeadStatusRules
        {
            ConfidenceThreshold = 0.8,
            SourceConfidenceThresholds = new Dictionary<string, double> { [StatusSources.CallSummary] = 0.5 },
        });

        var whatsappBelow = await ApplyAsync("[המלצה: מעוניין]", key: "w1", confidence: 0.79);
        var callAtThreshold = await ApplyAsync("[המלצה: לא מעוניין]", key: "c1", confidence: 0.5, source: StatusSources.CallSummary);
        var whatsappAtThreshold = await ApplyAsync("[המלצה: מעוניין]", key: "w2", confidence: 0.8);

        Assert.That(whatsappBelow.Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
        Assert.That(whatsappBelow.Message, Is.EqualTo("Confidence 0.79 is below the threshold 0.8."));
        Assert.That(callAtThreshold.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(whatsappAtThreshold.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
    }

    [Test]
    public async Task Without_rules_the_option_threshold_applies()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        Options.ConfidenceThreshold = 0.9;

        var result = await ApplyAsync("[המלצה: מעוניין]", confidence: 0.89);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
    }

    [Test]
    public async Task Outside_automation_hours_nothing_changes_and_the_reason_names_the_window()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        Rules.Set(Business, new LeadStatusRules { AutomationHours = new AutomationHours(new TimeOnly(9, 0), new TimeOnly(18, 0), "Asia/Jerusalem") });

        var inside = await ApplyAsync("[המלצה: לא מעוניין]", key: "k1");   // 10:00 local
        Time.Advance(TimeSpan.FromHours(8));                               // 18:00 local: the end is exclusive
        var outside = await ApplyAsync("[המלצה: מעוניין]", key: "k2");

        Assert.That(inside.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(outside.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule));
        Assert.That(outside.Message, Is.EqualTo("Outside automation hours 09:00–18:00 Asia/Jerusalem."));
        Assert.That(await Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("not_interested"));
    }

    [Test]
    public async Task Automation_hours_may_cross_midnight()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        Rules.Set(Business, new LeadStatusRules { AutomationHours = new AutomationHours(new TimeOnly(22, 0), new TimeOnly(6, 0), "Asia/Jerusalem") });

        var day = await ApplyAsync("[המלצה: מעוניין]", key: "k1");          // 10:00 local
        Time.Advance(TimeSpan.FromHours(14));                               // 00:00 local
        var night = await ApplyAsync("[המלצה: מעוניין]", key: "k2");

        Assert.That(day.Outcome, Is.EqualTo(StatusUpdateOutcome.RejectedByRule));
        Assert.That(night.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
    }

    [Test]
    public async Task A_manual_change_ignores_automation_rules_and_is_recorded_with_its_actor()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "won");
        Rules.Set(Business, new LeadStatusRules { LockedStatuses = ["won"] });

        var result = await ManualAsync("interested", "דנה לוי", "audit-17");

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(await Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("interested"));
        var recorded = (await Harness.GetEventsAsync(Business)).Single();
        Assert.That(recorded.Kind, Is.EqualTo(LeadStatusEventKind.ManualChange));
        Assert.That(recorded.Actor, Is.EqualTo("דנה לוי"));
        Assert.That(recorded.Source, Is.EqualTo(StatusReviewService.ManualSource));
        Assert.That(recorded.Id, Is.EqualTo(result.EventId));
        Assert.That(await Harness.GetHistoryAsync(Business), Is.EqualTo(new[]
        {
            new LeadStatusHistoryRecord(Business, 1, "won", "interested", "manual", 1, "manual change by דנה לוי", T0),
        }));
        Assert.That(await Harness.GetOutboxAsync(Business), Is.Empty, "manual changes do not notify by default");
    }

    [Test]
    public async Task A_manual_change_notifies_when_the_option_says_so()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        Options.NotifyManualChanges = true;

        await ManualAsync("interested", "dana", "m-1");

        Assert.That(await Harness.GetOutboxAsync(Business), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_manual_change_is_idempotent_per_key_with_conflicts()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        var first = await ManualAsync("interested", "dana", "m-1");

        var again = await ManualAsync("interested", "dana", "m-1");
        var conflict = await ManualAsync("lost", "dana", "m-1");

        Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(again.EventId, Is.EqualTo(first.EventId));
        Assert.That(conflict.Outcome, Is.EqualTo(StatusUpdateOutcome.IdempotencyKeyConflict));
        Assert.That(await Harness.GetEventsAsync(Business), Has.Count.EqualTo(1));
        Assert.That(await Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo("interested"));
    }

    [Test]
    public async Task A_manual_change_to_a_status_the_catalog_lacks_changes_nothing()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");

        var result = await ManualAsync("vip", "dana", "m-1");

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel));
        Assert.That(result.Message, Is.EqualTo("Status 'vip' is not in the business's catalog."));
        await AssertUnchangedAsync("new", StatusUpdateOutcome.UnknownLabel, "status 'vip' is not in the business's catalog");
    }

    [Test]
    public async Task A_manual_change_of_another_business_lead_is_lead_not_found_and_touches_nothing()
    {
        var other = ServiceUnderTest.NewBusinessId();
        await Harness.SeedLeadAsync(other, 1, "Other", "new");

        var result = await ManualAsync("interested", "dana", "m-1");

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That(result.Message, Does.Not.Contain(other.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await Harness.GetLeadStatusAsync(other, 1), Is.EqualTo("new"));
        Assert.That(await Harness.GetEventsAsync(other), Is.Empty);
    }

    [Test]
    public async Task Events_record_their_kind_and_how_the_label_matched()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");

        await ApplyAsync("[המלצה: מעוניין]", key: "exact");
        await ApplyAsync("[המלצה: אבוד לגמרי]", key: "partial");
        await ApplyAsync("no tag here", key: "none");

        var events = await Harness.GetEventsAsync(Business);
        Assert.That(events.Select(e => (e.Kind, e.MatchKind, e.Actor)), Is.EqualTo(new (LeadStatusEventKind, StatusMatchKind?, string?)[]
        {
            (LeadStatusEventKind.Recommendation, StatusMatchKind.Exact, null),
            (LeadStatusEventKind.Recommendation, StatusMatchKind.Partial, null),
            (LeadStatusEventKind.Recommendation, null, null),
        }));
    }

    [Test]
    public async Task Rules_a_provider_returns_invalid_fail_the_call_and_write_nothing()
    {
        await Harness.SeedLeadAsync(Business, 1, "Dana", "new");
        var broken = new BrokenRules(new LeadStatusRules { ConfidenceThreshold = double.NaN });

        Assert.That(() => ApplyAsync("[המלצה: מעוניין]", provider: broken),
            Throws.InvalidOperationException.With.Message.Contains("ConfidenceThreshold"));
        Assert.That(await Harness.GetEventsAsync(Business), Is.Empty);
    }

    private sealed class BrokenRules(LeadStatusRules rules) : IStatusRulesProvider
    {
        public ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default) => new(rules);
    }

    private async Task AssertUnchangedAsync(string status, StatusUpdateOutcome outcome, string reason)
    {
        Assert.That(await Harness.GetLeadStatusAsync(Business, 1), Is.EqualTo(status));
        var recorded = (await Harness.GetEventsAsync(Business))[^1];
        Assert.That((recorded.Outcome, recorded.Reason, recorded.Applied), Is.EqualTo((outcome, reason, false)));
        Assert.That(await Harness.GetHistoryAsync(Business), Has.None.Matches<LeadStatusHistoryRecord>(h => h.CreatedAt == Time.GetUtcNow() && h.Source != "manual"));
        Assert.That(await Harness.GetOutboxAsync(Business), Is.Empty);
    }

    private Task<StatusUpdateResult> ApplyAsync(
        string summary, long leadId = 1, string key = "k", double confidence = 0.9, string source = StatusSources.WhatsAppSummary,
        IStatusRulesProvider? provider = null) => _sut.ApplyAsync(summary, leadId, key, confidence, source, provider);

    private Task<StatusUpdateResult> ManualAsync(string status, string actor, string key) => _sut.ManualAsync(status, actor, key);
}

[TestFixture]
public sealed class InMemoryRulesConformanceTests : RulesConformanceTests
{
    private protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new InMemoryStoreHarness(new InMemoryLeadStatusStore()));
}

[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresRulesConformanceTests : RulesConformanceTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("rules");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    private protected override async Task<IStoreHarness> CreateHarnessAsync() => await _database.CreateHarnessAsync();
}
