-- Adaptive scheduling (ASHA, median stopping): a trial may wait at a rung ('paused') or end early
-- ('pruned'); it trains in legs, resuming from a checkpoint, so it records how far it got.
ALTER TABLE trials DROP CONSTRAINT trials_status_check;
ALTER TABLE trials ADD CONSTRAINT trials_status_check
    CHECK (status IN ('queued', 'running', 'completed', 'diverged', 'failed', 'cancelled', 'paused', 'pruned'));

-- Epochs trained so far (a resumed trial continues from here; a re-claim keeps epochs up to here).
ALTER TABLE trials ADD COLUMN epochs_trained integer NOT NULL DEFAULT 0 CHECK (epochs_trained >= 0);
-- Highest ASHA rung finished, and how far the current leg trains (NULL: to epochs).
ALTER TABLE trials ADD COLUMN rung integer NULL CHECK (rung >= 0);
ALTER TABLE trials ADD COLUMN target_epochs integer NULL CHECK (target_epochs >= 1);

-- One row per (trial, rung) it finished: the inputs of the promotion rule.
CREATE TABLE trial_rungs (
    trial_id  uuid             NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    rung      integer          NOT NULL CHECK (rung >= 0),
    epochs    integer          NOT NULL CHECK (epochs >= 1),
    objective double precision NULL,
    promoted  boolean          NOT NULL DEFAULT false,
    reached_at timestamptz     NOT NULL,
    PRIMARY KEY (trial_id, rung)
);

-- The engine's state after a trial's last finished leg, so any worker process can resume it.
CREATE TABLE trial_checkpoints (
    trial_id   uuid        PRIMARY KEY REFERENCES trials (id) ON DELETE CASCADE,
    epoch      integer     NOT NULL CHECK (epoch >= 1),
    data       bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
