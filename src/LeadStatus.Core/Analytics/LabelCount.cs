namespace LeadStatus;

/// <summary>A label the AI used that the catalog did not know (or matched ambiguously), and how often.</summary>
/// <param name="Label">The label as the AI wrote it.</param>
/// <param name="Count">How many events.</param>
public sealed record LabelCount(string Label, long Count);
