using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadStatus.Dashboard.Internal;

/// <summary>
/// One dashboard request that passed the checks: the dashboard is configured, the user is signed in, and (for a business's page)
/// the business is one the user may see. Writes pages with the security headers and the layout.
/// </summary>
internal sealed class DashboardRequest
{
    private const string LanguageCookie = "leadstatus_lang";

    private DashboardRequest(HttpContext http, LeadStatusDashboardOptions options, IReadOnlySet<long> businesses, Texts texts)
    {
        Http = http;
        Options = options;
        Businesses = businesses;
        T = texts;
    }

    public HttpContext Http { get; }

    public LeadStatusDashboardOptions Options { get; }

    public IReadOnlySet<long> Businesses { get; }

    public Texts T { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Runs the checks; on refusal writes the answer and returns null.</summary>
    public static async Task<DashboardRequest?> OpenAsync(HttpContext http, ILogger logger, long? businessId, string cookiePath)
    {
        var options = http.RequestServices.GetService<IOptions<LeadStatusDashboardOptions>>()?.Value;
        if (options?.VisibleBusinesses is null)
        {
            DashboardLog.Refused(logger, "the dashboard is not configured");
            await RefuseAsync(http, StatusCodes.Status403Forbidden,
                "The LeadStatus dashboard is not configured: the host has not said who may see which businesses. See the host's log.").ConfigureAwait(false);
            return null;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            DashboardLog.Refused(logger, "anonymous user");
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "Sign in to see the LeadStatus dashboard.").ConfigureAwait(false);
            return null;
        }

        var businesses = options.VisibleBusinesses(http) ?? new HashSet<long>();
        if (businessId is { } id && !businesses.Contains(id))
        {
            DashboardLog.Refused(logger, "a business the user may not see");
            await RefuseAsync(http, StatusCodes.Status404NotFound, "Not found.").ConfigureAwait(false);
            return null;
        }

        var language = http.Request.Query["lang"].ToString();
        if (language is "he" or "en")
        {
            http.Response.Cookies.Append(LanguageCookie, language, new CookieOptions
            {
                Path = cookiePath, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps,
            });
        }
        else
        {
            language = http.Request.Cookies[LanguageCookie] ?? options.DefaultLanguage;
        }

        return new DashboardRequest(http, options, businesses, Texts.For(language));
    }

    /// <summary>Refuses with a plain-text answer that reveals nothing.</summary>
    public static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        SecurityHeaders(http);
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(message, http.RequestAborted);
    }

    /// <summary>The hidden antiforgery field for a form, or nothing in read-only mode.</summary>
    public string AntiforgeryField()
    {
        var tokens = Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
        return $"<input type=\"hidden\" name=\"{Html.Encode(tokens.FormFieldName)}\" value=\"{Html.Encode(tokens.RequestToken)}\">";
    }

    /// <summary>A business's display name.</summary>
    public string BusinessName(long businessId) =>
        Options.BusinessName?.Invoke(businessId) ?? $"{T["business"]} {businessId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The actor recorded for an action: the user's name, 1–128 characters without control characters.</summary>
    public string Actor()
    {
        var name = Options.ActorName?.Invoke(Http) ?? Http.User.Identity?.Name;
        name = new string((name ?? string.Empty).Where(c => !char.IsControl(c)).Take(128).ToArray()).Trim();
        return name.Length == 0 ? "dashboard" : name;
    }

    /// <summary>Writes a page in the layout. <paramref name="root"/> is the relative path to the dashboard's root ("" or "../../").</summary>
    public Task WritePageAsync(string title, string root, long? businessId, string? current, Html body)
    {
        var page = new Html()
            .Raw("<!DOCTYPE html><html lang=\"").Raw(T.Language).Raw("\" dir=\"").Raw(T.Direction).Raw("\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Text(title).Raw(" · ").Text(T["title"]).Raw("</title>")
            .Raw("<link rel=\"stylesheet\" href=\"").Raw(root).Raw("assets/dashboard.css\"></head><body><header>")
            .Raw("<a class=\"brand\" href=\"").Raw(root.Length == 0 ? "./" : root).Raw("\">").Text(T["title"]).Raw("</a>");
        if (businessId is { } id)
        {
            page.Raw("<span class=\"business\">").Text(BusinessName(id)).Raw("</span><nav>");
            foreach (var link in new[] { "overview", "review", "events", "notifications" })
            {
                page.Raw("<a href=\"").Raw(link).Raw("\"").Raw(link == current ? " aria-current=\"page\"" : string.Empty).Raw(">").Text(T[link]).Raw("</a>");
            }

            page.Raw("</nav>");
        }

        page.Raw("<a class=\"lang\" href=\"?lang=").Raw(T["otherLanguageCode"]).Raw("\">").Text(T["otherLanguage"]).Raw("</a></header><main>");
        if (Options.ReadOnly)
        {
            page.Raw("<p class=\"muted\">").Text(T["readOnly"]).Raw("</p>");
        }

        page.Raw("<h1>").Text(title).Raw("</h1>").Raw(body.ToString()).Raw("</main></body></html>");
        Http.Response.StatusCode = StatusCodes.Status200OK;
        SecurityHeaders(Http);
        Http.Response.Headers.CacheControl = "no-store";
        Http.Response.ContentType = "text/html; charset=utf-8";
        return Http.Response.WriteAsync(page.ToString(), Aborted);
    }

    /// <summary>No script at all, nothing from another origin, no framing.</summary>
    public static void SecurityHeaders(HttpContext http)
    {
        http.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "same-origin";
    }
}
