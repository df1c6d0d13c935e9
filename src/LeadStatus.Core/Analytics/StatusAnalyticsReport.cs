namespace LeadStatus;

/// <summary>A business's analytics over a period (<see cref="IStatusAnalytics.GetReportAsync"/>).</summary>
public sealed record StatusAnalyticsReport
{
    /// <summary>Gets the tenant.</summary>
    public required long BusinessId { get; init; }

    /// <summary>Gets the first instant, inclusive.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Gets the last instant, exclusive.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Gets the recorded events by outcome (every outcome present, zero when none).</summary>
    public required IReadOnlyDictionary<StatusUpdateOutcome, long> Outcomes { get; init; }

    /// <summary>Gets the recorded events by source, then outcome.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<StatusUpdateOutcome, long>> OutcomesBySource { get; init; }

    /// <summary>Gets the status changes applied per UTC day (velocity), days without changes left out, oldest first.</summary>
    public required IReadOnlyList<DailyCount> AppliedPerDay { get; init; }

    /// <summary>Gets the most common transitions, most frequent first (at most 20).</summary>
    public required IReadOnlyList<StatusTransitionCount> Transitions { get; init; }

    /// <summary>Gets the automated decisions' confidence in 10 equal bins, with how many of each were judged and correct.</summary>
    public required IReadOnlyList<ConfidenceBin> ConfidenceDistribution { get; init; }

    /// <summary>Gets the accuracy of all automated decisions.</summary>
    public required AutomationAccuracy Accuracy { get; init; }

    /// <summary>Gets the accuracy from explicit judgements only: accepted, rejected, reverted, corrected by a person.</summary>
    public required AutomationAccuracy ExplicitAccuracy { get; init; }

    /// <summary>Gets the implicit judgements: changes nobody touched within the correction window (untouched is not confirmed).</summary>
    public required AutomationAccuracy ImplicitAccuracy { get; init; }

    /// <summary>Gets the accuracy per source.</summary>
    public required IReadOnlyDictionary<string, AutomationAccuracy> AccuracyBySource { get; init; }

    /// <summary>Gets the accuracy per recommended status.</summary>
    public required IReadOnlyDictionary<string, AutomationAccuracy> AccuracyByStatus { get; init; }

    /// <summary>Gets accepted / (accepted + rejected) suggestions; null when none was decided.</summary>
    public required double? SuggestionAcceptanceRate { get; init; }

    /// <summary>Gets the expected calibration error of the confidence against the judgements (10 bins); null when nothing was judged.</summary>
    public required double? ExpectedCalibrationError { get; init; }

    /// <summary>Gets the Brier score of the confidence against the judgements; null when nothing was judged.</summary>
    public required double? BrierScore { get; init; }

    /// <summary>Gets the labels the catalog did not know or matched ambiguously, most frequent first (at most 20).</summary>
    public required IReadOnlyList<LabelCount> UnknownLabels { get; init; }
}
