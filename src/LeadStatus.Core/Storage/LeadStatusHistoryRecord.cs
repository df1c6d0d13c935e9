namespace LeadStatus;

/// <summary>One row of <c>lead_status_history</c>: an applied change.</summary>
/// <param name="BusinessId">The tenant.</param>
/// <param name="LeadId">The lead.</param>
/// <param name="OldStatus">The status before the change.</param>
/// <param name="NewStatus">The status after the change.</param>
/// <param name="Source">The source of the recommendation.</param>
/// <param name="Confidence">The AI's confidence.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="CreatedAt">When the change was applied.</param>
public sealed record LeadStatusHistoryRecord(
    long BusinessId,
    long LeadId,
    string? OldStatus,
    string NewStatus,
    string Source,
    double Confidence,
    string Reason,
    DateTimeOffset CreatedAt);
