-- When a member's personal data was erased at their request. Their row stays, nameless, so that
-- what they wrote can still be shown as from a former member.
ALTER TABLE members ADD COLUMN erased_at TEXT;
