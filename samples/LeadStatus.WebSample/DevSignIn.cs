using System.Security.Claims;
using LeadStatus.Sample;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LeadStatus.WebSample;

/// <summary>
/// Development only: pick a demo user of one business and get a cookie. The dashboard sees the user's "business" claims.
/// Never map this outside development; a real host signs users in its own way.
/// </summary>
internal static class DevSignIn
{
    public const string BusinessClaim = "business";

    private static readonly (string User, long Business)[] Users = [("dana", SampleData.RealEstate), ("avi", SampleData.Clinic)];

    public static IReadOnlySet<long> VisibleBusinesses(HttpContext http) =>
        http.User.FindAll(BusinessClaim).Select(c => long.TryParse(c.Value, out var id) ? id : 0).Where(id => id > 0).ToHashSet();

    public static void MapDevSignIn(this WebApplication app)
    {
        app.MapGet("/dev/signin", () => Results.Content(
            "<!DOCTYPE html><html lang=\"he\" dir=\"rtl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            "<title>כניסת פיתוח</title></head><body><h1>כניסת פיתוח (דמו)</h1>" +
            string.Concat(Users.Select(u =>
                $"<form method=\"post\" action=\"signin/{u.User}\"><button type=\"submit\" id=\"signin-{u.User}\">{u.User} · {u.Business}</button></form>")) +
            "</body></html>", "text/html; charset=utf-8"));
        app.MapPost("/dev/signin/{user}", async (string user, HttpContext http) =>
        {
            var match = Users.FirstOrDefault(u => u.User == user);
            if (match.User is null)
            {
                return Results.NotFound();
            }

            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, match.User), new Claim(BusinessClaim, match.Business.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect($"../../leadstatus/b/{match.Business}/overview");
        });
    }
}
