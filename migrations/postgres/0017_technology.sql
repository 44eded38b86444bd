-- The technology directory (civiclink-technology): business functions, listings and their
-- revisions. A listing is what a member proposes and a moderator publishes; every change to it
-- is a revision, kept with who wrote it, who decided it and when, so any earlier one can be
-- restored. Other crates read none of these tables.
-- Keep in step with the other backend's 0017_technology.sql.

-- The curated taxonomy of what municipalities use technology for (GIS, permitting, ERP…),
-- which administrators maintain. `slug` is the stable name in addresses and the API.
CREATE TABLE business_functions (
    id         UUID PRIMARY KEY NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

-- A product or service, as its revision in effect (`revision`) says. `status`: proposed
-- (waiting for a moderator, seen only by its author and moderators), published, or rejected.
-- `vendor_org_id` is the vendor's organization when it has one; `vendor_name` is always set.
-- `hosting` and `versions` are JSON arrays of text.
CREATE TABLE listings (
    id              UUID PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    vendor_org_id   UUID,
    vendor_name     TEXT NOT NULL,
    vendor_key      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('software', 'hardware', 'service', 'open_source')),
    website         TEXT NOT NULL,
    description     TEXT NOT NULL,
    hosting         JSONB NOT NULL,
    versions        JSONB NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('proposed', 'published', 'rejected')),
    revision        INTEGER NOT NULL,
    proposed_by     UUID NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX listings_name ON listings (status, name_key, id);
CREATE INDEX listings_vendor ON listings (vendor_key, name_key);

CREATE TABLE listing_functions (
    listing_id  UUID NOT NULL REFERENCES listings (id),
    function_id UUID NOT NULL REFERENCES business_functions (id),
    PRIMARY KEY (listing_id, function_id)
);

CREATE INDEX listing_functions_function ON listing_functions (function_id, listing_id);

-- Every version of a listing's content, numbered from 1 per listing. A proposal waits
-- (`pending`) until a moderator approves or rejects it; `base` is the revision it was written
-- against, so an edit proposed before another was approved is not applied over it. `restores`
-- is the number of the revision a revert brought back. `content` holds every field as written.
CREATE TABLE listing_revisions (
    id            UUID PRIMARY KEY NOT NULL,
    listing_id    UUID NOT NULL REFERENCES listings (id),
    number        INTEGER NOT NULL,
    base          INTEGER NOT NULL,
    author_id     UUID NOT NULL,
    content       JSONB NOT NULL,
    summary       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    restores      INTEGER,
    decided_by    UUID,
    decided_at    TIMESTAMPTZ,
    decision_note TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (listing_id, number)
);

CREATE INDEX listing_revisions_status ON listing_revisions (status, created_at);
