using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Dashboard.Internal;

/// <summary>A business at a glance: counts, velocity, confidence and accuracy per bin, transitions, accuracy and the suggested threshold.</summary>
internal static class OverviewPage
{
    public static async Task WriteAsync(DashboardRequest request, long businessId)
    {
        var t = request.T;
        var analytics = request.Http.RequestServices.GetRequiredService<IStatusAnalytics>();
        var now = request.Http.RequestServices.GetService<TimeProvider>()?.GetUtcNow() ?? TimeProvider.System.GetUtcNow();
        var report = await analytics.GetReportAsync(businessId, now - request.Options.OverviewPeriod, now.AddMinutes(1), request.Aborted).ConfigureAwait(false);
        var labels = await StatusLabels.LoadAsync(request, businessId).ConfigureAwait(false);
        // Pending is what waits for a person now (the report counts every suggestion made in the period, decided or not).
        var pending = await request.Http.RequestServices.GetRequiredService<IStatusReviewService>()
            .GetPendingSuggestionsAsync(businessId, 1000, request.Aborted).ConfigureAwait(false);
        long Count(StatusUpdateOutcome o) => o == StatusUpdateOutcome.PendingReview ? pending.Count : report.Outcomes.TryGetValue(o, out var n) ? n : 0;

        var body = new Html().Raw("<section class=\"cards\">");
        foreach (var (key, outcome) in new[]
        {
            ("applied", StatusUpdateOutcome.Applied), ("pending", StatusUpdateOutcome.PendingReview),
            ("rejectedByRule", StatusUpdateOutcome.RejectedByRule), ("unknownLabel", StatusUpdateOutcome.UnknownLabel),
        })
        {
            body.Raw("<div class=\"card\" data-count=\"").Raw(key).Raw("\"><div class=\"n\">").Number(Count(outcome)).Raw("</div><div class=\"k\">").Text(t[key]).Raw("</div></div>");
        }

        body.Raw("</section><h2>").Text(t["velocity"]).Raw("</h2>").Raw(Charts.Velocity(report.AppliedPerDay, t["velocity"]));

        body.Raw("<h2>").Text(t["histogram"]).Raw("</h2>").Raw(Charts.Histogram(report.ConfidenceDistribution, t["histogram"]))
            .Raw("<div class=\"table-wrap\"><table class=\"bins\"><thead><tr><th>").Text(t["bin"]).Raw("</th><th>").Text(t["count"]).Raw("</th><th>")
            .Text(t["judged"]).Raw("</th><th>").Text(t["accuracy"]).Raw("</th></tr></thead><tbody>");
        foreach (var bin in report.ConfidenceDistribution.Where(b => b.Count > 0))
        {
            body.Raw("<tr><td class=\"num\">").Text(Html.Confidence(bin.Lower)).Raw("–").Text(Html.Confidence(bin.Upper)).Raw("</td><td class=\"num\">").Number(bin.Count)
                .Raw("</td><td class=\"num\">").Number(bin.Judged).Raw("</td><td class=\"num\">")
                .Text(Html.Percent(bin.Judged > 0 ? (double)bin.Correct / bin.Judged : null)).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");

        body.Raw("<h2>").Text(t["transitions"]).Raw("</h2>");
        if (report.Transitions.Count == 0)
        {
            body.Raw("<p class=\"empty\">").Text(t["none"]).Raw("</p>");
        }
        else
        {
            body.Raw("<div class=\"table-wrap\"><table class=\"transitions\"><thead><tr><th>").Text(t["from"]).Raw("</th><th>").Text(t["to"])
                .Raw("</th><th>").Text(t["count"]).Raw("</th></tr></thead><tbody>");
            foreach (var transition in report.Transitions)
            {
                body.Raw("<tr><td>").Text(labels.Name(transition.FromStatusId)).Raw("</td><td>").Text(labels.Name(transition.ToStatusId))
                    .Raw("</td><td class=\"num\">").Number(transition.Count).Raw("</td></tr>");
            }

            body.Raw("</tbody></table></div>");
        }

        var accuracy = report.Accuracy;
        body.Raw("<h2>").Text(t["accuracy"]).Raw("</h2><section class=\"cards accuracy\">")
            .Raw("<div class=\"card\"><div class=\"n\">").Text(Html.Percent(accuracy.Precision)).Raw("</div><div class=\"k\">").Text(t["precision"]).Raw("</div></div>")
            .Raw("<div class=\"card\"><div class=\"n\">").Text(Html.Percent(accuracy.PrecisionLowerBound)).Raw("</div><div class=\"k\">").Text(t["lowerBound"]).Raw("</div></div>")
            .Raw("<div class=\"card\"><div class=\"n\">").Number(accuracy.Correct).Raw(" / ").Number(accuracy.Judged).Raw("</div><div class=\"k\">")
            .Text(t["correct"]).Raw(" / ").Text(t["judged"]).Raw("</div></div></section>");

        body.Raw("<h2>").Text(t["threshold"]).Raw("</h2><div class=\"table-wrap\"><table class=\"thresholds\"><thead><tr><th>").Text(t["source"])
            .Raw("</th><th>").Text(t["threshold"]).Raw("</th><th>").Text(t["judged"]).Raw("</th><th>").Text(t["lowerBound"]).Raw("</th><th>")
            .Text(t["evidence"]).Raw("</th></tr></thead><tbody>");
        foreach (var source in report.OutcomesBySource.Keys.Order(StringComparer.Ordinal))
        {
            var suggestion = await analytics.SuggestThresholdAsync(businessId, source, request.Options.TargetPrecision, request.Aborted).ConfigureAwait(false);
            body.Raw("<tr><td>").Text(source).Raw("</td><td class=\"num\">").Text(suggestion.Threshold is { } th ? Html.Confidence(th) : "—")
                .Raw("</td><td class=\"num\">").Number(suggestion.SampleSize).Raw("</td><td class=\"num\">").Text(Html.Percent(suggestion.PrecisionLowerBound))
                .Raw("</td><td class=\"reason\">").Text(suggestion.Reason).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");

        if (report.UnknownLabels.Count > 0)
        {
            body.Raw("<h2>").Text(t["unknownLabels"]).Raw("</h2><div class=\"table-wrap\"><table class=\"labels\"><thead><tr><th>").Text(t["label"])
                .Raw("</th><th>").Text(t["count"]).Raw("</th></tr></thead><tbody>");
            foreach (var label in report.UnknownLabels)
            {
                body.Raw("<tr><td class=\"label\">").Text(label.Label).Raw("</td><td class=\"num\">").Number(label.Count).Raw("</td></tr>");
            }

            body.Raw("</tbody></table></div>");
        }

        await request.WritePageAsync(t["overview"], "../../", businessId, "overview", body).ConfigureAwait(false);
    }
}
