-- LeadStatus.Core schema, version 2: event kinds, actors and references for human actions, the match kind, the review state of
-- suggestions, and per-business rules.
-- Upgrades a version-1 schema in place: new columns have defaults (no table rewrite on PostgreSQL 11+), existing rows are
-- recommendations. Same conventions as 001: unqualified names, run with search_path set to the target schema.

ALTER TABLE lead_status_events
    ADD COLUMN IF NOT EXISTS kind               text   NOT NULL DEFAULT 'recommendation',
    ADD COLUMN IF NOT EXISTS actor              text   NULL,
    ADD COLUMN IF NOT EXISTS refers_to_event_id bigint NULL,
    ADD COLUMN IF NOT EXISTS match_kind         text   NULL,
    ADD COLUMN IF NOT EXISTS review_state       text   NULL;

ALTER TABLE lead_status_events DROP CONSTRAINT IF EXISTS ck_lead_status_events_kind;
ALTER TABLE lead_status_events ADD CONSTRAINT ck_lead_status_events_kind
    CHECK (kind IN ('recommendation', 'manual_change', 'suggestion_accepted', 'suggestion_rejected', 'revert'));

ALTER TABLE lead_status_events DROP CONSTRAINT IF EXISTS ck_lead_status_events_match_kind;
ALTER TABLE lead_status_events ADD CONSTRAINT ck_lead_status_events_match_kind
    CHECK (match_kind IS NULL OR match_kind IN ('exact', 'partial'));

ALTER TABLE lead_status_events DROP CONSTRAINT IF EXISTS ck_lead_status_events_review_state;
ALTER TABLE lead_status_events ADD CONSTRAINT ck_lead_status_events_review_state
    CHECK (review_state IS NULL OR review_state IN ('pending', 'accepted', 'rejected', 'superseded'));

-- A revert changes the lead too: "applied" means "this event changed the lead's status".
ALTER TABLE lead_status_events DROP CONSTRAINT IF EXISTS ck_lead_status_events_applied;
ALTER TABLE lead_status_events ADD CONSTRAINT ck_lead_status_events_applied CHECK (applied = (outcome IN ('applied', 'reverted')));

-- The live review queue of a business, newest first, and the pending suggestions of one lead (superseded by newer decisions).
CREATE INDEX IF NOT EXISTS ix_lead_status_events_pending
    ON lead_status_events (business_id, created_at DESC, id DESC)
    WHERE review_state = 'pending';
CREATE INDEX IF NOT EXISTS ix_lead_status_events_pending_lead
    ON lead_status_events (business_id, lead_id)
    WHERE review_state = 'pending';

-- The human changes of a lead, newest first: manual-change protection reads the latest one under the lead's lock.
CREATE INDEX IF NOT EXISTS ix_lead_status_events_human_change
    ON lead_status_events (business_id, lead_id, created_at DESC)
    WHERE kind IN ('manual_change', 'revert') AND outcome IN ('applied', 'same_status', 'reverted');

-- Per-business rules (LeadStatusRules as JSON), written through IStatusRulesEditor, read through a cache.
CREATE TABLE IF NOT EXISTS lead_status_rules (
    business_id bigint      NOT NULL,
    rules       jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT pk_lead_status_rules PRIMARY KEY (business_id)
);
