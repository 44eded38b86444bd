-- Two listings that are not rejected never share a name (folded): the proposal's check reads
-- first, and this index refuses the second of two proposals made at the same instant.
-- Keep in step with the other backend's 0019_listing_name_unique.sql.
CREATE UNIQUE INDEX listings_name_key_unique ON listings (name_key) WHERE status <> 'rejected';
