namespace LeadStatus;

/// <summary>
/// A business's rules for automation. Every member is optional: <see langword="null"/> falls back to <see cref="LeadStatusOptions"/>.
/// Rules are decided inside the one atomic write, against the lead's status read under its lock, in one documented order:
/// lead found → same status → locked → transition allowed → manual change protected → review band → apply.
/// </summary>
/// <remarks>Set through <see cref="IStatusRulesEditor"/> (validated against the options and the business's catalog) or an <see cref="IStatusRulesProvider"/>.</remarks>
public sealed record LeadStatusRules
{
    /// <summary>Gets the minimum confidence, inclusive, at which a recommendation of any source may be applied in this business.</summary>
    /// <value>0–1; <see langword="null"/> uses <see cref="LeadStatusOptions.ConfidenceThreshold"/>.</value>
    public double? ConfidenceThreshold { get; init; }

    /// <summary>Gets the lowest confidence, inclusive, at which a recommendation below the apply threshold waits for a person.</summary>
    /// <value>0–1, not above any apply threshold of these rules; <see langword="null"/> uses <see cref="LeadStatusOptions.SuggestionThreshold"/>.</value>
    public double? SuggestionThreshold { get; init; }

    /// <summary>Gets apply thresholds per source (for example <see cref="StatusSources.CallSummary"/>); a source listed here wins over <see cref="ConfidenceThreshold"/>.</summary>
    public IReadOnlyDictionary<string, double>? SourceConfidenceThresholds { get; init; }

    /// <summary>Gets the statuses automation never moves a lead out of (for example "won", "lost").</summary>
    public IReadOnlyCollection<string>? LockedStatuses { get; init; }

    /// <summary>
    /// Gets, for a target status, the statuses automation may move a lead from. A target not listed is allowed from any unlocked status.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>>? AllowedTransitions { get; init; }

    /// <summary>Gets how long after a person's change recorded through the library automation leaves the lead alone.</summary>
    /// <value>Non-negative; <see cref="TimeSpan.Zero"/> turns protection off; <see langword="null"/> uses <see cref="LeadStatusOptions.ManualChangeProtection"/>.</value>
    public TimeSpan? ManualChangeProtection { get; init; }

    /// <summary>Gets the local hours in which automation may change a status; outside them a recommendation is refused, never delayed.</summary>
    /// <value><see langword="null"/>: any time.</value>
    public AutomationHours? AutomationHours { get; init; }
}
