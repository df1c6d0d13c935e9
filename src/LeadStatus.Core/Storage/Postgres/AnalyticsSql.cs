using LeadStatus.Analytics;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The analytics statement: one set-based scan of a business's events in a time range ($1 business, $2 from, $3 to, $4 now,
/// $5 correction window), materialized once and aggregated five ways; the sections come back as rows of one shape, told apart
/// by their first column (<c>o</c> outcomes, <c>d</c> days, <c>t</c> transitions, <c>l</c> labels, <c>j</c> judged decisions).
/// </summary>
/// <remarks>
/// One scan, not five: a business's events are spread over the heap among other businesses' (about one heap page each), so the
/// cost is the pages read; reading them once is what keeps a 90-day report of a busy business fast.
/// </remarks>
internal static class AnalyticsSql
{
    /// <summary>Builds the statement for the library's events table.</summary>
    public static string Build(string events) => $"""
        WITH r AS MATERIALIZED (
            SELECT e.id, e.lead_id, e.source, e.outcome, e.kind, e.applied, e.previous_status_id, e.recommended_status_id,
                   e.recommended_status_label, e.confidence, e.review_state, e.created_at
            FROM {events} AS e
            WHERE e.business_id = $1 AND e.created_at >= $2 AND e.created_at < $3
        )
        SELECT 'o' AS section, r.outcome AS t1, r.source AS t2, NULL::date AS day, 0 AS i1, false AS b1, 0 AS i2, count(*) AS n,
               0::float8 AS f1, 0::float8 AS f2
        FROM r GROUP BY r.outcome, r.source
        UNION ALL
        SELECT 'd', NULL, NULL, (r.created_at AT TIME ZONE 'UTC')::date, 0, false, 0, count(*), 0, 0
        FROM r WHERE r.applied GROUP BY 4
        UNION ALL
        (SELECT 't', r.previous_status_id, r.recommended_status_id, NULL, 0, false, 0, count(*) AS n, 0, 0
         FROM r WHERE r.applied GROUP BY 2, 3
         ORDER BY n DESC, r.previous_status_id COLLATE "C" NULLS FIRST, r.recommended_status_id COLLATE "C" LIMIT {AnalyticsData.TopCount})
        UNION ALL
        (SELECT 'l', r.recommended_status_label, NULL, NULL, 0, false, 0, count(*) AS n, 0, 0
         FROM r WHERE r.kind = 'recommendation' AND r.outcome IN ('unknown_label', 'ambiguous_label') AND r.recommended_status_label IS NOT NULL
         GROUP BY 2 ORDER BY n DESC, r.recommended_status_label COLLATE "C" LIMIT {AnalyticsData.TopCount})
        UNION ALL
        -- The judging rule (ARCHITECTURE §6), as InMemoryLeadStatusStore.Judge writes it: a suggestion by its review state; an applied
        -- change is incorrect when a person changed the lead, or reverted this change, within the window after it (the human-change
        -- partial index answers that; the person's event may lie after the range), and correct when the window passed untouched.
        SELECT 'j', r.source, r.recommended_status_id, NULL, {ConfidenceBins.Sql.Replace("confidence", "r.confidence", StringComparison.Ordinal)},
               r.outcome = 'pending_review',
               CASE WHEN r.outcome = 'pending_review' THEN CASE r.review_state WHEN 'accepted' THEN 1 WHEN 'rejected' THEN 2 ELSE 0 END
                    WHEN EXISTS (
                        SELECT 1 FROM {events} AS h
                        WHERE h.business_id = $1 AND h.lead_id = r.lead_id
                          AND h.kind IN ('manual_change', 'revert') AND h.outcome IN ('applied', 'reverted')
                          AND h.created_at > r.created_at AND h.created_at <= r.created_at + $5
                          AND (h.kind = 'manual_change' OR h.refers_to_event_id = r.id)) THEN 2
                    WHEN r.created_at + $5 <= $4 THEN 3
                    ELSE 0 END,
               count(*), sum(r.confidence), sum(r.confidence * r.confidence)
        FROM r WHERE r.kind = 'recommendation' AND r.outcome IN ('applied', 'pending_review')
        GROUP BY 2, 3, 5, 6, 7
        """;
}
