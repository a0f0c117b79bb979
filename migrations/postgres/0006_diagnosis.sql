-- Babysitting the learning process (issue #17).
-- Per layer and epoch: the norm of the weight gradient at the epoch's last mini-batch, and a histogram of
-- the activations (JSON {"min", "max", "counts": [20 bins]}). Epoch 0 rows are the untrained network.
ALTER TABLE layer_diagnostics ADD COLUMN gradient_norm double precision NULL;
ALTER TABLE layer_diagnostics ADD COLUMN histogram text NULL;
-- Per trial: its diagnosis labels with their evidence (JSON [{"label", "evidence"}]), and the labels alone
-- as ",lr-too-high,overfit," so that a label filter is one LIKE on both databases.
ALTER TABLE trials ADD COLUMN diagnosis text NULL;
ALTER TABLE trials ADD COLUMN labels text NULL;
