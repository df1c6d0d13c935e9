using System.Globalization;
using LeadStatus.Policy;

namespace LeadStatus.Storage;

/// <summary>
/// The in-memory store's decision for a person's action on an earlier event, in the documented order (README, "Review"); the
/// PostgreSQL review statement's <c>decision</c> CTE runs the same list, and the conformance suite proves they agree.
/// </summary>
internal static class ReviewDecision
{
    /// <summary>Whether the action applies to the referenced event: a suggestion for accept and reject, an automated change for revert.</summary>
    public static bool AppliesTo(LeadStatusEventKind action, LeadStatusEventRecord reference) => action == LeadStatusEventKind.Revert
        ? reference.Kind is LeadStatusEventKind.Recommendation or LeadStatusEventKind.SuggestionAccepted && reference.Outcome == StatusUpdateOutcome.Applied
        : reference.Kind == LeadStatusEventKind.Recommendation && reference.Outcome == StatusUpdateOutcome.PendingReview;

    /// <summary>
    /// suggestion still pending and not expired → reject → lead found → lead still where the suggestion (or change) left it →
    /// status still in the catalog → not locked → transition allowed → accept or revert.
    /// </summary>
    /// <returns>The outcome, the reason and the status the event names (the target).</returns>
    public static (StatusUpdateOutcome Outcome, string Reason, string? Target) Decide(ReviewWrite write, LeadStatusEventRecord reference, string? current)
    {
        var id = reference.Id.ToString(CultureInfo.InvariantCulture);
        var revert = write.Kind == LeadStatusEventKind.Revert;
        var target = revert ? reference.PreviousStatusId : reference.RecommendedStatusId;
        if (!revert && (reference.ReviewState != SuggestionState.Pending || reference.CreatedAt <= write.SuggestionsSince))
        {
            return (StatusUpdateOutcome.Superseded, RuleReasons.Format(ReviewReasons.Expired, id), target);
        }

        if (write.Kind == LeadStatusEventKind.SuggestionRejected)
        {
            return (StatusUpdateOutcome.SuggestionRejected, RuleReasons.Format(ReviewReasons.Rejected, id, write.Actor), target);
        }

        if (current is null)
        {
            return (StatusUpdateOutcome.LeadNotFound, StoreReasons.LeadNotFound, target);
        }

        if (revert)
        {
            return string.Equals(current, reference.RecommendedStatusId, StringComparison.Ordinal)
                ? (StatusUpdateOutcome.Reverted, RuleReasons.Format(ReviewReasons.Reverted, id, write.Actor), target)
                : (StatusUpdateOutcome.Superseded, RuleReasons.Format(ReviewReasons.ChangeMoved, reference.RecommendedStatusId, current), target);
        }

        if (!string.Equals(current, reference.PreviousStatusId, StringComparison.Ordinal))
        {
            return (StatusUpdateOutcome.Superseded, RuleReasons.Format(ReviewReasons.LeadMoved, reference.PreviousStatusId, current), target);
        }

        if (!write.CatalogStatusIds.Contains(target, StringComparer.Ordinal))
        {
            return (StatusUpdateOutcome.UnknownLabel, RuleReasons.Format(ReviewReasons.StatusGone, target), target);
        }

        if (write.LockedStatuses is { } locked && locked.Contains(current, StringComparer.Ordinal))
        {
            return (StatusUpdateOutcome.RejectedByRule, RuleReasons.Format(RuleReasons.LockedTemplate, current), target);
        }

        if (write.TransitionTargets.Contains(target, StringComparer.Ordinal)
            && !write.TransitionTargets.Where((t, i) => t == target && write.TransitionSources[i] == current).Any())
        {
            return (StatusUpdateOutcome.RejectedByRule, RuleReasons.Format(RuleReasons.TransitionTemplate, current, target), target);
        }

        return (StatusUpdateOutcome.Applied, RuleReasons.Format(ReviewReasons.Accepted, id, write.Actor), target);
    }
}
