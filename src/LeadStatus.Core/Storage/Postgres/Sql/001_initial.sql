-- LeadStatus.Core schema, version 1.
-- Library-owned tables only. Unqualified names: run it with search_path set to the target schema
-- (EnsureLeadStatusSchemaAsync does that under an advisory lock), or from your own migration tool.
-- Every key starts with business_id, so both tables can be hash-partitioned or distributed by tenant.

CREATE TABLE IF NOT EXISTS lead_status_events (
    id                       bigint GENERATED ALWAYS AS IDENTITY,
    business_id              bigint           NOT NULL,
    lead_id                  bigint           NOT NULL,
    source                   text             NOT NULL,
    source_event_id          text             NOT NULL,
    recommended_status_label text             NULL,
    recommended_status_id    text             NULL,
    confidence               double precision NOT NULL,
    outcome                  text             NOT NULL,
    reason                   text             NOT NULL,
    previous_status_id       text             NULL,
    applied                  boolean          NOT NULL,
    applied_at               timestamptz      NULL,
    request_fingerprint      text             NOT NULL,
    created_at               timestamptz      NOT NULL,
    CONSTRAINT pk_lead_status_events PRIMARY KEY (business_id, id),
    CONSTRAINT ux_lead_status_events_source_event UNIQUE (business_id, source, source_event_id),
    CONSTRAINT ck_lead_status_events_confidence CHECK (confidence >= 0 AND confidence <= 1),
    CONSTRAINT ck_lead_status_events_applied CHECK (applied = (outcome = 'applied'))
);

CREATE INDEX IF NOT EXISTS ix_lead_status_events_lead
    ON lead_status_events (business_id, lead_id, created_at);

CREATE INDEX IF NOT EXISTS ix_lead_status_events_created
    ON lead_status_events (business_id, created_at);

CREATE TABLE IF NOT EXISTS lead_status_outbox (
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    notification_id     uuid             NOT NULL,
    event_id            bigint           NOT NULL,
    business_id         bigint           NOT NULL,
    lead_id             bigint           NOT NULL,
    lead_name           text             NULL,
    previous_status_id  text             NULL,
    new_status_id       text             NOT NULL,
    new_status_label    text             NOT NULL,
    source              text             NOT NULL,
    confidence          double precision NOT NULL,
    changed_at          timestamptz      NOT NULL,
    state               text             NOT NULL DEFAULT 'pending',
    attempts            integer          NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz      NOT NULL,
    locked_by           uuid             NULL,
    locked_until        timestamptz      NULL,
    last_error          text             NULL,
    delivered_at        timestamptz      NULL,
    created_at          timestamptz      NOT NULL,
    CONSTRAINT pk_lead_status_outbox PRIMARY KEY (business_id, id),
    CONSTRAINT ux_lead_status_outbox_notification UNIQUE (business_id, notification_id),
    CONSTRAINT ck_lead_status_outbox_state CHECK (state IN ('pending', 'delivered', 'dead'))
);

CREATE INDEX IF NOT EXISTS ix_lead_status_outbox_due
    ON lead_status_outbox (next_attempt_at)
    WHERE state = 'pending';

CREATE INDEX IF NOT EXISTS ix_lead_status_outbox_delivered
    ON lead_status_outbox (delivered_at)
    WHERE state = 'delivered';
