-- A member's language for pages and email. NULL: follow the browser (Accept-Language).
ALTER TABLE members ADD COLUMN preferred_language TEXT CHECK (preferred_language IN ('en', 'fr'));
