-- Personal access tokens: a member's named secrets for scripts and integrations, sent as
-- `Authorization: Bearer …`. Only the SHA-256 of a token is kept; `prefix` is its first
-- characters, shown so that a member can tell their tokens apart. A revoked token keeps its row
-- (the audit log names it); an erased member's tokens are deleted.
-- Keep in step with the other backend's 0014_api_tokens.sql.
CREATE TABLE api_tokens (
    id           UUID PRIMARY KEY NOT NULL,
    member_id    UUID NOT NULL REFERENCES members (id),
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE INDEX api_tokens_member ON api_tokens (member_id, created_at);
