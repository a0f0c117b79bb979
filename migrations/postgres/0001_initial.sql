-- HyperSearch store, PostgreSQL. Statuses are lower-case enum names; JSON columns are jsonb.
-- Applied once by DbUp (journal table schemaversions); see docs/storage.md.

CREATE TABLE comparisons (
    id               uuid        PRIMARY KEY,
    name             text        NOT NULL,
    budget           integer     NOT NULL CHECK (budget > 0),
    spec             jsonb       NOT NULL,
    -- No FK: the comparison row is written before its two searches (they reference it).
    random_search_id uuid        NOT NULL,
    grid_search_id   uuid        NOT NULL,
    created_at       timestamptz NOT NULL
);

CREATE INDEX ix_comparisons_created_at ON comparisons (created_at DESC);

CREATE TABLE searches (
    id                       uuid        PRIMARY KEY,
    name                     text        NOT NULL,
    strategy                 text        NOT NULL,
    status                   text        NOT NULL
        CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'failed')),
    spec                     jsonb       NOT NULL,
    seed                     integer     NOT NULL,
    dataset                  text        NOT NULL,
    overfit_gap              double precision NOT NULL,
    stage_count              integer     NOT NULL CHECK (stage_count >= 1),
    comparison_id            uuid        NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    created_at               timestamptz NOT NULL,
    started_at               timestamptz NULL,
    completed_at             timestamptz NULL,
    sanity                   jsonb       NULL,
    best_trial_id            uuid        NULL,
    best_validation_accuracy double precision NULL,
    test_accuracy            double precision NULL,
    error                    text        NULL
);

CREATE INDEX ix_searches_created_at ON searches (created_at DESC);
CREATE INDEX ix_searches_active ON searches (status, created_at) WHERE status IN ('queued', 'running');
CREATE INDEX ix_searches_comparison ON searches (comparison_id) WHERE comparison_id IS NOT NULL;

CREATE TABLE stages (
    search_id  uuid        NOT NULL REFERENCES searches (id) ON DELETE CASCADE,
    stage      integer     NOT NULL CHECK (stage >= 1),
    space      jsonb       NOT NULL,
    trials     integer     NOT NULL CHECK (trials >= 0),
    epochs     integer     NOT NULL CHECK (epochs >= 0),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (search_id, stage)
);

CREATE TABLE trials (
    id                  uuid        PRIMARY KEY,
    search_id           uuid        NOT NULL,
    stage               integer     NOT NULL,
    idx                 integer     NOT NULL CHECK (idx >= 0),
    status              text        NOT NULL
        CHECK (status IN ('queued', 'running', 'completed', 'diverged', 'failed', 'cancelled')),
    hyperparameters     jsonb       NOT NULL,
    seed                integer     NOT NULL,
    epochs              integer     NOT NULL CHECK (epochs >= 0),
    created_at          timestamptz NOT NULL,
    train_accuracy      double precision NULL,
    validation_accuracy double precision NULL,
    accuracy_gap        double precision NULL,
    overfit             boolean     NULL,
    train_loss          double precision NULL,
    validation_loss     double precision NULL,
    initial_loss        double precision NULL,
    duration_seconds    double precision NULL,
    worker              text        NULL,
    attempts            integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    started_at          timestamptz NULL,
    completed_at        timestamptz NULL,
    error               text        NULL,
    -- The current claim: every write of a running trial must present this token.
    claim_token         uuid        NULL,
    lease_until         timestamptz NULL,
    CONSTRAINT fk_trials_stage FOREIGN KEY (search_id, stage)
        REFERENCES stages (search_id, stage) ON DELETE CASCADE,
    CONSTRAINT ux_trials_search_stage_idx UNIQUE (search_id, stage, idx)
);

-- "Trials of search X by validation accuracy" (best trial, sorted trial pages).
CREATE INDEX ix_trials_search_validation ON trials (search_id, validation_accuracy DESC NULLS LAST);
-- Recovery scans: running trials with an expired lease, queued trials.
CREATE INDEX ix_trials_status_lease ON trials (status, lease_until);

CREATE TABLE trial_epochs (
    trial_id            uuid             NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    epoch               integer          NOT NULL CHECK (epoch >= 1),
    train_loss          double precision NOT NULL,
    train_accuracy      double precision NOT NULL,
    validation_loss     double precision NOT NULL,
    validation_accuracy double precision NOT NULL,
    learning_rate       double precision NOT NULL,
    seconds             double precision NOT NULL,
    PRIMARY KEY (trial_id, epoch)
);

CREATE TABLE layer_diagnostics (
    trial_id               uuid             NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    epoch                  integer          NOT NULL,
    layer                  integer          NOT NULL,
    activation_mean        double precision NOT NULL,
    activation_std         double precision NOT NULL,
    dead_fraction          double precision NOT NULL,
    saturated_fraction     double precision NOT NULL,
    update_to_weight_ratio double precision NOT NULL,
    PRIMARY KEY (trial_id, epoch, layer)
);

CREATE TABLE datasets (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    label_column text        NOT NULL,
    samples      integer     NOT NULL,
    features     integer     NOT NULL,
    classes      integer     NOT NULL,
    bytes        bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    content      bytea       NULL,
    CONSTRAINT ux_datasets_name UNIQUE (name)
);
