-- What the technology directory lets other capabilities read of who runs what: which
-- organization records which listing, in which status. Threads reach the members whose
-- organization runs a listing a question is about ("ask the users") through it.
-- Keep in step with the other backend's 0024_usage_facts.sql.
CREATE VIEW usage_facts AS
    SELECT listing_id, org_id, status
    FROM usage_records;
