namespace LeadStatus;

/// <summary>
/// A summary produced by the host's AI for one conversation or call, and the identity of the event that produced it.
/// </summary>
/// <param name="BusinessId">The tenant. Must be positive.</param>
/// <param name="LeadId">The lead the summary is about, within <paramref name="BusinessId"/>. Must be positive.</param>
/// <param name="SummaryText">The summary; may be <see langword="null"/> or carry no tag. At most 1,048,576 characters.</param>
/// <param name="Source">Where the summary came from: one of <see cref="StatusSources"/> or any name matching <c>^[a-z][a-z0-9_]{0,31}$</c>.</param>
/// <param name="SourceEventId">The idempotency key within the source (chat session id, call id): 1 to 255 characters, no control characters.</param>
/// <param name="Confidence">The AI's confidence in the recommendation, from 0 to 1.</param>
public sealed record StatusRecommendation(long BusinessId, long LeadId, string? SummaryText, string Source, string SourceEventId, double Confidence);
