namespace LeadStatus;

/// <summary>A recommendation that waits for a person (<see cref="StatusUpdateOutcome.PendingReview"/>).</summary>
/// <param name="EventId">The suggestion's id: the event recorded for the recommendation.</param>
/// <param name="BusinessId">The tenant.</param>
/// <param name="LeadId">The lead.</param>
/// <param name="CurrentStatusId">The lead's status when the suggestion was made.</param>
/// <param name="SuggestedStatusId">The status the recommendation mapped to.</param>
/// <param name="RecommendedLabel">The label the AI wrote.</param>
/// <param name="Source">The recommendation's source.</param>
/// <param name="Confidence">The AI's confidence.</param>
/// <param name="CreatedAt">When the suggestion was made.</param>
public sealed record StatusSuggestion(long EventId, long BusinessId, long LeadId, string? CurrentStatusId, string SuggestedStatusId,
    string? RecommendedLabel, string Source, double Confidence, DateTimeOffset CreatedAt);
