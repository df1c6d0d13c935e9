namespace LeadStatus;

/// <summary>How often leads moved from one status to another.</summary>
/// <param name="FromStatusId">The status before (null when the lead had none).</param>
/// <param name="ToStatusId">The status after.</param>
/// <param name="Count">How many changes.</param>
public sealed record StatusTransitionCount(string? FromStatusId, string ToStatusId, long Count);
