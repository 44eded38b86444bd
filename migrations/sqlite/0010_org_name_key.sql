-- Organizations are sorted and searched by a folded key of their name (accents and case
-- removed, words separated by single spaces), which the accounts service writes with the name.
-- Keep in step with the other backend's 0010_org_name_key.sql. Existing rows are filled at
-- start-up (folding is done in Rust, the same way for both databases).
ALTER TABLE organizations ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX organizations_name_key_idx ON organizations (name_key, id);
