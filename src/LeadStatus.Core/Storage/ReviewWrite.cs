namespace LeadStatus.Storage;

/// <summary>
/// A person's action on an earlier event, recorded in one atomic write: accept or reject a suggestion, or revert an applied change.
/// The store reads the referenced event and the lead under the lead's lock and decides in one documented order (README, "Review").
/// </summary>
/// <param name="BusinessId">The tenant; the referenced event must be one of its events.</param>
/// <param name="RefersToEventId">The suggestion, or the applying event to revert.</param>
/// <param name="Kind"><see cref="LeadStatusEventKind.SuggestionAccepted"/>, <see cref="LeadStatusEventKind.SuggestionRejected"/> or <see cref="LeadStatusEventKind.Revert"/>.</param>
/// <param name="Actor">The person.</param>
/// <param name="SourceEventId">The action's idempotency key within source <see cref="Source"/>.</param>
/// <param name="RequestFingerprint">Accept and reject of one suggestion share it, so a second decision is a duplicate.</param>
/// <param name="SuggestionsSince">Suggestions created at or before this instant have expired.</param>
/// <param name="CatalogStatusIds">The business's status ids: accepting a suggestion whose status left the catalog is refused.</param>
/// <param name="CatalogStatusLabels">Their labels, in the same order, for the notification.</param>
/// <param name="LockedStatuses">Statuses an accepted suggestion may not move a lead out of.</param>
/// <param name="TransitionTargets">With <paramref name="TransitionSources"/>, the allowed transitions as (target, source) pairs.</param>
/// <param name="TransitionSources">The sources of the pairs.</param>
/// <param name="NotificationId">The id the outbox row gets when the action changes the lead.</param>
/// <param name="Now">The time of the action.</param>
internal sealed record ReviewWrite(
    long BusinessId,
    long RefersToEventId,
    LeadStatusEventKind Kind,
    string Actor,
    string SourceEventId,
    string RequestFingerprint,
    DateTimeOffset SuggestionsSince,
    string[] CatalogStatusIds,
    string[] CatalogStatusLabels,
    string[]? LockedStatuses,
    string[] TransitionTargets,
    string[] TransitionSources,
    Guid NotificationId,
    DateTimeOffset Now)
{
    /// <summary>The source of a person's actions on events: their key is <c>(BusinessId, "review", SourceEventId)</c>.</summary>
    public const string Source = "review";
}
