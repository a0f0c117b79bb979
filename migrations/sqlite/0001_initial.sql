-- HyperSearch store, SQLite (the embedded default). Ids are lower-case TEXT uuids; timestamps are
-- fixed-width UTC ISO-8601 TEXT ("2026-11-27T13:45:00.1234560Z"), so text order = time order;
-- JSON is TEXT; booleans are INTEGER 0/1. Applied once by DbUp (journal table SchemaVersions).

CREATE TABLE comparisons (
    id               TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL,
    budget           INTEGER NOT NULL CHECK (budget > 0),
    spec             TEXT    NOT NULL,
    random_search_id TEXT    NOT NULL,
    grid_search_id   TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);

CREATE INDEX ix_comparisons_created_at ON comparisons (created_at DESC);

CREATE TABLE searches (
    id                       TEXT    NOT NULL PRIMARY KEY,
    name                     TEXT    NOT NULL,
    strategy                 TEXT    NOT NULL,
    status                   TEXT    NOT NULL
        CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'failed')),
    spec                     TEXT    NOT NULL,
    seed                     INTEGER NOT NULL,
    dataset                  TEXT    NOT NULL,
    overfit_gap              REAL    NOT NULL,
    stage_count              INTEGER NOT NULL CHECK (stage_count >= 1),
    comparison_id            TEXT    NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    created_at               TEXT    NOT NULL,
    started_at               TEXT    NULL,
    completed_at             TEXT    NULL,
    sanity                   TEXT    NULL,
    best_trial_id            TEXT    NULL,
    best_validation_accuracy REAL    NULL,
    test_accuracy            REAL    NULL,
    error                    TEXT    NULL
);

CREATE INDEX ix_searches_created_at ON searches (created_at DESC);
CREATE INDEX ix_searches_status ON searches (status, created_at);
CREATE INDEX ix_searches_comparison ON searches (comparison_id);

CREATE TABLE stages (
    search_id  TEXT    NOT NULL REFERENCES searches (id) ON DELETE CASCADE,
    stage      INTEGER NOT NULL CHECK (stage >= 1),
    space      TEXT    NOT NULL,
    trials     INTEGER NOT NULL CHECK (trials >= 0),
    epochs     INTEGER NOT NULL CHECK (epochs >= 0),
    created_at TEXT    NOT NULL,
    PRIMARY KEY (search_id, stage)
);

CREATE TABLE trials (
    id                  TEXT    NOT NULL PRIMARY KEY,
    search_id           TEXT    NOT NULL,
    stage               INTEGER NOT NULL,
    idx                 INTEGER NOT NULL CHECK (idx >= 0),
    status              TEXT    NOT NULL
        CHECK (status IN ('queued', 'running', 'completed', 'diverged', 'failed', 'cancelled')),
    hyperparameters     TEXT    NOT NULL,
    seed                INTEGER NOT NULL,
    epochs              INTEGER NOT NULL CHECK (epochs >= 0),
    created_at          TEXT    NOT NULL,
    train_accuracy      REAL    NULL,
    validation_accuracy REAL    NULL,
    accuracy_gap        REAL    NULL,
    overfit             INTEGER NULL CHECK (overfit IN (0, 1)),
    train_loss          REAL    NULL,
    validation_loss     REAL    NULL,
    initial_loss        REAL    NULL,
    duration_seconds    REAL    NULL,
    worker              TEXT    NULL,
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    started_at          TEXT    NULL,
    completed_at        TEXT    NULL,
    error               TEXT    NULL,
    claim_token         TEXT    NULL,
    lease_until         TEXT    NULL,
    FOREIGN KEY (search_id, stage) REFERENCES stages (search_id, stage) ON DELETE CASCADE,
    UNIQUE (search_id, stage, idx)
);

-- SQLite sorts NULL lowest, so DESC already puts unfinished trials last (NULLS LAST is not allowed in an index).
CREATE INDEX ix_trials_search_validation ON trials (search_id, validation_accuracy DESC);
CREATE INDEX ix_trials_status_lease ON trials (status, lease_until);

-- SQLite stores NaN as NULL: the metric columns are nullable and read back as NaN.
CREATE TABLE trial_epochs (
    trial_id            TEXT    NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    epoch               INTEGER NOT NULL CHECK (epoch >= 1),
    train_loss          REAL    NULL,
    train_accuracy      REAL    NULL,
    validation_loss     REAL    NULL,
    validation_accuracy REAL    NULL,
    learning_rate       REAL    NULL,
    seconds             REAL    NULL,
    PRIMARY KEY (trial_id, epoch)
);

CREATE TABLE layer_diagnostics (
    trial_id               TEXT    NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    epoch                  INTEGER NOT NULL,
    layer                  INTEGER NOT NULL,
    activation_mean        REAL    NULL,
    activation_std         REAL    NULL,
    dead_fraction          REAL    NULL,
    saturated_fraction     REAL    NULL,
    update_to_weight_ratio REAL    NULL,
    PRIMARY KEY (trial_id, epoch, layer)
);

CREATE TABLE datasets (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    label_column TEXT    NOT NULL,
    samples      INTEGER NOT NULL,
    features     INTEGER NOT NULL,
    classes      INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    content      BLOB    NULL
);
