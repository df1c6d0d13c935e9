using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadStatus.Tests.Storage;

namespace LeadStatus.Tests.Samples;

/// <summary>
/// samples/LeadStatus.WebSample, started as a real process on a free loopback port and driven over HTTP: the quick start's
/// two webhooks (string outcomes, 400 naming the field on bad input), a 50-way retry storm on one call id, health checks;
/// on the in-memory store and on a fresh PostgreSQL database it creates with --seed.
/// </summary>
[TestFixture("memory")]
[TestFixture("postgres", Category = PostgresServer.Category)]
[NonParallelizable]
public sealed class WebSampleTests(string store)
{
    private WebSampleServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = store == "memory"
        ? await WebSampleServer.StartAsync()
        : await WebSampleServer.StartAsync("--postgres", await ConsoleSampleTests.MissingDatabaseAsync("web"), "--seed");

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task A_call_recording_applies_and_its_retry_is_AlreadyProcessed_as_names()
    {
        var body = new { businessId = 1001, leadId = 1, callId = $"call-{store}-once", summary = "ביקשה לתאם צפייה. [המלצה: מעוניין]", confidence = 0.9 };

        var first = await PostAsync("/webhooks/call-recording", body);
        var retry = await PostAsync("/webhooks/call-recording", body);

        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.Json.ToString());
        Assert.That(first.Json.GetProperty("outcome").GetString(), Is.EqualTo("Applied"));
        Assert.That(retry.Json.GetProperty("outcome").GetString(), Is.EqualTo("AlreadyProcessed"));
        Assert.That(retry.Json.GetProperty("eventId").GetInt64(), Is.EqualTo(first.Json.GetProperty("eventId").GetInt64()));
        var lead = await _server.Client.GetFromJsonAsync<JsonElement>("/leads/1001/1");
        Assert.That(lead.GetProperty("status").GetString(), Is.EqualTo("interested"));
    }

    [Test]
    public async Task A_whatsapp_session_below_the_threshold_is_an_outcome_by_name()
    {
        var result = await PostAsync(
            "/webhooks/whatsapp-session",
            new { businessId = 2002, leadId = 8, sessionId = $"wa-{store}-low", summary = "[המלצה: נקבע תור]", confidence = 0.3 });

        Assert.That(result.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(result.Json.GetProperty("outcome").GetString(), Is.EqualTo("BelowConfidenceThreshold"));
    }

    [TestCase("""{"businessId":1001,"leadId":3,"callId":"","summary":"[המלצה: מעוניין]","confidence":0.9}""", "callId")]
    [TestCase("""{"businessId":1001,"leadId":3,"callId":"c-1","summary":"[המלצה: מעוניין]","confidence":1.5}""", "confidence")]
    [TestCase("""{"businessId":0,"leadId":3,"callId":"c-2","summary":"[המלצה: מעוניין]","confidence":0.9}""", "businessId")]
    [TestCase("""{"businessId":1001,"callId":"c-3","summary":"[המלצה: מעוניין]","confidence":0.9}""", "leadId")]
    public async Task Bad_input_is_400_naming_the_field(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _server.Client.PostAsync(new Uri("/webhooks/call-recording", UriKind.Relative), content);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task A_50_way_retry_storm_on_one_call_id_applies_once_and_answers_every_call()
    {
        var body = new { businessId = 1001, leadId = 2, callId = $"call-{store}-storm", summary = "לא נענתה. [המלצה: אין מענה]", confidence = 0.95 };

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => PostAsync("/webhooks/call-recording", body))));

        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.OK));
        var outcomes = results.Select(r => r.Json.GetProperty("outcome").GetString()).ToList();
        Assert.That(outcomes.Count(o => o == "Applied"), Is.EqualTo(1), string.Join(", ", outcomes));
        Assert.That(outcomes.Count(o => o == "AlreadyProcessed"), Is.EqualTo(49));
        Assert.That(results.Select(r => r.Json.GetProperty("eventId").GetInt64()).Distinct().Count(), Is.EqualTo(1));
        var lead = await _server.Client.GetFromJsonAsync<JsonElement>("/leads/1001/2");
        Assert.That(lead.GetProperty("status").GetString(), Is.EqualTo("no_answer"));
    }

    [Test]
    public async Task The_host_log_at_Information_carries_no_SQL()
    {
        // Issue 14, finding 2: with the template's "Default": "Information", Npgsql logged every statement through the host.
        var body = new { businessId = 2002, leadId = 7, callId = $"call-{store}-log", summary = "[המלצה: נקבע תור]", confidence = 0.9 };
        var result = await PostAsync("/webhooks/call-recording", body);
        Assert.That(result.Json.GetProperty("outcome").GetString(), Is.EqualTo("Applied"));

        // The notifier logs the delivery after the apply's statements ran: once its line is out, theirs would be too.
        Assert.That(await _server.WaitForOutputAsync("for business 2002, lead 7", TimeSpan.FromSeconds(30)), Is.True, _server.Output);
        Assert.That(_server.Output, Does.Not.Contain("lead_status_events").And.Not.Contain("Npgsql."), _server.Output);
    }

    [Test]
    public async Task Health_checks_report_healthy()
    {
        using var response = await _server.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(string path, object body)
    {
        using var response = await _server.Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
