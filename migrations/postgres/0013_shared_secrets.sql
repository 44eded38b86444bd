-- Secrets every process of one site must share, made once by whichever process starts first:
-- today the key that signs the CSRF cookie of visitors who are not signed in.
-- Keep in step with the other backend's 0013_shared_secrets.sql.
CREATE TABLE shared_secrets (
    name       TEXT PRIMARY KEY,
    secret     BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
