-- A usage record's timeline: upgrades (from one version to another), modules added,
-- integrations built and migrations from another product, each on a date (ISO text, so dates
-- compare as text on both databases) with a short lesson. `replaced` is the product a
-- migration replaced as written; `replaced_listing_id` links it when the directory lists it.
-- `author_id` names an accounts member, read through accounts' views.
-- Keep in step with the other backend's 0021_usage_changes.sql.
CREATE TABLE usage_changes (
    id                  BLOB PRIMARY KEY NOT NULL,
    record_id           BLOB NOT NULL REFERENCES usage_records (id),
    kind                TEXT NOT NULL CHECK (kind IN ('upgrade', 'module', 'integration', 'migration')),
    happened_on         TEXT NOT NULL,
    from_version        TEXT NOT NULL,
    to_version          TEXT NOT NULL,
    title               TEXT NOT NULL,
    replaced            TEXT NOT NULL,
    replaced_listing_id BLOB REFERENCES listings (id),
    lesson              TEXT NOT NULL,
    author_id           BLOB NOT NULL,
    created_at          TEXT NOT NULL
);

CREATE INDEX usage_changes_record ON usage_changes (record_id, happened_on);
CREATE INDEX usage_changes_replaced ON usage_changes (replaced_listing_id, happened_on) WHERE replaced_listing_id IS NOT NULL;
