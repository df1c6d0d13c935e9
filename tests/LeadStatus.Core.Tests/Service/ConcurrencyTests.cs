using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Service;

/// <summary>The in-memory store keeps the database's concurrency semantics.</summary>
public sealed class ConcurrencyTests
{
    [Test]
    public async Task Hundred_parallel_calls_with_one_key_give_one_event_and_one_change()
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, "דנה", "new");
        var recommendation = InMemoryHost.Call(1, "[המלצה: מעוניין]", "call-race");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            Task.Run(() => host.Service.ApplyFromRecommendationAsync(recommendation))));

        Assert.Multiple(() =>
        {
            Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.Applied), Is.EqualTo(1));
            Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.AlreadyProcessed), Is.EqualTo(99));
            Assert.That(results.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(host.Store.Events, Has.Count.EqualTo(1));
            Assert.That(host.Store.History, Has.Count.EqualTo(1));
            Assert.That(host.Store.Outbox, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Parallel_calls_with_different_keys_on_one_lead_form_an_unbroken_history()
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, "דנה", "new");
        string[] labels = ["מעוניין", "אין מענה", "נקבעה פגישה", "לא מעוניין"];

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, $"[המלצה: {labels[i % labels.Length]}]", $"call-{i}")))));

        var history = host.Store.History;
        Assert.That(host.Store.Events, Has.Count.EqualTo(64));
        Assert.That(history, Is.Not.Empty);
        Assert.That(history[0].OldStatus, Is.EqualTo("new"));
        for (var i = 1; i < history.Count; i++)
        {
            Assert.That(history[i].OldStatus, Is.EqualTo(history[i - 1].NewStatus), $"history row {i}");
        }

        Assert.That(host.Store.GetLeadStatus(TestCatalogs.BusinessId, 1), Is.EqualTo(history[^1].NewStatus));
    }
}
