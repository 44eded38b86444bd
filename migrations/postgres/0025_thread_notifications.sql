-- How closely members follow threads and categories, and the notifications they get.
-- A level per member and thread, and per member and category: muted, normal, watching the
-- first post (a category's new threads) or watching (every post). No row is normal.
-- Notifications are derived from threads' events by an outbox consumer, in the consumer's
-- transaction: one per member and event at most (the primary key), so a crash between a post
-- and its notifications loses none and a retried batch duplicates none. `position` is the
-- event's, which orders a member's notifications and is the cursor of the next page.
-- Members react to posts from a fixed set, and bookmark threads.
-- `member_id` and `actor_id` name accounts' members, read through accounts' views.
-- Keep in step with the other backend's 0025_thread_notifications.sql.
CREATE TABLE thread_watches (
    member_id UUID NOT NULL,
    thread_id UUID NOT NULL REFERENCES threads (id),
    level     TEXT NOT NULL CHECK (level IN ('muted', 'normal', 'watching_first', 'watching')),
    PRIMARY KEY (member_id, thread_id)
);
CREATE INDEX thread_watches_thread ON thread_watches (thread_id, level);

CREATE TABLE category_watches (
    member_id   UUID NOT NULL,
    category_id UUID NOT NULL REFERENCES categories (id),
    level       TEXT NOT NULL CHECK (level IN ('muted', 'normal', 'watching_first', 'watching')),
    PRIMARY KEY (member_id, category_id)
);
CREATE INDEX category_watches_category ON category_watches (category_id, level);

CREATE TABLE notifications (
    member_id  UUID NOT NULL,
    position   BIGINT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reply', 'replied_to', 'accepted', 'new_thread', 'asked', 'reaction')),
    thread_id  UUID NOT NULL REFERENCES threads (id),
    post_id    UUID REFERENCES posts (id),
    actor_id   UUID NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    -- Reactions to one post are told in one notification while it is unread: how many more
    -- members reacted besides `actor_id`, the latest.
    others     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, position)
);
CREATE INDEX notifications_unread ON notifications (member_id, read_at);

CREATE TABLE post_reactions (
    post_id    UUID NOT NULL REFERENCES posts (id),
    member_id  UUID NOT NULL,
    reaction   TEXT NOT NULL CHECK (reaction IN ('like', 'thanks', 'insightful', 'same_here')),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, member_id, reaction)
);

CREATE TABLE thread_bookmarks (
    member_id  UUID NOT NULL,
    thread_id  UUID NOT NULL REFERENCES threads (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);
