using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Sample;

/// <summary>A short analytics report for the demo business, with its statuses' Hebrew labels.</summary>
internal static class AnalyticsDemo
{
    public static async Task RunAsync(IServiceProvider services, long business)
    {
        var analytics = services.GetRequiredService<IStatusAnalytics>();
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var report = await analytics.GetReportAsync(business, to.AddDays(-90), to);
        var labels = SampleData.Businesses.Single(b => b.Id == business).Statuses.ToDictionary(s => s.StatusId, s => s.Label);
        string Label(string? id) => id is null ? "-" : labels.GetValueOrDefault(id, id);
        static string Percent(double? value) => value is { } v ? v.ToString("P0", CultureInfo.InvariantCulture) : "n/a";

        Output.Title($"Analytics of business {business}, last 90 days");
        Output.Line("   outcomes:    " + string.Join(", ", report.Outcomes.Where(o => o.Value > 0).Select(o => $"{o.Key} {o.Value}")));
        Output.Line("   transitions: " + string.Join(", ", report.Transitions.Select(t => $"{Label(t.FromStatusId)} -> {Label(t.ToStatusId)} ({t.Count})")));
        Output.Line($"   accuracy:    {report.Accuracy.Correct} of {report.Accuracy.Judged} judged decisions were right ({Percent(report.Accuracy.Precision)}, " +
            $"95% lower bound {Percent(report.Accuracy.PrecisionLowerBound)}); explicit {report.ExplicitAccuracy.Correct}/{report.ExplicitAccuracy.Judged}, " +
            $"implicit {report.ImplicitAccuracy.Correct}/{report.ImplicitAccuracy.Judged} (changes are judged implicitly only after the correction window)");
        Output.Line($"   suggestions: {Percent(report.SuggestionAcceptanceRate)} accepted");
        Output.Line("   confidence:  " + string.Join(" ", report.ConfidenceDistribution.Where(b => b.Count > 0).Select(b => $"[{b.Lower:0.0}-{b.Upper:0.0}) {b.Count}")));
        Output.Line($"   unknown labels the catalog could learn: {(report.UnknownLabels.Count == 0 ? "none" : string.Join(", ", report.UnknownLabels.Select(l => $"\"{l.Label}\" ({l.Count})")))}");
        var threshold = await analytics.SuggestThresholdAsync(business, StatusSources.CallSummary, 0.9);
        Output.Line($"   suggested threshold for call summaries: {(threshold.Threshold?.ToString("0.00", CultureInfo.InvariantCulture) ?? "none yet")} ({threshold.Reason})");
    }
}
