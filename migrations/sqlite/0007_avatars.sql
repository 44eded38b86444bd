-- Profile photos: the re-encoded PNG and the entity tag it is served with.
ALTER TABLE profiles ADD COLUMN avatar BLOB;
ALTER TABLE profiles ADD COLUMN avatar_etag TEXT;
