-- Failed log-ins stored before 0005 kept the user name (or OIDC claim) as typed, which may be a
-- fødselsnummer, a phone number or an e-mail address typed by mistake. Since 0005 only a keyed
-- hash and the length are kept. Remove the typed text from the old rows too, through the one
-- change the append-only audit trail lets through: the exact replacement of a text by the
-- redaction marker (0006). Texts under 4 characters cannot be redacted and hold no such data.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT id, coalesce(new_value ->> 'username', new_value ->> 'oidc') AS typed
               FROM audit_log
              WHERE action = 'login.failed' AND (new_value ? 'username' OR new_value ? 'oidc')
    LOOP
        IF r.typed IS NOT NULL AND length(btrim(r.typed)) >= 4 AND strpos(redaction_marker(), r.typed) = 0 THEN
            PERFORM set_config('egenkontroll.redaction', r.typed, true);
            UPDATE audit_log SET new_value = redact_jsonb(new_value, r.typed, redaction_marker()) WHERE id = r.id;
        END IF;
    END LOOP;
    PERFORM set_config('egenkontroll.redaction', '', true);
END $$;
