-- Failed log-ins counted per user name and client together (store.Login), and the server's own
-- random keys for keyed hashes of what must never be stored as typed.

-- Random keys the server makes once, on first use (store.serverKey).
CREATE TABLE server_keys (
    name        text PRIMARY KEY,
    key         bytea NOT NULL CHECK (length(key) >= 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per user name and client address that failed lately. The key is an HMAC of both, so
-- neither a mistyped user name nor the address is kept. Every attempt counts as a failure when it
-- starts (one atomic upsert) and the row is removed when the password was right, so parallel
-- attempts cannot all get through to the password check.
CREATE TABLE login_throttle (
    key           text PRIMARY KEY,
    failures      int NOT NULL CHECK (failures > 0),
    locked_until  timestamptz,
    allowed       boolean NOT NULL,   -- whether the latest attempt went on to the password check
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);

