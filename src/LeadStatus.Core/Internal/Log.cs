using Microsoft.Extensions.Logging;

namespace LeadStatus.Internal;

/// <summary>
/// Every log event of the library. Event ids by concern: 1xxx apply path, 2xxx notifications, 3xxx storage.
/// The summary text is never logged (personal data): its length and the extracted label are enough.
/// </summary>
internal static partial class Log
{
    /// <summary>The logger category of every library event.</summary>
    public const string Category = "LeadStatus";

    [LoggerMessage(1001, LogLevel.Debug, "No recommendation tag in the {Source} summary of lead {LeadId} in business {BusinessId} ({SummaryLength} characters)")]
    public static partial void NoRecommendation(ILogger logger, long businessId, long leadId, string source, int summaryLength);

    [LoggerMessage(1002, LogLevel.Debug, "Found recommendation '{Label}' in the {Source} summary of lead {LeadId} in business {BusinessId} ({SummaryLength} characters)")]
    public static partial void RecommendationFound(ILogger logger, long businessId, long leadId, string source, string label, int summaryLength);

    [LoggerMessage(1003, LogLevel.Debug, "Mapped '{Label}' to status '{StatusId}' of business {BusinessId} ({MatchKind})")]
    public static partial void LabelMapped(ILogger logger, long businessId, string label, string statusId, string matchKind);

    [LoggerMessage(1004, LogLevel.Information, "Applied status '{NewStatusId}' (was '{PreviousStatusId}') to lead {LeadId} in business {BusinessId} from {Source} event {SourceEventId} (confidence {Confidence}, event {EventId})")]
    public static partial void StatusApplied(ILogger logger, long businessId, long leadId, string? previousStatusId, string? newStatusId, string source, string sourceEventId, double confidence, long eventId);

    [LoggerMessage(1005, LogLevel.Information, "Skipped the {Source} recommendation for lead {LeadId} in business {BusinessId}: {Outcome} ({Reason}; event {EventId})")]
    public static partial void UpdateSkipped(ILogger logger, long businessId, long leadId, string source, StatusUpdateOutcome outcome, string reason, long eventId);

    [LoggerMessage(1006, LogLevel.Information, "Duplicate {Source} event {SourceEventId} in business {BusinessId}: already processed as event {EventId} ({RecordedOutcome})")]
    public static partial void Duplicate(ILogger logger, long businessId, string source, string sourceEventId, long eventId, StatusUpdateOutcome recordedOutcome);

    [LoggerMessage(1007, LogLevel.Warning, "Idempotency key conflict: {Source} event {SourceEventId} in business {BusinessId} was first recorded (event {EventId}) for another lead or label; nothing was written")]
    public static partial void IdempotencyKeyConflict(ILogger logger, long businessId, string source, string sourceEventId, long eventId);

    [LoggerMessage(1008, LogLevel.Information, "Manual change of lead {LeadId} in business {BusinessId} to '{NewStatusId}' by {Actor}: {Outcome} (event {EventId})")]
    public static partial void ManualChangeRecorded(ILogger logger, long businessId, long leadId, string newStatusId, string actor, StatusUpdateOutcome outcome, long eventId);

    [LoggerMessage(1009, LogLevel.Information, "{Kind} of event {RefersToEventId} in business {BusinessId} by {Actor}: {Outcome} (event {EventId})")]
    public static partial void ReviewRecorded(ILogger logger, long businessId, long refersToEventId, LeadStatusEventKind kind, string actor, StatusUpdateOutcome outcome, long eventId);

    [LoggerMessage(1010, LogLevel.Warning, "{Kind} refers to event {RefersToEventId}, which is not an event it applies to in business {BusinessId}; nothing changed")]
    public static partial void ReviewTargetNotFound(ILogger logger, long businessId, long refersToEventId, LeadStatusEventKind kind);
}
