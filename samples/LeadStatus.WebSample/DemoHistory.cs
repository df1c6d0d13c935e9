using LeadStatus.Sample;

namespace LeadStatus.WebSample;

/// <summary>
/// In-memory mode only: two weeks of history for the demo businesses through the real services (applied changes, corrections,
/// undos, accepted, rejected and pending suggestions, an unknown label that is an XSS probe, a change whose notification the demo
/// SMS gateway refuses until it is dead), so every dashboard page has data.
/// </summary>
internal static class DemoHistory
{
    /// <summary>The label of an unknown-label event: the dashboard must show it as text.</summary>
    public const string XssLabel = "<script>alert(1)</script>";

    /// <summary>The first demo lead id of each business (the sample's own leads keep 1–9).</summary>
    public const long FirstLead = 100;

    /// <summary>The demo lead whose notifications the demo SMS gateway refuses (<see cref="DemoSmsNotifier"/>): one dead notification per business.</summary>
    public const long UnreachableLead = 99;

    public static async Task SeedAsync(IServiceProvider services, DemoClock clock, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<InMemoryLeadStatusStore>();
        var updates = services.GetRequiredService<IStatusUpdateService>();
        var review = services.GetRequiredService<IStatusReviewService>();
        await services.GetRequiredService<IStatusRulesEditor>()
            .SetRulesAsync(SampleData.RealEstate, new LeadStatusRules { LockedStatuses = ["meeting"] }, cancellationToken);

        foreach (var (business, labels, statuses) in new[]
        {
            (SampleData.RealEstate, new[] { "מעוניין", "אין מענה", "לא מעוניין", "נקבעה פגישה" }, new[] { "interested", "no_answer", "not_interested", "meeting" }),
            (SampleData.Clinic, new[] { "מעוניין", "נקבע תור" }, new[] { "interested", "booked" }),
        })
        {
            var lead = FirstLead;
            for (var day = 14; day >= 1; day--)
            {
                clock.Offset = -TimeSpan.FromDays(day) + TimeSpan.FromHours(lead % 5);
                for (var i = 0; i < 2 + (day % 3); i++, lead++)
                {
                    store.UpsertLead(business, lead, $"Demo lead {lead}", "new");
                    var pick = (int)(lead % labels.Length);
                    var confidence = 0.7 + (lead % 30) / 100.0;
                    var result = await updates.ApplyFromRecommendationAsync(
                        new StatusRecommendation(business, lead, $"סיכום שיחה. [המלצה: {labels[pick]}]", lead % 2 == 0 ? StatusSources.CallSummary : StatusSources.WhatsAppSummary,
                            $"demo-{lead}", confidence), cancellationToken);
                    if (lead % 7 == 0 && result.Applied)
                    {
                        clock.Offset += TimeSpan.FromHours(2); // a person corrects it soon after
                        await review.RecordManualChangeAsync(new ManualStatusChange(business, lead, statuses[(pick + 1) % statuses.Length], "דנה", $"fix-{lead}"), cancellationToken);
                    }
                    else if (lead % 11 == 0 && result.EventId is { } applied && result.Applied)
                    {
                        clock.Offset += TimeSpan.FromHours(1);
                        await review.RevertChangeAsync(business, applied, "אבי", cancellationToken);
                    }
                }

                // The review band: some decided, the last few days' left pending.
                store.UpsertLead(business, lead, $"Demo lead {lead}", "new");
                var suggestion = await updates.ApplyFromRecommendationAsync(
                    new StatusRecommendation(business, lead, $"הלקוח אולי מעוניין. [המלצה: {labels[0]}]", StatusSources.WhatsAppSummary, $"demo-s-{lead}", 0.55 + (day % 4) / 100.0),
                    cancellationToken);
                if (day > 5 && suggestion.EventId is { } id)
                {
                    _ = day % 2 == 0
                        ? await review.AcceptSuggestionAsync(business, id, "דנה", cancellationToken)
                        : await review.RejectSuggestionAsync(business, id, "דנה", cancellationToken);
                }

                lead++;
            }

            clock.Offset = -TimeSpan.FromHours(3);
            store.UpsertLead(business, lead, "<b>Injected</b> name", "new");
            await updates.ApplyFromRecommendationAsync(
                new StatusRecommendation(business, lead, $"[המלצה: {XssLabel}]", StatusSources.CallSummary, $"demo-xss-{lead}", 0.9), cancellationToken);
            lead++;
            store.UpsertLead(business, lead, "Locked lead", business == SampleData.RealEstate ? "meeting" : "new");
            await updates.ApplyFromRecommendationAsync(
                new StatusRecommendation(business, lead, $"[המלצה: {labels[0]}]", StatusSources.CallSummary, $"demo-locked-{lead}", 0.9), cancellationToken);
            clock.Offset = -TimeSpan.FromHours(2);
            store.UpsertLead(business, UnreachableLead, "Unreachable lead", "new");
            await updates.ApplyFromRecommendationAsync(
                new StatusRecommendation(business, UnreachableLead, $"[המלצה: {labels[0]}]", StatusSources.CallSummary, $"demo-unreachable-{business}", 0.9),
                cancellationToken);
        }

        clock.Offset = TimeSpan.Zero;
    }
}
