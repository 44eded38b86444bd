-- A sign-up (by request or invitation) is held here until its address is verified; only then
-- does it become a member (and, without an invitation, a join request). Until then it grants
-- nothing: several people may have started a sign-up with the same address, and the one who
-- completes verification decides the password and the details. Expired sign-ups are purged.
-- Keep in step with the other backend's 0012_signups.sql.
CREATE TABLE signups (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    email           TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    association_id  BLOB NOT NULL REFERENCES associations (id),
    org_id          BLOB REFERENCES organizations (id),
    invite_id       BLOB REFERENCES invites (id),
    message         TEXT NOT NULL DEFAULT '',
    language        TEXT,
    expires_at      TEXT NOT NULL,
    used_at         TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX signups_email_idx ON signups (email, created_at);
CREATE INDEX signups_expiry_idx ON signups (expires_at);

-- Members whose address was never verified were made by the sign-up flow this table replaces.
-- They could never sign in, and their rows are what an address squatter left behind: remove
-- them, with what the profile sync made for them, so that the address is free to join again.
DELETE FROM member_name_prefixes WHERE member_id IN (SELECT id FROM members WHERE email_verified_at IS NULL);
DELETE FROM member_name_tokens WHERE member_id IN (SELECT id FROM members WHERE email_verified_at IS NULL);
DELETE FROM member_expertise WHERE member_id IN (SELECT id FROM members WHERE email_verified_at IS NULL);
DELETE FROM org_affiliations WHERE member_id IN (SELECT id FROM members WHERE email_verified_at IS NULL);
DELETE FROM follows WHERE follower IN (SELECT id FROM members WHERE email_verified_at IS NULL)
    OR (target_kind = 'member' AND target_id IN (SELECT id FROM members WHERE email_verified_at IS NULL));
DELETE FROM profiles WHERE member_id IN (SELECT id FROM members WHERE email_verified_at IS NULL);
DELETE FROM join_requests WHERE member_id IN (SELECT id FROM members WHERE email_verified_at IS NULL);
DELETE FROM email_tokens WHERE member_id IN (SELECT id FROM members WHERE email_verified_at IS NULL);
DELETE FROM members WHERE email_verified_at IS NULL;
