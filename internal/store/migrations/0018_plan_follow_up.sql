-- The improvement plan lives between the rounds (guide § 3: "Jan–okt 2025: tjenesten gjennomfører
-- tiltak i henhold til egen plan"). After submitting, a service follows its plan up here without
-- re-opening the form: the submitted revision and the statistics are never touched.
--
-- A follow-up starts as a copy of the plan in the form's last submitted revision (goals and actions
-- keep their positions, so they are named by position) and grows: status, dates and notes per
-- action, new actions and goals, goals adjusted with a reason, or the service's own method.

CREATE TABLE plan_follow_ups (
    id                bigserial PRIMARY KEY,
    submission_id     bigint NOT NULL UNIQUE REFERENCES submissions (id),
    service_id        bigint NOT NULL REFERENCES services (id),
    round_id          bigint NOT NULL REFERENCES rounds (id),
    -- The submitted revision the plan was copied from.
    from_revision     int NOT NULL,
    -- The service works by its own method (guide § 1.3): its plan described in a summary, the full
    -- plan kept elsewhere; progress is still reported per goal.
    own_method        boolean NOT NULL DEFAULT false,
    own_plan_summary  text NOT NULL DEFAULT '',
    own_plan_location text NOT NULL DEFAULT '',
    -- When the measures began, as set by the service; NULL: derived from the actions.
    measures_began_on date,
    -- The service wants reminders of actions past their due date.
    reminders         boolean NOT NULL DEFAULT false,
    version           int NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (service_id, round_id)
);

CREATE TABLE plan_goals (
    follow_up_id  bigint NOT NULL REFERENCES plan_follow_ups (id) ON DELETE CASCADE,
    position      int NOT NULL CHECK (position >= 0),
    question_id   bigint REFERENCES questions (id),
    description   text NOT NULL,
    target        text NOT NULL DEFAULT '',
    measure       text NOT NULL DEFAULT '',
    -- Added after the form was submitted.
    added         boolean NOT NULL DEFAULT false,
    -- Progress at goal level (the own method reports here).
    status        text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED')),
    note          text NOT NULL DEFAULT '',
    -- The last adjustment of the goal and why.
    adjust_reason text NOT NULL DEFAULT '',
    adjusted_at   timestamptz,
    PRIMARY KEY (follow_up_id, position)
);

CREATE TABLE plan_actions (
    follow_up_id  bigint NOT NULL,
    goal_position int NOT NULL,
    position      int NOT NULL CHECK (position >= 0),
    description   text NOT NULL,
    owner         text NOT NULL DEFAULT '',
    due_date      date,
    status        text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED')),
    started_on    date,
    ended_on      date,
    note          text NOT NULL DEFAULT '',
    added         boolean NOT NULL DEFAULT false,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on),
    PRIMARY KEY (follow_up_id, goal_position, position),
    FOREIGN KEY (follow_up_id, goal_position) REFERENCES plan_goals (follow_up_id, position) ON DELETE CASCADE
);
CREATE INDEX plan_actions_due_idx ON plan_actions (due_date) WHERE status IN ('PLANNED', 'IN_PROGRESS');

-- One reminder per action and due date: enqueuing twice finds the row and sends nothing more.
CREATE TABLE plan_reminders (
    id            bigserial PRIMARY KEY,
    follow_up_id  bigint NOT NULL,
    goal_position int NOT NULL,
    position      int NOT NULL,
    due_date      date NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (follow_up_id, goal_position, position, due_date),
    FOREIGN KEY (follow_up_id, goal_position, position) REFERENCES plan_actions (follow_up_id, goal_position, position) ON DELETE CASCADE
);

ALTER TABLE outbox
    ADD COLUMN plan_reminder_id bigint REFERENCES plan_reminders (id),
    DROP CONSTRAINT outbox_source_check,
    ADD CONSTRAINT outbox_source_check CHECK (num_nonnulls(activity_id, invitation_id, plan_reminder_id) = 1);
CREATE INDEX outbox_plan_reminder_idx ON outbox (plan_reminder_id) WHERE plan_reminder_id IS NOT NULL;
