-- LeadStatus.Core schema, version 3: notifications.
-- Unqualified names, like version 1: run it with search_path set to the target schema.

-- What a notification is about, by explicit name (never by an enum's position). The default keeps every writer of
-- version 1 (the apply statement) working unchanged: what it writes is a status change.
ALTER TABLE lead_status_outbox
    ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'status_changed';

ALTER TABLE lead_status_outbox
    ADD CONSTRAINT ck_lead_status_outbox_kind CHECK (kind IN ('status_changed', 'suggestion_pending', 'change_reverted'));

-- Claims without a recorded result. Claiming no longer spends an attempt (attempts counts attempts that recorded a result);
-- a row claimed more than MaxAttempts times without one (its process died delivering it) is dead as poison.
ALTER TABLE lead_status_outbox
    ADD COLUMN IF NOT EXISTS claims integer NOT NULL DEFAULT 0;

-- The claim order, fair across businesses: oldest due rows first within each business.
CREATE INDEX IF NOT EXISTS ix_lead_status_outbox_pending_business
    ON lead_status_outbox (business_id, next_attempt_at, id)
    WHERE state = 'pending';

CREATE INDEX IF NOT EXISTS ix_lead_status_outbox_dead
    ON lead_status_outbox (business_id, id)
    WHERE state = 'dead';

-- Delivery state per notifier, kept only for rows not delivered by every notifier at the first try: a notifier that
-- delivered a row is never called again for it; each has its own attempts, back-off and dead state.
CREATE TABLE IF NOT EXISTS lead_status_outbox_deliveries (
    business_id      bigint      NOT NULL,
    outbox_id        bigint      NOT NULL,
    notifier         text        NOT NULL,
    state            text        NOT NULL,
    attempts         integer     NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text        NULL,
    delivered_at     timestamptz NULL,
    CONSTRAINT pk_lead_status_outbox_deliveries PRIMARY KEY (business_id, outbox_id, notifier),
    CONSTRAINT fk_lead_status_outbox_deliveries_outbox FOREIGN KEY (business_id, outbox_id)
        REFERENCES lead_status_outbox (business_id, id) ON DELETE CASCADE,
    CONSTRAINT ck_lead_status_outbox_deliveries_state CHECK (state IN ('pending', 'delivered', 'dead'))
);
