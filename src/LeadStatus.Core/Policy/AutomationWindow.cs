namespace LeadStatus.Policy;

/// <summary><see cref="AutomationHours"/> resolved to a time zone, with the reason recorded outside them.</summary>
internal sealed class AutomationWindow
{
    private readonly TimeOnly _start;
    private readonly TimeOnly _end;
    private readonly TimeZoneInfo _zone;

    private AutomationWindow(AutomationHours hours, TimeZoneInfo zone)
    {
        _start = hours.Start;
        _end = hours.End;
        _zone = zone;
        Reason = RuleReasons.OutsideAutomationHours(hours);
    }

    /// <summary>Gets the reason recorded for a recommendation outside the window.</summary>
    public string Reason { get; }

    /// <summary>Resolves the hours' time zone.</summary>
    /// <returns>false when the time zone is unknown or the window is empty.</returns>
    public static bool TryCreate(AutomationHours hours, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AutomationWindow? window)
    {
        window = null;
        if (hours.Start == hours.End || string.IsNullOrWhiteSpace(hours.TimeZoneId)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZoneId, out var zone))
        {
            return false;
        }

        window = new AutomationWindow(hours, zone);
        return true;
    }

    /// <summary>Returns whether automation may change a status at <paramref name="now"/>: start inclusive, end exclusive, local time.</summary>
    public bool Allows(DateTimeOffset now)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        return _start < _end ? local >= _start && local < _end : local >= _start || local < _end;
    }
}
