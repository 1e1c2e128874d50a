-- The statistics count what each service last sent: the latest submitted revision of its form
-- (DESIGN §3; issue 11, "the last submitted revision keeps counting in the statistics until a new
-- one is sent"). A form re-opened or returned for correction keeps counting with the revision it
-- sent, and nothing typed into the live form reaches a figure before it is sent again.
--
-- Each submitted revision keeps its figures as rows, derived from its snapshot in the transaction
-- that stores the revision (a trigger, so every writer — submit, the seeders — gets them): counts
-- per question and option, and per case (by position, never by case number) the days, the outcome
-- and the counts per section. The per-case rows are what the statistics need to respect that the
-- answers of one case hang together (intervals clustered by case, for one service's own figures);
-- they never leave the database except as aggregates.

-- revision_counts: how many cases of the revision chose each option on each question.
CREATE TABLE revision_counts (
    revision_id bigint NOT NULL REFERENCES submission_revisions (id) ON DELETE CASCADE,
    question_id bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    option      text NOT NULL CHECK (option IN ('YES', 'PARTLY', 'NO', 'NOT_POSSIBLE', 'NOT_APPLICABLE')),
    n           int NOT NULL CHECK (n > 0),
    PRIMARY KEY (revision_id, question_id, option)
);

-- revision_cases: one row per case of the revision, by its position in the revision.
CREATE TABLE revision_cases (
    revision_id            bigint NOT NULL REFERENCES submission_revisions (id) ON DELETE CASCADE,
    ordinal                int NOT NULL CHECK (ordinal > 0),
    days_to_first_activity int,
    outcome                text,
    PRIMARY KEY (revision_id, ordinal)
);

-- revision_case_sections: per case of the revision and section, the options chosen on its questions.
CREATE TABLE revision_case_sections (
    revision_id    bigint NOT NULL,
    ordinal        int NOT NULL,
    section_id     bigint NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    yes            int NOT NULL,
    partly         int NOT NULL,
    no             int NOT NULL,
    not_possible   int NOT NULL,
    not_applicable int NOT NULL,
    PRIMARY KEY (revision_id, ordinal, section_id),
    FOREIGN KEY (revision_id, ordinal) REFERENCES revision_cases (revision_id, ordinal) ON DELETE CASCADE
);

-- record_revision_figures derives the rows of one revision from its snapshot.
CREATE FUNCTION record_revision_figures(rev bigint, snap jsonb) RETURNS void LANGUAGE sql AS $$
    INSERT INTO revision_cases (revision_id, ordinal, days_to_first_activity, outcome)
    SELECT rev, c.i, (c.c ->> 'daysToFirstActivity')::int, c.c ->> 'outcome'
      FROM jsonb_array_elements(coalesce(snap -> 'cases', '[]')) WITH ORDINALITY AS c (c, i);

    INSERT INTO revision_counts (revision_id, question_id, option, n)
    SELECT rev, q.id, a.a ->> 'option', count(*)
      FROM jsonb_array_elements(coalesce(snap -> 'cases', '[]')) AS c (c)
     CROSS JOIN jsonb_array_elements(coalesce(c.c -> 'answers', '[]')) AS a (a)
      JOIN questions AS q ON q.id = (a.a ->> 'questionId')::bigint
     WHERE a.a ->> 'option' IS NOT NULL
     GROUP BY q.id, a.a ->> 'option';

    INSERT INTO revision_case_sections (revision_id, ordinal, section_id, yes, partly, no, not_possible, not_applicable)
    SELECT rev, c.i, q.section_id,
           count(*) FILTER (WHERE a.a ->> 'option' = 'YES'),
           count(*) FILTER (WHERE a.a ->> 'option' = 'PARTLY'),
           count(*) FILTER (WHERE a.a ->> 'option' = 'NO'),
           count(*) FILTER (WHERE a.a ->> 'option' = 'NOT_POSSIBLE'),
           count(*) FILTER (WHERE a.a ->> 'option' = 'NOT_APPLICABLE')
      FROM jsonb_array_elements(coalesce(snap -> 'cases', '[]')) WITH ORDINALITY AS c (c, i)
     CROSS JOIN jsonb_array_elements(coalesce(c.c -> 'answers', '[]')) AS a (a)
      JOIN questions AS q ON q.id = (a.a ->> 'questionId')::bigint
     WHERE a.a ->> 'option' IS NOT NULL
     GROUP BY c.i, q.section_id;
$$;

CREATE FUNCTION submission_revisions_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM record_revision_figures(NEW.id, NEW.snapshot);
    RETURN NULL;
END $$;

CREATE TRIGGER submission_revisions_figures AFTER INSERT ON submission_revisions
    FOR EACH ROW EXECUTE FUNCTION submission_revisions_figures();

-- The revisions stored before: their figures from their snapshots.
SELECT record_revision_figures(id, snapshot) FROM submission_revisions ORDER BY id;

-- counted_revisions: the revision of each form that the statistics count, its latest submitted one,
-- with its number of cases. A form that was never submitted has none and counts nowhere.
CREATE VIEW counted_revisions AS
SELECT rev.id AS revision_id, sub.id AS submission_id, sub.service_id, sub.round_id, rev.revision,
       (SELECT count(*) FROM revision_cases AS rc WHERE rc.revision_id = rev.id) AS case_count
  FROM submissions AS sub
  JOIN submission_revisions AS rev ON rev.submission_id = sub.id
 WHERE rev.revision = (SELECT max(r2.revision) FROM submission_revisions AS r2 WHERE r2.submission_id = sub.id);
