-- Profiles, expertise, connections, blocks, follows, organization details and affiliations.
-- Keep in step with migrations/postgres/0003_people.sql.

CREATE TABLE profiles (
    member_id              BLOB PRIMARY KEY NOT NULL REFERENCES members (id),
    handle                 TEXT NOT NULL,
    job_title              TEXT NOT NULL DEFAULT '',
    department             TEXT NOT NULL DEFAULT '',
    bio                    TEXT NOT NULL DEFAULT '',
    bio_language           TEXT CHECK (bio_language IN ('en', 'fr')),
    years_in_municipal_it  INTEGER CHECK (years_in_municipal_it BETWEEN 0 AND 70),
    location               TEXT NOT NULL DEFAULT '',
    links                  TEXT NOT NULL DEFAULT '[]',
    -- Field name to "everyone", "connections" or "nobody"; absent fields are "everyone".
    visibility             TEXT NOT NULL DEFAULT '{}',
    in_directory           BOOLEAN NOT NULL DEFAULT TRUE,
    -- Lower-cased, accent-free display name: the directory's sort key.
    sort_name              TEXT NOT NULL,
    last_active_at         TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE UNIQUE INDEX profiles_handle_key ON profiles (lower(handle));
CREATE INDEX profiles_sort_name_idx ON profiles (sort_name, member_id);
CREATE INDEX profiles_active_idx ON profiles (last_active_at, member_id);

-- Words of members' names, for prefix search that an index can answer at any size.
CREATE TABLE member_name_tokens (
    token      TEXT NOT NULL,
    member_id  BLOB NOT NULL REFERENCES members (id),
    PRIMARY KEY (token, member_id)
);

CREATE TABLE member_expertise (
    member_id  BLOB NOT NULL REFERENCES members (id),
    tag        TEXT NOT NULL,
    curated    BOOLEAN NOT NULL,
    PRIMARY KEY (member_id, tag)
);
CREATE INDEX member_expertise_tag_idx ON member_expertise (tag, member_id);

-- One row per pair, smaller id first. Declined, withdrawn and removed connections are deleted.
CREATE TABLE connections (
    member_a      BLOB NOT NULL REFERENCES members (id),
    member_b      BLOB NOT NULL REFERENCES members (id),
    requested_by  BLOB NOT NULL REFERENCES members (id),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'accepted')),
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    accepted_at   TEXT,
    PRIMARY KEY (member_a, member_b),
    CHECK (member_a < member_b)
);
CREATE INDEX connections_b_idx ON connections (member_b, status);

CREATE TABLE blocks (
    blocker     BLOB NOT NULL REFERENCES members (id),
    blocked     BLOB NOT NULL REFERENCES members (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (blocker, blocked)
);
CREATE INDEX blocks_blocked_idx ON blocks (blocked, blocker);

CREATE TABLE follows (
    follower     BLOB NOT NULL REFERENCES members (id),
    target_kind  TEXT NOT NULL CHECK (target_kind IN ('member', 'organization')),
    target_id    BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (follower, target_kind, target_id)
);
CREATE INDEX follows_target_idx ON follows (target_kind, target_id);

ALTER TABLE organizations ADD COLUMN municipality_type TEXT;
ALTER TABLE organizations ADD COLUMN it_team_size INTEGER CHECK (it_team_size IS NULL OR it_team_size >= 0);
ALTER TABLE organizations ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN description TEXT NOT NULL DEFAULT '';
CREATE INDEX organizations_region_idx ON organizations (country, region);

-- Which organization a member belonged to, and when: a change closes one row and opens another.
CREATE TABLE org_affiliations (
    member_id   BLOB NOT NULL REFERENCES members (id),
    org_id      BLOB NOT NULL REFERENCES organizations (id),
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    PRIMARY KEY (member_id, org_id, started_at)
);

-- Members who administer one organization's page and approve who claims to belong to it.
CREATE TABLE org_admins (
    org_id      BLOB NOT NULL REFERENCES organizations (id),
    member_id   BLOB NOT NULL REFERENCES members (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, member_id)
);
