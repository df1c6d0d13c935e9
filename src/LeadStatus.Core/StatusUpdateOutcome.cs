using System.Text.Json.Serialization;

namespace LeadStatus;

/// <summary>
/// What <see cref="IStatusUpdateService.ApplyFromRecommendationAsync"/> did with a recommendation.
/// </summary>
/// <remarks>
/// The numeric values are part of the contract and never change; new members are appended. Stored rows hold the outcome's
/// snake_case name (<c>applied</c>, <c>rejected_by_rule</c>, …), never its number.
/// Serializes as its name with System.Text.Json (for example <c>"AlreadyProcessed"</c>) without any serializer configuration by the host.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<StatusUpdateOutcome>))]
public enum StatusUpdateOutcome
{
    /// <summary>The lead's status changed; history and a notification were written in the same transaction.</summary>
    Applied,

    /// <summary>An event with the same business, source and source event id was already recorded; nothing was written.</summary>
    AlreadyProcessed,

    /// <summary>The summary carries no recommendation tag (or it is empty or longer than 128 characters).</summary>
    NoRecommendation,

    /// <summary>The recommended label matches none of the business's statuses.</summary>
    UnknownLabel,

    /// <summary>The recommended label matches several statuses equally well; none was chosen.</summary>
    AmbiguousLabel,

    /// <summary>The confidence is below <see cref="LeadStatusOptions.ConfidenceThreshold"/>; recorded, not applied.</summary>
    BelowConfidenceThreshold,

    /// <summary>The lead already has the recommended status.</summary>
    SameStatus,

    /// <summary>No lead with this id exists in the calling business.</summary>
    LeadNotFound,

    /// <summary>A business rule refused the change; the event's reason names the rule.</summary>
    RejectedByRule,

    /// <summary>The idempotency key was already used for a different lead or label; nothing was written.</summary>
    IdempotencyKeyConflict,

    /// <summary>The recommendation waits for a person: recorded as a pending suggestion, the lead untouched.</summary>
    PendingReview,

    /// <summary>A person rejected a pending suggestion; nothing changed.</summary>
    SuggestionRejected,

    /// <summary>A person reverted an automated change: the lead is back at the change's previous status.</summary>
    Reverted,

    /// <summary>The suggestion or change no longer applies: the lead moved on, a newer suggestion replaced it, or it expired.</summary>
    Superseded,
}
