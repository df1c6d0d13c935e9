namespace LeadStatus.Analytics;

/// <summary>What a store reads for a report: counts and cells, never rows.</summary>
/// <param name="Outcomes">Events by (outcome, source).</param>
/// <param name="AppliedPerDay">Applied changes per UTC day, oldest first.</param>
/// <param name="Transitions">The most common transitions, most frequent first, then by ids (ordinal).</param>
/// <param name="UnknownLabels">Unknown or ambiguous labels, most frequent first, then by label (ordinal).</param>
/// <param name="Decisions">The automated decisions' cells.</param>
internal sealed record AnalyticsData(
    IReadOnlyList<(StatusUpdateOutcome Outcome, string Source, long Count)> Outcomes,
    IReadOnlyList<DailyCount> AppliedPerDay,
    IReadOnlyList<StatusTransitionCount> Transitions,
    IReadOnlyList<LabelCount> UnknownLabels,
    IReadOnlyList<DecisionCell> Decisions)
{
    /// <summary>How many transitions and labels a report lists.</summary>
    public const int TopCount = 20;
}
