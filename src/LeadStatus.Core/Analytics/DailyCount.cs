namespace LeadStatus;

/// <summary>Status changes applied on one UTC day.</summary>
/// <param name="Day">The day (UTC).</param>
/// <param name="Count">How many.</param>
public sealed record DailyCount(DateOnly Day, long Count);
