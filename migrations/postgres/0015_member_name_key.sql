-- Members are sorted and searched in the administrators' list by a folded key of their name
-- (accents and case removed, as organizations' name_key), which the accounts service writes
-- with the name: no lower() or collation in SQL, so both databases order and match alike.
-- Keep in step with the other backend's 0015_member_name_key.sql. Existing rows are filled at
-- start-up (folding is done in Rust).
ALTER TABLE members ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX members_name_key_idx ON members (name_key, id);
