-- Directory keys: the member directory's filter keys stored next to its sort key, so that
-- "members of region R by name, after a cursor" and "members with a name word starting with P,
-- by name, after a cursor" are each one index range read in order, whatever the table's size.
-- The profile sync keeps the copies in step. Keep in step with the other backend's
-- 0009_directory_keys.sql.

-- The region and country of the member's organization (NULL without one).
ALTER TABLE profiles ADD COLUMN region TEXT;
ALTER TABLE profiles ADD COLUMN country TEXT;
UPDATE profiles SET
    region = (SELECT o.region FROM members m JOIN organizations o ON o.id = m.org_id
              WHERE m.id = profiles.member_id),
    country = (SELECT o.country FROM members m JOIN organizations o ON o.id = m.org_id
               WHERE m.id = profiles.member_id);
-- A region filter with or without a country (regions are checked against the country per row).
CREATE INDEX profiles_region_name_idx ON profiles (region, sort_name, member_id);

-- Every prefix (up to 16 characters) of every word of a member's name, with the sort name:
-- the rows of one prefix are the members a name word matches, already in directory order.
-- One prefix row per member, even when several of their words share it.
CREATE TABLE member_name_prefixes (
    prefix     TEXT NOT NULL,
    sort_name  TEXT NOT NULL,
    member_id  UUID NOT NULL REFERENCES members (id),
    PRIMARY KEY (prefix, sort_name, member_id)
);
CREATE INDEX member_name_prefixes_member_idx ON member_name_prefixes (member_id);
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 16)
INSERT INTO member_name_prefixes (prefix, sort_name, member_id)
SELECT DISTINCT substr(t.token, 1, n.i), p.sort_name, t.member_id
FROM member_name_tokens t
JOIN profiles p ON p.member_id = t.member_id
JOIN n ON n.i <= length(t.token);
