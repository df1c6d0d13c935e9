namespace LeadStatus.Tests.Service;

/// <summary>The public validator answers what the service would throw, without calling it (issue 14, finding 4).</summary>
public sealed class StatusRecommendationValidatorTests
{
    private static readonly StatusRecommendation Valid = new(1, 2, "[המלצה: מעוניין]", StatusSources.CallSummary, "call-1", 0.9);

    [Test]
    public void A_valid_recommendation_has_no_error()
    {
        Assert.That(StatusRecommendationValidator.TryValidate(Valid, out var error), Is.True);
        Assert.That(error, Is.Null);
    }

    [TestCase(0L, 2L, "call-1", 0.9, "BusinessId")]
    [TestCase(1L, 0L, "call-1", 0.9, "LeadId")]
    [TestCase(1L, 2L, "", 0.9, "SourceEventId")]
    [TestCase(1L, 2L, "call-1", 1.5, "Confidence")]
    [TestCase(1L, 2L, "call-1", double.NaN, "Confidence")]
    public void An_invalid_recommendation_names_the_field(long businessId, long leadId, string eventId, double confidence, string field)
    {
        var recommendation = Valid with { BusinessId = businessId, LeadId = leadId, SourceEventId = eventId, Confidence = confidence };

        Assert.That(StatusRecommendationValidator.TryValidate(recommendation, out var error), Is.False);
        Assert.That(error!.ParamName, Is.EqualTo(field));
    }

    [Test]
    public void The_error_is_the_one_the_service_throws()
    {
        using var host = new Support.InMemoryHost();
        var recommendation = Valid with { Source = "Call Summary" };

        StatusRecommendationValidator.TryValidate(recommendation, out var error);
        var thrown = Assert.ThrowsAsync<ArgumentException>(() => host.Service.ApplyFromRecommendationAsync(recommendation));

        Assert.That(error!.ParamName, Is.EqualTo(thrown!.ParamName).And.EqualTo("Source"));
        Assert.That(error.Message, Is.EqualTo(thrown.Message));
    }
}
