using LeadStatus.Storage;

namespace LeadStatus.Tests.Storage;

public sealed class OutcomeCodesTests
{
    // The stored codes are data: changing one re-labels every stored row. This table is the contract.
    [TestCase(StatusUpdateOutcome.Applied, "applied")]
    [TestCase(StatusUpdateOutcome.AlreadyProcessed, "already_processed")]
    [TestCase(StatusUpdateOutcome.NoRecommendation, "no_recommendation")]
    [TestCase(StatusUpdateOutcome.UnknownLabel, "unknown_label")]
    [TestCase(StatusUpdateOutcome.AmbiguousLabel, "ambiguous_label")]
    [TestCase(StatusUpdateOutcome.BelowConfidenceThreshold, "below_confidence_threshold")]
    [TestCase(StatusUpdateOutcome.SameStatus, "same_status")]
    [TestCase(StatusUpdateOutcome.LeadNotFound, "lead_not_found")]
    [TestCase(StatusUpdateOutcome.RejectedByRule, "rejected_by_rule")]
    [TestCase(StatusUpdateOutcome.IdempotencyKeyConflict, "idempotency_key_conflict")]
    [TestCase(StatusUpdateOutcome.PendingReview, "pending_review")]
    [TestCase(StatusUpdateOutcome.SuggestionRejected, "suggestion_rejected")]
    [TestCase(StatusUpdateOutcome.Reverted, "reverted")]
    [TestCase(StatusUpdateOutcome.Superseded, "superseded")]
    public void Each_outcome_is_stored_by_its_name(StatusUpdateOutcome outcome, string code)
    {
        Assert.That(OutcomeCodes.ToCode(outcome), Is.EqualTo(code));
        Assert.That(OutcomeCodes.FromCode(code), Is.EqualTo(outcome));
    }

    [Test]
    public void Every_enum_member_has_a_distinct_code()
    {
        var codes = Enum.GetValues<StatusUpdateOutcome>().Select(OutcomeCodes.ToCode).ToList();

        Assert.That(codes, Is.Unique);
        Assert.That(codes, Has.Count.EqualTo(14), "a new member needs a TestCase above");
    }

    [Test]
    public void The_contract_numbers_never_move()
    {
        Assert.That((int)StatusUpdateOutcome.Applied, Is.EqualTo(0));
        Assert.That((int)StatusUpdateOutcome.IdempotencyKeyConflict, Is.EqualTo(9));
        Assert.That((int)StatusUpdateOutcome.PendingReview, Is.EqualTo(10));
        Assert.That((int)StatusUpdateOutcome.Superseded, Is.EqualTo(13));
    }

    [Test]
    public void Unknown_values_are_refused()
    {
        Assert.That(() => OutcomeCodes.FromCode("Applied"), Throws.TypeOf<FormatException>());
        Assert.That(() => OutcomeCodes.ToCode((StatusUpdateOutcome)99), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
