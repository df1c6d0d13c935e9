using System.Diagnostics;
using LeadStatus.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LeadStatus.Tests.Service;

/// <summary>OpenTelemetry in one line (LeadStatus.Core.OpenTelemetry): the apply activity and the metrics, never a business id as a metric tag.</summary>
[NonParallelizable]
public sealed class OpenTelemetryInstrumentationTests
{
    [Test]
    public async Task AddLeadStatusInstrumentation_collects_the_apply_activity_and_the_metrics()
    {
        var metrics = new List<Metric>();
        var activities = new List<Activity>();
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddLeadStatusInstrumentation().AddInMemoryExporter(metrics).Build();
        using var tracerProvider = Sdk.CreateTracerProviderBuilder().AddLeadStatusInstrumentation().AddInMemoryExporter(activities).Build();
        using var host = new InMemoryHost();
        host.Store.UpsertLead(TestCatalogs.BusinessId, 1, "דנה", "new");

        var result = await host.Service.ApplyFromRecommendationAsync(InMemoryHost.Call(1, "[המלצה: מעוניין]", "otel-1"));
        meterProvider!.ForceFlush();
        tracerProvider!.ForceFlush();

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(activities.Select(a => a.OperationName), Does.Contain("LeadStatus.Apply"));
        Assert.That(metrics.Select(m => m.Name), Does.Contain("leadstatus.updates").And.Contain("leadstatus.apply.duration"));
        Assert.That(metrics.Where(m => m.MeterName == LeadStatusDiagnostics.MeterName).SelectMany(TagKeys), Has.None.Contains("business"));
    }

    [Test]
    public void The_published_names_are_the_ones_the_library_uses() =>
        Assert.That(new[] { LeadStatusDiagnostics.MeterName, LeadStatusDiagnostics.ActivitySourceName }, Is.All.EqualTo("LeadStatus"));

    private static List<string> TagKeys(Metric metric)
    {
        var keys = new List<string>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                keys.Add(tag.Key);
            }
        }

        return keys;
    }
}
