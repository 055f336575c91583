-- Version 9: a store's API keys for its admin API. The secret is not kept,
-- only its SHA-256 (hash), which every request looks a key up by; revoked
-- keys stay listed with revoked_ns set.
CREATE TABLE IF NOT EXISTS {s}.api_keys (
	store_id     text COLLATE "C" NOT NULL,
	id           text COLLATE "C" NOT NULL,
	name         text NOT NULL,
	role         text COLLATE "C" NOT NULL CHECK (role IN ('owner', 'staff', 'read_only')),
	hint         text NOT NULL,
	hash         bytea NOT NULL CHECK (octet_length(hash) = 32),
	created_ns   bigint NOT NULL,
	last_used_ns bigint,
	revoked_ns   bigint,
	PRIMARY KEY (store_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS api_keys_hash ON {s}.api_keys (store_id, hash);
