namespace LeadStatus.Policy;

/// <summary>
/// The rules a store checks against the lead's status read under its lock, after "lead found" and "same status", in this order:
/// locked → transition allowed → manual change protected → review band. The default guards nothing (a person's manual change).
/// </summary>
/// <param name="LockedStatuses">Statuses the lead may not leave; null when none.</param>
/// <param name="AllowedFrom">The statuses the lead may move from to the target; null when any (unlocked) status may.</param>
/// <param name="ProtectedSince">A human change recorded after this instant protects the lead; null when protection is off.</param>
/// <param name="ProtectedReasonTemplate">The reason template (<see cref="RuleReasons.ProtectedTemplate"/>) when protection is on.</param>
/// <param name="ReviewQueue">Whether the business has a review queue: then a change only protection blocks waits for a person.</param>
internal readonly record struct LeadGuard(
    string[]? LockedStatuses,
    string[]? AllowedFrom,
    DateTimeOffset? ProtectedSince,
    string? ProtectedReasonTemplate,
    bool ReviewQueue = false);
