using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Dashboard.Internal;

/// <summary>
/// The business's notification outbox: pending, delivered and dead counts with the oldest pending age, and the dead notifications
/// with their last error, each with requeue (and requeue all; POST forms with the antiforgery token).
/// </summary>
internal static class NotificationsPage
{
    /// <summary>The most dead rows listed.</summary>
    public const int Limit = 200;

    public static async Task WriteAsync(DashboardRequest request, long businessId)
    {
        var t = request.T;
        var admin = request.Http.RequestServices.GetRequiredService<INotificationAdmin>();
        var counts = await admin.GetCountsAsync(businessId, request.Aborted).ConfigureAwait(false);
        var dead = await admin.GetDeadAsync(businessId, Limit, request.Aborted).ConfigureAwait(false);

        var body = new Html();
        if (int.TryParse(request.Http.Request.Query["requeued"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var requeued))
        {
            body.Raw("<p class=\"flash\" role=\"status\">").Text(t["requeued"]).Raw(" ").Number(requeued).Raw("</p>");
        }

        body.Raw("<section class=\"cards\">");
        foreach (var (key, count) in new[] { ("notificationsPending", counts.Pending), ("dead", counts.Dead), ("delivered", counts.Delivered) })
        {
            body.Raw("<div class=\"card\" data-count=\"").Raw(key).Raw("\"><div class=\"n\">").Number(count).Raw("</div><div class=\"k\">").Text(t[key]).Raw("</div></div>");
        }

        body.Raw("<div class=\"card\" data-count=\"oldestPending\"><div class=\"n\">").Text(Age(counts.OldestPendingAge, t)).Raw("</div><div class=\"k\">")
            .Text(t["oldestPending"]).Raw("</div></div></section>");

        body.Raw("<h2>").Text(t["deadNotifications"]).Raw("</h2>");
        if (dead.Count == 0)
        {
            body.Raw("<p class=\"empty\">").Text(t["noDead"]).Raw("</p>");
        }
        else
        {
            var token = request.Options.ReadOnly ? string.Empty : request.AntiforgeryField();
            if (!request.Options.ReadOnly)
            {
                body.Raw("<form class=\"requeue-all\" method=\"post\" action=\"notifications/requeue-all\">").Raw(token)
                    .Raw("<button type=\"submit\" class=\"requeue-all\">").Text(t["requeueAll"]).Raw("</button></form>");
            }

            body.Raw("<div class=\"table-wrap\"><table class=\"dead\"><thead><tr><th>").Text(t["time"]).Raw("</th><th>").Text(t["lead"]).Raw("</th><th>")
                .Text(t["kind"]).Raw("</th><th>").Text(t["attempts"]).Raw("</th><th>").Text(t["lastError"]).Raw("</th>")
                .Raw(request.Options.ReadOnly ? string.Empty : "<th></th>").Raw("</tr></thead><tbody>");
            foreach (var entry in dead)
            {
                var n = entry.Notification;
                body.Raw("<tr data-notification-id=\"").Number(entry.Id).Raw("\" data-lead-id=\"").Number(n.LeadId).Raw("\"><td class=\"num\">")
                    .Text(n.ChangedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Raw("</td><td><span class=\"num\">#").Number(n.LeadId).Raw("</span>");
                if (!string.IsNullOrEmpty(n.LeadName))
                {
                    body.Raw(" <span class=\"name\">").Text(n.LeadName).Raw("</span>");
                }

                body.Raw("</td><td>").Text(t.Kind(n.Kind)).Raw("</td><td class=\"num\">").Number(entry.Attempts).Raw("</td><td class=\"error\">")
                    .Text(entry.LastError).Raw("</td>");
                if (!request.Options.ReadOnly)
                {
                    body.Raw("<td><form method=\"post\" action=\"notifications/").Number(entry.Id).Raw("/requeue\">").Raw(token)
                        .Raw("<button type=\"submit\" class=\"requeue\">").Text(t["requeue"]).Raw("</button></form></td>");
                }

                body.Raw("</tr>");
            }

            body.Raw("</tbody></table></div>");
        }

        await request.WritePageAsync(t["notifications"], "../../", businessId, "notifications", body).ConfigureAwait(false);
    }

    /// <summary>An age in its largest unit or two: <c>42 s</c>, <c>7 min</c>, <c>3 h 12 min</c>, <c>2 d 5 h</c>; a dash when none.</summary>
    internal static string Age(TimeSpan? age, Texts t)
    {
        if (age is not { } a)
        {
            return "—";
        }

        a = a < TimeSpan.Zero ? TimeSpan.Zero : a;
        string Part(double value, string unit) => ((long)value).ToString(CultureInfo.InvariantCulture) + " " + t[unit];
        return a.TotalMinutes < 1 ? Part(a.TotalSeconds, "seconds")
            : a.TotalHours < 1 ? Part(a.TotalMinutes, "minutes")
            : a.TotalDays < 1 ? Part(a.TotalHours, "hours") + " " + Part(a.Minutes, "minutes")
            : Part(a.TotalDays, "days") + " " + Part(a.Hours, "hours");
    }
}
