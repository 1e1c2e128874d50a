-- Between the rounds (issue 18, parts 2 and 3): the invitation with its real content, the office's
-- own deadline for its services, and Helsetilsynet's summaries.
--
-- 1. Helsetilsynet drafts the invitation per campaign in nb/nn/en; each county office adapts it per
--    round (time and place of its meetings, its contact person, free edits) and sends it to its
--    services' leaders through the outbox.
-- 2. The reply says who leads the self-assessment and who takes part (roles, never clients).
-- 3. An office may move the deadline for all its services in a round, with a reason. The deadline
--    that applies to a service is ONE expression, effective_deadline(service, round): the latest of
--    the round's, its office's and the service's own extension.
-- 4. Helsetilsynet writes and publishes summaries per round; a published summary is never changed.

CREATE TABLE invitation_drafts (
    campaign_id bigint PRIMARY KEY REFERENCES campaigns (id),
    subject_nb  text NOT NULL,
    subject_nn  text NOT NULL,
    subject_en  text NOT NULL,
    body_nb     text NOT NULL,
    body_nn     text NOT NULL,
    body_en     text NOT NULL,
    version     int NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invitation_letters (
    id             bigserial PRIMARY KEY,
    office_id      bigint NOT NULL REFERENCES governor_offices (id),
    round_id       bigint NOT NULL REFERENCES rounds (id),
    lang           text NOT NULL DEFAULT 'nb' CHECK (lang IN ('nb', 'nn', 'en')),
    subject        text NOT NULL CHECK (length(btrim(subject)) > 0),
    body           text NOT NULL CHECK (length(btrim(body)) > 0),
    time_and_place text NOT NULL DEFAULT '',
    contact        text NOT NULL DEFAULT '',
    sent_at        timestamptz,
    sent_by        bigint REFERENCES users (id),
    version        int NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (office_id, round_id)
);

ALTER TABLE outbox
    ADD COLUMN letter_id bigint REFERENCES invitation_letters (id),
    DROP CONSTRAINT outbox_source_check,
    ADD CONSTRAINT outbox_source_check CHECK (num_nonnulls(activity_id, invitation_id, plan_reminder_id, letter_id) = 1);
CREATE INDEX outbox_letter_idx ON outbox (letter_id) WHERE letter_id IS NOT NULL;

ALTER TABLE participations
    ADD COLUMN lead_role         text NOT NULL DEFAULT '',
    ADD COLUMN participant_roles text NOT NULL DEFAULT '';

CREATE TABLE office_deadlines (
    office_id  bigint NOT NULL REFERENCES governor_offices (id),
    round_id   bigint NOT NULL REFERENCES rounds (id),
    deadline   date NOT NULL,
    reason     text NOT NULL CHECK (length(btrim(reason)) > 0),
    set_by     bigint REFERENCES users (id),
    version    int NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, round_id)
);

-- The deadline that applies to a service in a round: the round's, its office's, or its own
-- extension, whichever is latest. Every reader of "late" and "overdue" uses this one function.
CREATE FUNCTION effective_deadline(p_service bigint, p_round bigint) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT greatest(r.deadline,
        (SELECT od.deadline FROM office_deadlines AS od JOIN services AS s ON s.office_id = od.office_id
            WHERE s.id = p_service AND od.round_id = r.id),
        (SELECT p.extension_until FROM participations AS p WHERE p.service_id = p_service AND p.round_id = r.id))
    FROM rounds AS r WHERE r.id = p_round
$$;

CREATE TABLE round_summaries (
    id           bigserial PRIMARY KEY,
    round_id     bigint NOT NULL REFERENCES rounds (id),
    kind         text NOT NULL CHECK (kind IN ('MIDWAY', 'FINAL')),
    title_nb     text NOT NULL,
    title_nn     text NOT NULL,
    title_en     text NOT NULL,
    body_nb      text NOT NULL,
    body_nn      text NOT NULL,
    body_en      text NOT NULL,
    -- [{"questionCode": "2.1", "figure": "YES_SHARE"}, …]: figures cited, read live from the
    -- round's published figures.
    citations    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(citations) = 'array'),
    published_at timestamptz,
    published_by bigint REFERENCES users (id),
    created_by   bigint REFERENCES users (id),
    version      int NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX round_summaries_round_idx ON round_summaries (round_id, id);
