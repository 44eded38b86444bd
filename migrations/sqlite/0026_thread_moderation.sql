-- Moderation of threads. A thread pinned in its category shows first in the category's lists;
-- pinned globally, first in every list. Members flag posts for moderators, with a reason and a
-- note; a moderator hides the post (settling its open flags) or dismisses a flag. A member may
-- flag a post once while the flag is open. Who hid, deleted or restored a post, and why, is in
-- the audit log.
-- `member_id` and `resolved_by` name accounts' members, read through accounts' views.
-- Keep in step with the other backend's 0026_thread_moderation.sql.
ALTER TABLE threads ADD COLUMN pinned_globally BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE post_flags (
    id          BLOB PRIMARY KEY NOT NULL,
    post_id     BLOB NOT NULL REFERENCES posts (id),
    member_id   BLOB NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'off_topic', 'inappropriate', 'other')),
    note        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by BLOB,
    outcome     TEXT CHECK (outcome IN ('hidden', 'dismissed'))
);
CREATE INDEX post_flags_open ON post_flags (resolved_at, created_at);
CREATE UNIQUE INDEX post_flags_open_once ON post_flags (post_id, member_id) WHERE resolved_at IS NULL;
