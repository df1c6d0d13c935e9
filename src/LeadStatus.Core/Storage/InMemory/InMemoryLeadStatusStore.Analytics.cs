using LeadStatus.Analytics;

namespace LeadStatus;

/// <content>Analytics over the in-memory events: the same counts, cells and judging rule as the PostgreSQL statements.</content>
public sealed partial class InMemoryLeadStatusStore : IAnalyticsStore
{
    /// <inheritdoc />
    Task<AnalyticsData> IAnalyticsStore.ReadAnalyticsAsync(
        long businessId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan correctionWindow, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<LeadStatusEventRecord> all;
        lock (_gate)
        {
            all = [.. _events.Where(e => e.BusinessId == businessId)];
        }

        var inRange = all.Where(e => e.CreatedAt >= from && e.CreatedAt < to).ToList();
        var humanChanges = all.Where(e => (e.Kind == LeadStatusEventKind.ManualChange && e.Outcome == StatusUpdateOutcome.Applied)
            || (e.Kind == LeadStatusEventKind.Revert && e.Outcome == StatusUpdateOutcome.Reverted)).ToLookup(e => e.LeadId);

        var outcomes = inRange.GroupBy(e => (e.Outcome, e.Source)).Select(g => (g.Key.Outcome, g.Key.Source, (long)g.Count())).ToList();
        var applied = inRange.Where(e => e.Applied).ToList();
        var perDay = applied.GroupBy(e => DateOnly.FromDateTime(e.CreatedAt.UtcDateTime)).OrderBy(g => g.Key)
            .Select(g => new DailyCount(g.Key, g.Count())).ToList();
        var transitions = applied.GroupBy(e => (e.PreviousStatusId, e.RecommendedStatusId!))
            .Select(g => new StatusTransitionCount(g.Key.PreviousStatusId, g.Key.Item2, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.FromStatusId, StringComparer.Ordinal).ThenBy(t => t.ToStatusId, StringComparer.Ordinal)
            .Take(AnalyticsData.TopCount).ToList();
        var labels = inRange.Where(e => e.Kind == LeadStatusEventKind.Recommendation && e.RecommendedStatusLabel is not null
                && e.Outcome is StatusUpdateOutcome.UnknownLabel or StatusUpdateOutcome.AmbiguousLabel)
            .GroupBy(e => e.RecommendedStatusLabel!, StringComparer.Ordinal).Select(g => new LabelCount(g.Key, g.Count()))
            .OrderByDescending(l => l.Count).ThenBy(l => l.Label, StringComparer.Ordinal).Take(AnalyticsData.TopCount).ToList();

        var decisions = inRange
            .Where(e => e.Kind == LeadStatusEventKind.Recommendation && e.Outcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.PendingReview)
            .Select(e => (Event: e, Judgement: Judge(e, humanChanges[e.LeadId], now, correctionWindow)))
            .GroupBy(d => (d.Event.Source, d.Event.RecommendedStatusId!, ConfidenceBins.Percentile(d.Event.Confidence),
                d.Event.Outcome == StatusUpdateOutcome.PendingReview, d.Judgement))
            .Select(g => new DecisionCell(g.Key.Source, g.Key.Item2, g.Key.Item3, g.Key.Item4, g.Key.Judgement, g.Count(),
                g.Sum(d => d.Event.Confidence), g.Sum(d => d.Event.Confidence * d.Event.Confidence)))
            .ToList();

        return Task.FromResult(new AnalyticsData(outcomes, perDay, transitions, labels, decisions));
    }

    /// <summary>
    /// The judging rule (ARCHITECTURE §6): a suggestion by its review state; an applied change is incorrect when a person changed
    /// the lead, or reverted this change, within the correction window after it, and correct when the window passed untouched.
    /// </summary>
    private static Judgement Judge(LeadStatusEventRecord decision, IEnumerable<LeadStatusEventRecord> humanChanges, DateTimeOffset now, TimeSpan window)
    {
        if (decision.Outcome == StatusUpdateOutcome.PendingReview)
        {
            return decision.ReviewState switch
            {
                SuggestionState.Accepted => Judgement.ExplicitCorrect,
                SuggestionState.Rejected => Judgement.ExplicitIncorrect,
                _ => Judgement.Unjudged,
            };
        }

        var until = decision.CreatedAt + window;
        if (humanChanges.Any(h => h.CreatedAt > decision.CreatedAt && h.CreatedAt <= until
            && (h.Kind == LeadStatusEventKind.ManualChange || h.RefersToEventId == decision.Id)))
        {
            return Judgement.ExplicitIncorrect;
        }

        return until <= now ? Judgement.ImplicitCorrect : Judgement.Unjudged;
    }
}
