-- Core graph: geography, services, campaigns, questionnaires, rounds, submissions, cases, answers.
-- Rules that protect the data live here, so no client (the app, a script, a BI write-back) can break them.

CREATE TABLE governor_offices (
    id       bigserial PRIMARY KEY,
    code     text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]+$'),
    name_nb  text NOT NULL,
    name_nn  text NOT NULL,
    name_en  text NOT NULL
);

CREATE TABLE counties (
    id        bigserial PRIMARY KEY,
    number    text NOT NULL UNIQUE CHECK (number ~ '^[0-9]{2}$'),
    name      text NOT NULL,
    office_id bigint NOT NULL REFERENCES governor_offices (id),
    UNIQUE (id, office_id)
);
CREATE INDEX counties_office_idx ON counties (office_id);

CREATE TABLE services (
    id             bigserial PRIMARY KEY,
    name           text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
    kind           text NOT NULL CHECK (kind IN ('MUNICIPAL', 'CITY_DISTRICT', 'INTER_MUNICIPAL')),
    county_id      bigint NOT NULL,
    office_id      bigint NOT NULL,
    -- [{"number": "4601", "name": "Bergen"}, …]
    municipalities jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(municipalities) = 'array'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- The office is stored for fast scoping, and this key keeps it equal to the county's office.
    FOREIGN KEY (county_id, office_id) REFERENCES counties (id, office_id) ON UPDATE CASCADE
);
CREATE INDEX services_office_idx ON services (office_id, name);
CREATE INDEX services_county_idx ON services (county_id, name);

CREATE TABLE campaigns (
    id        bigserial PRIMARY KEY,
    code      text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]+$'),
    title_nb  text NOT NULL,
    title_nn  text NOT NULL,
    title_en  text NOT NULL
);

CREATE TABLE questionnaires (
    id                               bigserial PRIMARY KEY,
    campaign_id                      bigint NOT NULL REFERENCES campaigns (id),
    version                          int NOT NULL CHECK (version > 0),
    title_nb                         text NOT NULL,
    title_nn                         text NOT NULL,
    title_en                         text NOT NULL,
    collects_days_to_first_activity  boolean NOT NULL DEFAULT false,
    created_at                       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, version)
);

CREATE TABLE sections (
    id               bigserial PRIMARY KEY,
    questionnaire_id bigint NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    position         int NOT NULL,
    code             text NOT NULL,
    title_nb         text NOT NULL,
    title_nn         text NOT NULL,
    title_en         text NOT NULL,
    UNIQUE (questionnaire_id, code),
    UNIQUE (questionnaire_id, position),
    UNIQUE (id, questionnaire_id)
);

CREATE TABLE questions (
    id               bigserial PRIMARY KEY,
    questionnaire_id bigint NOT NULL,
    section_id       bigint NOT NULL,
    position         int NOT NULL,
    code             text NOT NULL,
    text_nb          text NOT NULL,
    text_nn          text NOT NULL,
    text_en          text NOT NULL,
    guidance_nb      text NOT NULL DEFAULT '',
    guidance_nn      text NOT NULL DEFAULT '',
    guidance_en      text NOT NULL DEFAULT '',
    legal_basis      text NOT NULL DEFAULT '',
    options          text[] NOT NULL CHECK (
        cardinality(options) > 0
        AND options <@ ARRAY['YES', 'PARTLY', 'NO', 'NOT_POSSIBLE', 'NOT_APPLICABLE']::text[]),
    comment_allowed  boolean NOT NULL DEFAULT false,
    required         boolean NOT NULL DEFAULT true,
    UNIQUE (questionnaire_id, code),
    UNIQUE (questionnaire_id, position),
    FOREIGN KEY (section_id, questionnaire_id) REFERENCES sections (id, questionnaire_id) ON DELETE CASCADE
);

CREATE TABLE question_lineage (
    question_id    bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    predecessor_id bigint NOT NULL REFERENCES questions (id),
    comparability  text NOT NULL CHECK (comparability IN ('SAME', 'SPLIT', 'MERGED', 'CHANGED_OPTIONS')),
    PRIMARY KEY (question_id, predecessor_id),
    CHECK (question_id <> predecessor_id)
);
CREATE INDEX question_lineage_predecessor_idx ON question_lineage (predecessor_id);

CREATE TABLE reflection_questions (
    id               bigserial PRIMARY KEY,
    questionnaire_id bigint NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    position         int NOT NULL,
    code             text NOT NULL,
    text_nb          text NOT NULL,
    text_nn          text NOT NULL,
    text_en          text NOT NULL,
    guidance_nb      text NOT NULL DEFAULT '',
    guidance_nn      text NOT NULL DEFAULT '',
    guidance_en      text NOT NULL DEFAULT '',
    UNIQUE (questionnaire_id, code),
    UNIQUE (questionnaire_id, position)
);

CREATE TABLE rounds (
    id                bigserial PRIMARY KEY,
    campaign_id       bigint NOT NULL REFERENCES campaigns (id),
    number            int NOT NULL CHECK (number > 0),
    title_nb          text NOT NULL,
    title_nn          text NOT NULL,
    title_en          text NOT NULL,
    questionnaire_id  bigint NOT NULL REFERENCES questionnaires (id),
    period_start      date NOT NULL,
    period_end        date NOT NULL,
    deadline          date NOT NULL,
    original_deadline date,
    UNIQUE (campaign_id, number),
    CHECK (period_start <= period_end)
);

CREATE TABLE submissions (
    id                 bigserial PRIMARY KEY,
    service_id         bigint NOT NULL REFERENCES services (id),
    round_id           bigint NOT NULL REFERENCES rounds (id),
    status             text NOT NULL DEFAULT 'IN_PROGRESS'
                       CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'SUBMITTED', 'RETURNED', 'ACCEPTED')),
    assessment         text NOT NULL DEFAULT '',
    -- [{"questionId": 12, "answer": "…"}]
    reflections        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reflections) = 'array'),
    -- {"goals": [{"questionId": 12, "description": "…", "target": "…", "measure": "…", "actions": [...]}]}
    improvement_plan   jsonb NOT NULL DEFAULT '{"goals": []}' CHECK (jsonb_typeof(improvement_plan) = 'object'),
    revision           int NOT NULL DEFAULT 0 CHECK (revision >= 0),
    -- Case numbers are never reused, so "case 3" means the same case for the whole round.
    last_case_number   int NOT NULL DEFAULT 0 CHECK (last_case_number >= 0),
    version            int NOT NULL DEFAULT 1 CHECK (version > 0),
    late               boolean NOT NULL DEFAULT false,
    started_at         timestamptz NOT NULL DEFAULT now(),
    submitted_at       timestamptz,
    returned_at        timestamptz,
    accepted_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service_id, round_id),
    UNIQUE (id, service_id, round_id),
    CHECK (status NOT IN ('SUBMITTED', 'ACCEPTED') OR submitted_at IS NOT NULL),
    CHECK (status <> 'ACCEPTED' OR accepted_at IS NOT NULL)
);
CREATE INDEX submissions_round_status_idx ON submissions (round_id, status);

-- Each submit stores the whole form as it was, so re-opening or returning never loses what was sent.
CREATE TABLE submission_revisions (
    id            bigserial PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    revision      int NOT NULL CHECK (revision > 0),
    submitted_at  timestamptz NOT NULL,
    late          boolean NOT NULL,
    snapshot      jsonb NOT NULL,
    UNIQUE (submission_id, revision)
);

CREATE TABLE cases (
    id                      bigserial PRIMARY KEY,
    submission_id           bigint NOT NULL,
    service_id              bigint NOT NULL,
    round_id                bigint NOT NULL,
    number                  int NOT NULL CHECK (number > 0),
    started_month           date CHECK (started_month = date_trunc('month', started_month)::date),
    closed_month            date CHECK (closed_month = date_trunc('month', closed_month)::date),
    outcome                 text CHECK (outcome IN ('DISMISSED', 'DISMISSED_NEW_INVESTIGATION_POSSIBLE',
                                                    'MEASURES_DECIDED', 'CARE_ORDER_PROPOSED')),
    days_to_first_activity  int CHECK (days_to_first_activity BETWEEN 0 AND 3650),
    version                 int NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service_id, round_id, number),
    FOREIGN KEY (submission_id, service_id, round_id) REFERENCES submissions (id, service_id, round_id)
);
CREATE INDEX cases_submission_idx ON cases (submission_id);
CREATE INDEX cases_round_idx ON cases (round_id, service_id);

CREATE TABLE answers (
    id           bigserial PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    question_id  bigint NOT NULL REFERENCES questions (id),
    option       text CHECK (option IN ('YES', 'PARTLY', 'NO', 'NOT_POSSIBLE', 'NOT_APPLICABLE')),
    comment      text,
    version      int NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, question_id)
);
CREATE INDEX answers_question_idx ON answers (question_id);

-- The option must be allowed on the question, and the question must belong to the questionnaire of
-- the case's round. The application checks this first (for a good message); this is the backstop.
CREATE FUNCTION answers_check_question() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    q_options text[];
    ok boolean;
BEGIN
    SELECT q.options, (q.questionnaire_id = r.questionnaire_id)
      INTO q_options, ok
      FROM questions q, cases c JOIN rounds r ON r.id = c.round_id
     WHERE q.id = NEW.question_id AND c.id = NEW.case_id;
    IF NOT ok THEN
        RAISE EXCEPTION 'question % is not part of the questionnaire of case %', NEW.question_id, NEW.case_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.option IS NOT NULL AND NOT (NEW.option = ANY (q_options)) THEN
        RAISE EXCEPTION 'option % is not allowed on question %', NEW.option, NEW.question_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER answers_check_question BEFORE INSERT OR UPDATE OF option, question_id, case_id ON answers
    FOR EACH ROW EXECUTE FUNCTION answers_check_question();
