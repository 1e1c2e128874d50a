-- Campaigns and rounds as data Helsetilsynet creates in the app (issue 12), and long work that
-- reports its progress.

-- A campaign's topic and description, in the three languages. The seeded campaign gets its own.
ALTER TABLE campaigns
    ADD COLUMN topic_nb       text NOT NULL DEFAULT '',
    ADD COLUMN topic_nn       text NOT NULL DEFAULT '',
    ADD COLUMN topic_en       text NOT NULL DEFAULT '',
    ADD COLUMN description_nb text NOT NULL DEFAULT '',
    ADD COLUMN description_nn text NOT NULL DEFAULT '',
    ADD COLUMN description_en text NOT NULL DEFAULT '',
    ADD COLUMN created_at     timestamptz NOT NULL DEFAULT now();

-- The round a round is compared with: data of the round (same campaign, earlier), no longer
-- implied by its number. The rounds so far compare with the one numbered before them.
ALTER TABLE rounds ADD COLUMN previous_round_id bigint REFERENCES rounds (id);
UPDATE rounds AS r SET previous_round_id = p.id
    FROM rounds AS p WHERE p.campaign_id = r.campaign_id AND p.number = r.number - 1;
ALTER TABLE rounds ADD CONSTRAINT rounds_previous_check CHECK (previous_round_id IS DISTINCT FROM id);
CREATE INDEX rounds_previous_idx ON rounds (previous_round_id);

-- Long work (bulk invitations, mail to many) as a row whose progress the web app and the command
-- line read while it runs: done of total, updated after every batch.
CREATE TABLE jobs (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('INVITE_SERVICES')),
    -- The office whose work it is (county jobs), null for national work.
    office_id    bigint REFERENCES governor_offices (id),
    round_id     bigint REFERENCES rounds (id),
    created_by   bigint REFERENCES users (id),
    status       text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    done         int NOT NULL DEFAULT 0,
    total        int NOT NULL,
    error        text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    CHECK (total >= 0 AND done BETWEEN 0 AND total),
    CHECK ((status = 'RUNNING') = (finished_at IS NULL))
);
CREATE INDEX jobs_office_idx ON jobs (office_id, created_at DESC);
