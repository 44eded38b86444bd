-- CivicLink foundation schema (PostgreSQL). Keep in step with migrations/sqlite/0001_foundation.sql.

CREATE TABLE associations (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    country     TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX associations_name_key ON associations (lower(name));

CREATE TABLE organizations (
    id              UUID PRIMARY KEY,
    association_id  UUID NOT NULL REFERENCES associations (id),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('municipality', 'vendor', 'partner')),
    region          TEXT NOT NULL,
    country         TEXT NOT NULL,
    population      BIGINT CHECK (population IS NULL OR population >= 0),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX organizations_name_key ON organizations (association_id, lower(name));

CREATE TABLE members (
    id                     UUID PRIMARY KEY,
    email                  TEXT NOT NULL,
    display_name           TEXT NOT NULL,
    password_hash          TEXT NOT NULL,
    -- Only a site admin may stand outside every association (the operator of the site).
    association_id         UUID REFERENCES associations (id),
    org_id                 UUID REFERENCES organizations (id),
    role                   TEXT NOT NULL CHECK (role IN ('member', 'moderator', 'association_admin', 'site_admin')),
    status                 TEXT NOT NULL CHECK (status IN ('pending', 'active', 'suspended', 'lapsed')),
    email_verified_at      TIMESTAMPTZ,
    membership_expires_at  TIMESTAMPTZ,
    invite_id              UUID,
    session_epoch          BIGINT NOT NULL DEFAULT 0,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    CHECK (association_id IS NOT NULL OR role = 'site_admin')
);
-- Emails are stored lower-cased by the domain type; the index makes uniqueness hold regardless.
CREATE UNIQUE INDEX members_email_key ON members (lower(email));
CREATE INDEX members_association_idx ON members (association_id, status);

CREATE TABLE invites (
    id              UUID PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    association_id  UUID NOT NULL REFERENCES associations (id),
    org_id          UUID REFERENCES organizations (id),
    note            TEXT NOT NULL DEFAULT '',
    max_uses        BIGINT NOT NULL CHECK (max_uses > 0),
    uses            BIGINT NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
    expires_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ,
    created_by      UUID NOT NULL REFERENCES members (id),
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE join_requests (
    id              UUID PRIMARY KEY,
    member_id       UUID NOT NULL REFERENCES members (id),
    association_id  UUID NOT NULL REFERENCES associations (id),
    org_id          UUID REFERENCES organizations (id),
    message         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    decided_by      UUID REFERENCES members (id),
    decided_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX join_requests_status_idx ON join_requests (association_id, status, created_at);

-- Single-use tokens sent by email. Only a SHA-256 of the token is kept.
CREATE TABLE email_tokens (
    token_hash  TEXT PRIMARY KEY,
    member_id   UUID NOT NULL REFERENCES members (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX email_tokens_member_idx ON email_tokens (member_id, purpose);

CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id     UUID REFERENCES members (id),
    action       TEXT NOT NULL,
    target_kind  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    details      JSONB NOT NULL,
    ip           TEXT,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);

-- The outbox: appended in the transaction of the change it describes. See ARCHITECTURE.md.
CREATE TABLE events (
    position    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL,
    entity_id   UUID NOT NULL,
    payload     JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE event_cursors (
    consumer    TEXT PRIMARY KEY,
    position    BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Fixed-window counters shared by every process, so limits hold behind a load balancer.
CREATE TABLE rate_limits (
    key           TEXT NOT NULL,
    window_start  BIGINT NOT NULL,
    hits          BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
