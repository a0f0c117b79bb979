-- The leading trial's trained network, per search (the engine's checkpoint bytes after the epoch its
-- validation accuracy was measured at). Written with the leg result that takes the lead, so Finalize
-- evaluates that very network on the test split instead of retraining it.
CREATE TABLE search_best_models (
    search_id           TEXT    PRIMARY KEY REFERENCES searches (id) ON DELETE CASCADE,
    trial_id            TEXT    NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    validation_accuracy REAL    NOT NULL,
    epoch               INTEGER NOT NULL CHECK (epoch >= 1),
    data                BLOB    NOT NULL,
    created_at          TEXT    NOT NULL
);
