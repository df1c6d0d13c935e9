namespace LeadStatus;

/// <summary>How many outbox rows are in each state, and how long the oldest pending one has waited.</summary>
/// <param name="Pending">Rows waiting for (another) delivery attempt.</param>
/// <param name="Delivered">Rows delivered and not purged yet.</param>
/// <param name="Dead">Rows given up on.</param>
/// <param name="OldestPendingAge">How long ago the oldest pending row was written, or <see langword="null"/> when none is pending.</param>
public sealed record NotificationCounts(long Pending, long Delivered, long Dead, TimeSpan? OldestPendingAge);
