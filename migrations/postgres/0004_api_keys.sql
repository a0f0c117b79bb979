-- Access control (issue 13): API keys, and the owner of what a key's holder creates.
-- A key is stored only as HMAC-SHA256(server secret, key) in hex: a leaked table cannot be replayed,
-- and lookups stay one indexed equality. prefix is the key's first characters, to tell keys apart.
CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    owner        text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('admin', 'user')),
    hash         text        NOT NULL,
    prefix       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NULL,
    revoked_at   timestamptz NULL,
    CONSTRAINT ux_api_keys_hash UNIQUE (hash)
);

-- NULL: created with access control off (the embedded default on loopback), visible to everyone.
ALTER TABLE searches ADD COLUMN owner text NULL;
ALTER TABLE comparisons ADD COLUMN owner text NULL;
ALTER TABLE datasets ADD COLUMN owner text NULL;

CREATE INDEX ix_searches_owner ON searches (owner, created_at DESC);
CREATE INDEX ix_comparisons_owner ON comparisons (owner, created_at DESC);
