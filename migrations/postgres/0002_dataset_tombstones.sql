-- Deleted uploads keep their row (without content) so their name is never reused: a worker that
-- still caches the old data under that name can then never train a new search on a stale copy.
ALTER TABLE datasets ADD COLUMN deleted_at timestamptz NULL;
