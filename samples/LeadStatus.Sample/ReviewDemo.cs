using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Sample;

/// <summary>A person in the loop: suggestions created, listed, accepted and rejected, and an automated change undone.</summary>
internal static class ReviewDemo
{
    public static async Task<int> RunAsync(IServiceProvider services, ISampleBackend backend, ConsoleNotifier notifier, int number)
    {
        var business = SampleData.Clinic;
        await services.GetRequiredService<IStatusRulesEditor>().SetRulesAsync(business, new LeadStatusRules { SuggestionThreshold = 0.5 });
        Output.Title($"Review queue of business {business}: recommendations with confidence 0.50–0.65 wait for a person");

        var updates = services.GetRequiredService<IStatusUpdateService>();
        var review = services.GetRequiredService<IStatusReviewService>();
        var undelivered = 0;

        var first = await ApplyAsync(++number, "The AI is fairly sure (0.58): a suggestion, not a change",
            new(business, 9, "המטופלת שאלה על זמינות בשבוע הבא. [המלצה: נקבע תור]", StatusSources.WhatsAppSummary, "wa-session-7001", 0.58));
        var second = await ApplyAsync(++number, "Another uncertain one (0.55)",
            new(business, 8, "המטופלת אמרה שתחשוב על זה. [המלצה: פנייה חדשה]", StatusSources.CallSummary, "call-c1-401", 0.55));

        Output.Line("\n   the review queue (newest first):");
        foreach (var suggestion in await review.GetPendingSuggestionsAsync(business))
        {
            Output.Line($"   - suggestion {suggestion.EventId}: lead {suggestion.LeadId} {suggestion.CurrentStatusId} -> {suggestion.SuggestedStatusId} " +
                $"(\"{suggestion.RecommendedLabel}\", {suggestion.Source}, confidence {suggestion.Confidence:0.00})");
        }

        await ActAsync("a receptionist accepts the first suggestion:", () => review.AcceptSuggestionAsync(business, first.EventId!.Value, "מירב (קבלה)"), 9);
        await ActAsync("and rejects the second:", () => review.RejectSuggestionAsync(business, second.EventId!.Value, "מירב (קבלה)"), 8);

        var applied = await ApplyAsync(++number, "A confident recommendation (0.92) applies at once",
            new(business, 8, "נקבע טיפול ליום שלישי. [המלצה: נקבע תור]", StatusSources.CallSummary, "call-c1-402", 0.92));
        await ActAsync("the receptionist knows better and undoes it:", () => review.RevertChangeAsync(business, applied.EventId!.Value, "מירב (קבלה)"), 8);
        return undelivered;

        async Task<StatusUpdateResult> ApplyAsync(int n, string title, StatusRecommendation recommendation)
        {
            Output.Scenario(n, title, recommendation);
            var before = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
            var result = await updates.ApplyFromRecommendationAsync(recommendation);
            var after = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
            Output.Result(result, before, after);
            await ShowNotificationAsync(result);
            return result;
        }

        async Task ActAsync(string what, Func<Task<StatusUpdateResult>> action, long leadId)
        {
            Output.Line("\n   " + what);
            var before = await backend.GetLeadStatusAsync(services, business, leadId, CancellationToken.None);
            var result = await action();
            var after = await backend.GetLeadStatusAsync(services, business, leadId, CancellationToken.None);
            Output.Result(result, before, after);
            await ShowNotificationAsync(result);
        }

        async Task ShowNotificationAsync(StatusUpdateResult result)
        {
            var changed = result.Outcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.Reverted;
            var notification = changed && result.EventId is { } eventId ? await notifier.WaitForAsync(eventId, TimeSpan.FromSeconds(10)) : null;
            undelivered += changed && notification is null ? 1 : 0;
            Output.Notification(notification, result);
        }
    }
}
