-- The hand-written equivalent of one applied recommendation, as ONE statement: record the event (unique key,
-- ON CONFLICT), lock and read the lead scoped by business, update it, append history, write the outbox row.
-- Run by run-comparison.sh with pgbench -M prepared against the same server and data as the harness.
\set lead random(1, :leads)
\set status random(1, 5)
\set key random(1, 9000000000000000)
WITH lead AS (
    SELECT id, name, status FROM leads WHERE business_id = 1 AND id = :lead FOR UPDATE
), ins AS (
    INSERT INTO lead_status_events (business_id, lead_id, source, source_event_id, recommended_status_label,
        recommended_status_id, confidence, outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at)
    SELECT 1, :lead, 'call_summary', 'pgbench-' || :key, 'status ' || :status, 's' || :status, 0.9,
        CASE WHEN lead.status = 's' || :status THEN 'same_status' ELSE 'applied' END, 'pgbench',
        lead.status, lead.status <> 's' || :status, now(), :lead || '|status ' || :status, now()
    FROM lead
    ON CONFLICT (business_id, source, source_event_id) DO NOTHING
    RETURNING id, applied, previous_status_id
), upd AS (
    UPDATE leads SET status = 's' || :status FROM ins
    WHERE leads.business_id = 1 AND leads.id = :lead AND ins.applied
    RETURNING leads.name, ins.id AS event_id, ins.previous_status_id
), hist AS (
    INSERT INTO lead_status_history (business_id, lead_id, old_status, new_status, source, confidence, reason, created_at)
    SELECT 1, :lead, previous_status_id, 's' || :status, 'call_summary', 0.9, 'pgbench', now() FROM upd
), outbox AS (
    INSERT INTO lead_status_outbox (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id,
        new_status_id, new_status_label, source, confidence, changed_at, next_attempt_at, created_at)
    SELECT gen_random_uuid(), event_id, 1, :lead, name, previous_status_id, 's' || :status, 'status ' || :status,
        'call_summary', 0.9, now(), now(), now() FROM upd
)
SELECT id FROM ins;
