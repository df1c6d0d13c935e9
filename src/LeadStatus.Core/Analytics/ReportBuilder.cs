namespace LeadStatus.Analytics;

/// <summary>Derives every figure of a report, and the threshold suggestion, from what a store read: written once for both stores.</summary>
internal static class ReportBuilder
{
    /// <summary>The fewest judged decisions at or above a candidate threshold that count as evidence.</summary>
    public const int MinimumSample = 30;

    /// <summary>Builds the report.</summary>
    public static StatusAnalyticsReport Build(long businessId, DateTimeOffset from, DateTimeOffset to, AnalyticsData data)
    {
        var outcomes = Enum.GetValues<StatusUpdateOutcome>().ToDictionary(o => o, o => data.Outcomes.Where(x => x.Outcome == o).Sum(x => x.Count));
        var bySource = data.Outcomes.GroupBy(x => x.Source, StringComparer.Ordinal).ToDictionary(
            g => g.Key, IReadOnlyDictionary<StatusUpdateOutcome, long> (g) => g.ToDictionary(x => x.Outcome, x => x.Count), StringComparer.Ordinal);
        var decisions = data.Decisions;
        var judged = decisions.Where(c => c.Judgement != Judgement.Unjudged).ToList();
        var suggestions = decisions.Where(c => c.Suggestion).ToList();
        var accepted = suggestions.Where(c => c.Judgement == Judgement.ExplicitCorrect).Sum(c => c.Count);
        var rejected = suggestions.Where(c => c.Judgement == Judgement.ExplicitIncorrect).Sum(c => c.Count);

        return new StatusAnalyticsReport
        {
            BusinessId = businessId,
            From = from,
            To = to,
            Outcomes = outcomes,
            OutcomesBySource = bySource,
            AppliedPerDay = data.AppliedPerDay,
            Transitions = [.. data.Transitions.Take(AnalyticsData.TopCount)],
            ConfidenceDistribution = Bins(decisions),
            Accuracy = Accuracy(decisions),
            ExplicitAccuracy = Accuracy(decisions.Where(c => c.Judgement is Judgement.ExplicitCorrect or Judgement.ExplicitIncorrect)),
            ImplicitAccuracy = Accuracy(decisions.Where(c => c.Judgement == Judgement.ImplicitCorrect)),
            AccuracyBySource = decisions.GroupBy(c => c.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Accuracy(g), StringComparer.Ordinal),
            AccuracyByStatus = decisions.GroupBy(c => c.StatusId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Accuracy(g), StringComparer.Ordinal),
            SuggestionAcceptanceRate = accepted + rejected == 0 ? null : (double)accepted / (accepted + rejected),
            ExpectedCalibrationError = ExpectedCalibrationError(judged),
            BrierScore = BrierScore(judged),
            UnknownLabels = [.. data.UnknownLabels.Take(AnalyticsData.TopCount)],
        };
    }

    /// <summary>
    /// Tests thresholds 0.99, 0.98, … 0.00 — those where decisions were judged — from the highest with enough judged decisions at or
    /// above it downwards; the answer is the lowest that reaches the target by the Wilson lower bound before the first that does not
    /// (so trying many cannot inflate it).
    /// </summary>
    public static ThresholdSuggestion SuggestThreshold(IReadOnlyList<DecisionCell> decisions, string source, double targetPrecision)
    {
        var judgedAt = new long[100];
        var correctAt = new long[100];
        foreach (var cell in decisions.Where(c => c.Judgement != Judgement.Unjudged && string.Equals(c.Source, source, StringComparison.Ordinal)))
        {
            judgedAt[cell.Percentile] += cell.Count;
            correctAt[cell.Percentile] += cell.Judgement == Judgement.ImplicitCorrect || cell.Judgement == Judgement.ExplicitCorrect ? cell.Count : 0;
        }

        long judged = 0, correct = 0;
        (double Threshold, long Judged, double Bound)? passing = null;
        for (var percentile = 99; percentile >= 0; percentile--)
        {
            judged += judgedAt[percentile];
            correct += correctAt[percentile];
            if (judged < MinimumSample || judgedAt[percentile] == 0)
            {
                continue; // too little evidence yet, or none at this level: a threshold below every observed confidence is not supported
            }

            var bound = WilsonBound.Lower(correct, judged)!.Value;
            var threshold = percentile / 100d;
            if (bound < targetPrecision)
            {
                return passing is { } found
                    ? new ThresholdSuggestion(found.Threshold, found.Judged, found.Bound, FormattableString.Invariant(
                        $"{found.Judged} judged decisions at or above {found.Threshold:0.00} reach {targetPrecision:0.###} (lower bound {found.Bound:0.###}); at {threshold:0.00} the bound falls to {bound:0.###}."))
                    : new ThresholdSuggestion(null, judged, bound, FormattableString.Invariant(
                        $"Even the {judged} judged decisions at or above {threshold:0.00}, the highest candidate with {MinimumSample} or more, reach a lower bound of only {bound:0.###}, below {targetPrecision:0.###}."));
            }

            passing = (threshold, judged, bound);
        }

        return passing is { } lowest
            ? new ThresholdSuggestion(lowest.Threshold, lowest.Judged, lowest.Bound, FormattableString.Invariant(
                $"All {lowest.Judged} judged decisions reach {targetPrecision:0.###} (lower bound {lowest.Bound:0.###}) down to {lowest.Threshold:0.00}."))
            : new ThresholdSuggestion(null, judged, null, FormattableString.Invariant(
                $"Only {judged} judged decisions of source '{source}' in the last year; at least {MinimumSample} are needed."));
    }

    private static AutomationAccuracy Accuracy(IEnumerable<DecisionCell> cells)
    {
        long judged = 0, correct = 0;
        foreach (var cell in cells)
        {
            judged += cell.Judgement == Judgement.Unjudged ? 0 : cell.Count;
            correct += cell.Judgement is Judgement.ExplicitCorrect or Judgement.ImplicitCorrect ? cell.Count : 0;
        }

        return new AutomationAccuracy(judged, correct, judged == 0 ? null : (double)correct / judged, WilsonBound.Lower(correct, judged));
    }

    private static List<ConfidenceBin> Bins(IReadOnlyList<DecisionCell> decisions) =>
    [
        .. Enumerable.Range(0, 10).Select(bin =>
        {
            var cells = decisions.Where(c => c.Percentile / 10 == bin).ToList();
            var accuracy = Accuracy(cells);
            return new ConfidenceBin(bin / 10d, (bin + 1) / 10d, cells.Sum(c => c.Count), accuracy.Judged, accuracy.Correct);
        }),
    ];

    /// <summary>Σ over 10 bins of (judged in bin / judged) × |accuracy in bin − mean confidence in bin|.</summary>
    private static double? ExpectedCalibrationError(List<DecisionCell> judged)
    {
        var total = judged.Sum(c => c.Count);
        if (total == 0)
        {
            return null;
        }

        var error = 0d;
        foreach (var bin in judged.GroupBy(c => c.Percentile / 10))
        {
            var n = bin.Sum(c => c.Count);
            var accuracy = bin.Where(c => c.Judgement != Judgement.ExplicitIncorrect).Sum(c => c.Count) / (double)n;
            var confidence = bin.Sum(c => c.SumConfidence) / n;
            error += n / (double)total * Math.Abs(accuracy - confidence);
        }

        return error;
    }

    /// <summary>The mean of (confidence − outcome)², outcome 1 for correct and 0 for incorrect.</summary>
    private static double? BrierScore(List<DecisionCell> judged)
    {
        var total = judged.Sum(c => c.Count);
        if (total == 0)
        {
            return null;
        }

        var sum = judged.Sum(c => c.Judgement == Judgement.ExplicitIncorrect ? c.SumSquares : c.SumSquares - (2 * c.SumConfidence) + c.Count);
        return sum / total;
    }
}
