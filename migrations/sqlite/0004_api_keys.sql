-- Access control (issue 13): API keys, and the owner of what a key's holder creates.
-- A key is stored only as HMAC-SHA256(server secret, key) in hex: a leaked table cannot be replayed,
-- and lookups stay one indexed equality. prefix is the key's first characters, to tell keys apart.
CREATE TABLE api_keys (
    id           TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    owner        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'user')),
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NULL,
    revoked_at   TEXT NULL
);

-- NULL: created with access control off (the embedded default on loopback), visible to everyone.
ALTER TABLE searches ADD COLUMN owner TEXT NULL;
ALTER TABLE comparisons ADD COLUMN owner TEXT NULL;
ALTER TABLE datasets ADD COLUMN owner TEXT NULL;

CREATE INDEX ix_searches_owner ON searches (owner, created_at DESC);
CREATE INDEX ix_comparisons_owner ON comparisons (owner, created_at DESC);
