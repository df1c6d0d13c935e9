using LeadStatus.Tests.Support;

namespace LeadStatus.Tests.Service;

/// <summary>Contract violations throw an <see cref="ArgumentException"/> naming the field, before any I/O.</summary>
public sealed class ValidationTests
{
    private static readonly StatusRecommendation Valid = new(1, 42, "[המלצה: מעוניין]", StatusSources.CallSummary, "call-1", 0.9);

    private static IEnumerable<TestCaseData> InvalidRecommendations()
    {
        yield return Case(Valid with { BusinessId = 0 }, "BusinessId", "zero business id");
        yield return Case(Valid with { BusinessId = -1 }, "BusinessId", "negative business id");
        yield return Case(Valid with { LeadId = 0 }, "LeadId", "zero lead id");
        yield return Case(Valid with { LeadId = long.MinValue }, "LeadId", "negative lead id");
        yield return Case(Valid with { Source = null! }, "Source", "null source");
        yield return Case(Valid with { Source = "" }, "Source", "empty source");
        yield return Case(Valid with { Source = "Call_Summary" }, "Source", "upper-case source");
        yield return Case(Valid with { Source = "1call" }, "Source", "source starting with a digit");
        yield return Case(Valid with { Source = "call-summary" }, "Source", "source with a hyphen");
        yield return Case(Valid with { Source = "call_summary\n" }, "Source", "source with a trailing newline");
        yield return Case(Valid with { Source = "a" + new string('b', 32) }, "Source", "33-character source");
        yield return Case(Valid with { Source = "שיחה" }, "Source", "Hebrew source");
        yield return Case(Valid with { SourceEventId = null! }, "SourceEventId", "null event id");
        yield return Case(Valid with { SourceEventId = "" }, "SourceEventId", "empty event id");
        yield return Case(Valid with { SourceEventId = new string('x', 256) }, "SourceEventId", "256-character event id");
        yield return Case(Valid with { SourceEventId = "call\0-1" }, "SourceEventId", "event id with NUL");
        yield return Case(Valid with { SourceEventId = "call-1\n" }, "SourceEventId", "event id with a newline");
        yield return Case(Valid with { SourceEventId = "call\u0085" }, "SourceEventId", "event id with a C1 control");
        yield return Case(Valid with { SourceEventId = "call-\uD83D" }, "SourceEventId", "event id ending in a lone high surrogate");
        yield return Case(Valid with { SourceEventId = "\uDE00call" }, "SourceEventId", "event id with a lone low surrogate");
        yield return Case(Valid with { Confidence = double.NaN }, "Confidence", "NaN confidence");
        yield return Case(Valid with { Confidence = -0.01 }, "Confidence", "negative confidence");
        yield return Case(Valid with { Confidence = 1.0001 }, "Confidence", "confidence over 1");
        yield return Case(Valid with { Confidence = double.PositiveInfinity }, "Confidence", "infinite confidence");
        yield return Case(Valid with { SummaryText = new string('א', 1_048_577) }, "SummaryText", "summary over 1 MiB");
    }

    private static TestCaseData Case(StatusRecommendation recommendation, string field, string name) =>
        new TestCaseData(recommendation, field).SetName($"Invalid_{field}_is_rejected: {name}");

    [TestCaseSource(nameof(InvalidRecommendations))]
    public void Invalid_field_throws_an_ArgumentException_naming_it_and_records_nothing(StatusRecommendation recommendation, string field)
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(1, 42, "דנה", "new");

        var error = Assert.ThrowsAsync(Is.InstanceOf<ArgumentException>(), () => host.Service.ApplyFromRecommendationAsync(recommendation));

        Assert.Multiple(() =>
        {
            Assert.That(((ArgumentException)error!).ParamName, Is.EqualTo(field));
            Assert.That(host.Store.Events, Is.Empty);
            Assert.That(host.Store.GetLeadStatus(1, 42), Is.EqualTo("new"));
        });
    }

    [Test]
    public void Null_recommendation_throws_ArgumentNullException()
    {
        using var host = new InMemoryHost();

        Assert.That(
            () => host.Service.ApplyFromRecommendationAsync(null!),
            Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("recommendation"));
    }

    [TestCase(0.0, StatusUpdateOutcome.BelowConfidenceThreshold)]
    [TestCase(1.0, StatusUpdateOutcome.Applied)]
    public async Task Boundary_confidences_are_valid(double confidence, StatusUpdateOutcome expected)
    {
        using var host = new InMemoryHost();
        host.Store.UpsertLead(1, 42, "דנה", "new");

        var result = await host.Service.ApplyFromRecommendationAsync(Valid with { Confidence = confidence });

        Assert.That(result.Outcome, Is.EqualTo(expected));
        Assert.That(host.Store.Events, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Longest_allowed_values_are_valid()
    {
        using var host = new InMemoryHost();
        var longest = Valid with
        {
            Source = "a" + new string('b', 31),
            SourceEventId = new string('x', 255),
            SummaryText = new string('א', 1_048_576 - 20) + "[המלצה: מעוניין]",
        };

        var result = await host.Service.ApplyFromRecommendationAsync(longest);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.LeadNotFound));
        Assert.That(host.Store.Events.Single().SourceEventId, Has.Length.EqualTo(255));
    }
}
