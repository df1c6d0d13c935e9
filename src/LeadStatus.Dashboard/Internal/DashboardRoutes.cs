using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadStatus.Dashboard.Internal;

/// <summary>The dashboard's endpoints, all on one group: pages (GET), actions (POST, antiforgery) and the stylesheet.</summary>
internal static class DashboardRoutes
{
    private static readonly Lazy<byte[]> Stylesheet = new(() =>
    {
        using var stream = typeof(DashboardRoutes).Assembly.GetManifestResourceStream("LeadStatus.Dashboard.dashboard.css")
            ?? throw new InvalidOperationException("The dashboard's stylesheet is missing from its assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(RouteGroupBuilder group, ILogger logger)
    {
        // The language cookie is scoped to the dashboard: the path base plus the group's prefix.
        static string CookiePath(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "/";
            var at = path.IndexOf("/b/", StringComparison.Ordinal);
            var local = at >= 0 ? path[..at] : path.EndsWith("/assets/dashboard.css", StringComparison.Ordinal) ? path[..^"/assets/dashboard.css".Length] : path.TrimEnd('/');
            return http.Request.PathBase.Add(new PathString(local.Length == 0 ? "/" : local)).Value ?? "/";
        }

        group.MapGet("/", async http =>
        {
            if (await DashboardRequest.OpenAsync(http, logger, null, CookiePath(http)).ConfigureAwait(false) is { } request)
            {
                await IndexPage.WriteAsync(request).ConfigureAwait(false);
            }
        });
        group.MapGet("/assets/dashboard.css", async http =>
        {
            if (await DashboardRequest.OpenAsync(http, logger, null, CookiePath(http)).ConfigureAwait(false) is not null)
            {
                DashboardRequest.SecurityHeaders(http);
                http.Response.ContentType = "text/css; charset=utf-8";
                http.Response.Headers.CacheControl = "private, max-age=3600";
                await http.Response.Body.WriteAsync(Stylesheet.Value, http.RequestAborted).ConfigureAwait(false);
            }
        });
        MapPage(group, "/b/{businessId:long}/overview", OverviewPage.WriteAsync);
        MapPage(group, "/b/{businessId:long}/review", ReviewPage.WriteAsync);
        MapPage(group, "/b/{businessId:long}/events", EventsPage.WriteAsync);
        MapPage(group, "/b/{businessId:long}/notifications", NotificationsPage.WriteAsync);
        MapAction(group, "/b/{businessId:long}/review/{eventId:long}/accept", "accept", "../../review",
            (review, business, id, actor, ct) => review.AcceptSuggestionAsync(business, id, actor, ct));
        MapAction(group, "/b/{businessId:long}/review/{eventId:long}/reject", "reject", "../../review",
            (review, business, id, actor, ct) => review.RejectSuggestionAsync(business, id, actor, ct));
        MapAction(group, "/b/{businessId:long}/events/{eventId:long}/undo", "undo", "../../events",
            (review, business, id, actor, ct) => review.RevertChangeAsync(business, id, actor, ct));

        void MapPage(RouteGroupBuilder g, string pattern, Func<DashboardRequest, long, Task> page) =>
            g.MapGet(pattern, async http =>
            {
                var businessId = RouteId(http, "businessId");
                if (await DashboardRequest.OpenAsync(http, logger, businessId, CookiePath(http)).ConfigureAwait(false) is { } request)
                {
                    await page(request, businessId).ConfigureAwait(false);
                }
            });

        void MapAction(RouteGroupBuilder g, string pattern, string name, string back,
            Func<IStatusReviewService, long, long, string, CancellationToken, Task<StatusUpdateResult>> action) =>
            g.MapPost(pattern, async http =>
            {
                var businessId = RouteId(http, "businessId");
                if (await OpenActionAsync(http, businessId).ConfigureAwait(false) is not { } request)
                {
                    return;
                }

                var eventId = RouteId(http, "eventId");
                var result = await action(http.RequestServices.GetRequiredService<IStatusReviewService>(), businessId, eventId, request.Actor(), http.RequestAborted)
                    .ConfigureAwait(false);
                DashboardLog.Action(logger, name, eventId, businessId, result.Outcome);
                http.Response.StatusCode = StatusCodes.Status303SeeOther;
                http.Response.Headers.Location = back + "?done=" + result.Outcome.ToString(); // relative: works under any path base
            });

        // Requeue one dead notification of the business: a row that is not a dead row of this business (another business's, or
        // one already requeued) is a 404 that reveals nothing.
        group.MapPost("/b/{businessId:long}/notifications/{notificationId:long}/requeue", async http =>
        {
            var businessId = RouteId(http, "businessId");
            if (await OpenActionAsync(http, businessId).ConfigureAwait(false) is null)
            {
                return;
            }

            var id = RouteId(http, "notificationId");
            var requeued = id > 0 && await http.RequestServices.GetRequiredService<INotificationAdmin>()
                .RequeueAsync(businessId, id, http.RequestAborted).ConfigureAwait(false);
            DashboardLog.Requeued(logger, id, businessId, requeued ? 1 : 0);
            if (!requeued)
            {
                await DashboardRequest.RefuseAsync(http, StatusCodes.Status404NotFound, "Not found.").ConfigureAwait(false);
                return;
            }

            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = "../../notifications?requeued=1";
        });
        group.MapPost("/b/{businessId:long}/notifications/requeue-all", async http =>
        {
            var businessId = RouteId(http, "businessId");
            if (await OpenActionAsync(http, businessId).ConfigureAwait(false) is null)
            {
                return;
            }

            var count = await http.RequestServices.GetRequiredService<INotificationAdmin>().RequeueAllAsync(businessId, http.RequestAborted).ConfigureAwait(false);
            DashboardLog.Requeued(logger, null, businessId, count);
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = "../notifications?requeued=" + count.ToString(CultureInfo.InvariantCulture);
        });

        // Every action: the request's checks, then refused in read-only mode and without a valid antiforgery token.
        async Task<DashboardRequest?> OpenActionAsync(HttpContext http, long businessId)
        {
            if (await DashboardRequest.OpenAsync(http, logger, businessId, CookiePath(http)).ConfigureAwait(false) is not { } request)
            {
                return null;
            }

            if (request.Options.ReadOnly)
            {
                await DashboardRequest.RefuseAsync(http, StatusCodes.Status403Forbidden, "The dashboard is read-only.").ConfigureAwait(false);
                return null;
            }

            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException)
            {
                DashboardLog.Refused(logger, "a POST without a valid antiforgery token");
                await DashboardRequest.RefuseAsync(http, StatusCodes.Status400BadRequest, "Bad request.").ConfigureAwait(false);
                return null;
            }

            return request;
        }
    }

    private static long RouteId(HttpContext http, string name) =>
        long.Parse(http.Request.RouteValues[name]?.ToString() ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
