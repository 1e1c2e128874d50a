-- Status events that are never lost: every change of a summary form's status is a row here,
-- written in the transaction of the change. NOTIFY only wakes the listeners up; they read the
-- table from the last sequence they have seen, so an event committed while a listener was away
-- (a PostgreSQL restart, a dropped connection) is read when it comes back, and a client that
-- reconnects resumes from the last sequence it saw.
--
-- seq is in commit order: the writer takes a transaction-level advisory lock before it draws the
-- next value (store.recordStatus), so a smaller seq is never committed after a larger one.
CREATE TABLE status_events (
    seq            bigserial PRIMARY KEY,
    submission_id  bigint NOT NULL,
    service_id     bigint NOT NULL,
    round_id       bigint NOT NULL,
    office_id      bigint NOT NULL,
    previous       text NOT NULL,
    status         text NOT NULL,
    at             timestamptz NOT NULL
);
CREATE INDEX status_events_at_idx ON status_events (at);
CREATE INDEX status_events_round_idx ON status_events (round_id, seq);

-- Events older than the retention period are pruned; pruned_through is the last sequence removed,
-- so a resume from before it is known to be incomplete.
CREATE TABLE status_event_horizon (
    one             boolean PRIMARY KEY DEFAULT true CHECK (one),
    pruned_through  bigint NOT NULL DEFAULT 0
);
INSERT INTO status_event_horizon DEFAULT VALUES;

-- Credentials that end tell the listeners at once, whatever code path ended them: a session ends
-- (log-out, password change, expiry clean-up, account deleted), an account is disabled or moved to
-- another role or organisation, a token is revoked or its expiry changed. Live subscriptions of
-- that caller are closed on every instance without a query per event.
CREATE FUNCTION notify_credentials_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'sessions' THEN
        PERFORM pg_notify('egenkontroll_credentials', 'session:' || OLD.id);
    ELSIF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('egenkontroll_credentials', 'user:' || OLD.id);
    ELSIF TG_TABLE_NAME = 'api_tokens' THEN
        PERFORM pg_notify('egenkontroll_credentials', 'token:' || OLD.id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION notify_credentials_ended();
CREATE TRIGGER users_changed AFTER UPDATE OF disabled, role, service_id, office_id ON users
    FOR EACH ROW WHEN (NEW.disabled OR NEW.role IS DISTINCT FROM OLD.role OR NEW.service_id IS DISTINCT FROM OLD.service_id
                       OR NEW.office_id IS DISTINCT FROM OLD.office_id)
    EXECUTE FUNCTION notify_credentials_ended();
CREATE TRIGGER users_deleted AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_credentials_ended();
CREATE TRIGGER tokens_ended AFTER UPDATE OF revoked_at, expires_at ON api_tokens
    FOR EACH ROW WHEN (NEW.revoked_at IS NOT NULL OR NEW.expires_at IS DISTINCT FROM OLD.expires_at)
    EXECUTE FUNCTION notify_credentials_ended();
CREATE TRIGGER tokens_deleted AFTER DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION notify_credentials_ended();
