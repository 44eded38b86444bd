-- Indexes for the member and organization directories and "people you may know".
-- Keep in step with the other backend's 0004_directory.sql.

-- Members of an organization (region filters and suggestions reach members through their org).
CREATE INDEX members_org_idx ON members (org_id);
-- The organization directory is ordered and keyset-paginated by (lower(name), id).
CREATE INDEX organizations_lower_name_idx ON organizations (lower(name), id);
-- Name words by member, so a filter can check "a word of this member starts with …" per row.
CREATE INDEX member_name_tokens_member_idx ON member_name_tokens (member_id, token);
