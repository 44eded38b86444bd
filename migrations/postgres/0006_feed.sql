-- Feeds read the outbox by who an event is about, newest first.
CREATE INDEX events_entity_idx ON events (entity_id, position);
