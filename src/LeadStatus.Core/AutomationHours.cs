namespace LeadStatus;

/// <summary>
/// The local hours in which automation may change a business's lead statuses: from <see cref="Start"/> (inclusive) to
/// <see cref="End"/> (exclusive) in <see cref="TimeZoneId"/>. A window whose end is before its start crosses midnight (22:00–06:00).
/// </summary>
/// <param name="Start">The local time automation starts, inclusive.</param>
/// <param name="End">The local time automation stops, exclusive; must differ from <paramref name="Start"/>.</param>
/// <param name="TimeZoneId">An IANA time zone id, for example <c>Asia/Jerusalem</c>.</param>
public sealed record AutomationHours(TimeOnly Start, TimeOnly End, string TimeZoneId);
