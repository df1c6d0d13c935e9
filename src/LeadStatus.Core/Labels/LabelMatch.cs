namespace LeadStatus.Labels;

/// <summary>The result of mapping a label to a catalog.</summary>
/// <param name="Kind">How it matched.</param>
/// <param name="Status">The status, for <see cref="LabelMatchKind.Exact"/> and <see cref="LabelMatchKind.Partial"/>.</param>
/// <param name="Detail">Why, in a short English sentence for the event's reason (for example the tied candidates).</param>
internal readonly record struct LabelMatch(LabelMatchKind Kind, LeadStatusDefinition? Status, string Detail);
