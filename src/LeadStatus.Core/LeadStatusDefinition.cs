namespace LeadStatus;

/// <summary>
/// One status of a business's lead pipeline.
/// </summary>
/// <param name="StatusId">The value stored in the lead's status column, for example <c>interested</c>.</param>
/// <param name="Label">The display label, for example <c>מעוניין</c>.</param>
/// <param name="Aliases">Other labels an AI may use for this status, for example <c>Interested</c> or <c>מתעניין</c>.</param>
public sealed record LeadStatusDefinition(string StatusId, string Label, IReadOnlyList<string>? Aliases = null);
