namespace LeadStatus.Storage;

/// <summary>Turns what a store did into the caller's <see cref="StatusUpdateResult"/>, with one message per outcome.</summary>
internal static class StatusResults
{
    /// <summary>Builds the result of a write.</summary>
    public static StatusUpdateResult From(StatusEventWrite write, StoreWriteResult stored)
    {
        var message = stored.Outcome switch
        {
            StatusUpdateOutcome.Applied => $"Status changed from '{stored.PreviousStatusId}' to '{stored.NewStatusId}'.",
            StatusUpdateOutcome.AlreadyProcessed =>
                $"{write.Source} event '{write.SourceEventId}' was already processed as event {stored.EventId} ({stored.RecordedOutcome}); nothing changed.",
            StatusUpdateOutcome.IdempotencyKeyConflict =>
                $"{write.Source} event '{write.SourceEventId}' was already recorded as event {stored.EventId} for another lead or label; nothing was written.",
            StatusUpdateOutcome.SameStatus => $"The lead already has status '{stored.PreviousStatusId}'.",
            StatusUpdateOutcome.LeadNotFound => $"Lead {write.LeadId} was not found in business {write.BusinessId}.",
            _ => Capitalize(stored.Reason ?? write.Reason) + ".",
        };
        return new StatusUpdateResult(stored.Outcome, message, stored.RecommendedLabel, stored.PreviousStatusId, stored.NewStatusId, stored.EventId);
    }

    private static string Capitalize(string reason) => reason.Length == 0 ? reason : char.ToUpperInvariant(reason[0]) + reason[1..];
}
