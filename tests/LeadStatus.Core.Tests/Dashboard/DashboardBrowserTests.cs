using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LeadStatus.Tests.Samples;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace LeadStatus.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: the web sample (in-memory, seeded demo history, development sign-in) as a process on a free
/// loopback port, one headless Chromium for the fixture, signed in as "dana" of business 1001. Each test checks what a person sees
/// and, through the sample's own endpoint, what changed in the store.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class DashboardBrowserTests
{
    private const long Mine = 1001;
    private const long Theirs = 2002;
    private const long UnreachableLead = 99; // the demo SMS gateway refuses its notifications until they are dead
    private const string GatewayError = "DemoSmsNotifier: System.Net.Http.HttpRequestException: SMS gateway refused +972-50-000-0000: <unreachable> & retry later";
    private WebSampleServer _server = null!;
    private ChromeDriver _browser = null!;
    private UnconfiguredDashboardHost _unconfigured = null!;

    private string Base => _server.Address.ToString().TrimEnd('/');

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _browser = Browser.Start(); // fails first, with the install command, when there is no browser
        _server = await WebSampleServer.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        _unconfigured = await UnconfiguredDashboardHost.StartAsync();
        _browser.Navigate().GoToUrl($"{Base}/dev/signin");
        _browser.FindElement(By.Id("signin-dana")).Click();
        await _browser.WaitUntilAsync(() => _browser.Url.EndsWith($"/leadstatus/b/{Mine}/overview", StringComparison.Ordinal), "the overview after sign-in");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _browser?.Quit();
        _browser?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_unconfigured is not null)
        {
            await _unconfigured.DisposeAsync();
        }
    }

    [Test]
    public async Task The_overview_shows_counts_charts_transitions_accuracy_and_thresholds_right_to_left()
    {
        await OpenAsync($"b/{Mine}/overview?lang=he");

        Assert.That(_browser.FindElement(By.TagName("html")).GetAttribute("dir"), Is.EqualTo("rtl"));
        Assert.That(_browser.FindElement(By.TagName("html")).GetAttribute("lang"), Is.EqualTo("he"));
        Assert.That(_browser.FindElement(By.TagName("main")).GetCssValue("direction"), Is.EqualTo("rtl"));
        Assert.That(long.Parse(_browser.FindElement(By.CssSelector("[data-count=applied] .n")).Text, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(_browser.FindElements(By.CssSelector("figure.velocity rect.bar")), Is.Not.Empty);
        Assert.That(_browser.FindElements(By.CssSelector("figure.histogram rect.acc")), Is.Not.Empty, "accuracy per bin");
        Assert.That(_browser.FindElements(By.CssSelector("table.transitions tbody tr")), Is.Not.Empty);
        Assert.That(_browser.FindElements(By.CssSelector("table.thresholds tbody tr")), Is.Not.Empty);
        Assert.That(_browser.FindElement(By.CssSelector("header .business")).Text, Is.EqualTo("משרד תיווך הכרמל"));
        Screenshot("dashboard-overview");
    }

    [Test]
    public async Task The_review_queue_lists_pending_suggestions_with_accept_and_reject()
    {
        await OpenAsync($"b/{Mine}/review");

        var rows = _browser.FindElements(By.CssSelector("table.suggestions tbody tr"));
        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows[0].FindElements(By.CssSelector("button.accept")), Has.Count.EqualTo(1));
        Assert.That(rows[0].FindElements(By.CssSelector("button.reject")), Has.Count.EqualTo(1));
        Assert.That(rows[0].FindElement(By.CssSelector("td.label")).Text, Is.EqualTo("מעוניין"));
        Screenshot("dashboard-review");
    }

    [Test]
    public async Task Accepting_a_suggestion_changes_the_leads_status_in_the_store_and_on_the_page()
    {
        await OpenAsync($"b/{Mine}/review");
        var row = _browser.FindElements(By.CssSelector("table.suggestions tbody tr"))[^1];
        var eventId = row.GetAttribute("data-event-id");
        var leadId = long.Parse(row.GetAttribute("data-lead-id")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await LeadStatusAsync(Mine, leadId), Is.EqualTo("new"));

        row.FindElement(By.CssSelector("button.accept")).Click();

        await _browser.WaitUntilAsync(() => _browser.FindElements(By.CssSelector("p.flash")).Count == 1, "the accept's outcome");
        Assert.That(_browser.FindElement(By.CssSelector("p.flash")).Text, Does.Contain("עודכן"));
        Assert.That(_browser.FindElements(By.CssSelector($"tr[data-event-id='{eventId}']")), Is.Empty);
        Assert.That(await LeadStatusAsync(Mine, leadId), Is.EqualTo("interested"));
    }

    [Test]
    public async Task Undo_puts_the_lead_back_to_its_previous_status()
    {
        await OpenAsync($"b/{Mine}/events?outcome=Applied");
        IWebElement? chosen = null;
        foreach (var row in _browser.FindElements(By.CssSelector("table.events tbody tr")).Where(r => r.FindElements(By.CssSelector("button.undo")).Count == 1))
        {
            var lead = long.Parse(row.GetAttribute("data-lead-id")!, System.Globalization.CultureInfo.InvariantCulture);
            if (await LeadStatusAsync(Mine, lead) == row.GetAttribute("data-new-status"))
            {
                chosen = row;
                break;
            }
        }

        Assert.That(chosen, Is.Not.Null, "an applied change the lead still holds");
        var leadId = long.Parse(chosen!.GetAttribute("data-lead-id")!, System.Globalization.CultureInfo.InvariantCulture);
        var previous = chosen.GetAttribute("data-previous-status");

        chosen.FindElement(By.CssSelector("button.undo")).Click();

        await _browser.WaitUntilAsync(() => _browser.FindElements(By.CssSelector("p.flash")).Count == 1, "the undo's outcome");
        Assert.That(_browser.FindElement(By.CssSelector("p.flash")).Text, Does.Contain("בוטל"));
        Assert.That(await LeadStatusAsync(Mine, leadId), Is.EqualTo(previous));
    }

    [Test]
    public async Task The_recent_events_filter_by_outcome_and_source()
    {
        await OpenAsync($"b/{Mine}/events?outcome=UnknownLabel&source=call_summary");

        var rows = _browser.FindElements(By.CssSelector("table.events tbody tr"));
        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows.Select(r => r.GetAttribute("data-outcome")), Is.All.EqualTo("UnknownLabel"));
        Assert.That(rows.Select(r => r.FindElements(By.TagName("td"))[2].Text), Is.All.EqualTo("call_summary"));
        await OpenAsync($"b/{Mine}/events");
        Assert.That(_browser.FindElements(By.CssSelector("table.events tbody tr")).Select(r => r.GetAttribute("data-outcome")).Distinct().Count(), Is.GreaterThan(3));
        Screenshot("dashboard-events");
    }

    [Test]
    public async Task The_notifications_page_shows_the_dead_notification_with_its_last_error_and_requeue_delivers_it()
    {
        await OpenAsync($"b/{Mine}/notifications?lang=he");
        var row = await DeadRowAsync(UnreachableLead);
        var id = row.GetAttribute("data-notification-id");
        var before = await NotificationCountsAsync(Mine);
        await _browser.WaitUntilAsync(async () => (before = await NotificationCountsAsync(Mine)).Pending == 0, "no notification in flight", 60);

        Assert.That(row.FindElement(By.CssSelector("td.error")).Text, Is.EqualTo(GatewayError), "the last error, as text");
        Assert.That(row.FindElement(By.CssSelector(".name")).Text, Is.EqualTo("Unreachable lead"));
        Assert.That(_browser.FindElements(By.CssSelector("main script")), Is.Empty);
        Assert.That(long.Parse(_browser.FindElement(By.CssSelector("[data-count=dead] .n")).Text, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(before.Dead));
        Assert.That(_browser.FindElements(By.CssSelector("form.requeue-all button.requeue-all")), Has.Count.EqualTo(1));
        Assert.That(before.Dead, Is.GreaterThanOrEqualTo(1));
        Screenshot("dashboard-notifications");

        row.FindElement(By.CssSelector("button.requeue")).Click();

        await _browser.WaitUntilAsync(() => _browser.FindElements(By.CssSelector("p.flash")).Count == 1, "the requeue's outcome");
        Assert.That(_browser.FindElement(By.CssSelector("p.flash")).Text, Does.Contain("1"));
        Assert.That(_browser.FindElements(By.CssSelector($"tr[data-notification-id='{id}']")), Is.Empty, "no longer dead");
        var after = before;
        await _browser.WaitUntilAsync(async () => (after = await NotificationCountsAsync(Mine)) is { Pending: 0 } && after.Dead == before.Dead - 1,
            "the requeued notification is delivered", 60);
        Assert.That(after.Delivered, Is.EqualTo(before.Delivered + 1));
        await OpenAsync($"b/{Mine}/notifications");
        Assert.That(_browser.FindElements(By.CssSelector($"tr[data-notification-id='{id}']")), Is.Empty, "delivered, not dead again");
    }

    [Test]
    public async Task A_label_with_a_script_tag_shows_as_text_and_runs_nothing()
    {
        await OpenAsync($"b/{Mine}/events?outcome=UnknownLabel");

        var labels = _browser.FindElements(By.CssSelector("td.label")).Select(td => td.Text).ToList();
        Assert.That(labels, Does.Contain("<script>alert(1)</script>"));
        Assert.That(_browser.FindElements(By.CssSelector("main script")), Is.Empty);
        Assert.That(() => _browser.SwitchTo().Alert(), Throws.InstanceOf<NoAlertPresentException>());
        await OpenAsync($"b/{Mine}/overview");
        Assert.That(_browser.FindElements(By.CssSelector("table.labels td.label")).Select(td => td.Text), Does.Contain("<script>alert(1)</script>"));
        Assert.That(() => _browser.SwitchTo().Alert(), Throws.InstanceOf<NoAlertPresentException>());
    }

    [Test]
    public async Task A_user_of_one_business_cannot_open_or_act_on_another()
    {
        // The other business's pending suggestion, as its own user sees it.
        using var avi = await SignInAsync("avi");
        var theirs = EventIds().Match(await avi.GetStringAsync(new Uri($"{Base}/leadstatus/b/{Theirs}/review"))).Groups[1].Value;
        Assert.That(theirs, Is.Not.Empty);

        foreach (var page in new[] { "overview", "review", "events", "notifications" })
        {
            await OpenAsync($"b/{Theirs}/{page}");
            Assert.That(_browser.FindElement(By.TagName("body")).Text, Is.EqualTo("Not found."), page);
        }

        // A form of my business pointed at their business, then at their suggestion under my business.
        await OpenAsync($"b/{Mine}/review");
        RetargetFirstForm($"../{Theirs}/review/{theirs}/accept");
        _browser.FindElement(By.CssSelector("table.suggestions button.accept")).Click();
        await _browser.WaitUntilAsync(() => _browser.FindElement(By.TagName("body")).Text == "Not found.", "the 404");

        await OpenAsync($"b/{Mine}/review");
        RetargetFirstForm($"review/{theirs}/accept");
        _browser.FindElement(By.CssSelector("table.suggestions button.accept")).Click();
        await _browser.WaitUntilAsync(() => _browser.FindElements(By.CssSelector("p.flash")).Count == 1, "the refused accept's outcome");
        Assert.That(_browser.FindElement(By.CssSelector("p.flash")).Text, Does.Not.Contain("עודכן"));

        var stillPending = await avi.GetStringAsync(new Uri($"{Base}/leadstatus/b/{Theirs}/review"));
        Assert.That(stillPending, Does.Contain($"data-event-id=\"{theirs}\""));

        // Their dead notification, requeued through a form of my business (the token is valid), is a 404 and stays dead.
        var theirDead = string.Empty;
        await _browser.WaitUntilAsync(
            async () => (theirDead = NotificationIds().Match(await avi.GetStringAsync(new Uri($"{Base}/leadstatus/b/{Theirs}/notifications"))).Groups[1].Value).Length > 0,
            "their dead notification", 60);
        await OpenAsync($"b/{Mine}/review");
        RetargetFirstForm($"notifications/{theirDead}/requeue");
        _browser.FindElement(By.CssSelector("table.suggestions button.accept")).Click();
        await _browser.WaitUntilAsync(() => _browser.FindElement(By.TagName("body")).Text == "Not found.", "the requeue's 404");
        Assert.That(await avi.GetStringAsync(new Uri($"{Base}/leadstatus/b/{Theirs}/notifications")), Does.Contain($"data-notification-id=\"{theirDead}\""));
    }

    [Test]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await OpenAsync($"b/{Mine}/review");
        var row = _browser.FindElements(By.CssSelector("table.suggestions tbody tr"))[0];
        var eventId = row.GetAttribute("data-event-id");
        _browser.ExecuteScript("document.querySelectorAll('form input[type=hidden]').forEach(function (i) { i.remove(); });");

        row.FindElement(By.CssSelector("button.accept")).Click();

        await _browser.WaitUntilAsync(() => _browser.FindElement(By.TagName("body")).Text == "Bad request.", "the refusal");
        await OpenAsync($"b/{Mine}/review");
        Assert.That(_browser.FindElements(By.CssSelector($"tr[data-event-id='{eventId}']")), Has.Count.EqualTo(1), "still pending");
    }

    [Test]
    public async Task An_anonymous_request_is_refused_when_authorization_is_not_configured()
    {
        _browser.Navigate().GoToUrl(new Uri(_unconfigured.Address, "leadstatus/"));
        await _browser.WaitUntilAsync(() => _browser.FindElement(By.TagName("body")).Text.Contains("not configured", StringComparison.Ordinal), "the refusal");

        using var client = new HttpClient();
        foreach (var path in new[] { "leadstatus", "leadstatus/b/1/overview", "leadstatus/assets/dashboard.css" })
        {
            Assert.That((await client.GetAsync(new Uri(_unconfigured.Address, path))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), path);
        }

        Assert.That((await client.PostAsync(new Uri(_unconfigured.Address, "leadstatus/b/1/events/1/undo"), null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(_unconfigured.Logs.Entries.Select(e => e.Message), Has.Some.Contains("AddLeadStatusDashboard(o => o.VisibleBusinesses"));

        // The sample, configured, sends an anonymous visitor to sign in and shows nothing.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync(new Uri($"{Base}/leadstatus/b/{Mine}/overview"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.ToString(), Does.Contain("/dev/signin"));
    }

    [Test]
    public async Task English_is_selectable_and_left_to_right()
    {
        await OpenAsync($"b/{Mine}/overview");
        _browser.FindElement(By.CssSelector("header a.lang")).Click();
        await _browser.WaitUntilAsync(() => _browser.FindElement(By.TagName("html")).GetAttribute("lang") == "en", "English");

        Assert.That(_browser.FindElement(By.TagName("html")).GetAttribute("dir"), Is.EqualTo("ltr"));
        Assert.That(_browser.FindElement(By.TagName("h1")).Text, Is.EqualTo("Overview"));
        await OpenAsync($"b/{Mine}/overview?lang=he");
        Assert.That(_browser.FindElement(By.TagName("html")).GetAttribute("dir"), Is.EqualTo("rtl"));
    }

    [Test]
    public async Task On_a_phone_no_page_is_wider_than_the_screen()
    {
        var size = _browser.Manage().Window.Size;
        _browser.Manage().Window.Size = new System.Drawing.Size(390, 844);
        try
        {
            foreach (var page in new[] { "overview", "review", "events", "notifications" })
            {
                await OpenAsync($"b/{Mine}/{page}");
                await _browser.WaitUntilAsync(() => Convert.ToInt64(_browser.ExecuteScript("return window.innerWidth;"), System.Globalization.CultureInfo.InvariantCulture) <= 500, "the phone-sized window");
                var overflow = Convert.ToInt64(_browser.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(overflow, Is.LessThanOrEqualTo(0), page);
            }
        }
        finally
        {
            _browser.Manage().Window.Size = size;
        }
    }

    private async Task OpenAsync(string relative)
    {
        _browser.Navigate().GoToUrl($"{Base}/leadstatus/{relative}");
        await _browser.WaitUntilAsync(() => _browser.FindElements(By.TagName("body")).Count == 1, relative);
    }

    private void RetargetFirstForm(string action) =>
        _browser.ExecuteScript("document.querySelector('table.suggestions form').setAttribute('action', arguments[0]);", action);

    private async Task<string?> LeadStatusAsync(long businessId, long leadId)
    {
        var lead = await _server.Client.GetFromJsonAsync<LeadBody>($"/leads/{businessId}/{leadId}");
        return lead?.Status;
    }

    private async Task<CountsBody> NotificationCountsAsync(long businessId) =>
        await _server.Client.GetFromJsonAsync<CountsBody>($"/notifications/{businessId}") ?? throw new InvalidOperationException("no counts");

    /// <summary>The dead row of a lead on the open notifications page, reloading until the dispatcher has given up on it.</summary>
    private async Task<IWebElement> DeadRowAsync(long leadId)
    {
        var selector = By.CssSelector($"table.dead tr[data-lead-id='{leadId}']");
        await _browser.WaitUntilAsync(() =>
        {
            if (_browser.FindElements(selector).Count > 0)
            {
                return true;
            }

            _browser.Navigate().Refresh();
            return _browser.FindElements(selector).Count > 0;
        }, $"the dead notification of lead {leadId}", 60);
        return _browser.FindElement(selector);
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var response = await client.PostAsync(new Uri($"{Base}/dev/signin/{user}"), null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return client;
    }

    private void Screenshot(string name)
    {
        var directory = Environment.GetEnvironmentVariable("LEADSTATUS_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(SampleProcess.RepositoryRoot, "docs")
            : Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        _browser.GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path);
    }

    [GeneratedRegex("data-event-id=\"(\\d+)\"")]
    private static partial Regex EventIds();

    [GeneratedRegex("data-notification-id=\"(\\d+)\"")]
    private static partial Regex NotificationIds();

    private sealed record LeadBody(long BusinessId, long LeadId, string? Status);

    private sealed record CountsBody(long Pending, long Delivered, long Dead);
}
