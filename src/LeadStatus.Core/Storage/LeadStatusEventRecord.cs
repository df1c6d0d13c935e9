namespace LeadStatus;

/// <summary>One row of <c>lead_status_events</c>: an attempt, whatever its outcome.</summary>
/// <param name="Id">The event id.</param>
/// <param name="BusinessId">The tenant.</param>
/// <param name="LeadId">The lead named by the call (not necessarily one of the business's).</param>
/// <param name="Source">The source, for example <see cref="StatusSources.CallSummary"/>.</param>
/// <param name="SourceEventId">The idempotency key within the source.</param>
/// <param name="RecommendedStatusLabel">The label parsed from the summary, if any.</param>
/// <param name="RecommendedStatusId">The status the label mapped to, if any.</param>
/// <param name="Confidence">The AI's confidence.</param>
/// <param name="Outcome">The recorded outcome.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="PreviousStatusId">The lead's status read under its lock, when it was read.</param>
/// <param name="Applied">Whether the lead's status was changed.</param>
/// <param name="AppliedAt">When the change was applied.</param>
/// <param name="CreatedAt">When the event was recorded.</param>
public sealed record LeadStatusEventRecord(
    long Id,
    long BusinessId,
    long LeadId,
    string Source,
    string SourceEventId,
    string? RecommendedStatusLabel,
    string? RecommendedStatusId,
    double Confidence,
    StatusUpdateOutcome Outcome,
    string Reason,
    string? PreviousStatusId,
    bool Applied,
    DateTimeOffset? AppliedAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets what the event records: a recommendation, or a person's action.</summary>
    public LeadStatusEventKind Kind { get; init; }

    /// <summary>Gets the person, for a person's action.</summary>
    public string? Actor { get; init; }

    /// <summary>Gets the event a person's action refers to (the suggestion accepted or rejected, the change reverted).</summary>
    public long? RefersToEventId { get; init; }

    /// <summary>Gets how the recommended label matched the catalog, when it did.</summary>
    public StatusMatchKind? MatchKind { get; init; }

    /// <summary>Gets where a suggestion stands (<see cref="StatusUpdateOutcome.PendingReview"/> events only).</summary>
    public SuggestionState? ReviewState { get; init; }
}
