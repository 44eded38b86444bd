-- What the technology directory lets other capabilities read of its listings: their name and
-- whether they are published. Threads link to listings through it. A column the directory
-- renames is renamed here; readers do not change.
-- Keep in step with the other backend's 0022_listing_facts.sql.
CREATE VIEW listing_facts AS
    SELECT id, name, name_key, status
    FROM listings;
