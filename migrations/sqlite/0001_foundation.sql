-- CivicLink foundation schema (SQLite). Keep in step with migrations/postgres/0001_foundation.sql.
-- UUIDs are 16-byte BLOBs and timestamps RFC 3339 TEXT in UTC, as sqlx encodes them.

CREATE TABLE associations (
    id          BLOB PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    country     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX associations_name_key ON associations (lower(name));

CREATE TABLE organizations (
    id              BLOB PRIMARY KEY NOT NULL,
    association_id  BLOB NOT NULL REFERENCES associations (id),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('municipality', 'vendor', 'partner')),
    region          TEXT NOT NULL,
    country         TEXT NOT NULL,
    population      INTEGER CHECK (population IS NULL OR population >= 0),
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX organizations_name_key ON organizations (association_id, lower(name));

CREATE TABLE members (
    id                     BLOB PRIMARY KEY NOT NULL,
    email                  TEXT NOT NULL,
    display_name           TEXT NOT NULL,
    password_hash          TEXT NOT NULL,
    -- Only a site admin may stand outside every association (the operator of the site).
    association_id         BLOB REFERENCES associations (id),
    org_id                 BLOB REFERENCES organizations (id),
    role                   TEXT NOT NULL CHECK (role IN ('member', 'moderator', 'association_admin', 'site_admin')),
    status                 TEXT NOT NULL CHECK (status IN ('pending', 'active', 'suspended', 'lapsed')),
    email_verified_at      TEXT,
    membership_expires_at  TEXT,
    invite_id              BLOB,
    session_epoch          INTEGER NOT NULL DEFAULT 0,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CHECK (association_id IS NOT NULL OR role = 'site_admin')
);
CREATE UNIQUE INDEX members_email_key ON members (lower(email));
CREATE INDEX members_association_idx ON members (association_id, status);

CREATE TABLE invites (
    id              BLOB PRIMARY KEY NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    association_id  BLOB NOT NULL REFERENCES associations (id),
    org_id          BLOB REFERENCES organizations (id),
    note            TEXT NOT NULL DEFAULT '',
    max_uses        INTEGER NOT NULL CHECK (max_uses > 0),
    uses            INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
    expires_at      TEXT NOT NULL,
    revoked_at      TEXT,
    created_by      BLOB NOT NULL REFERENCES members (id),
    created_at      TEXT NOT NULL
);

CREATE TABLE join_requests (
    id              BLOB PRIMARY KEY NOT NULL,
    member_id       BLOB NOT NULL REFERENCES members (id),
    association_id  BLOB NOT NULL REFERENCES associations (id),
    org_id          BLOB REFERENCES organizations (id),
    message         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    decided_by      BLOB REFERENCES members (id),
    decided_at      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX join_requests_status_idx ON join_requests (association_id, status, created_at);

CREATE TABLE email_tokens (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    member_id   BLOB NOT NULL REFERENCES members (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX email_tokens_member_idx ON email_tokens (member_id, purpose);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id     BLOB REFERENCES members (id),
    action       TEXT NOT NULL,
    target_kind  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    details      TEXT NOT NULL,
    ip           TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);

-- AUTOINCREMENT: a position is never reused, even after the newest event's transaction rolls back.
CREATE TABLE events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    entity_id   BLOB NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE event_cursors (
    consumer    TEXT PRIMARY KEY NOT NULL,
    position    INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE rate_limits (
    key           TEXT NOT NULL,
    window_start  INTEGER NOT NULL,
    hits          INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
