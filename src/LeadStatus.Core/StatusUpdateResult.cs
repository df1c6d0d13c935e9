namespace LeadStatus;

/// <summary>
/// The result of <see cref="IStatusUpdateService.ApplyFromRecommendationAsync"/>.
/// </summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">A human-readable explanation, for logs and support; not meant to be parsed.</param>
/// <param name="RecommendedLabel">The label found in the summary, or <see langword="null"/> when there was none.</param>
/// <param name="PreviousStatusId">The lead's status before the call, when it was read.</param>
/// <param name="NewStatusId">The status the recommendation mapped to, when it mapped.</param>
/// <param name="EventId">The id of the recorded event (for <see cref="StatusUpdateOutcome.AlreadyProcessed"/> and <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/>, the first event's id).</param>
public sealed record StatusUpdateResult(StatusUpdateOutcome Outcome, string Message, string? RecommendedLabel,
    string? PreviousStatusId, string? NewStatusId, long? EventId)
{
    /// <summary>Gets a value indicating whether the lead's status was changed by this call.</summary>
    public bool Applied => Outcome == StatusUpdateOutcome.Applied;
}
