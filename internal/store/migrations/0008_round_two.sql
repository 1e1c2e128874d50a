-- Round 2 as document 002 describes it: the summary form's reflections on the supervision, the
-- decision on the way forward, the service's judgement of round 1's goals; round data for choosing
-- cases and for support; the publication of a round's figures.

-- Reflection questions come in two kinds: reflections on the results (REFLECTION) and the
-- service's reflections on the supervision itself (FEEDBACK, document 002's last page of the Forms
-- submission). Both are data of the questionnaire version.
ALTER TABLE reflection_questions
    ADD COLUMN kind text NOT NULL DEFAULT 'REFLECTION' CHECK (kind IN ('REFLECTION', 'FEEDBACK'));

-- [{"questionId": 12, "answer": "…"}], answers to the FEEDBACK questions.
ALTER TABLE submissions
    ADD COLUMN feedback jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(feedback) = 'array');

-- The decision on the way forward (document 002): continue, adjust or make the measures permanent
-- practice, with a comment. Asked in the rounds after the first.
ALTER TABLE submissions
    ADD COLUMN way_forward text CHECK (way_forward IN ('CONTINUE', 'ADJUST', 'MAKE_PERMANENT')),
    ADD COLUMN way_forward_comment text NOT NULL DEFAULT '';

-- The service's judgement of each goal of the previous round's plan ("Har dere nådd målene dere
-- satte?"): [{"goal": 0, "questionId": 12, "result": "REACHED" | "PARTLY_REACHED" | "NOT_REACHED"}].
ALTER TABLE submissions
    ADD COLUMN goal_results jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(goal_results) = 'array');

-- The guidance on choosing cases is per round, as data Helsetilsynet can change (document 002:
-- round 2 reviews cases started after the improvement measures began, about as many as in round 1).
ALTER TABLE rounds
    ADD COLUMN sampling_guidance_nb text NOT NULL DEFAULT '',
    ADD COLUMN sampling_guidance_nn text NOT NULL DEFAULT '',
    ADD COLUMN sampling_guidance_en text NOT NULL DEFAULT '';

-- Support material and contacts per round (document 002), as data Helsetilsynet can change.
CREATE TABLE round_resources (
    id              bigserial PRIMARY KEY,
    round_id        bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    position        int NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('LINK', 'TECHNICAL_CONTACT')),
    title_nb        text NOT NULL CHECK (length(btrim(title_nb)) > 0),
    title_nn        text NOT NULL CHECK (length(btrim(title_nn)) > 0),
    title_en        text NOT NULL CHECK (length(btrim(title_en)) > 0),
    description_nb  text NOT NULL DEFAULT '',
    description_nn  text NOT NULL DEFAULT '',
    description_en  text NOT NULL DEFAULT '',
    url             text NOT NULL CHECK (url ~ '^(https://|mailto:)[^\s]+$'),
    UNIQUE (round_id, position)
);

-- The county governor office's public web page: the service's contact for subject matter.
ALTER TABLE governor_offices ADD COLUMN web_url text NOT NULL DEFAULT ''
    CHECK (web_url = '' OR web_url ~ '^https://[^\s]+$');

-- Helsetilsynet publishes a round's national and county figures (document 002: Helsetilsynet
-- prepares and shares statistics at national and county level); from then on county offices and
-- services see them as benchmarks beside their own.
ALTER TABLE rounds
    ADD COLUMN figures_published_at timestamptz,
    ADD COLUMN figures_published_by bigint REFERENCES users (id);
