namespace LeadStatus;

/// <summary>Where a suggestion (<see cref="StatusUpdateOutcome.PendingReview"/>) stands. Stored by name (<c>pending</c>, …).</summary>
/// <remarks>A pending suggestion older than <see cref="LeadStatusOptions.SuggestionLifetime"/> has expired: it stays
/// <see cref="Pending"/> in storage but is no longer listed, and accepting it is <see cref="StatusUpdateOutcome.Superseded"/>.</remarks>
public enum SuggestionState
{
    /// <summary>Waiting for a person.</summary>
    Pending,

    /// <summary>A person accepted it; the change was applied by the accepting event.</summary>
    Accepted,

    /// <summary>A person rejected it.</summary>
    Rejected,

    /// <summary>A newer suggestion, an applied change or a person's change of the lead replaced it.</summary>
    Superseded,
}
