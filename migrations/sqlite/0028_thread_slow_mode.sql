-- Slow mode: in a thread with `slow_mode_secs` above zero, a member who is not a moderator
-- waits that long between two posts of theirs there. A silenced member writes nothing in
-- threads until `until`; moderators silence, with a reason kept in the audit log.
-- `member_id` and `by_id` name accounts' members, read through accounts' views.
-- Keep in step with the other backend's 0028_thread_slow_mode.sql.
ALTER TABLE threads ADD COLUMN slow_mode_secs INTEGER NOT NULL DEFAULT 0;

CREATE TABLE member_silences (
    member_id  BLOB PRIMARY KEY NOT NULL,
    until      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    by_id      BLOB NOT NULL,
    created_at TEXT NOT NULL
);
