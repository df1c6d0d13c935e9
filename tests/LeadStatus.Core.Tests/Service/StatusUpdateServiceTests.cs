using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Service;

/// <summary>The behaviours the original service promised, end to end through DI and the in-memory store.</summary>
public sealed class StatusUpdateServiceTests
{
    private const long LeadId = 42;
    private InMemoryHost _host = null!;

    [SetUp]
    public void SetUp()
    {
        _host = new InMemoryHost();
        _host.Store.UpsertLead(TestCatalogs.BusinessId, LeadId, "דנה כהן", "new");
    }

    [TearDown]
    public void TearDown() => _host.Dispose();

    [Test]
    public async Task WhatsApp_summary_with_a_recommendation_changes_the_status()
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(
            InMemoryHost.WhatsApp(LeadId, "הלקוחה שאלה על מחירים וביקשה הצעה.\n[המלצה: מעוניין]", "wa-1"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
            Assert.That(result.Applied, Is.True);
            Assert.That(result.RecommendedLabel, Is.EqualTo("מעוניין"));
            Assert.That(result.PreviousStatusId, Is.EqualTo("new"));
            Assert.That(result.NewStatusId, Is.EqualTo("interested"));
            Assert.That(result.EventId, Is.Not.Null);
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("interested"));
            Assert.That(_host.Store.History, Has.Count.EqualTo(1));
            Assert.That(_host.Store.History[0].OldStatus, Is.EqualTo("new"));
            Assert.That(_host.Store.History[0].Source, Is.EqualTo(StatusSources.WhatsAppSummary));
        });
    }

    [Test]
    public async Task Call_summary_with_a_recommendation_changes_the_status()
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(
            InMemoryHost.Call(LeadId, "שיחה של 3 שניות, לא נענתה. [המלצה: אין מענה]", "call-1"));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("no_answer"));
        Assert.That(_host.Store.Events.Single().Source, Is.EqualTo(StatusSources.CallSummary));
    }

    [Test]
    public async Task Retry_with_same_event_id_changes_nothing_the_second_time()
    {
        var recommendation = InMemoryHost.Call(LeadId, "[המלצה: מעוניין]", "call-7");
        var first = await _host.Service.ApplyFromRecommendationAsync(recommendation);
        _host.Store.UpsertLead(TestCatalogs.BusinessId, LeadId, "דנה כהן", "meeting_scheduled"); // a human moved it since

        var second = await _host.Service.ApplyFromRecommendationAsync(recommendation);

        Assert.Multiple(() =>
        {
            Assert.That(second.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
            Assert.That(second.EventId, Is.EqualTo(first.EventId));
            Assert.That(second.PreviousStatusId, Is.EqualTo("new"));
            Assert.That(second.NewStatusId, Is.EqualTo("interested"));
            Assert.That(second.Message, Does.Contain("Applied"));
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("meeting_scheduled"));
            Assert.That(_host.Store.Events, Has.Count.EqualTo(1));
            Assert.That(_host.Store.History, Has.Count.EqualTo(1));
            Assert.That(_host.Store.Outbox, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Retry_whose_summary_differs_only_in_formatting_is_still_a_duplicate()
    {
        await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(LeadId, "[המלצה: מעוניין]", "call-8"));

        var retry = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(LeadId, "סיכום אחר. [המלצה:  מעוניין ]", "call-8"));

        Assert.That(retry.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
    }

    [Test]
    public async Task Same_event_id_for_another_lead_is_an_idempotency_key_conflict()
    {
        _host.Store.UpsertLead(TestCatalogs.BusinessId, 43, "יוסי", "new");
        var first = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(LeadId, "[המלצה: מעוניין]", "call-9"));

        var conflict = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(43, "[המלצה: מעוניין]", "call-9"));

        Assert.Multiple(() =>
        {
            Assert.That(conflict.Outcome, Is.EqualTo(StatusUpdateOutcome.IdempotencyKeyConflict));
            Assert.That(conflict.EventId, Is.EqualTo(first.EventId));
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, 43), Is.EqualTo("new"));
            Assert.That(_host.Store.Events, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Same_event_id_with_another_label_is_an_idempotency_key_conflict()
    {
        await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(LeadId, "[המלצה: מעוניין]", "call-10"));

        var conflict = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(LeadId, "[המלצה: אין מענה]", "call-10"));

        Assert.That(conflict.Outcome, Is.EqualTo(StatusUpdateOutcome.IdempotencyKeyConflict));
        Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("interested"));
    }

    [Test]
    public async Task Unknown_label_does_not_crash_and_is_recorded()
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: לקוח VIP זהב]", "wa-2"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel));
            Assert.That(result.RecommendedLabel, Is.EqualTo("לקוח VIP זהב"));
            Assert.That(result.NewStatusId, Is.Null);
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("new"));
            Assert.That(_host.Store.Events.Single().Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel));
            Assert.That(_host.Store.Events.Single().RecommendedStatusLabel, Is.EqualTo("לקוח VIP זהב"));
            Assert.That(_host.Store.History, Is.Empty);
        });
    }

    [Test]
    public async Task Low_confidence_is_recorded_not_applied()
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין]", "wa-3", confidence: 0.64));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
            Assert.That(result.NewStatusId, Is.EqualTo("interested"));
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("new"));
            Assert.That(_host.Store.Events.Single().Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
            Assert.That(_host.Store.Events.Single().RecommendedStatusId, Is.EqualTo("interested"));
            Assert.That(_host.Store.Outbox, Is.Empty);
        });
    }

    [Test]
    public async Task Confidence_exactly_at_the_threshold_is_applied()
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין]", "wa-4", confidence: 0.65));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
    }

    [Test]
    public async Task Configured_threshold_is_used()
    {
        using var host = new InMemoryHost(options => options.ConfidenceThreshold = 0.9);
        host.Store.UpsertLead(TestCatalogs.BusinessId, LeadId, null, "new");

        var result = await host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין]", "wa-5", confidence: 0.89));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
    }

    [Test]
    public async Task Same_status_is_a_recorded_no_op()
    {
        _host.Store.UpsertLead(TestCatalogs.BusinessId, LeadId, "דנה כהן", "interested");

        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין]", "wa-6"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.SameStatus));
            Assert.That(result.PreviousStatusId, Is.EqualTo("interested"));
            Assert.That(_host.Store.Events.Single().Outcome, Is.EqualTo(StatusUpdateOutcome.SameStatus));
            Assert.That(_host.Store.History, Is.Empty);
            Assert.That(_host.Store.Outbox, Is.Empty);
        });
    }

    [Test]
    public async Task Applied_change_writes_one_notification_to_the_outbox()
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין]", "wa-7", confidence: 0.87));

        var row = _host.Store.Outbox.Single();
        Assert.Multiple(() =>
        {
            Assert.That(row.Notification.EventId, Is.EqualTo(result.EventId));
            Assert.That(row.Notification.LeadName, Is.EqualTo("דנה כהן"));
            Assert.That(row.Notification.PreviousStatusId, Is.EqualTo("new"));
            Assert.That(row.Notification.NewStatusId, Is.EqualTo("interested"));
            Assert.That(row.Notification.NewStatusLabel, Is.EqualTo("מעוניין"));
            Assert.That(row.Notification.Confidence, Is.EqualTo(0.87));
            Assert.That(row.State, Is.EqualTo(OutboxState.Pending));
            Assert.That(row.Notification.NotificationId, Is.Not.EqualTo(Guid.Empty));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("שיחה קצרה, הלקוח ביקש שנחזור אליו בשבוע הבא.")]
    [TestCase("[המלצה]")]
    [TestCase("[המלצה: ]")]
    public async Task Summary_without_a_recommendation_is_recorded_gracefully(string? summary)
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, summary!, "wa-8"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.NoRecommendation));
            Assert.That(result.RecommendedLabel, Is.Null);
            Assert.That(_host.Store.Events.Single().Outcome, Is.EqualTo(StatusUpdateOutcome.NoRecommendation));
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("new"));
        });
    }

    [Test]
    public async Task Partial_label_matching_works()
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין מאוד]", "wa-9"));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(result.NewStatusId, Is.EqualTo("interested"));
    }

    [TestCase("[Recommendation: INTERESTED]")]
    [TestCase("[recommendation: interested]")]
    [TestCase("[RECOMMENDATION: Interested]")]
    public async Task Matching_is_case_insensitive(string summary)
    {
        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, summary, "wa-10"));

        Assert.That(result.NewStatusId, Is.EqualTo("interested"));
        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
    }

    [Test]
    public async Task Two_sources_update_the_same_lead_independently()
    {
        var fromChat = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין]", "shared-id"));
        var fromCall = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(LeadId, "[המלצה: נקבעה פגישה]", "shared-id"));

        Assert.Multiple(() =>
        {
            Assert.That(fromChat.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
            Assert.That(fromCall.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
            Assert.That(fromCall.PreviousStatusId, Is.EqualTo("interested"));
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("meeting_scheduled"));
            Assert.That(_host.Store.Events, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Not_interested_never_maps_to_interested_when_the_business_lacks_that_status()
    {
        _host.Catalog.Set(TestCatalogs.BusinessId, TestCatalogs.New, TestCatalogs.Interested);

        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: לא מעוניין]", "wa-11"));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel));
        Assert.That(_host.Store.GetLeadStatus(TestCatalogs.BusinessId, LeadId), Is.EqualTo("new"));
    }

    [Test]
    public async Task Lead_of_another_business_is_not_found_and_not_touched()
    {
        _host.Store.UpsertLead(TestCatalogs.OtherBusinessId, 77, "לקוח של עסק אחר", "new");

        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(77, "[המלצה: מעוניין]", "wa-12"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
            Assert.That(result.PreviousStatusId, Is.Null);
            Assert.That(result.Message, Does.Not.Contain("לקוח של עסק אחר"));
            Assert.That(_host.Store.GetLeadStatus(TestCatalogs.OtherBusinessId, 77), Is.EqualTo("new"));
            Assert.That(_host.Store.Events.Single().BusinessId, Is.EqualTo(TestCatalogs.BusinessId));
            Assert.That(_host.Store.History, Is.Empty);
        });
    }

    [Test]
    public async Task Business_without_statuses_records_an_unknown_label()
    {
        _host.Store.UpsertLead(5, 1, null, "whatever");

        var result = await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(1, "[המלצה: מעוניין]", "wa-13", businessId: 5));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel));
    }

    [Test]
    public void Cancelled_call_throws_and_records_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(
            async () => await _host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(LeadId, "[המלצה: מעוניין]", "wa-14"), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_host.Store.Events, Is.Empty);
    }
}
