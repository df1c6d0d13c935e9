using System.Text.Json;

namespace LeadStatus.Tests.Service;

/// <summary>
/// Regression (issue 14, finding 3): the README's <c>Results.Ok(new { result.Outcome, result.Message })</c> returned
/// <c>{"outcome":1}</c>. Outcomes serialize as their names with System.Text.Json, with no converter configured by the host.
/// </summary>
public sealed class OutcomeSerializationTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Test]
    public void Outcome_serializes_as_its_name_with_default_options() =>
        Assert.That(JsonSerializer.Serialize(StatusUpdateOutcome.AlreadyProcessed), Is.EqualTo("\"AlreadyProcessed\""));

    [Test]
    public void Outcome_serializes_as_its_name_with_the_web_defaults_inside_an_anonymous_object()
    {
        var result = new StatusUpdateResult(StatusUpdateOutcome.Applied, "done", "מעוניין", "new", "interested", 7);

        var json = JsonSerializer.Serialize(new { result.Outcome, result.Message }, Web);

        Assert.That(json, Is.EqualTo("""{"outcome":"Applied","message":"done"}"""));
    }

    [Test]
    public void Outcome_reads_back_from_its_name() =>
        Assert.That(JsonSerializer.Deserialize<StatusUpdateOutcome>("\"LeadNotFound\""), Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
}
