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
/// The dashboard in an in-process host under a path base (<c>/crm</c>), a signed-in user of business 1, one applied change, one
/// pending suggestion, and a notifier that always fails (one attempt), so the notifications of business 1 and of business 2 are
/// dead: every link, form and asset is relative; read-only mode hides and refuses every action; another business is a 404.
/// </summary>
[TestFixture(false)]
[TestFixture(true)]
public sealed partial class DashboardHostTests(bool readOnly)
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private readonly FailingNotifier _notifier = new();
    private INotificationAdmin _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddLeadStatusUpdates(o =>
        {
            o.SuggestionThreshold = 0.5;
            o.Notifications.MaxAttempts = 1;
            o.Notifications.PollInterval = TimeSpan.FromMilliseconds(50);
        }).UseInMemoryStore().AddNotifier(_notifier);
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
        _app.Services.GetRequiredService<InMemoryStatusCatalog>().Set(2, new LeadStatusDefinition("new", "חדש"), new LeadStatusDefinition("interested", "מעוניין"));
        store.UpsertLead(2, 1, "Other", "new");
        await updates.ApplyFromRecommendationAsync(new StatusRecommendation(2, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "c-3", 0.9));
        _admin = _app.Services.GetRequiredService<INotificationAdmin>();
        await _app.StartAsync();
        await EveryNotificationIsDeadAsync();
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
    [TestCase("crm/leadstatus/b/1/notifications")]
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
        var notifications = await _client.GetStringAsync(new Uri("crm/leadstatus/b/1/notifications", UriKind.Relative));
        var post = await _client.PostAsync(new Uri("crm/leadstatus/b/1/events/1/undo", UriKind.Relative), null);
        var requeue = await _client.PostAsync(new Uri($"crm/leadstatus/b/1/notifications/{(await MyDeadAsync())[0].Id}/requeue", UriKind.Relative), null);
        var requeueAll = await _client.PostAsync(new Uri("crm/leadstatus/b/1/notifications/requeue-all", UriKind.Relative), null);

        Assert.That(review, Does.Contain("data-lead-id=\"2\""));
        Assert.That(events, Does.Contain("data-outcome=\"Applied\""));
        Assert.That(notifications, Does.Contain("data-notification-id=\"").And.Contain("FailingNotifier: System.InvalidOperationException: gateway &lt;down&gt; &amp; out"));
        if (readOnly)
        {
            Assert.That(review + events + notifications, Does.Not.Contain("method=\"post\""));
            Assert.That(notifications, Does.Not.Contain("requeue"));
            Assert.That(new[] { post.StatusCode, requeue.StatusCode, requeueAll.StatusCode }, Is.All.EqualTo(HttpStatusCode.Forbidden));
        }
        else
        {
            Assert.That(review, Does.Contain("/accept\"").And.Contain("/reject\""));
            Assert.That(events, Does.Contain("/undo\""));
            Assert.That(notifications, Does.Contain("/requeue\"").And.Contain("action=\"notifications/requeue-all\""));
            Assert.That(new[] { post.StatusCode, requeue.StatusCode, requeueAll.StatusCode }, Is.All.EqualTo(HttpStatusCode.BadRequest), "no antiforgery token");
        }

        Assert.That((await _admin.GetCountsAsync(1)).Pending, Is.Zero, "nothing was requeued");
    }

    [Test]
    public async Task Requeue_with_the_pages_token_makes_the_dead_rows_pending_and_another_businesss_row_is_a_404()
    {
        if (readOnly)
        {
            Assert.Pass("Read-only mode has no form (see Read_only_mode_hides_and_refuses_every_action).");
        }

        var theirs = (await _admin.GetDeadAsync(2)).Single().Id;
        var mine = (await MyDeadAsync())[0].Id;
        var page = await _client.GetStringAsync(new Uri("crm/leadstatus/b/1/notifications", UriKind.Relative));
        var token = Token().Match(page);
        Assert.That(token.Success, Is.True, page);
        FormUrlEncodedContent Form() => new([new(WebUtility.HtmlDecode(token.Groups["name"].Value), WebUtility.HtmlDecode(token.Groups["token"].Value))]);

        var underMine = await _client.PostAsync(new Uri($"crm/leadstatus/b/1/notifications/{theirs}/requeue", UriKind.Relative), Form());
        var underTheirs = await _client.PostAsync(new Uri($"crm/leadstatus/b/2/notifications/{theirs}/requeue", UriKind.Relative), Form());
        var allOfTheirs = await _client.PostAsync(new Uri("crm/leadstatus/b/2/notifications/requeue-all", UriKind.Relative), Form());
        var theirCounts = await _admin.GetCountsAsync(2);
        var callsBefore = _notifier.Calls;
        var one = await _client.PostAsync(new Uri($"crm/leadstatus/b/1/notifications/{mine}/requeue", UriKind.Relative), Form());
        await EveryNotificationIsDeadAsync();
        var callsAfterOne = _notifier.Calls;
        var myDead = (await _admin.GetCountsAsync(1)).Dead;
        var all = await _client.PostAsync(new Uri("crm/leadstatus/b/1/notifications/requeue-all", UriKind.Relative), Form());
        await EveryNotificationIsDeadAsync();

        foreach (var response in new[] { underMine, underTheirs, allOfTheirs })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Not found."));
        }

        Assert.That(theirCounts with { OldestPendingAge = null }, Is.EqualTo(new NotificationCounts(0, 0, 1, null)), "business 2's row untouched");
        Assert.That(one.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(one.Headers.Location?.ToString(), Is.EqualTo("../../notifications?requeued=1"));
        Assert.That(callsAfterOne, Is.EqualTo(callsBefore + 1), "the requeued row was attempted once more, and died again");
        Assert.That(all.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(all.Headers.Location?.ToString(), Is.EqualTo($"../notifications?requeued={myDead}"));
        Assert.That(_notifier.Calls, Is.EqualTo(callsAfterOne + myDead));
    }

    [TestCase("crm/leadstatus/b/2/overview")]
    [TestCase("crm/leadstatus/b/2/events")]
    [TestCase("crm/leadstatus/b/-1/review")]
    [TestCase("crm/leadstatus/b/2/notifications")]
    public async Task Another_business_is_a_404_that_reveals_nothing(string page)
    {
        var response = await _client.GetAsync(new Uri(page, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Not found."));
    }

    private async Task<IReadOnlyList<OutboxEntry>> MyDeadAsync()
    {
        var dead = await _admin.GetDeadAsync(1);
        Assert.That(dead, Is.Not.Empty, "business 1 has a dead notification");
        return dead;
    }

    /// <summary>Waits until the dispatcher has tried every notification (the notifier always fails, so each is dead).</summary>
    private async Task EveryNotificationIsDeadAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await _admin.GetCountsAsync() is var counts && (counts.Pending > 0 || counts.Dead == 0))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until every notification is dead: {counts}.");
            }

            await Task.Delay(20);
        }
    }

    [GeneratedRegex("(?:href|action|src)=\"([^\"]*)\"")]
    private static partial Regex Urls();

    [GeneratedRegex("action=\"notifications/\\d+/requeue\"><input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<token>[^\"]+)\">")]
    private static partial Regex Token();

    /// <summary>A push gateway that is always down, with markup in its error.</summary>
    private sealed class FailingNotifier : INotifier
    {
        private long _calls;

        public long Calls => Interlocked.Read(ref _calls);

        public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("gateway <down> & out");
        }
    }
}
