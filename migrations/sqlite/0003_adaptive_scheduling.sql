-- Adaptive scheduling (ASHA, median stopping): a trial may wait at a rung ('paused') or end early
-- ('pruned'); it trains in legs, resuming from a checkpoint, so it records how far it got.
-- SQLite cannot alter a CHECK, and rebuilding `trials` would cascade-delete its epochs (foreign keys
-- are on), so the constraint's text is widened in place, as SQLite's ALTER TABLE documentation allows
-- for changes that existing rows cannot violate. It comes last (ALTER TABLE works on the parsed schema,
-- so it must not follow a rewrite of the text), and RESET makes this connection re-read the schema; the
-- DDL above has bumped the schema cookie, so other connections re-read it too.

ALTER TABLE trials ADD COLUMN epochs_trained INTEGER NOT NULL DEFAULT 0 CHECK (epochs_trained >= 0);
ALTER TABLE trials ADD COLUMN rung INTEGER NULL CHECK (rung >= 0);
ALTER TABLE trials ADD COLUMN target_epochs INTEGER NULL CHECK (target_epochs >= 1);

CREATE TABLE trial_rungs (
    trial_id  TEXT    NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    rung      INTEGER NOT NULL CHECK (rung >= 0),
    epochs    INTEGER NOT NULL CHECK (epochs >= 1),
    objective REAL    NULL,
    promoted  INTEGER NOT NULL DEFAULT 0,
    reached_at TEXT   NOT NULL,
    PRIMARY KEY (trial_id, rung)
);

CREATE TABLE trial_checkpoints (
    trial_id   TEXT    PRIMARY KEY REFERENCES trials (id) ON DELETE CASCADE,
    epoch      INTEGER NOT NULL CHECK (epoch >= 1),
    data       BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);

PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql,
    'CHECK (status IN (''queued'', ''running'', ''completed'', ''diverged'', ''failed'', ''cancelled''))',
    'CHECK (status IN (''queued'', ''running'', ''completed'', ''diverged'', ''failed'', ''cancelled'', ''paused'', ''pruned''))')
WHERE type = 'table' AND name = 'trials';
PRAGMA writable_schema = RESET;
