-- The statistics read a counted form's figures by probing each figure table on revision_id (issue
-- 15; store/counted.go countedBase): a national figure of a round reads 27 rows of
-- revision_option_sums, 6 of revision_case_totals and 25 of revision_cases per counted form. The
-- keys those probes go through now also carry the columns the statistics read, so a probe is an
-- index-only scan of a few adjacent index entries instead of an index entry and a heap tuple per
-- row (the tables are written once per revision and never updated, so their pages are soon all
-- visible). Each key keeps its name, columns and uniqueness; the included columns only ride along.

ALTER TABLE revision_option_sums
    DROP CONSTRAINT revision_option_sums_revision_id_question_id_section_id_key,
    ADD CONSTRAINT revision_option_sums_revision_id_question_id_section_id_key
        UNIQUE NULLS NOT DISTINCT (revision_id, question_id, section_id) INCLUDE (y, p, no, np, na);

ALTER TABLE revision_case_totals
    DROP CONSTRAINT revision_case_totals_revision_id_section_id_key,
    ADD CONSTRAINT revision_case_totals_revision_id_section_id_key
        UNIQUE NULLS NOT DISTINCT (revision_id, section_id) INCLUDE (cases, k, yy, ym, pp, pm, nn, nm, mm);

-- revision_case_sections refers to the key of revision_cases: let go of it while the key is
-- rebuilt, then refer to the new one as before.
ALTER TABLE revision_case_sections DROP CONSTRAINT revision_case_sections_revision_id_ordinal_fkey;

ALTER TABLE revision_cases
    DROP CONSTRAINT revision_cases_pkey,
    ADD CONSTRAINT revision_cases_pkey PRIMARY KEY (revision_id, ordinal) INCLUDE (days_to_first_activity);

ALTER TABLE revision_case_sections ADD CONSTRAINT revision_case_sections_revision_id_ordinal_fkey
    FOREIGN KEY (revision_id, ordinal) REFERENCES revision_cases (revision_id, ordinal) ON DELETE CASCADE;
