using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Dashboard.Internal;

/// <summary>Recent events with outcome and reason, filterable by outcome and source; undo on applied changes.</summary>
internal static class EventsPage
{
    public static async Task WriteAsync(DashboardRequest request, long businessId)
    {
        var t = request.T;
        var query = request.Http.Request.Query;
        StatusUpdateOutcome? outcome = Enum.TryParse<StatusUpdateOutcome>(query["outcome"].ToString(), out var o) && Enum.IsDefined(o) ? o : null;
        var source = query["source"].ToString() is { Length: > 0 and <= 64 } s ? s : null;
        var reader = request.Http.RequestServices.GetRequiredService<IStatusEventReader>();
        var events = await reader.GetRecentEventsAsync(businessId, outcome, source, 200, request.Aborted).ConfigureAwait(false);
        var labels = await StatusLabels.LoadAsync(request, businessId).ConfigureAwait(false);
        var reverted = events.Where(e => e.Kind == LeadStatusEventKind.Revert && e.Outcome == StatusUpdateOutcome.Reverted && e.RefersToEventId is not null)
            .Select(e => e.RefersToEventId!.Value).ToHashSet();

        var body = new Html();
        Flash.Write(request, body);
        body.Raw("<form class=\"filters\" method=\"get\" action=\"events\"><label>").Text(t["outcome"]).Raw("<select name=\"outcome\"><option value=\"\">").Text(t["all"]).Raw("</option>");
        foreach (var value in Enum.GetValues<StatusUpdateOutcome>())
        {
            body.Raw("<option value=\"").Raw(value.ToString()).Raw("\"").Raw(value == outcome ? " selected" : string.Empty).Raw(">").Text(t.Outcome(value)).Raw("</option>");
        }

        body.Raw("</select></label><label>").Text(t["source"]).Raw("<select name=\"source\"><option value=\"\">").Text(t["all"]).Raw("</option>");
        var sources = new SortedSet<string>(StringComparer.Ordinal) { StatusSources.WhatsAppSummary, StatusSources.CallSummary };
        sources.UnionWith(events.Select(e => e.Source));
        if (source is not null)
        {
            sources.Add(source);
        }

        foreach (var value in sources)
        {
            body.Raw("<option value=\"").Text(value).Raw("\"").Raw(value == source ? " selected" : string.Empty).Raw(">").Text(value).Raw("</option>");
        }

        body.Raw("</select></label><button type=\"submit\">").Text(t["filter"]).Raw("</button></form>");
        if (events.Count == 0)
        {
            body.Raw("<p class=\"empty\">").Text(t["none"]).Raw("</p>");
        }
        else
        {
            var token = request.Options.ReadOnly ? string.Empty : request.AntiforgeryField();
            body.Raw("<div class=\"table-wrap\"><table class=\"events\"><thead><tr><th>").Text(t["time"]).Raw("</th><th>").Text(t["lead"]).Raw("</th><th>")
                .Text(t["source"]).Raw("</th><th>").Text(t["label"]).Raw("</th><th>").Text(t["confidence"]).Raw("</th><th>").Text(t["outcome"]).Raw("</th><th>")
                .Text(t["reason"]).Raw("</th><th>").Text(t["actor"]).Raw("</th><th></th></tr></thead><tbody>");
            foreach (var e in events)
            {
                body.Raw("<tr data-event-id=\"").Number(e.Id).Raw("\" data-lead-id=\"").Number(e.LeadId).Raw("\" data-outcome=\"").Raw(e.Outcome.ToString())
                    .Raw("\" data-previous-status=\"").Text(e.PreviousStatusId).Raw("\" data-new-status=\"").Text(e.RecommendedStatusId).Raw("\"><td class=\"num\">")
                    .Text(e.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Raw("</td><td class=\"num\">#").Number(e.LeadId)
                    .Raw("</td><td>").Text(e.Source).Raw("</td><td class=\"label\">").Text(e.RecommendedStatusLabel ?? labels.Name(e.RecommendedStatusId))
                    .Raw("</td><td class=\"num\">").Text(e.Kind == LeadStatusEventKind.Recommendation ? Html.Confidence(e.Confidence) : string.Empty)
                    .Raw("</td><td>").Text(t.Outcome(e.Outcome));
                if (e.Applied)
                {
                    body.Raw("<div class=\"muted\">").Text(labels.Name(e.PreviousStatusId)).Raw(" → ").Text(labels.Name(e.RecommendedStatusId)).Raw("</div>");
                }

                body.Raw("</td><td class=\"reason\">").Text(e.Reason).Raw("</td><td>").Text(e.Actor).Raw("</td><td>");
                if (reverted.Contains(e.Id))
                {
                    body.Raw("<span class=\"muted\">").Text(t["reverted"]).Raw("</span>");
                }
                else if (!request.Options.ReadOnly && e.Applied && e.Kind is LeadStatusEventKind.Recommendation or LeadStatusEventKind.SuggestionAccepted)
                {
                    body.Raw("<form method=\"post\" action=\"events/").Number(e.Id).Raw("/undo\">").Raw(token)
                        .Raw("<button type=\"submit\" class=\"undo\">").Text(t["undo"]).Raw("</button></form>");
                }

                body.Raw("</td></tr>");
            }

            body.Raw("</tbody></table></div>");
        }

        await request.WritePageAsync(t["events"], "../../", businessId, "events", body).ConfigureAwait(false);
    }
}
