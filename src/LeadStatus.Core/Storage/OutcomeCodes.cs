namespace LeadStatus.Storage;

/// <summary>The stable snake_case codes of <see cref="StatusUpdateOutcome"/> stored in <c>lead_status_events.outcome</c>.</summary>
internal static class OutcomeCodes
{
    private static readonly string[] Codes =
    [
        "applied", "already_processed", "no_recommendation", "unknown_label", "ambiguous_label",
        "below_confidence_threshold", "same_status", "lead_not_found", "rejected_by_rule", "idempotency_key_conflict",
    ];

    /// <summary>Gets the stored code of an outcome.</summary>
    public static string ToCode(StatusUpdateOutcome outcome) => Codes[(int)outcome];

    /// <summary>Parses a stored code.</summary>
    /// <exception cref="FormatException">The code is not one of ours.</exception>
    public static StatusUpdateOutcome FromCode(string code)
    {
        var index = Array.IndexOf(Codes, code);
        return index >= 0 ? (StatusUpdateOutcome)index : throw new FormatException($"Unknown lead status outcome code '{code}'.");
    }
}
