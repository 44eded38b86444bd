-- How far each member has read each thread: the number of the last post they were shown.
-- Page views note it in memory; it is written in batches, and only ever moves forward.
-- `member_id` names an accounts' member, read through accounts' views.
-- Keep in step with the other backend's 0027_thread_reads.sql.
CREATE TABLE thread_reads (
    member_id BLOB NOT NULL,
    thread_id BLOB NOT NULL REFERENCES threads (id),
    last_read INTEGER NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);
