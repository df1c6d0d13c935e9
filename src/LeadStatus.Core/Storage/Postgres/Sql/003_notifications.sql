-- LeadStatus.Core schema, version 3: notifications.
-- Unqualified names, like version 1: run it with search_path set to the target schema.

-- What a notification is about, by explicit name (never by an enum's position). The default keeps every writer of
-- version 1 (the apply statement) working unchanged: what it writes is a status change.
ALTER TABLE lead_status_outbox
    ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'status_changed';

ALTER TABLE lead_status_outbox
    ADD CONSTRAINT ck_lead_status_outbox_kind CHECK (kind IN ('status_changed', 'suggestion_pending', 'change_reverted'));
