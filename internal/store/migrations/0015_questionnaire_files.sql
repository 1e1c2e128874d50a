-- Questionnaire versions come in as files (internal/questionnaire): an imported version is a draft
-- until Helsetilsynet publishes it, and a published version never changes. A version records the
-- version it descends from, which fields it collects per case, and per question the guidance on
-- "Ikke mulig". A question may continue an earlier one with reworded text (CHANGED_TEXT).
ALTER TABLE questionnaires
    ADD COLUMN published_at timestamptz,
    ADD COLUMN published_by bigint REFERENCES users (id),
    ADD COLUMN descends_from bigint REFERENCES questionnaires (id),
    ADD COLUMN collects_outcome boolean NOT NULL DEFAULT true,
    ADD COLUMN collects_months boolean NOT NULL DEFAULT true,
    ADD CHECK (descends_from <> id);

-- The versions that exist were seeded, and are in use: published, each descending from the one before.
UPDATE questionnaires SET published_at = created_at;
UPDATE questionnaires q SET descends_from = p.id
  FROM questionnaires p
 WHERE p.campaign_id = q.campaign_id AND p.version = q.version - 1;

ALTER TABLE questions
    ADD COLUMN not_possible_guidance_nb text NOT NULL DEFAULT '',
    ADD COLUMN not_possible_guidance_nn text NOT NULL DEFAULT '',
    ADD COLUMN not_possible_guidance_en text NOT NULL DEFAULT '';

ALTER TABLE question_lineage DROP CONSTRAINT question_lineage_comparability_check;
ALTER TABLE question_lineage ADD CONSTRAINT question_lineage_comparability_check
    CHECK (comparability IN ('SAME', 'CHANGED_TEXT', 'SPLIT', 'MERGED', 'CHANGED_OPTIONS'));

-- A round asks a published version only: a draft may still change.
CREATE FUNCTION rounds_check_questionnaire_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM questionnaires WHERE id = NEW.questionnaire_id AND published_at IS NOT NULL) THEN
        RAISE EXCEPTION 'questionnaire % is not published', NEW.questionnaire_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rounds_check_questionnaire_published BEFORE INSERT OR UPDATE OF questionnaire_id ON rounds
    FOR EACH ROW EXECUTE FUNCTION rounds_check_questionnaire_published();

-- The seeded questions that allow "Ikke mulig" explain it in their guidance.
UPDATE questions
   SET not_possible_guidance_nb = guidance_nb, not_possible_guidance_nn = guidance_nn, not_possible_guidance_en = guidance_en
 WHERE 'NOT_POSSIBLE' = ANY (options) AND guidance_nb <> '';
