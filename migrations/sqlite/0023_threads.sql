-- Discussion threads. Categories (public, or restricted to one association and/or to the
-- members listed in `category_members`), threads in them, and their posts. A thread's first post
-- is post number 1; replies follow in the order they were written, numbered in the thread's row
-- (`post_count`, moved in the reply's transaction) so that two replies at once never share a
-- number. Every version of a post is kept in `post_revisions` (number 1 is what was first
-- posted). Lists follow `last_post_id`: post ids are time-ordered (UUID v7), so the id of a
-- thread's latest post orders threads by their latest activity, and is the cursor of the next
-- page, without comparing times as text. `html` is the post's markdown rendered and sanitized when it was written, so that a
-- page view renders nothing.
-- `author_id`, `member_id` and `org_id` name accounts' members and organizations, read through
-- accounts' views; `listing_id` names a listing, read through `listing_facts`.
-- Keep in step with the other backend's 0023_threads.sql.
CREATE TABLE categories (
    id             BLOB PRIMARY KEY NOT NULL,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,
    description    TEXT NOT NULL,
    association_id BLOB,
    members_only   BOOLEAN NOT NULL,
    position       INTEGER NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE category_members (
    category_id BLOB NOT NULL REFERENCES categories (id),
    member_id   BLOB NOT NULL,
    PRIMARY KEY (category_id, member_id)
);

CREATE TABLE category_moderators (
    category_id BLOB NOT NULL REFERENCES categories (id),
    member_id   BLOB NOT NULL,
    PRIMARY KEY (category_id, member_id)
);

CREATE TABLE threads (
    id             BLOB PRIMARY KEY NOT NULL,
    category_id    BLOB NOT NULL REFERENCES categories (id),
    kind           TEXT NOT NULL CHECK (kind IN ('discussion', 'question')),
    title          TEXT NOT NULL,
    author_id      BLOB NOT NULL,
    post_count     INTEGER NOT NULL,
    accepted_post  BLOB,
    locked         BOOLEAN NOT NULL,
    pinned         BOOLEAN NOT NULL,
    created_at     TEXT NOT NULL,
    last_posted_at TEXT NOT NULL,
    last_post_id   BLOB NOT NULL,
    last_author_id BLOB NOT NULL
);

CREATE INDEX threads_latest ON threads (last_post_id);
CREATE INDEX threads_category_latest ON threads (category_id, last_post_id);
CREATE INDEX threads_author ON threads (author_id, last_post_id);

CREATE TABLE thread_tags (
    thread_id BLOB NOT NULL REFERENCES threads (id),
    tag       TEXT NOT NULL,
    PRIMARY KEY (thread_id, tag)
);
CREATE INDEX thread_tags_tag ON thread_tags (tag, thread_id);

CREATE TABLE thread_listings (
    thread_id  BLOB NOT NULL REFERENCES threads (id),
    listing_id BLOB NOT NULL,
    PRIMARY KEY (thread_id, listing_id)
);
CREATE INDEX thread_listings_listing ON thread_listings (listing_id, thread_id);

CREATE TABLE thread_orgs (
    thread_id BLOB NOT NULL REFERENCES threads (id),
    org_id    BLOB NOT NULL,
    PRIMARY KEY (thread_id, org_id)
);
CREATE INDEX thread_orgs_org ON thread_orgs (org_id, thread_id);

CREATE TABLE posts (
    id         BLOB PRIMARY KEY NOT NULL,
    thread_id  BLOB NOT NULL REFERENCES threads (id),
    number     INTEGER NOT NULL,
    author_id  BLOB NOT NULL,
    reply_to   BLOB REFERENCES posts (id),
    body       TEXT NOT NULL,
    html       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    hidden     BOOLEAN NOT NULL,
    deleted    BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    edited_at  TEXT,
    UNIQUE (thread_id, number)
);
CREATE INDEX posts_author ON posts (author_id, created_at);

CREATE TABLE post_revisions (
    post_id    BLOB NOT NULL REFERENCES posts (id),
    number     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    title      TEXT,
    editor_id  BLOB NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (post_id, number)
);
