-- What Helsetilsynet's documents ask (issue 11): the county report deadline as data, stand-in
-- questionnaires marked as such, and the county office's non-binding "gjennomgått" mark instead of
-- accepting and locking a service's form.

-- The county report deadline is data of the round (the guide: 31.01 after each round), never
-- derived from the services' deadline: round 2's services' deadline moved to 31.03.2026
-- (document 002), the report deadline did not.
DROP TRIGGER rounds_default_report_deadline ON rounds;
DROP FUNCTION rounds_default_report_deadline();
UPDATE rounds AS r SET report_deadline = DATE '2026-01-31'
    FROM campaigns AS c
    WHERE c.id = r.campaign_id AND c.code = 'lot-2024-2026' AND r.number = 2 AND r.report_deadline = DATE '2026-04-30';

-- Whether a questionnaire version carries Helsetilsynet's official texts. Everything loaded so far
-- is the seeded stand-in text.
ALTER TABLE questionnaires ADD COLUMN official boolean NOT NULL DEFAULT false;

-- The county office's mark that it has gone through a submitted form: who, when, and which
-- revision. It is not an approval and locks nothing (the guide, § 1.2).
ALTER TABLE submissions
    ADD COLUMN reviewed_at       timestamptz,
    ADD COLUMN reviewed_by       bigint REFERENCES users (id),
    ADD COLUMN reviewed_by_name  text,
    ADD COLUMN reviewed_revision int,
    ADD CONSTRAINT submissions_reviewed_check CHECK (
        (reviewed_at IS NULL) = (reviewed_revision IS NULL) AND (reviewed_at IS NULL) = (reviewed_by_name IS NULL)
        AND (reviewed_revision IS NULL OR reviewed_revision BETWEEN 1 AND revision));

-- Accepted forms become submitted forms with the mark, set by whoever accepted them.
UPDATE submissions AS sub SET status = 'SUBMITTED', reviewed_at = sub.accepted_at, reviewed_revision = sub.revision,
    reviewed_by = (SELECT u.id FROM users AS u WHERE u.id = acc.actor_user_id),
    reviewed_by_name = coalesce(acc.actor_name, '')
    FROM submissions AS s
    LEFT JOIN LATERAL (SELECT x.actor_user_id, x.actor_name FROM audit_log AS x
        WHERE x.object_type = 'submission' AND x.object_id = s.id AND x.action = 'submission.status'
          AND x.new_value->>'status' = 'ACCEPTED'
        ORDER BY x.id DESC LIMIT 1) AS acc ON true
    WHERE s.id = sub.id AND sub.status = 'ACCEPTED';

ALTER TABLE submissions DROP CONSTRAINT submissions_status_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_status_check
    CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'SUBMITTED', 'RETURNED'));
-- Dropping the column drops the check that tied ACCEPTED to it.
ALTER TABLE submissions DROP COLUMN accepted_at;

-- Helsetilsynet changes a round's deadlines; the version guards against two people doing it at once.
ALTER TABLE rounds ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version > 0);
