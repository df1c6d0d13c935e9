using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Sample;

/// <summary>Business rules and a person's last word: a locked status, a refused transition and a protected manual change.</summary>
internal static class RulesDemo
{
    public static async Task RunAsync(IServiceProvider services, ISampleBackend backend, int number)
    {
        var business = SampleData.RealEstate;
        var rules = new LeadStatusRules
        {
            LockedStatuses = ["meeting"],
            AllowedTransitions = new Dictionary<string, IReadOnlyCollection<string>> { ["no_answer"] = ["new"] },
        };
        await services.GetRequiredService<IStatusRulesEditor>().SetRulesAsync(business, rules);
        Output.Title($"Business rules of business {business}: locked [meeting], no_answer only from new, manual changes protected for 24 h");

        var review = services.GetRequiredService<IStatusReviewService>();
        var updates = services.GetRequiredService<IStatusUpdateService>();

        Output.Line("\n   a salesperson books a meeting with lead 3 and records it (people are not bound by automation's rules):");
        Output.Result(await review.RecordManualChangeAsync(new ManualStatusChange(business, 3, "meeting", "דנה (מכירות)", "crm-audit-701")), "new", "meeting");

        await ApplyAsync(++number, "Automation may not move a lead out of a locked status",
            new(business, 3, "הלקוח שאל שוב על המחיר. [המלצה: מעוניין]", StatusSources.WhatsAppSummary, "wa-session-5530", 0.9));
        await ApplyAsync(++number, "A transition the business does not allow (interested → no answer)",
            new(business, 1, "שיחה יוצאת, לא נענתה. [המלצה: אין מענה]", StatusSources.CallSummary, "call-91bb20", 0.95));

        Output.Line("\n   a salesperson talks to lead 2 and marks them interested:");
        Output.Result(await review.RecordManualChangeAsync(new ManualStatusChange(business, 2, "interested", "יוסי (מכירות)", "crm-audit-702")), "no_answer", "interested");
        await ApplyAsync(++number, "Right after, the AI disagrees; the person's change is protected",
            new(business, 2, "הלקוח לא ענה להודעות. [המלצה: לא מעוניין]", StatusSources.WhatsAppSummary, "wa-session-5531", 0.88));

        async Task ApplyAsync(int n, string title, StatusRecommendation recommendation)
        {
            Output.Scenario(n, title, recommendation);
            var before = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
            var result = await updates.ApplyFromRecommendationAsync(recommendation);
            var after = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
            Output.Result(result, before, after);
        }
    }
}
