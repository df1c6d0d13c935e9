namespace LeadStatus.Policy;

/// <summary>
/// The reasons recorded when a rule refuses a recommendation. The texts that depend on the lead's state read under its lock are
/// templates with <c>%s</c> placeholders, filled by PostgreSQL's <c>format()</c> in the apply statement and by
/// <see cref="Format"/> in the in-memory store, so both stores record the same words.
/// </summary>
internal static class RuleReasons
{
    /// <summary>Template: the lead's current status.</summary>
    public const string LockedTemplate = "locked status '%s'";

    /// <summary>Template: the lead's current status, the target status.</summary>
    public const string TransitionTemplate = "transition %s → %s not allowed";

    /// <summary>Builds the manual-change protection template for a window; placeholders: the actor, the change's age in whole minutes.</summary>
    public static string ProtectedTemplate(TimeSpan window) => $"manual change by %s %s min ago is protected for {Describe(window)}";

    /// <summary>The reason for a recommendation outside the business's automation hours.</summary>
    public static string OutsideAutomationHours(AutomationHours hours) =>
        FormattableString.Invariant($"outside automation hours {hours.Start:HH\\:mm}–{hours.End:HH\\:mm} {hours.TimeZoneId}");

    /// <summary>Fills <c>%s</c> placeholders in order, as PostgreSQL's <c>format()</c> does.</summary>
    public static string Format(string template, params ReadOnlySpan<string?> values)
    {
        var builder = new System.Text.StringBuilder(template.Length + 32);
        var next = 0;
        var text = template.AsSpan();
        int at;
        while ((at = text.IndexOf("%s", StringComparison.Ordinal)) >= 0)
        {
            builder.Append(text[..at]).Append(next < values.Length ? values[next++] : null);
            text = text[(at + 2)..];
        }

        return builder.Append(text).ToString();
    }

    /// <summary>Describes a duration as "24 h", "90 min" or "45 s".</summary>
    public static string Describe(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerHour == 0 ? FormattableString.Invariant($"{(long)window.TotalHours} h")
        : window.Ticks % TimeSpan.TicksPerMinute == 0 ? FormattableString.Invariant($"{(long)window.TotalMinutes} min")
        : FormattableString.Invariant($"{window.TotalSeconds:0.###} s");
}
