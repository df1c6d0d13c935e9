using LeadStatus.Policy;

namespace LeadStatus.Storage.Postgres;

/// <summary>The SQL of a person's actions on earlier events and of the review queue, built once from the (validated, quoted) mapping.</summary>
/// <param name="Lock">Locks the referenced event's lead, unless the action's key is already recorded.</param>
/// <param name="Act">
/// Decides and writes the action in the documented order (the <c>decision</c> CTE; the in-memory store's <see cref="ReviewDecision"/>
/// runs the same list): suggestion still pending and not expired → reject → lead found → lead still where the suggestion (or change)
/// left it → status still in the catalog → not locked → transition allowed → accept or revert.
/// </param>
/// <param name="Pending">A business's live suggestions, newest first, from the partial index on pending suggestions.</param>
internal sealed record ReviewSql(string Lock, string Act, string Pending)
{
    /// <summary>Builds the statements.</summary>
    public static ReviewSql Build(PostgresMappingOptions mapping)
    {
        var (events, outbox, leads, history, id, businessId, name, status) = QuotedMapping.From(mapping);
        var source = PgIdentifier.Literal(ReviewWrite.Source);

        var lockLead = $"""
            SELECT NULL FROM {leads} AS l
            JOIN {events} AS r ON r.business_id = $1 AND r.id = $2 AND l.{id} = r.lead_id
            WHERE l.{businessId} = $1
              AND NOT EXISTS (SELECT 1 FROM {events} AS e WHERE e.business_id = $1 AND e.source = {source} AND e.source_event_id = $3)
            FOR UPDATE OF l
            """;

        var act = $"""
            WITH existing AS (
                SELECT e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label, e.request_fingerprint
                FROM {events} AS e
                WHERE e.business_id = $1 AND e.source = {source} AND e.source_event_id = $3
            ),
            ref AS (
                SELECT r.id, r.lead_id, r.review_state, r.created_at, r.previous_status_id, r.recommended_status_id, r.recommended_status_label,
                       r.confidence, CASE WHEN $4 = 'revert' THEN r.previous_status_id ELSE r.recommended_status_id END AS target
                FROM {events} AS r
                WHERE r.business_id = $1 AND r.id = $2
                  AND CASE WHEN $4 = 'revert' THEN r.kind IN ('recommendation', 'suggestion_accepted') AND r.outcome = 'applied'
                           ELSE r.kind = 'recommendation' AND r.outcome = 'pending_review' END
            ),
            lead AS (
                SELECT l.{status}::text AS status
                FROM {leads} AS l
                JOIN ref ON l.{businessId} = $1 AND l.{id} = ref.lead_id
                WHERE NOT EXISTS (SELECT 1 FROM existing)
            ),
            decision AS (
                SELECT ref.*, lead.status AS current,
                       CASE WHEN $4 <> 'revert' AND (ref.review_state IS DISTINCT FROM 'pending' OR ref.created_at <= $7) THEN 'expired'
                            WHEN $4 = 'reject' THEN 'reject'
                            WHEN NOT EXISTS (SELECT 1 FROM lead) THEN 'lead_not_found'
                            WHEN $4 = 'revert' AND lead.status IS DISTINCT FROM ref.recommended_status_id THEN 'change_moved'
                            WHEN $4 = 'revert' THEN 'revert'
                            WHEN lead.status IS DISTINCT FROM ref.previous_status_id THEN 'lead_moved'
                            WHEN NOT coalesce(ref.target = ANY($8), false) THEN 'status_gone'
                            WHEN lead.status = ANY($10) THEN 'locked'
                            WHEN ref.target = ANY($11) AND NOT EXISTS (
                                SELECT 1 FROM unnest($11::text[], $12::text[]) AS t(target, source) WHERE t.target = ref.target AND t.source = lead.status)
                                THEN 'transition'
                            ELSE 'accept' END AS step
                FROM ref
                LEFT JOIN lead ON true
                WHERE NOT EXISTS (SELECT 1 FROM existing)
            ),
            decided AS (
                SELECT d.*,
                       CASE d.step WHEN 'expired' THEN 'superseded' WHEN 'reject' THEN 'suggestion_rejected' WHEN 'lead_not_found' THEN 'lead_not_found'
                                   WHEN 'change_moved' THEN 'superseded' WHEN 'revert' THEN 'reverted' WHEN 'lead_moved' THEN 'superseded'
                                   WHEN 'status_gone' THEN 'unknown_label' WHEN 'accept' THEN 'applied' ELSE 'rejected_by_rule' END AS outcome,
                       CASE d.step WHEN 'expired' THEN format({PgIdentifier.Literal(ReviewReasons.Expired)}, d.id)
                                   WHEN 'reject' THEN format({PgIdentifier.Literal(ReviewReasons.Rejected)}, d.id, $14)
                                   WHEN 'lead_not_found' THEN $16
                                   WHEN 'change_moved' THEN format({PgIdentifier.Literal(ReviewReasons.ChangeMoved)}, d.recommended_status_id, d.current)
                                   WHEN 'revert' THEN format({PgIdentifier.Literal(ReviewReasons.Reverted)}, d.id, $14)
                                   WHEN 'lead_moved' THEN format({PgIdentifier.Literal(ReviewReasons.LeadMoved)}, d.previous_status_id, d.current)
                                   WHEN 'status_gone' THEN format({PgIdentifier.Literal(ReviewReasons.StatusGone)}, d.target)
                                   WHEN 'locked' THEN format({PgIdentifier.Literal(RuleReasons.LockedTemplate)}, d.current)
                                   WHEN 'transition' THEN format({PgIdentifier.Literal(RuleReasons.TransitionTemplate)}, d.current, d.target)
                                   ELSE format({PgIdentifier.Literal(ReviewReasons.Accepted)}, d.id, $14) END AS reason
                FROM decision AS d
            ),
            ins AS (
                INSERT INTO {events} (business_id, lead_id, source, source_event_id, recommended_status_label, recommended_status_id, confidence,
                                      outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at,
                                      kind, actor, refers_to_event_id)
                SELECT $1, d.lead_id, {source}, $3, d.recommended_status_label, d.target, d.confidence, d.outcome, d.reason, d.current,
                       d.outcome IN ('applied', 'reverted'), CASE WHEN d.outcome IN ('applied', 'reverted') THEN $6 END, $5, $6, $13, $14, $2
                FROM decided AS d
                ON CONFLICT (business_id, source, source_event_id) DO NOTHING
                RETURNING id, lead_id, outcome, previous_status_id, recommended_status_id, recommended_status_label, confidence, reason
            ),
            closed AS (
                UPDATE {events} AS s
                SET review_state = CASE i.outcome WHEN 'applied' THEN 'accepted' WHEN 'suggestion_rejected' THEN 'rejected' ELSE 'superseded' END
                FROM ins AS i
                WHERE s.business_id = $1 AND s.id = $2 AND $4 <> 'revert' AND s.review_state = 'pending'
            ),
            supersede AS (
                UPDATE {events} AS s SET review_state = 'superseded'
                FROM ins AS i
                WHERE s.business_id = $1 AND s.lead_id = i.lead_id AND s.review_state = 'pending' AND s.id <> $2 AND i.outcome IN ('applied', 'reverted')
            ),
            upd AS (
                UPDATE {leads} AS l SET {status} = i.recommended_status_id
                FROM ins AS i
                WHERE l.{businessId} = $1 AND l.{id} = i.lead_id AND i.outcome IN ('applied', 'reverted')
                RETURNING i.id AS event_id, i.lead_id, i.previous_status_id, i.recommended_status_id, i.confidence, i.reason, l.{name}::text AS lead_name
            ),
            hist AS (
                INSERT INTO {history} (business_id, lead_id, old_status, new_status, source, confidence, reason, created_at)
                SELECT $1, u.lead_id, u.previous_status_id, u.recommended_status_id, {source}, u.confidence, u.reason, $6
                FROM upd AS u
            ),
            box AS (
                INSERT INTO {outbox} (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id,
                                      new_status_label, source, confidence, changed_at, next_attempt_at, created_at, kind)
                SELECT $15, u.event_id, $1, u.lead_id, u.lead_name, u.previous_status_id, u.recommended_status_id,
                       coalesce((SELECT c.label FROM unnest($8::text[], $9::text[]) AS c(id, label) WHERE c.id = u.recommended_status_id LIMIT 1),
                                u.recommended_status_id),
                       {source}, u.confidence, $6, $6, $6, CASE WHEN $4 = 'revert' THEN 'change_reverted' ELSE 'status_changed' END
                FROM upd AS u
            )
            SELECT 'inserted', i.id, i.outcome, i.previous_status_id, i.recommended_status_id, i.recommended_status_label, true, i.reason
            FROM ins AS i
            UNION ALL
            SELECT 'existing', e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label,
                   e.request_fingerprint = $5, NULL::text
            FROM existing AS e
            UNION ALL
            SELECT 'missing', 0, '', NULL::text, NULL::text, NULL::text, false, NULL::text
            WHERE NOT EXISTS (SELECT 1 FROM ref) AND NOT EXISTS (SELECT 1 FROM existing)
            """;

        var pending = $"""
            SELECT id, business_id, lead_id, previous_status_id, recommended_status_id, recommended_status_label, source, confidence, created_at
            FROM {events}
            WHERE business_id = $1 AND review_state = 'pending' AND created_at > $2
            ORDER BY created_at DESC, id DESC
            LIMIT $3
            """;
        return new ReviewSql(lockLead, act, pending);
    }

}
