namespace LeadStatus;

/// <summary>
/// A daily window, in a business's time zone, in which its notifications are held and delivered when the window ends.
/// Status changes themselves are never delayed. A window whose start is after its end crosses midnight (22:00–07:00).
/// </summary>
public sealed record QuietHours
{
    /// <summary>Creates a quiet window.</summary>
    /// <param name="start">The local time the window starts (inclusive).</param>
    /// <param name="end">The local time the window ends (exclusive); before <paramref name="start"/> when the window crosses midnight.</param>
    /// <param name="timeZoneId">An IANA time zone id, for example <c>Asia/Jerusalem</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="start"/> equals <paramref name="end"/>, or the time zone is unknown.</exception>
    public QuietHours(TimeOnly start, TimeOnly end, string timeZoneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZoneId);
        if (start == end)
        {
            throw new ArgumentException("The quiet window must not be empty: its start equals its end.", nameof(end));
        }

        try
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"'{timeZoneId}' is not a time zone this system knows (use an IANA id such as Asia/Jerusalem).", nameof(timeZoneId), ex);
        }

        Start = start;
        End = end;
        TimeZoneId = timeZoneId;
    }

    /// <summary>Gets the local time the window starts (inclusive).</summary>
    public TimeOnly Start { get; }

    /// <summary>Gets the local time the window ends (exclusive).</summary>
    public TimeOnly End { get; }

    /// <summary>Gets the IANA time zone id.</summary>
    public string TimeZoneId { get; }

    /// <summary>Gets the resolved time zone.</summary>
    internal TimeZoneInfo TimeZone { get; }

    /// <summary>
    /// Gets when the window that <paramref name="now"/> falls in ends, or null when <paramref name="now"/> is outside the window.
    /// An end that a daylight-saving jump skips is the first valid instant after it; an end that occurs twice is the first one.
    /// </summary>
    internal DateTimeOffset? EndOfWindowAt(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        var crossesMidnight = Start > End;
        var inside = crossesMidnight ? time >= Start || time < End : time >= Start && time < End;
        if (!inside)
        {
            return null;
        }

        var endDate = DateOnly.FromDateTime(local);
        if (crossesMidnight && time >= Start)
        {
            endDate = endDate.AddDays(1);
        }

        var end = endDate.ToDateTime(End);
        while (TimeZone.IsInvalidTime(end))
        {
            end = end.AddMinutes(1);
        }

        var offset = TimeZone.IsAmbiguousTime(end) ? TimeZone.GetAmbiguousTimeOffsets(end).Max() : TimeZone.GetUtcOffset(end);
        return new DateTimeOffset(end, offset);
    }
}
