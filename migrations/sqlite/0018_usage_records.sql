-- The technology directory's usage records: "our municipality uses this". One record per
-- organization and listing, kept by the organization's members: which business functions it
-- serves there, the version and status, since when and until when it is supported, how many
-- users (shown to other members or kept within the organization), a contact willing to talk
-- about it, notes, and how it was bought (the procurement route, the contract and whether other
-- municipalities may buy on it, shown to other members or kept within the organization).
-- Dates are ISO 8601 text (YYYY-MM-DD) on both databases, so they compare as text.
-- `org_id` and `contact_id` name accounts' organizations and members, read through accounts'
-- views. Keep in step with the other backend's 0018_usage_records.sql.
CREATE TABLE usage_records (
    id                  BLOB PRIMARY KEY NOT NULL,
    listing_id          BLOB NOT NULL REFERENCES listings (id),
    org_id              BLOB NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('evaluating', 'piloting', 'production', 'retiring', 'retired')),
    version             TEXT NOT NULL,
    since               TEXT,
    support_ends        TEXT,
    users               INTEGER,
    users_visibility    TEXT NOT NULL CHECK (users_visibility IN ('members', 'organization')),
    contact_id          BLOB,
    notes               TEXT NOT NULL,
    procurement_route   TEXT NOT NULL CHECK (procurement_route IN ('', 'cooperative', 'all_of_government', 'syndicated', 'rfp', 'sole_source', 'other')),
    cooperative         TEXT NOT NULL,
    contract_reference  TEXT NOT NULL,
    contract_ends       TEXT,
    open_to_others      BOOLEAN NOT NULL,
    contract_visibility TEXT NOT NULL CHECK (contract_visibility IN ('members', 'organization')),
    confirmed_at        TEXT NOT NULL,
    confirmed_by        BLOB NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (listing_id, org_id)
);

CREATE INDEX usage_records_org ON usage_records (org_id, listing_id);
CREATE INDEX usage_records_support_ends ON usage_records (support_ends);

CREATE TABLE usage_record_functions (
    record_id   BLOB NOT NULL REFERENCES usage_records (id),
    function_id BLOB NOT NULL REFERENCES business_functions (id),
    PRIMARY KEY (record_id, function_id)
);

CREATE INDEX usage_record_functions_function ON usage_record_functions (function_id, record_id);
