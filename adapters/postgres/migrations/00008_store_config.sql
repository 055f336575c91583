-- Version 8: each store's configuration (settings, catalogue, locations,
-- warehouses, rate card) as numbered versions; the latest is the one in
-- force, the others are its history.
CREATE TABLE IF NOT EXISTS {s}.store_configs (
	store_id   text COLLATE "C" NOT NULL,
	version    bigint NOT NULL CHECK (version > 0),
	data       text NOT NULL,
	author     text NOT NULL,
	saved_ns   bigint NOT NULL,
	PRIMARY KEY (store_id, version)
);
