using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Dashboard.Internal;

/// <summary>The pending suggestions with accept and reject (POST forms with the antiforgery token).</summary>
internal static class ReviewPage
{
    public static async Task WriteAsync(DashboardRequest request, long businessId)
    {
        var t = request.T;
        var suggestions = await request.Http.RequestServices.GetRequiredService<IStatusReviewService>()
            .GetPendingSuggestionsAsync(businessId, 100, request.Aborted).ConfigureAwait(false);
        var labels = await StatusLabels.LoadAsync(request, businessId).ConfigureAwait(false);
        var body = new Html();
        Flash.Write(request, body);
        if (suggestions.Count == 0)
        {
            body.Raw("<p class=\"empty\">").Text(t["noPending"]).Raw("</p>");
        }
        else
        {
            var token = request.Options.ReadOnly ? string.Empty : request.AntiforgeryField();
            body.Raw("<div class=\"table-wrap\"><table class=\"suggestions\"><thead><tr><th>").Text(t["lead"]).Raw("</th><th>").Text(t["label"])
                .Raw("</th><th>").Text(t["confidence"]).Raw("</th><th>").Text(t["current"]).Raw("</th><th>").Text(t["suggested"]).Raw("</th><th>")
                .Text(t["created"]).Raw("</th>").Raw(request.Options.ReadOnly ? string.Empty : "<th></th>").Raw("</tr></thead><tbody>");
            foreach (var s in suggestions)
            {
                body.Raw("<tr data-event-id=\"").Number(s.EventId).Raw("\" data-lead-id=\"").Number(s.LeadId).Raw("\"><td class=\"num\">#").Number(s.LeadId)
                    .Raw("</td><td class=\"label\">").Text(s.RecommendedLabel).Raw("</td><td class=\"num\">").Text(Html.Confidence(s.Confidence))
                    .Raw("</td><td>").Text(labels.Name(s.CurrentStatusId)).Raw("</td><td>").Text(labels.Name(s.SuggestedStatusId))
                    .Raw("</td><td class=\"num\">").Text(s.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Raw("</td>");
                if (!request.Options.ReadOnly)
                {
                    body.Raw("<td><div class=\"actions\"><form method=\"post\" action=\"review/").Number(s.EventId).Raw("/accept\">").Raw(token)
                        .Raw("<button type=\"submit\" class=\"accept\">").Text(t["accept"]).Raw("</button></form>")
                        .Raw("<form method=\"post\" action=\"review/").Number(s.EventId).Raw("/reject\">").Raw(token)
                        .Raw("<button type=\"submit\" class=\"reject\">").Text(t["reject"]).Raw("</button></form></div></td>");
                }

                body.Raw("</tr>");
            }

            body.Raw("</tbody></table></div>");
        }

        await request.WritePageAsync(t["review"], "../../", businessId, "review", body).ConfigureAwait(false);
    }
}
