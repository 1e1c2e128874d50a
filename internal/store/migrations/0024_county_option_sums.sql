-- county_option_sums (issue 15): the counts of each option that the statistics cluster by service,
-- summed per round and county over the counted forms, kept in the transaction that changes them. A
-- national, office or county figure then adds a few rows per county instead of one row per counted
-- form and figure (revision_option_sums, migration 0022): 15 counties × 27 figures instead of 350
-- forms × 27 for a national round.
--
-- A row holds, for the counted forms of a round and county whose services are on DefaultMinCases
-- (5) cases or more (small false), or on fewer (small true), and one figure (a question; a section,
-- question_id NULL; all questions, both NULL): the forms, their counts of each option, and — for
-- the forms of services on enough cases, each its own cluster — those with Ja, Delvis or Nei (k)
-- and the sums of each form's squares and products of its Ja, Delvis and Nei counts (y² and y·m
-- per option, m², m = Ja + Delvis + Nei), which add up over counties. The forms of small services
-- are one cluster together in each figure (store/counted.go smallCase), so their squares are taken
-- of their sum, when read.
--
-- Kept by recomputing a round's county from counted_forms and revision_option_sums at the end of
-- each transaction that changes a counted form (a deferred trigger: by then the revision's option
-- sums are stored and any cascade is done) or moves a service to another county. A transaction
-- locks the round and county it recomputes, so two forms sent at once in one county are summed one
-- after the other, the second seeing the first. A question or section that is deleted takes its
-- rows with it, as it takes those of revision_option_sums.

CREATE TABLE county_option_sums (
    round_id    bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    county_id   bigint NOT NULL REFERENCES counties (id) ON DELETE CASCADE ON UPDATE CASCADE,
    small       boolean NOT NULL,
    question_id bigint REFERENCES questions (id) ON DELETE CASCADE,
    section_id  bigint REFERENCES sections (id) ON DELETE CASCADE,
    forms       bigint NOT NULL,
    y           bigint NOT NULL,
    p           bigint NOT NULL,
    no          bigint NOT NULL,
    np          bigint NOT NULL,
    na          bigint NOT NULL,
    k           bigint NOT NULL,
    yy          bigint NOT NULL,
    ym          bigint NOT NULL,
    pp          bigint NOT NULL,
    pm          bigint NOT NULL,
    nn          bigint NOT NULL,
    nm          bigint NOT NULL,
    mm          bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (round_id, county_id, small, question_id, section_id)
);

-- sum_county_options recomputes the rows of one round and county: its counted forms' option sums,
-- probed per form (OFFSET 0 keeps the planner from scanning every round's rows instead).
CREATE FUNCTION sum_county_options(rnd bigint, cty bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF rnd IS NULL OR cty IS NULL THEN
        RETURN;
    END IF;
    -- The two-key advisory locks are this table's alone (the others in use take one key).
    PERFORM pg_advisory_xact_lock((rnd % 2147483648)::int, (cty % 2147483648)::int);
    DELETE FROM county_option_sums WHERE round_id = rnd AND county_id = cty;
    INSERT INTO county_option_sums (round_id, county_id, small, question_id, section_id, forms, y, p, no, np, na,
                                    k, yy, ym, pp, pm, nn, nm, mm)
    SELECT rnd, cty, cr.case_count < 5, x.question_id, x.section_id, count(*),
           sum(x.y), sum(x.p), sum(x.no), sum(x.np), sum(x.na), count(*) FILTER (WHERE x.y + x.p + x.no > 0),
           sum(x.y * x.y), sum(x.y * (x.y + x.p + x.no)), sum(x.p * x.p), sum(x.p * (x.y + x.p + x.no)),
           sum(x.no * x.no), sum(x.no * (x.y + x.p + x.no)), sum((x.y + x.p + x.no) * (x.y + x.p + x.no))
      FROM counted_forms AS cr
      JOIN services AS s ON s.id = cr.service_id
     CROSS JOIN LATERAL (SELECT * FROM revision_option_sums AS x WHERE x.revision_id = cr.revision_id OFFSET 0) AS x
     WHERE cr.round_id = rnd AND s.county_id = cty
     GROUP BY cr.case_count < 5, x.question_id, x.section_id;
END $$;

-- A form sent again replaces its counted row (count_form: a delete and an insert): the insert's
-- event sums the same round and county, so the delete's does not as well.
CREATE FUNCTION counted_forms_county_sums() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM counted_forms AS cf WHERE cf.submission_id = OLD.submission_id
                                       AND cf.round_id = OLD.round_id AND cf.service_id = OLD.service_id) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM sum_county_options(OLD.round_id, (SELECT county_id FROM services WHERE id = OLD.service_id));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM sum_county_options(NEW.round_id, (SELECT county_id FROM services WHERE id = NEW.service_id));
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER counted_forms_county_sums AFTER INSERT OR UPDATE OR DELETE ON counted_forms
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION counted_forms_county_sums();

-- A service moved to another county: both counties of every round it has a counted form in.
CREATE FUNCTION services_county_sums() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM sum_county_options(cf.round_id, c.county_id)
       FROM (SELECT DISTINCT round_id FROM counted_forms WHERE service_id = NEW.id) AS cf
      CROSS JOIN (VALUES (OLD.county_id), (NEW.county_id)) AS c (county_id);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER services_county_sums AFTER UPDATE OF county_id ON services
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id)
    EXECUTE FUNCTION services_county_sums();

-- The forms counted before.
SELECT sum_county_options(g.round_id, g.county_id)
  FROM (SELECT DISTINCT cr.round_id, s.county_id FROM counted_forms AS cr JOIN services AS s ON s.id = cr.service_id) AS g
 ORDER BY g.round_id, g.county_id;
