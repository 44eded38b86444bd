-- Ratings and reviews of listings. One review per member and listing, editable, every version
-- kept in `review_revisions` (number 1 is the first). `org_id` is the author's organization when
-- they wrote it, read for their context (its size band) and for the usage record that says how
-- long it has used the listing. A moderator may hide a review after a report; a hidden review
-- counts in no aggregate and shows to nobody but its author and moderators.
-- Members vote reviews helpful (one vote each, `helpful` keeps the count in step, so a list
-- sorts by it through an index), report them to moderators, and a member of the listing's
-- vendor may post one public response under each.
-- `author_id`, `org_id`, `member_id`, `reporter_id` and `resolved_by` name accounts' members
-- and organizations, read through accounts' views.
-- Keep in step with the other backend's 0020_reviews.sql.
CREATE TABLE reviews (
    id         BLOB PRIMARY KEY NOT NULL,
    listing_id BLOB NOT NULL REFERENCES listings (id),
    author_id  BLOB NOT NULL,
    org_id     BLOB,
    overall    INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    ease       INTEGER CHECK (ease BETWEEN 1 AND 5),
    support    INTEGER CHECK (support BETWEEN 1 AND 5),
    value      INTEGER CHECK (value BETWEEN 1 AND 5),
    recommend  BOOLEAN NOT NULL,
    pros       TEXT NOT NULL,
    cons       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    hidden     BOOLEAN NOT NULL,
    helpful    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (listing_id, author_id)
);

CREATE INDEX reviews_listing_helpful ON reviews (listing_id, helpful, created_at);
CREATE INDEX reviews_author ON reviews (author_id);

CREATE TABLE review_revisions (
    review_id  BLOB NOT NULL REFERENCES reviews (id),
    number     INTEGER NOT NULL,
    overall    INTEGER NOT NULL,
    ease       INTEGER,
    support    INTEGER,
    value      INTEGER,
    recommend  BOOLEAN NOT NULL,
    pros       TEXT NOT NULL,
    cons       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (review_id, number)
);

CREATE TABLE review_votes (
    review_id  BLOB NOT NULL REFERENCES reviews (id),
    member_id  BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (review_id, member_id)
);

CREATE TABLE review_reports (
    id          BLOB PRIMARY KEY NOT NULL,
    review_id   BLOB NOT NULL REFERENCES reviews (id),
    reporter_id BLOB NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'abusive', 'off_topic', 'conflict_of_interest', 'other')),
    note        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    outcome     TEXT CHECK (outcome IN ('hidden', 'dismissed')),
    resolved_by BLOB,
    resolved_at TEXT
);

-- One open report per member and review; the queue reads the open ones, oldest first.
CREATE UNIQUE INDEX review_reports_open ON review_reports (review_id, reporter_id) WHERE outcome IS NULL;
CREATE INDEX review_reports_queue ON review_reports (created_at) WHERE outcome IS NULL;

CREATE TABLE review_responses (
    review_id  BLOB PRIMARY KEY NOT NULL REFERENCES reviews (id),
    author_id  BLOB NOT NULL,
    org_id     BLOB NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
