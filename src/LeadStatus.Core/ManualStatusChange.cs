namespace LeadStatus;

/// <summary>A person's status change, recorded through <see cref="IStatusReviewService.RecordManualChangeAsync"/>.</summary>
/// <param name="BusinessId">The tenant; must be positive.</param>
/// <param name="LeadId">The lead; must be positive.</param>
/// <param name="NewStatusId">A status id of the business's catalog.</param>
/// <param name="ChangedBy">Who changed it: 1–128 characters, no control characters.</param>
/// <param name="SourceEventId">
/// The idempotency key of the change (for example the host's audit row id): 1–255 characters, no control characters.
/// The change is recorded once per <c>(BusinessId, "manual", SourceEventId)</c>.
/// </param>
public sealed record ManualStatusChange(long BusinessId, long LeadId, string NewStatusId, string ChangedBy, string SourceEventId);
