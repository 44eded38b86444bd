-- Organization administrators and claims to belong to an organization.
-- Keep in step with the other backend's 0008_org_claims.sql.

-- "Which organizations does this member administer?" is asked on every organization page.
CREATE INDEX org_admins_member_idx ON org_admins (member_id, org_id);

-- A member's claim to work for an organization of their association, decided by that
-- organization's administrators (or the association's). Approval moves the member.
CREATE TABLE org_claims (
    id          BLOB PRIMARY KEY,
    org_id      BLOB NOT NULL REFERENCES organizations (id),
    member_id   BLOB NOT NULL REFERENCES members (id),
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn')),
    decided_by  BLOB REFERENCES members (id),
    decided_at  TEXT,
    created_at  TEXT NOT NULL
);
-- At most one open claim per member.
CREATE UNIQUE INDEX org_claims_one_pending_idx ON org_claims (member_id) WHERE status = 'pending';
CREATE INDEX org_claims_org_idx ON org_claims (org_id, status, created_at);
CREATE INDEX org_claims_member_idx ON org_claims (member_id, created_at);
