-- The county governor's campaign: invitations, information meetings, participation replies,
-- follow-up activity with an outbox for reminders, extensions, returns with reasons, county reports.

-- When the county governor reports to Helsetilsynet for a round (31.01 after round 1): by default
-- the last day of the month after the round's deadline.
ALTER TABLE rounds ADD COLUMN report_deadline date;
UPDATE rounds SET report_deadline = (date_trunc('month', deadline) + interval '2 months' - interval '1 day')::date;
ALTER TABLE rounds ALTER COLUMN report_deadline SET NOT NULL;
CREATE FUNCTION rounds_default_report_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.report_deadline IS NULL THEN
        NEW.report_deadline := (date_trunc('month', NEW.deadline) + interval '2 months' - interval '1 day')::date;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rounds_default_report_deadline BEFORE INSERT OR UPDATE OF deadline ON rounds
    FOR EACH ROW EXECUTE FUNCTION rounds_default_report_deadline();

CREATE TABLE info_meetings (
    id          bigserial PRIMARY KEY,
    office_id   bigint NOT NULL REFERENCES governor_offices (id),
    round_id    bigint NOT NULL REFERENCES rounds (id),
    held_on     date NOT NULL,
    format      text NOT NULL CHECK (format IN ('DIGITAL', 'PHYSICAL', 'HYBRID')),
    title       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX info_meetings_office_round_idx ON info_meetings (office_id, round_id);

-- One row per service and round once the county governor has invited it.
CREATE TABLE participations (
    id                bigserial PRIMARY KEY,
    service_id        bigint NOT NULL REFERENCES services (id),
    round_id          bigint NOT NULL REFERENCES rounds (id),
    invited_at        timestamptz NOT NULL,
    meeting_id        bigint REFERENCES info_meetings (id) ON DELETE SET NULL,
    reply             text CHECK (reply IN ('YES', 'NO')),
    replied_on        date,
    planned_from      date CHECK (planned_from = date_trunc('month', planned_from)::date),
    planned_to        date CHECK (planned_to = date_trunc('month', planned_to)::date),
    decline_reason    text NOT NULL DEFAULT '',
    next_assessment   text NOT NULL DEFAULT '',
    extension_until   date,
    extension_reason  text NOT NULL DEFAULT '',
    version           int NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service_id, round_id),
    CHECK ((reply IS NULL) = (replied_on IS NULL)),
    CHECK (planned_from IS NULL OR planned_to IS NULL OR planned_from <= planned_to),
    CHECK ((extension_until IS NULL) = (extension_reason = ''))
);
CREATE INDEX participations_round_idx ON participations (round_id);

-- The county governor's own effort ("egen innsats"): reminders, contacts, meetings, notes.
CREATE TABLE follow_up_activities (
    id          bigserial PRIMARY KEY,
    office_id   bigint NOT NULL REFERENCES governor_offices (id),
    round_id    bigint NOT NULL REFERENCES rounds (id),
    kind        text NOT NULL CHECK (kind IN ('REMINDER', 'CONTACT', 'MEETING', 'NOTE')),
    occurred_on date NOT NULL,
    note        text NOT NULL DEFAULT '',
    created_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_up_office_round_idx ON follow_up_activities (office_id, round_id, occurred_on);

CREATE TABLE follow_up_services (
    activity_id bigint NOT NULL REFERENCES follow_up_activities (id) ON DELETE CASCADE,
    service_id  bigint NOT NULL REFERENCES services (id),
    PRIMARY KEY (activity_id, service_id)
);
CREATE INDEX follow_up_services_service_idx ON follow_up_services (service_id);

-- Reminders to send by e-mail once a mail integration exists; written in the same transaction as
-- the reminder, so none is ever lost.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    activity_id  bigint NOT NULL REFERENCES follow_up_activities (id),
    service_id   bigint NOT NULL REFERENCES services (id),
    subject      text NOT NULL,
    body         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    attempts     int NOT NULL DEFAULT 0,
    last_error   text NOT NULL DEFAULT ''
);
CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;

-- Why a submitted form was returned: for the whole form or per question.
CREATE TABLE return_reasons (
    id            bigserial PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    revision      int NOT NULL,
    question_id   bigint REFERENCES questions (id),
    reason        text NOT NULL CHECK (length(btrim(reason)) > 0),
    created_by    bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX return_reasons_submission_idx ON return_reasons (submission_id, revision);

-- The report each county governor office sends Helsetilsynet per round: figures are computed,
-- comments and the submission are stored.
CREATE TABLE county_reports (
    id            bigserial PRIMARY KEY,
    office_id     bigint NOT NULL REFERENCES governor_offices (id),
    round_id      bigint NOT NULL REFERENCES rounds (id),
    comments      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(comments) = 'object'),
    submitted_at  timestamptz,
    submitted_by  bigint REFERENCES users (id),
    version       int NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (office_id, round_id)
);
