-- Accounts, sessions, API tokens and the append-only audit trail.

CREATE TABLE users (
    id             bigserial PRIMARY KEY,
    -- The user-name rule is domain.UsernamePattern (internal/domain/errors_account.go); this check says the same.
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._@-]{3,100}$'),
    display_name   text NOT NULL CHECK (length(btrim(display_name)) > 0),
    role           text NOT NULL CHECK (role IN ('SERVICE_STAFF', 'SERVICE_LEADER', 'COUNTY_ADVISOR', 'NATIONAL_ANALYST', 'ADMIN')),
    service_id     bigint REFERENCES services (id),
    office_id      bigint REFERENCES governor_offices (id),
    password_hash  text,
    oidc_subject   text UNIQUE,
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- A user belongs to exactly the organisation their role needs: a service, an office, or the nation.
    CHECK ((role IN ('SERVICE_STAFF', 'SERVICE_LEADER')) = (service_id IS NOT NULL)),
    CHECK ((role = 'COUNTY_ADVISOR') = (office_id IS NOT NULL))
);

-- Server-side sessions; the cookie holds a random secret, the table only its SHA-256.
CREATE TABLE sessions (
    id            text PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    user_agent    text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Read-only API tokens for BI tools, scoped to the nation, one office or one service.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL CHECK (length(btrim(name)) > 0),
    token_hash    text NOT NULL UNIQUE,
    office_id     bigint REFERENCES governor_offices (id),
    service_id    bigint REFERENCES services (id),
    created_by    bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CHECK (office_id IS NULL OR service_id IS NULL)
);

-- Every change, log-in and token use: who, for which organisation, when, what, old and new value.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_kind     text NOT NULL CHECK (actor_kind IN ('USER', 'TOKEN', 'SYSTEM', 'ANONYMOUS')),
    actor_user_id  bigint,
    actor_token_id bigint,
    actor_name     text NOT NULL,
    organisation   text NOT NULL,
    action         text NOT NULL,
    object_type    text NOT NULL,
    object_id      bigint,
    service_id     bigint,
    office_id      bigint,
    old_value      jsonb,
    new_value      jsonb
);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id);
CREATE INDEX audit_log_service_idx ON audit_log (service_id, id);

-- Append-only, enforced here rather than trusted to application code.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
