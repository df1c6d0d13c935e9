using LeadStatus.Internal;

namespace LeadStatus.Review;

/// <summary>The contract checks on a person's actions; they run before any I/O and name the offending parameter.</summary>
internal static class ReviewValidator
{
    /// <summary>The longest accepted actor name.</summary>
    public const int MaxActorLength = 128;

    /// <summary>The longest accepted status id.</summary>
    public const int MaxStatusIdLength = 128;

#pragma warning disable CA2208 // The parameter name is the offending field, so a caller can tell which.
    /// <summary>Validates a manual change.</summary>
    public static void Validate(ManualStatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.BusinessId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ManualStatusChange.BusinessId), change.BusinessId, "BusinessId must be positive.");
        }

        if (change.LeadId <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ManualStatusChange.LeadId), change.LeadId, "LeadId must be positive.");
        }

        if (!RecommendationValidator.IsText(change.NewStatusId, MaxStatusIdLength) || string.IsNullOrWhiteSpace(change.NewStatusId))
        {
            throw new ArgumentException(
                $"NewStatusId must be 1 to {MaxStatusIdLength} characters of well-formed text with no control characters.", nameof(ManualStatusChange.NewStatusId));
        }

        Actor(change.ChangedBy, nameof(ManualStatusChange.ChangedBy));
        if (!RecommendationValidator.IsText(change.SourceEventId, RecommendationValidator.MaxSourceEventIdLength))
        {
            throw new ArgumentException(
                $"SourceEventId must be 1 to {RecommendationValidator.MaxSourceEventIdLength} characters of well-formed text with no control characters.",
                nameof(ManualStatusChange.SourceEventId));
        }
    }

    /// <summary>Validates an actor name: 1–128 characters, not blank, no control characters.</summary>
    public static void Actor(string? actor, string parameterName)
    {
        if (!RecommendationValidator.IsText(actor, MaxActorLength) || string.IsNullOrWhiteSpace(actor))
        {
            throw new ArgumentException($"{parameterName} must be 1 to {MaxActorLength} characters, not blank, with no control characters.", parameterName);
        }
    }
#pragma warning restore CA2208
}
