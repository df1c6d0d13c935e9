using LeadStatus.Policy;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The apply statement, written once over a set of writes <c>w</c> (one row per write, numbered by <c>ord</c>) and built in two
/// forms that differ only in where those rows come from: <see cref="Single"/> (one write, scalar parameters <c>$1</c>–<c>$27</c>)
/// and <see cref="Many"/> (a list of writes, array parameters, <c>unnest … WITH ORDINALITY</c>).
/// </summary>
/// <remarks>
/// <para>
/// For each write that may apply, the <c>decision</c> CTE runs the checks that need the lead's state in the documented order (lead
/// found → same status → locked → transition allowed → manual change protected → review band → apply) and <c>decided</c> turns the
/// first check that stops it into the stored outcome and reason. The in-memory store runs the same list in C#; the conformance suite
/// proves they agree.
/// </para>
/// <para>
/// One statement has one snapshot: it cannot see its own writes. So the writes of one <see cref="Many"/> statement must touch
/// pairwise different leads and idempotency keys; a list that names a lead or key again is sent as several statements in one batch
/// (see <see cref="ApplyWaves"/>), each of which sees what the earlier ones wrote.
/// </para>
/// <para>Every result row is <c>inserted, event_id, outcome, previous_status_id, recommended_status_id, recommended_label, same_fingerprint, reason, ord</c>.</para>
/// </remarks>
internal static class ApplySql
{
    /// <summary>The one write of <c>$1</c>–<c>$27</c> as the row set; not materialized, so the planner sees the parameters themselves.</summary>
    private const string SingleRows = """
        SELECT 1::bigint AS ord, $1::bigint AS business_id, $2::bigint AS lead_id, $3::text AS source, $4::text AS source_event_id,
               $5::text AS label, $6::text AS status_id, $7::text AS status_label, $8::float8 AS confidence, $9::text AS fingerprint,
               $10::text AS proposed, $11::text AS reason, $12::bool AS reads_lead, $13::uuid AS notification_id, $14::timestamptz AS at,
               $15::text AS lead_not_found_reason, $16::text AS same_status_reason, $17::text AS kind, $18::text AS actor,
               $19::bigint AS refers_to, $20::text AS match_kind, $21::text[] AS locked, $22::text[] AS allowed_from,
               $23::timestamptz AS protected_since, $24::text AS protected_template, $25::bool AS notify, $26::bool AS review_queue,
               $27::bool AS optimistic
        """;

    /// <summary>
    /// A list of writes as the row set: one array per field (<c>$15</c>, <c>$16</c> are shared scalars). The per-write text arrays
    /// (locked statuses, allowed-from statuses) are slices of one flat array (<c>$21</c>, <c>$22</c>) given by offset and length
    /// (<c>$27</c>–<c>$30</c>; a negative length is null). A list is never optimistic: its leads are locked first.
    /// </summary>
    private const string ManyRows = """
        SELECT u.ord, u.business_id, u.lead_id, u.source, u.source_event_id, u.label, u.status_id, u.status_label, u.confidence,
               u.fingerprint, u.proposed, u.reason, u.reads_lead, u.notification_id, u.at,
               $15::text AS lead_not_found_reason, $16::text AS same_status_reason, u.kind, u.actor, u.refers_to, u.match_kind,
               CASE WHEN u.locked_length >= 0 THEN ($21::text[])[u.locked_offset + 1 : u.locked_offset + u.locked_length] END AS locked,
               CASE WHEN u.allowed_length >= 0 THEN ($22::text[])[u.allowed_offset + 1 : u.allowed_offset + u.allowed_length] END AS allowed_from,
               u.protected_since, u.protected_template, u.notify, u.review_queue, false AS optimistic
        FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[],
                    $10::text[], $11::text[], $12::bool[], $13::uuid[], $14::timestamptz[], $17::text[], $18::text[], $19::bigint[],
                    $20::text[], $23::timestamptz[], $24::text[], $25::bool[], $26::bool[], $27::int[], $28::int[], $29::int[], $30::int[])
             WITH ORDINALITY AS u (business_id, lead_id, source, source_event_id, label, status_id, status_label, confidence, fingerprint,
                    proposed, reason, reads_lead, notification_id, at, kind, actor, refers_to, match_kind, protected_since,
                    protected_template, notify, review_queue, locked_offset, locked_length, allowed_offset, allowed_length, ord)
        """;

    /// <summary>Builds the statement for one write (parameters <c>$1</c>–<c>$27</c>, see <see cref="SingleRows"/>).</summary>
    public static string Single(QuotedMapping mapping) => Build(mapping, SingleRows, "NOT MATERIALIZED", "= $1", ordered: false);

    /// <summary>Builds the statement for a list of writes with pairwise different leads and keys (parameters <c>$1</c>–<c>$30</c>, see <see cref="ManyRows"/>).</summary>
    public static string Many(QuotedMapping mapping) => Build(mapping, ManyRows, "MATERIALIZED", "= ANY($1::bigint[])", ordered: true);

    /// <summary>
    /// Splits a list into waves: each write goes into the first wave after every earlier write that names its lead or its
    /// idempotency key, so the writes of one wave touch pairwise different leads and keys, and a write's wave comes after those of
    /// the earlier writes it depends on. A list without repeats is one wave.
    /// </summary>
    /// <returns>Per wave, the indexes of its writes in list order.</returns>
    public static List<List<int>> ApplyWaves(IReadOnlyList<StatusEventWrite> writes)
    {
        var leadWave = new Dictionary<(long, long), int>();
        var keyWave = new Dictionary<(long, string, string), int>();
        var waves = new List<List<int>>();
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var lead = (write.BusinessId, write.LeadId);
            var key = (write.BusinessId, write.Source, write.SourceEventId);
            var wave = Math.Max(leadWave.GetValueOrDefault(lead), keyWave.GetValueOrDefault(key));
            leadWave[lead] = keyWave[key] = wave + 1;
            if (wave == waves.Count)
            {
                waves.Add([]);
            }

            waves[wave].Add(i);
        }

        return waves;
    }

    /// <summary>Builds the statement over a row set; <paramref name="ordered"/> writes rows in <c>ord</c> order, so ids follow the list.</summary>
    /// <param name="mapping">The tables.</param>
    /// <param name="rows">The row set <c>w</c>.</param>
    /// <param name="materialized">Whether <c>w</c> is computed once or inlined.</param>
    /// <param name="businesses">
    /// The condition on <c>business_id</c> of the row set's businesses, written as a parameter so that every read of the events
    /// prunes to their partitions (<see cref="PostgresMappingOptions.EventPartitions"/>): one write's <c>= $1</c> at planning or at
    /// executor start-up; a list's <c>= ANY($1)</c> only in a custom plan (PostgreSQL 15 does not prune hash partitions by an array
    /// parameter in a generic plan; docs/SCALING.md).
    /// </param>
    /// <param name="ordered">Whether rows are written in <c>ord</c> order.</param>
    private static string Build(QuotedMapping mapping, string rows, string materialized, string businesses, bool ordered)
    {
        string OrderBy(string alias) => ordered ? $"ORDER BY {alias}.ord" : "";
        var (events, outbox, leads, history, id, businessId, name, status) = mapping;
        var locked = PgIdentifier.Literal(RuleReasons.LockedTemplate);
        var transition = PgIdentifier.Literal(RuleReasons.TransitionTemplate);
        const string Changes = "(a.outcome IN ('applied', 'pending_review') OR (a.kind = 'manual_change' AND a.outcome = 'same_status'))";
        return $"""
            WITH w AS {materialized} (
            {rows}
            ),
            existing AS (
                SELECT w.ord, e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label,
                       e.request_fingerprint = w.fingerprint AS same_fingerprint
                FROM w
                JOIN {events} AS e ON e.business_id = w.business_id AND e.source = w.source AND e.source_event_id = w.source_event_id
                WHERE e.business_id {businesses}
            ),
            todo AS NOT MATERIALIZED (
                SELECT w.* FROM w WHERE NOT EXISTS (SELECT 1 FROM existing AS x WHERE x.ord = w.ord)
            ),
            lead AS (
                SELECT t.ord, l.{status}::text AS status, l.xmin::text AS version
                FROM todo AS t
                JOIN {leads} AS l ON l.{businessId} = t.business_id AND l.{id} = t.lead_id
                WHERE t.reads_lead
                FOR UPDATE OF l
            ),
            seen AS (
                SELECT t.ord, l.xmin::text AS version
                FROM todo AS t
                JOIN {leads} AS l ON l.{businessId} = t.business_id AND l.{id} = t.lead_id
                WHERE t.reads_lead AND t.optimistic
            ),
            human AS (
                SELECT t.ord, h.actor, h.created_at
                FROM todo AS t
                CROSS JOIN LATERAL (
                    SELECT m.actor, m.created_at
                    FROM {events} AS m
                    WHERE m.business_id = t.business_id AND m.business_id {businesses} AND m.lead_id = t.lead_id AND m.created_at > t.protected_since
                      AND m.kind IN ('manual_change', 'revert') AND m.outcome IN ('applied', 'same_status', 'reverted')
                    ORDER BY m.created_at DESC
                    LIMIT 1) AS h
                WHERE t.protected_since IS NOT NULL AND t.reads_lead
            ),
            decision AS (
                SELECT t.*,
                       CASE WHEN NOT t.reads_lead THEN 'proposed'
                            WHEN t.optimistic AND s.version IS DISTINCT FROM l.version THEN 'stale'
                            WHEN l.ord IS NULL THEN 'lead_not_found'
                            WHEN l.status IS NOT DISTINCT FROM t.status_id THEN 'same_status'
                            WHEN l.status = ANY(t.locked) THEN 'locked'
                            WHEN t.allowed_from IS NOT NULL AND NOT coalesce(l.status = ANY(t.allowed_from), false) THEN 'transition'
                            WHEN h.created_at IS NOT NULL THEN CASE WHEN t.review_queue THEN 'protected_suggest' ELSE 'protected' END
                            WHEN t.proposed = 'pending_review' THEN 'suggest'
                            ELSE 'apply' END AS step,
                       l.status AS lead_status, h.actor AS human_actor, h.created_at AS human_at
                FROM todo AS t
                LEFT JOIN lead AS l ON l.ord = t.ord
                LEFT JOIN seen AS s ON s.ord = t.ord
                LEFT JOIN human AS h ON h.ord = t.ord
            ),
            decided AS (
                SELECT d.*,
                       CASE d.step WHEN 'proposed' THEN d.proposed WHEN 'stale' THEN 'stale' WHEN 'lead_not_found' THEN 'lead_not_found'
                                   WHEN 'same_status' THEN 'same_status' WHEN 'apply' THEN 'applied' WHEN 'suggest' THEN 'pending_review'
                                   WHEN 'protected_suggest' THEN 'pending_review'
                                   ELSE 'rejected_by_rule' END AS outcome,
                       CASE d.step WHEN 'proposed' THEN d.reason WHEN 'lead_not_found' THEN d.lead_not_found_reason
                                   WHEN 'same_status' THEN d.same_status_reason
                                   WHEN 'locked' THEN format({locked}, d.lead_status)
                                   WHEN 'transition' THEN format({transition}, d.lead_status, d.status_id)
                                   WHEN 'protected' THEN format(d.protected_template, d.human_actor, floor(extract(epoch FROM d.at - d.human_at) / 60)::bigint)
                                   WHEN 'protected_suggest' THEN format(d.protected_template, d.human_actor, floor(extract(epoch FROM d.at - d.human_at) / 60)::bigint)
                                   ELSE d.reason END AS outcome_reason
                FROM decision AS d
            ),
            ins AS (
                INSERT INTO {events} (business_id, lead_id, source, source_event_id, recommended_status_label, recommended_status_id,
                                      confidence, outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at,
                                      kind, actor, refers_to_event_id, match_kind, review_state)
                SELECT d.business_id, d.lead_id, d.source, d.source_event_id, d.label, d.status_id, d.confidence, d.outcome, d.outcome_reason,
                       d.lead_status, d.outcome = 'applied', CASE WHEN d.outcome = 'applied' THEN d.at END, d.fingerprint, d.at,
                       d.kind, d.actor, d.refers_to, d.match_kind, CASE WHEN d.outcome = 'pending_review' THEN 'pending' END
                FROM decided AS d
                WHERE d.outcome <> 'stale'
                {OrderBy("d")}
                ON CONFLICT (business_id, source, source_event_id) DO NOTHING
                RETURNING id, business_id, source, source_event_id, outcome, previous_status_id, reason
            ),
            recorded AS (
                SELECT d.ord, i.id, i.outcome, i.previous_status_id, i.reason AS outcome_reason, d.business_id, d.lead_id, d.kind,
                       d.status_id, d.status_label, d.source, d.confidence, d.reason, d.at, d.notification_id, d.notify
                FROM ins AS i
                JOIN decided AS d ON d.business_id = i.business_id AND d.source = i.source AND d.source_event_id = i.source_event_id
            ),
            supersede AS (
                UPDATE {events} AS s SET review_state = 'superseded'
                FROM recorded AS a
                WHERE s.business_id = a.business_id AND s.business_id {businesses} AND s.lead_id = a.lead_id AND s.review_state = 'pending'
                  AND s.id <> a.id
                  AND {Changes}
            ),
            upd AS (
                -- A suggestion and a person's same-status change rewrite the row unchanged: its xmin moves, so an optimistic
                -- statement that waited on this lead answers "stale" and is decided again after the lock.
                UPDATE {leads} AS l SET {status} = CASE WHEN a.outcome = 'applied' THEN a.status_id ELSE l.{status} END
                FROM recorded AS a
                WHERE l.{businessId} = a.business_id AND l.{id} = a.lead_id AND {Changes}
                RETURNING a.ord, a.id, a.outcome, a.previous_status_id, a.business_id, a.lead_id, a.status_id, a.status_label, a.source,
                          a.confidence, a.reason, a.at, a.notification_id, a.notify, l.{name}::text AS lead_name
            ),
            hist AS (
                INSERT INTO {history} (business_id, lead_id, old_status, new_status, source, confidence, reason, created_at)
                SELECT u.business_id, u.lead_id, u.previous_status_id, u.status_id, u.source, u.confidence, u.reason, u.at
                FROM upd AS u
                WHERE u.outcome = 'applied'
                {OrderBy("u")}
            ),
            box AS (
                INSERT INTO {outbox} (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id,
                                      new_status_label, source, confidence, changed_at, next_attempt_at, created_at, kind)
                SELECT u.notification_id, u.id, u.business_id, u.lead_id, u.lead_name, u.previous_status_id, u.status_id, u.status_label,
                       u.source, u.confidence, u.at, u.at, u.at,
                       CASE WHEN u.outcome = 'applied' THEN 'status_changed' ELSE 'suggestion_pending' END
                FROM upd AS u
                WHERE u.notify AND u.outcome IN ('applied', 'pending_review')
                {OrderBy("u")}
            )
            SELECT true AS inserted, a.id, a.outcome, a.previous_status_id, NULL::text, NULL::text, true, a.outcome_reason, a.ord
            FROM recorded AS a
            UNION ALL
            SELECT false, 0, 'stale', NULL::text, NULL::text, NULL::text, false, NULL::text, d.ord
            FROM decided AS d
            WHERE d.outcome = 'stale'
            UNION ALL
            SELECT false, e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label, e.same_fingerprint,
                   NULL::text, e.ord
            FROM existing AS e
            """;
    }
}
