-- A service that keeps its cases in Helsetilsynet's Excel forms enters the summary totals directly
-- instead of every case (issue 12, "the summary form without re-typing"). A form then has either
-- cases (entry_mode CASES, as before) or entered totals (TOTALS): the counts of each option per
-- question, the days as a list without case identity, the outcomes and the number of cases,
-- kept in totals (jsonb) like the other working papers of the form until it is submitted.
ALTER TABLE submissions
    ADD COLUMN entry_mode text NOT NULL DEFAULT 'CASES' CHECK (entry_mode IN ('CASES', 'TOTALS')),
    ADD COLUMN totals jsonb,
    ADD CONSTRAINT submissions_totals_mode CHECK ((entry_mode = 'TOTALS') = (totals IS NOT NULL));

-- A submitted revision of entered totals carries, next to its summary, the positions the figures
-- need (snapshot -> 'totalsCases': per position the days, the outcome and the options, derived
-- from the totals; see store/totals.go). Its figures come from those exactly as a form of cases
-- gets them from its cases, so the statistics count both alike.
CREATE OR REPLACE FUNCTION record_revision_figures(rev bigint, snap jsonb) RETURNS void LANGUAGE sql AS $$
    INSERT INTO revision_cases (revision_id, ordinal, days_to_first_activity, outcome)
    SELECT rev, c.i, (c.c ->> 'daysToFirstActivity')::int, c.c ->> 'outcome'
      FROM jsonb_array_elements(coalesce(snap -> 'totalsCases', snap -> 'cases', '[]')) WITH ORDINALITY AS c (c, i);

    INSERT INTO revision_counts (revision_id, question_id, option, n)
    SELECT rev, q.id, a.a ->> 'option', count(*)
      FROM jsonb_array_elements(coalesce(snap -> 'totalsCases', snap -> 'cases', '[]')) AS c (c)
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
      FROM jsonb_array_elements(coalesce(snap -> 'totalsCases', snap -> 'cases', '[]')) WITH ORDINALITY AS c (c, i)
     CROSS JOIN jsonb_array_elements(coalesce(c.c -> 'answers', '[]')) AS a (a)
      JOIN questions AS q ON q.id = (a.a ->> 'questionId')::bigint
     WHERE a.a ->> 'option' IS NOT NULL
     GROUP BY c.i, q.section_id;
$$;
