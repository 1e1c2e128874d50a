-- Redaction: confidential text typed by mistake is replaced by a marker everywhere it is kept,
-- the audit trail included. The audit trail stays append-only for everything else: the only change
-- the database lets through is a redaction's, and only the exact replacement of the redacted text.

-- redact_jsonb replaces phrase by marker in every string value of j (never in keys, never numbers),
-- so the JSON stays valid whatever the phrase contains.
CREATE FUNCTION redact_jsonb(j jsonb, phrase text, marker text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    CASE jsonb_typeof(j)
    WHEN 'string' THEN
        RETURN to_jsonb(replace(j #>> '{}', phrase, marker));
    WHEN 'array' THEN
        RETURN coalesce((SELECT jsonb_agg(redact_jsonb(e, phrase, marker) ORDER BY i)
                           FROM jsonb_array_elements(j) WITH ORDINALITY AS t(e, i)), '[]'::jsonb);
    WHEN 'object' THEN
        RETURN coalesce((SELECT jsonb_object_agg(k, redact_jsonb(v, phrase, marker))
                           FROM jsonb_each(j) AS t(k, v)), '{}'::jsonb);
    ELSE
        RETURN j;
    END CASE;
END $$;

-- The marker that replaces redacted text. One place, so the trigger and the store agree.
CREATE FUNCTION redaction_marker() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '[fjernet]' $$;

-- The audit trail refuses DELETE and TRUNCATE always. It refuses UPDATE unless
--   * the transaction has set egenkontroll.redaction (set_config(…, true): transaction-local) to the
--     text being redacted, at least 4 characters that are not all white space, and
--   * every column except old_value and new_value is unchanged, and
--   * old_value and new_value are exactly the stored values with that text replaced by the marker,
--     and at least one of them changed.
-- So even a client that sets the variable can only remove text, never write anything else.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    phrase text := current_setting('egenkontroll.redaction', true);
BEGIN
    IF TG_OP = 'UPDATE' AND phrase IS NOT NULL AND length(btrim(phrase)) >= 4
       AND strpos(redaction_marker(), phrase) = 0 THEN
        IF (to_jsonb(NEW) - 'old_value' - 'new_value') = (to_jsonb(OLD) - 'old_value' - 'new_value')
           AND NEW.old_value IS NOT DISTINCT FROM redact_jsonb(OLD.old_value, phrase, redaction_marker())
           AND NEW.new_value IS NOT DISTINCT FROM redact_jsonb(OLD.new_value, phrase, redaction_marker())
           AND (NEW.old_value IS DISTINCT FROM OLD.old_value OR NEW.new_value IS DISTINCT FROM OLD.new_value) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: a redaction may only replace the redacted text by the marker'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
