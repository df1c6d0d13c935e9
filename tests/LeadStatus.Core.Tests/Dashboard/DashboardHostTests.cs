using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using LeadStatus.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadStatus.Tests.Dashboard;

/// <summary>
/// The dashboard in an in-process host under a path base (<c>/crm</c>), a signed-in user of business 1 and one applied change
/// and one pending suggestion: every link, form and asset is relative; read-only mode hides and refuses every action.
/// </summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed partial class DashboardHostTests(bool readOnly)
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddLeadStatusUpdates(o => o.SuggestionThreshold = 0.5).UseInMemoryStore();
        builder.Services.AddLeadStatusDashboard(o =>
        {
            o.VisibleBusinesses = _ => new HashSet<long> { 1 };
            o.ReadOnly = readOnly;
        });
        _app = builder.Build();
        _app.UsePathBase("/crm");
        _app.Use((http, next) =>
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester")], "test"));
            return next(http);
        });
        _app.MapLeadStatusDashboard("/leadstatus");
        _app.Services.GetRequiredService<InMemoryStatusCatalog>().Set(1, new LeadStatusDefinition("new", "חדש"), new LeadStatusDefinition("interested", "מעוניין"));
        var store = _app.Services.GetRequiredService<InMemoryLeadStatusStore>();
        store.UpsertLead(1, 1, "Dana", "new");
        store.UpsertLead(1, 2, "Avi", "new");
        var updates = _app.Services.GetRequiredService<IStatusUpdateService>();
        await updates.ApplyFromRecommendationAsync(new StatusRecommendation(1, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "c-1", 0.9));
        await updates.ApplyFromRecommendationAsync(new StatusRecommendation(1, 2, "[המלצה: מעוניין]", StatusSources.CallSummary, "c-2", 0.55));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [TestCase("crm/leadstatus")]
    [TestCase("crm/leadstatus/")]
    [TestCase("crm/leadstatus/b/1/overview")]
    [TestCase("crm/leadstatus/b/1/review")]
    [TestCase("crm/leadstatus/b/1/events")]
    public async Task Every_link_form_and_asset_is_relative(string page)
    {
        var response = await _client.GetAsync(new Uri(page, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
        var urls = Urls().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.That(urls, Is.Not.Empty);
        Assert.That(urls, Has.None.StartsWith("/").And.None.Contains("//"), string.Join('\n', urls));
        foreach (var url in urls.Where(u => !u.StartsWith('?')))
        {
            var target = new Uri(new Uri(_client.BaseAddress!, page), url);
            Assert.That(target.AbsolutePath, Does.StartWith("/crm/leadstatus"), url);
        }
    }

    [Test]
    public async Task Read_only_mode_hides_and_refuses_every_action()
    {
        var review = await _client.GetStringAsync(new Uri("crm/leadstatus/b/1/review", UriKind.Relative));
        var events = await _client.GetStringAsync(new Uri("crm/leadstatus/b/1/events", UriKind.Relative));
        var post = await _client.PostAsync(new Uri("crm/leadstatus/b/1/events/1/undo", UriKind.Relative), null);

        Assert.That(review, Does.Contain("data-lead-id=\"2\""));
        Assert.That(events, Does.Contain("data-outcome=\"Applied\""));
        if (readOnly)
        {
            Assert.That(review + events, Does.Not.Contain("method=\"post\""));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        else
        {
            Assert.That(review, Does.Contain("/accept\"").And.Contain("/reject\""));
            Assert.That(events, Does.Contain("/undo\""));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no antiforgery token");
        }
    }

    [TestCase("crm/leadstatus/b/2/overview")]
    [TestCase("crm/leadstatus/b/2/events")]
    [TestCase("crm/leadstatus/b/-1/review")]
    public async Task Another_business_is_a_404_that_reveals_nothing(string page)
    {
        var response = await _client.GetAsync(new Uri(page, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Not found."));
    }

    [GeneratedRegex("(?:href|action|src)=\"([^\"]*)\"")]
    private static partial Regex Urls();
}
