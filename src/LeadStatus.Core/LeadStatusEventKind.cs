namespace LeadStatus;

/// <summary>What an event in <c>lead_status_events</c> records. Stored by name (<c>recommendation</c>, <c>manual_change</c>, …).</summary>
public enum LeadStatusEventKind
{
    /// <summary>An AI recommendation passed to <see cref="IStatusUpdateService.ApplyFromRecommendationAsync"/>.</summary>
    Recommendation,

    /// <summary>A person's status change recorded through <see cref="IStatusReviewService.RecordManualChangeAsync"/>.</summary>
    ManualChange,

    /// <summary>A person accepted a pending suggestion.</summary>
    SuggestionAccepted,

    /// <summary>A person rejected a pending suggestion.</summary>
    SuggestionRejected,

    /// <summary>A person reverted an automated change.</summary>
    Revert,
}
