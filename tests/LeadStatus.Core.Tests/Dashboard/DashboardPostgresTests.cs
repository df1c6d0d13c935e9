using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LeadStatus.Tests.Samples;
using LeadStatus.Tests.Storage;

namespace LeadStatus.Tests.Dashboard;

/// <summary>
/// The web sample with <c>--postgres</c> (a fresh database it creates with <c>--seed</c>): the dashboard's pages read the real
/// database, and an undo posted with the antiforgery token from the page puts the lead back. Over HTTP; the browser tests cover
/// what a person sees.
/// </summary>
[TestFixture]
[Category(PostgresServer.Category)]
[NonParallelizable]
public sealed partial class DashboardPostgresTests
{
    private WebSampleServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await WebSampleServer.StartAsync(
        new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
        "--postgres", await ConsoleSampleTests.MissingDatabaseAsync("dashboard"), "--seed");

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task The_pages_read_the_database_and_an_undo_with_the_pages_token_reverts_the_change()
    {
        var applied = await _server.Client.PostAsJsonAsync("/webhooks/call-recording",
            new { businessId = 1001, leadId = 2, callId = "call-dashboard-1", summary = "לא נענתה. [המלצה: אין מענה]", confidence = 0.95 });
        Assert.That(applied.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var dana = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _server.Address };
        Assert.That((await dana.PostAsync(new Uri("/dev/signin/dana", UriKind.Relative), null)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That(await dana.GetStringAsync(new Uri("/leadstatus/b/1001/overview", UriKind.Relative)), Does.Contain("data-count=\"applied\"><div class=\"n\">1<"));
        Assert.That((await dana.GetAsync(new Uri("/leadstatus/b/1001/review", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await dana.GetAsync(new Uri("/leadstatus/b/2002/events", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await dana.GetStringAsync(new Uri("/leadstatus/b/1001/notifications", UriKind.Relative)), Does.Contain("data-count=\"dead\"><div class=\"n\">0<"));
        Assert.That((await dana.GetAsync(new Uri("/leadstatus/b/2002/notifications", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var events = await dana.GetStringAsync(new Uri("/leadstatus/b/1001/events?outcome=Applied", UriKind.Relative));
        var undo = UndoForm().Match(events);
        Assert.That(undo.Success, Is.True, events);
        Assert.That(await StatusAsync(), Is.EqualTo("no_answer"));

        var response = await dana.PostAsync(new Uri($"/leadstatus/b/1001/events/{undo.Groups["id"].Value}/undo", UriKind.Relative),
            new FormUrlEncodedContent([new(WebUtility.HtmlDecode(undo.Groups["name"].Value), WebUtility.HtmlDecode(undo.Groups["token"].Value))]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("../../events?done=Reverted"));
        Assert.That(await StatusAsync(), Is.EqualTo("new"));
    }

    private async Task<string?> StatusAsync() =>
        (await _server.Client.GetFromJsonAsync<Dictionary<string, object>>("/leads/1001/2"))?["status"]?.ToString();

    [GeneratedRegex("action=\"events/(?<id>\\d+)/undo\"><input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<token>[^\"]+)\">")]
    private static partial Regex UndoForm();
}
