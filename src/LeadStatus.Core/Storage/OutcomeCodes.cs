using System.Collections.Frozen;

namespace LeadStatus.Storage;

/// <summary>
/// The stable snake_case codes of <see cref="StatusUpdateOutcome"/> stored in <c>lead_status_events.outcome</c>, mapped by name:
/// an enum member added anywhere never re-labels stored rows, and a member without a code fails the test suite.
/// </summary>
internal static class OutcomeCodes
{
    private static readonly FrozenDictionary<StatusUpdateOutcome, string> Codes = new Dictionary<StatusUpdateOutcome, string>
    {
        [StatusUpdateOutcome.Applied] = "applied",
        [StatusUpdateOutcome.AlreadyProcessed] = "already_processed",
        [StatusUpdateOutcome.NoRecommendation] = "no_recommendation",
        [StatusUpdateOutcome.UnknownLabel] = "unknown_label",
        [StatusUpdateOutcome.AmbiguousLabel] = "ambiguous_label",
        [StatusUpdateOutcome.BelowConfidenceThreshold] = "below_confidence_threshold",
        [StatusUpdateOutcome.SameStatus] = "same_status",
        [StatusUpdateOutcome.LeadNotFound] = "lead_not_found",
        [StatusUpdateOutcome.RejectedByRule] = "rejected_by_rule",
        [StatusUpdateOutcome.IdempotencyKeyConflict] = "idempotency_key_conflict",
        [StatusUpdateOutcome.PendingReview] = "pending_review",
        [StatusUpdateOutcome.SuggestionRejected] = "suggestion_rejected",
        [StatusUpdateOutcome.Reverted] = "reverted",
        [StatusUpdateOutcome.Superseded] = "superseded",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, StatusUpdateOutcome> Outcomes =
        Codes.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Gets the stored code of an outcome.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a named outcome.</exception>
    public static string ToCode(StatusUpdateOutcome outcome) =>
        Codes.TryGetValue(outcome, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a lead status outcome.");

    /// <summary>Parses a stored code.</summary>
    /// <exception cref="FormatException">The code is not one of ours.</exception>
    public static StatusUpdateOutcome FromCode(string code) =>
        Outcomes.TryGetValue(code, out var outcome) ? outcome : throw new FormatException($"Unknown lead status outcome code '{code}'.");
}
