-- The hand-written equivalent of ApplyManyAsync with 100 applied recommendations, as ONE statement: lock 100 leads of
-- business 1 in id order, record 100 events (unique keys, ON CONFLICT), update the leads that change, append their history
-- and write their outbox rows. One pgbench transaction is 100 recommendations: multiply pgbench's tps by 100.
-- Run by run-comparison.sh (BATCH=100) with pgbench -M prepared against the same server and data as the harness.
-- The 100 leads are consecutive ids from a random start (distinct, so each is updated once); each gets a random status.
\set start random(0, :leads - 1)
\set key random(1, 9000000000000000)
WITH input AS (
    SELECT g, (:start + g) % :leads + 1 AS lead, 's' || (1 + floor(random() * 5)::int) AS status
    FROM generate_series(1, 100) AS g
), lead AS (
    SELECT l.id, l.name, l.status FROM leads AS l
    WHERE l.business_id = 1 AND l.id IN (SELECT lead FROM input)
    ORDER BY l.id
    FOR UPDATE
), ins AS (
    INSERT INTO lead_status_events (business_id, lead_id, source, source_event_id, recommended_status_label,
        recommended_status_id, confidence, outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at)
    SELECT 1, i.lead, 'call_summary', 'pgbench-' || :key || '-' || i.g, 'status ' || substr(i.status, 2), i.status, 0.9,
        CASE WHEN l.status = i.status THEN 'same_status' ELSE 'applied' END, 'pgbench',
        l.status, l.status <> i.status, now(), i.lead || '|status ' || substr(i.status, 2), now()
    FROM input AS i JOIN lead AS l ON l.id = i.lead
    ORDER BY i.g
    ON CONFLICT (business_id, source, source_event_id) DO NOTHING
    RETURNING id, lead_id, applied, previous_status_id, recommended_status_id, recommended_status_label
), upd AS (
    UPDATE leads SET status = ins.recommended_status_id FROM ins
    WHERE leads.business_id = 1 AND leads.id = ins.lead_id AND ins.applied
    RETURNING leads.id AS lead_id, leads.name, ins.id AS event_id, ins.previous_status_id, ins.recommended_status_id AS new_status,
        ins.recommended_status_label AS new_label
), hist AS (
    INSERT INTO lead_status_history (business_id, lead_id, old_status, new_status, source, confidence, reason, created_at)
    SELECT 1, u.lead_id, u.previous_status_id, u.new_status, 'call_summary', 0.9, 'pgbench', now() FROM upd AS u
), outbox AS (
    INSERT INTO lead_status_outbox (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id,
        new_status_id, new_status_label, source, confidence, changed_at, next_attempt_at, created_at)
    SELECT gen_random_uuid(), u.event_id, 1, u.lead_id, u.name, u.previous_status_id, u.new_status, u.new_label,
        'call_summary', 0.9, now(), now(), now() FROM upd AS u
)
SELECT count(*) FROM ins;
