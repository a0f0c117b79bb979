-- Hardening: a trial that kills its worker process again and again must end instead of crash-looping.
-- `attempts` counts every claim, and under ASHA every resumed leg is a new claim, so it cannot tell a
-- promoted trial from a crashing one. A leg is known by the epochs it starts from (epochs_trained only
-- moves when a leg ends), so the claims of one leg are counted apart: leg_attempts is reset to 1 when a
-- claim starts from other epochs than the previous claim did.
ALTER TABLE trials ADD COLUMN leg_attempts INTEGER NOT NULL DEFAULT 0 CHECK (leg_attempts >= 0);
ALTER TABLE trials ADD COLUMN leg_start_epochs INTEGER NULL CHECK (leg_start_epochs >= 0);
