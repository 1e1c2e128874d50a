-- Incremental aggregates per submitted revision (issue 15): what the statistics count is kept as
-- rows, maintained in the transaction that stores a revision, so a national figure reads the
-- counted revisions of its round (thousands of rows) instead of working out, for every form, which
-- of its revisions is the latest and how many cases it has.
--
-- Migration 0009 keeps each revision's figures (revision_counts, revision_cases,
-- revision_case_sections) and defines counted_revisions as a view: the latest submitted revision of
-- each form, with its number of cases. That view computed both on every read (a max() and a
-- count() per form). counted_forms holds the same rows, one per form that has been submitted:
--   * a new revision (submit, resubmit, the seeders) replaces its form's row, in the same
--     transaction (trigger on submission_revisions, after the figures trigger of 0009, so its
--     case count is that of revision_cases);
--   * re-opening or returning a form stores no revision, so the form keeps counting with the one it
--     sent (DESIGN §3, issue 11);
--   * a redaction rewrites texts of snapshots, never which revision counts or its cases;
--   * a merge of services leaves forms with their service; should a form ever move to another
--     service or round, its row follows (trigger on submissions);
--   * a revision or form that is deleted takes its row with it, and the form's previous revision,
--     if any, counts again.
-- The view keeps its name and columns, so every reader of counted_revisions reads this table.

CREATE TABLE counted_forms (
    submission_id bigint PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    revision_id   bigint NOT NULL UNIQUE REFERENCES submission_revisions (id) ON DELETE CASCADE,
    service_id    bigint NOT NULL,
    round_id      bigint NOT NULL,
    revision      int NOT NULL,
    case_count    bigint NOT NULL
);
CREATE INDEX counted_forms_round_idx ON counted_forms (round_id, service_id);

-- count_form sets the counted row of one form from its revisions (none: no row).
CREATE FUNCTION count_form(sub_id bigint) RETURNS void LANGUAGE sql AS $$
    DELETE FROM counted_forms WHERE submission_id = sub_id;
    INSERT INTO counted_forms (submission_id, revision_id, service_id, round_id, revision, case_count)
    SELECT sub.id, rev.id, sub.service_id, sub.round_id, rev.revision,
           (SELECT count(*) FROM revision_cases AS rc WHERE rc.revision_id = rev.id)
      FROM submissions AS sub
      JOIN submission_revisions AS rev ON rev.submission_id = sub.id
     WHERE sub.id = sub_id
     ORDER BY rev.revision DESC
     LIMIT 1;
$$;

CREATE FUNCTION submission_revisions_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM count_form(OLD.submission_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM count_form(NEW.submission_id);
    END IF;
    RETURN NULL;
END $$;

-- Named after submission_revisions_figures: triggers of one event fire in name order, so the
-- revision's cases are stored when it is counted.
CREATE TRIGGER submission_revisions_tally AFTER INSERT OR DELETE OR UPDATE OF submission_id, revision ON submission_revisions
    FOR EACH ROW EXECUTE FUNCTION submission_revisions_tally();

CREATE FUNCTION submissions_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE counted_forms SET service_id = NEW.service_id, round_id = NEW.round_id WHERE submission_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER submissions_tally AFTER UPDATE OF service_id, round_id ON submissions
    FOR EACH ROW WHEN (OLD.service_id IS DISTINCT FROM NEW.service_id OR OLD.round_id IS DISTINCT FROM NEW.round_id)
    EXECUTE FUNCTION submissions_tally();

-- The forms sent before: their counted revisions, as the view computed them.
INSERT INTO counted_forms (submission_id, revision_id, service_id, round_id, revision, case_count)
SELECT submission_id, revision_id, service_id, round_id, revision, case_count FROM counted_revisions;

CREATE OR REPLACE VIEW counted_revisions AS
SELECT revision_id, submission_id, service_id, round_id, revision, case_count FROM counted_forms;

-- revision_case_totals (not *_sums: PostGraphile's aggregates plugin already names the sums of
-- revision_cases RevisionCaseSumAggregates): per revision and section (section_id NULL: all questions), what the
-- statistics clustered by case need from its cases, summed over them: the cases with an answer in
-- the section, those with Ja, Delvis or Nei there (k), and the sums of squares and products of
-- each case's Ja, Delvis and Nei counts (y² and y·m per option, m², m = Ja + Delvis + Nei). A
-- national figure then adds a few rows per counted form instead of one per case and section.
CREATE TABLE revision_case_totals (
    revision_id bigint NOT NULL REFERENCES submission_revisions (id) ON DELETE CASCADE,
    section_id  bigint REFERENCES sections (id) ON DELETE CASCADE,
    cases       bigint NOT NULL,
    k           bigint NOT NULL,
    yy          bigint NOT NULL,
    ym          bigint NOT NULL,
    pp          bigint NOT NULL,
    pm          bigint NOT NULL,
    nn          bigint NOT NULL,
    nm          bigint NOT NULL,
    mm          bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (revision_id, section_id)
);

-- record_case_totals derives the rows of one revision from its per-case rows (migration 0009).
CREATE FUNCTION record_case_totals(rev bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO revision_case_totals (revision_id, section_id, cases, k, yy, ym, pp, pm, nn, nm, mm)
    SELECT rev, section_id, count(*), count(*) FILTER (WHERE y + p + no > 0),
           coalesce(sum(y * y), 0), coalesce(sum(y * (y + p + no)), 0), coalesce(sum(p * p), 0), coalesce(sum(p * (y + p + no)), 0),
           coalesce(sum(no * no), 0), coalesce(sum(no * (y + p + no)), 0), coalesce(sum((y + p + no) * (y + p + no)), 0)
      FROM (SELECT x.ordinal, x.section_id, sum(x.yes) AS y, sum(x.partly) AS p, sum(x.no) AS no
              FROM revision_case_sections AS x
             WHERE x.revision_id = rev
             GROUP BY GROUPING SETS ((x.ordinal, x.section_id), (x.ordinal))) AS per
     GROUP BY section_id;
$$;

-- revision_option_sums: per revision its counts of each option on each question (question_id and
-- section_id set), in each section (question_id NULL) and on all questions (both NULL), one row
-- each where it has answers: the figures clustered by service add one row per counted form and
-- figure instead of one per option.
CREATE TABLE revision_option_sums (
    revision_id bigint NOT NULL REFERENCES submission_revisions (id) ON DELETE CASCADE,
    question_id bigint REFERENCES questions (id) ON DELETE CASCADE,
    section_id  bigint REFERENCES sections (id) ON DELETE CASCADE,
    y           bigint NOT NULL,
    p           bigint NOT NULL,
    no          bigint NOT NULL,
    np          bigint NOT NULL,
    na          bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (revision_id, question_id, section_id)
);

CREATE FUNCTION record_option_sums(rev bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO revision_option_sums (revision_id, question_id, section_id, y, p, no, np, na)
    SELECT rev, x.question_id, q.section_id,
           coalesce(sum(x.n) FILTER (WHERE x.option = 'YES'), 0), coalesce(sum(x.n) FILTER (WHERE x.option = 'PARTLY'), 0),
           coalesce(sum(x.n) FILTER (WHERE x.option = 'NO'), 0), coalesce(sum(x.n) FILTER (WHERE x.option = 'NOT_POSSIBLE'), 0),
           coalesce(sum(x.n) FILTER (WHERE x.option = 'NOT_APPLICABLE'), 0)
      FROM revision_counts AS x
      JOIN questions AS q ON q.id = x.question_id
     WHERE x.revision_id = rev
     GROUP BY GROUPING SETS ((x.question_id, q.section_id), (q.section_id), ())
    HAVING count(*) > 0;
$$;

CREATE FUNCTION submission_revisions_tally_sums() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM record_case_totals(NEW.id);
    PERFORM record_option_sums(NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER submission_revisions_tally_sums AFTER INSERT ON submission_revisions
    FOR EACH ROW EXECUTE FUNCTION submission_revisions_tally_sums();

SELECT record_case_totals(id), record_option_sums(id) FROM submission_revisions ORDER BY id;
