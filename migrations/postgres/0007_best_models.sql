-- The leading trial's trained network, per search (the engine's checkpoint bytes after the epoch its
-- validation accuracy was measured at). Written with the leg result that takes the lead, so Finalize
-- evaluates that very network on the test split instead of retraining it.
CREATE TABLE search_best_models (
    search_id           uuid             PRIMARY KEY REFERENCES searches (id) ON DELETE CASCADE,
    trial_id            uuid             NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    validation_accuracy double precision NOT NULL,
    epoch               integer          NOT NULL CHECK (epoch >= 1),
    data                bytea            NOT NULL,
    created_at          timestamptz      NOT NULL
);
