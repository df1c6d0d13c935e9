using LeadStatus.Analytics;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The analytics statements: set-based over <c>lead_status_events</c>, every one scoped by <c>business_id</c> and a
/// <c>created_at</c> range ($1 business, $2 from, $3 to, $4 now, $5 correction window), sent together in one round trip.
/// </summary>
internal sealed record AnalyticsSql(string Outcomes, string AppliedPerDay, string Transitions, string UnknownLabels, string Decisions)
{
    /// <summary>Builds the statements for the library's events table.</summary>
    public static AnalyticsSql Build(string events)
    {
        const string Range = "e.business_id = $1 AND e.created_at >= $2 AND e.created_at < $3";
        return new AnalyticsSql(
            $"SELECT e.outcome, e.source, count(*) FROM {events} AS e WHERE {Range} GROUP BY e.outcome, e.source",
            $"""
            SELECT (e.created_at AT TIME ZONE 'UTC')::date AS day, count(*) FROM {events} AS e
            WHERE {Range} AND e.applied GROUP BY day ORDER BY day
            """,
            $"""
            SELECT e.previous_status_id, e.recommended_status_id, count(*) AS n FROM {events} AS e
            WHERE {Range} AND e.applied GROUP BY 1, 2
            ORDER BY n DESC, e.previous_status_id COLLATE "C" NULLS FIRST, e.recommended_status_id COLLATE "C" LIMIT {AnalyticsData.TopCount}
            """,
            $"""
            SELECT e.recommended_status_label, count(*) AS n FROM {events} AS e
            WHERE {Range} AND e.kind = 'recommendation' AND e.outcome IN ('unknown_label', 'ambiguous_label') AND e.recommended_status_label IS NOT NULL
            GROUP BY 1 ORDER BY n DESC, e.recommended_status_label COLLATE "C" LIMIT {AnalyticsData.TopCount}
            """,
            // The judging rule (ARCHITECTURE §6), as InMemoryLeadStatusStore.Judge writes it: a suggestion by its review state; an
            // applied change is incorrect when a person changed the lead, or reverted this change, within the window after it
            // (the human-change partial index answers that), and correct when the window passed untouched.
            $"""
            SELECT d.source, d.recommended_status_id, {ConfidenceBins.Sql.Replace("confidence", "d.confidence", StringComparison.Ordinal)} AS percentile,
                   d.outcome = 'pending_review' AS suggestion,
                   CASE WHEN d.outcome = 'pending_review' THEN CASE d.review_state WHEN 'accepted' THEN 1 WHEN 'rejected' THEN 2 ELSE 0 END
                        WHEN EXISTS (
                            SELECT 1 FROM {events} AS h
                            WHERE h.business_id = $1 AND h.lead_id = d.lead_id
                              AND h.kind IN ('manual_change', 'revert') AND h.outcome IN ('applied', 'reverted')
                              AND h.created_at > d.created_at AND h.created_at <= d.created_at + $5
                              AND (h.kind = 'manual_change' OR h.refers_to_event_id = d.id)) THEN 2
                        WHEN d.created_at + $5 <= $4 THEN 3
                        ELSE 0 END AS judgement,
                   count(*), sum(d.confidence), sum(d.confidence * d.confidence)
            FROM {events} AS d
            WHERE d.business_id = $1 AND d.created_at >= $2 AND d.created_at < $3
              AND d.kind = 'recommendation' AND d.outcome IN ('applied', 'pending_review')
            GROUP BY 1, 2, 3, 4, 5
            """);
    }
}
