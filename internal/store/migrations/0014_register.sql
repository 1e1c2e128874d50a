-- The service register, invitations and a mail outbox that is really sent.
--
-- 1. Every municipality of the country is served by exactly one child welfare service: its own or
--    an inter-municipal one (vertskommune). A municipality divided into city districts (Oslo) is
--    served by one service per district instead. The database holds the rule, so no client can
--    leave a municipality without a service or give it two.
-- 2. Services are merged, split and renamed as data; their history stays with them.
-- 3. Service leaders and staff are onboarded by invitation (only a hash of the link is stored).
-- 4. The outbox carries reminders and invitations to a sender that delivers them over SMTP.

CREATE TABLE municipalities (
    number    text PRIMARY KEY CHECK (number ~ '^[0-9]{4}$'),
    name      text NOT NULL CHECK (length(btrim(name)) > 0),
    county_id bigint NOT NULL REFERENCES counties (id),
    -- Divided into city districts (bydeler), each with a service of its own (Oslo).
    divided   boolean NOT NULL DEFAULT false,
    UNIQUE (number, divided)
);
CREATE INDEX municipalities_county_idx ON municipalities (county_id);

ALTER TABLE services
    ADD COLUMN merged_into_id bigint REFERENCES services (id),
    ADD COLUMN merged_at      timestamptz,
    ADD CONSTRAINT services_merged_check CHECK ((merged_into_id IS NULL) = (merged_at IS NULL) AND merged_into_id IS DISTINCT FROM id);
COMMENT ON COLUMN services.municipalities IS 'Derived from service_municipalities by trigger; never written directly.';

CREATE TABLE service_municipalities (
    service_id          bigint NOT NULL REFERENCES services (id),
    municipality_number text NOT NULL,
    divided             boolean NOT NULL DEFAULT false,
    -- The city district served, for a divided municipality; empty otherwise.
    district            text NOT NULL DEFAULT '',
    -- Order in the service's list: the host municipality (vertskommune) first.
    position            int NOT NULL DEFAULT 0,
    FOREIGN KEY (municipality_number, divided) REFERENCES municipalities (number, divided) ON UPDATE CASCADE,
    CHECK (divided = (district <> '')),
    -- An undivided municipality has one row (district ''), so exactly one service; each district of
    -- a divided one has one service.
    UNIQUE (municipality_number, district),
    PRIMARY KEY (service_id, municipality_number, district)
);

-- A municipality may never be left without a service, checked at commit so a move (delete here,
-- insert there) in one transaction passes.
CREATE FUNCTION municipality_served() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    num text;
BEGIN
    IF TG_TABLE_NAME = 'municipalities' THEN
        num := NEW.number;
    ELSE
        num := OLD.municipality_number;
    END IF;
    IF EXISTS (SELECT 1 FROM municipalities WHERE number = num)
       AND NOT EXISTS (SELECT 1 FROM service_municipalities WHERE municipality_number = num) THEN
        RAISE EXCEPTION 'municipality % would be left without a child welfare service', num
            USING ERRCODE = 'check_violation', CONSTRAINT = 'municipality_served';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER municipality_has_service AFTER INSERT ON municipalities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION municipality_served();
CREATE CONSTRAINT TRIGGER municipality_keeps_service AFTER DELETE OR UPDATE ON service_municipalities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION municipality_served();

-- A service merged into another serves nothing any more.
CREATE FUNCTION service_municipality_active() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM services WHERE id = NEW.service_id AND merged_into_id IS NOT NULL) THEN
        RAISE EXCEPTION 'service % is merged into another and serves no municipality', NEW.service_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'service_municipality_active';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER service_municipality_active AFTER INSERT OR UPDATE ON service_municipalities
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_municipality_active();

CREATE FUNCTION merged_service_empty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.merged_into_id IS NOT NULL AND EXISTS (SELECT 1 FROM service_municipalities WHERE service_id = NEW.id) THEN
        RAISE EXCEPTION 'service % is merged but still serves municipalities', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'merged_service_empty';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER merged_service_empty AFTER UPDATE OF merged_into_id ON services
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION merged_service_empty();

-- services.municipalities (read by the graph and the name search) follows service_municipalities.
CREATE FUNCTION refresh_service_municipalities(sid bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE services SET municipalities = coalesce((
        SELECT jsonb_agg(jsonb_build_object('number', m.number, 'name', m.name) ORDER BY sm.position, m.number)
          FROM (SELECT DISTINCT ON (municipality_number) municipality_number, position FROM service_municipalities
                 WHERE service_id = sid ORDER BY municipality_number, position) AS sm
          JOIN municipalities AS m ON m.number = sm.municipality_number), '[]'::jsonb)
     WHERE id = sid;
$$;
CREATE FUNCTION service_municipalities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM refresh_service_municipalities(NEW.service_id);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') AND (TG_OP = 'DELETE' OR OLD.service_id <> NEW.service_id) THEN
        PERFORM refresh_service_municipalities(OLD.service_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER service_municipalities_refresh AFTER INSERT OR UPDATE OR DELETE ON service_municipalities
    FOR EACH ROW EXECUTE FUNCTION service_municipalities_changed();

-- The register as it stood before this migration: the municipalities its services listed.
INSERT INTO municipalities (number, name, county_id, divided)
SELECT DISTINCT ON (m->>'number') m->>'number', m->>'name', s.county_id, s.kind = 'CITY_DISTRICT'
  FROM services AS s, jsonb_array_elements(s.municipalities) AS m
 ORDER BY m->>'number', s.id;
INSERT INTO service_municipalities (service_id, municipality_number, divided, district, position)
SELECT s.id, e.m->>'number', s.kind = 'CITY_DISTRICT',
       CASE WHEN s.kind = 'CITY_DISTRICT' THEN regexp_replace(s.name, '^Bydel (.*) barneverntjeneste$', '\1') ELSE '' END,
       e.ord - 1
  FROM services AS s, jsonb_array_elements(s.municipalities) WITH ORDINALITY AS e(m, ord);

-- What happened to a service in the register: created, renamed, merged, split. Kept with the
-- service (a merged service keeps its rows and points to the survivor).
CREATE TABLE service_history (
    id               bigserial PRIMARY KEY,
    service_id       bigint NOT NULL REFERENCES services (id),
    at               timestamptz NOT NULL DEFAULT now(),
    kind             text NOT NULL CHECK (kind IN ('CREATED', 'RENAMED', 'MERGED_INTO', 'ABSORBED', 'SPLIT_OFF', 'SPLIT_FROM')),
    old_name         text NOT NULL DEFAULT '',
    new_name         text NOT NULL DEFAULT '',
    other_service_id bigint REFERENCES services (id),
    -- The municipalities the change concerns: [{"number": "4614", "name": "Stord"}, …]
    municipalities   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(municipalities) = 'array'),
    created_by       bigint REFERENCES users (id)
);
CREATE INDEX service_history_service_idx ON service_history (service_id, id);

-- Accounts learn the e-mail address they were invited with, where reminders go.
ALTER TABLE users ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^@[:space:]]+@[^@[:space:]]+$');

-- An invitation to become a service's leader (sent by a county advisor) or staff (sent by the
-- leader). The link's secret is stored only as its SHA-256.
CREATE TABLE invitations (
    id          bigserial PRIMARY KEY,
    service_id  bigint NOT NULL REFERENCES services (id),
    office_id   bigint NOT NULL REFERENCES governor_offices (id),
    role        text NOT NULL CHECK (role IN ('SERVICE_STAFF', 'SERVICE_LEADER')),
    email       text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    token_hash  text NOT NULL UNIQUE,
    created_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    user_id     bigint REFERENCES users (id),
    revoked_at  timestamptz,
    revoked_by  bigint REFERENCES users (id),
    CHECK (accepted_at IS NULL OR revoked_at IS NULL),
    CHECK ((accepted_at IS NULL) = (user_id IS NULL))
);
CREATE INDEX invitations_service_idx ON invitations (service_id, created_at);

-- The outbox carries reminders and invitations; a sender delivers them.
ALTER TABLE outbox
    ALTER COLUMN activity_id DROP NOT NULL,
    ADD COLUMN invitation_id   bigint REFERENCES invitations (id),
    -- The address; empty for a reminder, which goes to the service's leaders when it is sent.
    ADD COLUMN recipient       text NOT NULL DEFAULT '',
    ADD COLUMN status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'NOT_SENT')),
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- An invitation's link, sealed with a server key, until the message is sent or given up.
    ADD COLUMN sealed_secret   bytea,
    ADD CONSTRAINT outbox_source_check CHECK ((activity_id IS NULL) <> (invitation_id IS NULL)),
    ADD CONSTRAINT outbox_sealed_check CHECK (status = 'PENDING' OR sealed_secret IS NULL);
UPDATE outbox SET status = 'SENT' WHERE sent_at IS NOT NULL;
DROP INDEX outbox_unsent_idx;
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outbox_invitation_idx ON outbox (invitation_id) WHERE invitation_id IS NOT NULL;
CREATE INDEX outbox_activity_idx ON outbox (activity_id) WHERE activity_id IS NOT NULL;
