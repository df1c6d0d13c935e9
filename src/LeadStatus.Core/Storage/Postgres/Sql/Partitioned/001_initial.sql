-- LeadStatus.Core schema, version 1, hash-partitioned by tenant: the opt-in replacement of 001_initial.sql, run instead of it on a
-- fresh schema when LeadStatusOptions.Postgres.EventPartitions is N > 0. Every later script (002, 003, ...) applies unchanged on top.
-- The same columns, constraints and index names as 001_initial.sql, except:
--   * lead_status_events and lead_status_outbox are PARTITION BY HASH (business_id), with N partitions <table>_p0 ... <table>_p<N-1>;
--     every unique key already contains business_id, as PostgreSQL requires of a partitioned table's unique keys;
--   * id is bigint DEFAULT nextval(<table>_id_seq), a sequence owned by the column: PostgreSQL 15 allows no identity column on a
--     partitioned table. Ids stay unique across partitions and increase per insert, as with the identity.
-- Unqualified names: run it with search_path set to the target schema and the number of partitions set in the same session
-- (EnsureLeadStatusSchemaAsync does both under its advisory lock), e.g. from your own migration tool:
--   SET search_path TO leadstatus; SET leadstatus.partitions = '16';

CREATE SEQUENCE IF NOT EXISTS lead_status_events_id_seq AS bigint;

CREATE TABLE IF NOT EXISTS lead_status_events (
    id                       bigint           NOT NULL DEFAULT nextval('lead_status_events_id_seq'),
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
) PARTITION BY HASH (business_id);

ALTER SEQUENCE lead_status_events_id_seq OWNED BY lead_status_events.id;

CREATE INDEX IF NOT EXISTS ix_lead_status_events_lead
    ON lead_status_events (business_id, lead_id, created_at);

CREATE INDEX IF NOT EXISTS ix_lead_status_events_created
    ON lead_status_events (business_id, created_at);

CREATE SEQUENCE IF NOT EXISTS lead_status_outbox_id_seq AS bigint;

CREATE TABLE IF NOT EXISTS lead_status_outbox (
    id                  bigint           NOT NULL DEFAULT nextval('lead_status_outbox_id_seq'),
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
) PARTITION BY HASH (business_id);

ALTER SEQUENCE lead_status_outbox_id_seq OWNED BY lead_status_outbox.id;

CREATE INDEX IF NOT EXISTS ix_lead_status_outbox_due
    ON lead_status_outbox (next_attempt_at)
    WHERE state = 'pending';

CREATE INDEX IF NOT EXISTS ix_lead_status_outbox_delivered
    ON lead_status_outbox (delivered_at)
    WHERE state = 'delivered';

-- The partitions. Indexes and constraints of the parents above apply to each.
DO $$
DECLARE
    partitions integer := nullif(current_setting('leadstatus.partitions', true), '')::integer;
    parent text;
BEGIN
    IF partitions IS NULL OR partitions < 1 THEN
        RAISE EXCEPTION 'Set leadstatus.partitions to the number of partitions (1 or more) before running this script, e.g. SET leadstatus.partitions = ''16''';
    END IF;
    FOREACH parent IN ARRAY ARRAY['lead_status_events', 'lead_status_outbox'] LOOP
        FOR remainder IN 0 .. partitions - 1 LOOP
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
                           parent || '_p' || remainder, parent, partitions, remainder);
        END LOOP;
    END LOOP;
END $$;
