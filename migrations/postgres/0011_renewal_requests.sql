-- A lapsed member may ask their association to renew their membership; the time of their last
-- request is kept so that the page can say so and asks are not repeated more than once a day.
-- Keep in step with the other backend's 0011_renewal_requests.sql.
ALTER TABLE members ADD COLUMN renewal_requested_at TIMESTAMPTZ;
