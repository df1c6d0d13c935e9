using System.Diagnostics.Metrics;
using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Service;

public sealed class ObservabilityTests
{
    [Test]
    public async Task Logs_never_contain_the_summary_text()
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, "דנה", "new");
        const string Secret = "מספר תעודת זהות 123456789";

        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(1, $"{Secret}. [המלצה: מעוניין]", "wa-1"));
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(1, $"{Secret}. [המלצה: משהו אחר]", "wa-2"));
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(1, Secret, "wa-3"));

        var entries = host.Logs.Entries.ToArray();
        Assert.That(entries, Is.Not.Empty);
        Assert.That(entries.Select(e => e.Message), Has.None.Contains("123456789"));
        Assert.That(entries.SelectMany(e => e.State).Select(kv => kv.Value?.ToString()), Has.None.Contains("123456789"));
    }

    [Test]
    public async Task Applied_change_is_logged_in_the_LeadStatus_category_with_structured_fields()
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, "דנה", "new");

        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(1, "[המלצה: מעוניין]", "wa-1"));

        var applied = host.Logs.Entries.Single(e => e.EventId.Id == 1004);
        Assert.Multiple(() =>
        {
            Assert.That(applied.Category, Is.EqualTo("LeadStatus"));
            Assert.That(applied.State, Does.Contain(new KeyValuePair<string, object?>("NewStatusId", "interested")));
            Assert.That(applied.State, Does.Contain(new KeyValuePair<string, object?>("LeadId", 1L)));
        });
    }

    [Test]
    public async Task Skipped_update_is_logged_with_its_reason()
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, "דנה", "new");

        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.WhatsApp(1, "[המלצה: מעוניין]", "wa-1", confidence: 0.1));

        var skipped = host.Logs.Entries.Single(e => e.EventId.Id == 1005);
        Assert.That(skipped.Message, Does.Contain("BelowConfidenceThreshold").And.Contain("below the threshold"));
    }

    [Test]
    public async Task Outcomes_are_counted_by_outcome_and_source()
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, "דנה", "new");
        var measurements = new List<(long Value, string? Outcome, string? Source)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "LeadStatus" && instrument.Name == "leadstatus.updates")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? outcome = null, source = null;
            foreach (var tag in tags)
            {
                outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
                source = tag.Key == "source" ? tag.Value as string : source;
            }

            lock (measurements)
            {
                measurements.Add((value, outcome, source));
            }
        });
        listener.Start();

        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, "[המלצה: מעוניין]", "measured-call"));
        await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, "[המלצה: מעוניין]", "measured-call"));

        lock (measurements)
        {
            Assert.That(measurements, Does.Contain((1L, (string?)"applied", (string?)"call_summary")));
            Assert.That(measurements, Does.Contain((1L, (string?)"already_processed", (string?)"call_summary")));
        }
    }
}
