namespace LeadStatus.Storage;

/// <summary>Turns what a store did into the caller's <see cref="StatusUpdateResult"/>, with one message per outcome.</summary>
internal static class StatusResults
{
    /// <summary>Builds the result of a write.</summary>
    public static StatusUpdateResult From(StatusEventWrite write, StoreWriteResult stored) =>
        From(stored, write.Source, write.SourceEventId, write.BusinessId, write.LeadId, write.Reason);

    /// <summary>Builds the result of a person's action (the store always returns its reason).</summary>
    public static StatusUpdateResult From(StoreWriteResult stored, string source, string sourceEventId, long businessId) =>
        From(stored, source, sourceEventId, businessId, leadId: null, fallbackReason: string.Empty);

    private static StatusUpdateResult From(
        StoreWriteResult stored, string source, string sourceEventId, long businessId, long? leadId, string fallbackReason)
    {
        var message = stored.Outcome switch
        {
            StatusUpdateOutcome.Applied => $"Status changed from '{stored.PreviousStatusId}' to '{stored.NewStatusId}'.",
            StatusUpdateOutcome.AlreadyProcessed =>
                $"{source} event '{sourceEventId}' was already processed as event {stored.EventId} ({stored.RecordedOutcome}); nothing changed.",
            StatusUpdateOutcome.IdempotencyKeyConflict =>
                $"{source} event '{sourceEventId}' was already recorded as event {stored.EventId} for another lead or label; nothing was written.",
            StatusUpdateOutcome.SameStatus => $"The lead already has status '{stored.PreviousStatusId}'.",
            StatusUpdateOutcome.LeadNotFound when leadId is { } lead => $"Lead {lead} was not found in business {businessId}.",
            StatusUpdateOutcome.LeadNotFound => $"The lead was not found in business {businessId}.",
            StatusUpdateOutcome.Reverted => $"Status changed back from '{stored.PreviousStatusId}' to '{stored.NewStatusId}' ({stored.Reason}).",
            _ => Capitalize(stored.Reason ?? fallbackReason) + ".",
        };
        return new StatusUpdateResult(stored.Outcome, message, stored.RecommendedLabel, stored.PreviousStatusId, stored.NewStatusId, stored.EventId);
    }

    private static string Capitalize(string reason) => reason.Length == 0 ? reason : char.ToUpperInvariant(reason[0]) + reason[1..];
}
