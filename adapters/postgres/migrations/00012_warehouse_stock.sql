-- Version 12: stock per warehouse, and the audit trail of stock
-- adjustments. warehouse_stock holds what each warehouse of a store has of
-- each variant; the store's stock row of a variant is kept at the sum of
-- its warehouses. stock_adjustments keeps every change a person made, with
-- the level before and after, newest first by seq.
CREATE TABLE IF NOT EXISTS {s}.warehouse_stock (
	store_id     text COLLATE "C" NOT NULL,
	warehouse_id text COLLATE "C" NOT NULL,
	variant_id   text COLLATE "C" NOT NULL,
	available    bigint NOT NULL CHECK (available >= 0),
	PRIMARY KEY (store_id, warehouse_id, variant_id)
);
CREATE INDEX IF NOT EXISTS warehouse_stock_variant ON {s}.warehouse_stock (store_id, variant_id, warehouse_id);

CREATE TABLE IF NOT EXISTS {s}.stock_adjustments (
	store_id     text COLLATE "C" NOT NULL,
	seq          bigint GENERATED ALWAYS AS IDENTITY,
	warehouse_id text COLLATE "C" NOT NULL,
	variant_id   text COLLATE "C" NOT NULL,
	before       bigint NOT NULL,
	after        bigint NOT NULL,
	delta        bigint NOT NULL,
	reason       text NOT NULL,
	actor        text NOT NULL,
	at_ns        bigint NOT NULL,
	PRIMARY KEY (store_id, seq)
);
CREATE INDEX IF NOT EXISTS stock_adjustments_variant ON {s}.stock_adjustments (store_id, warehouse_id, variant_id, seq);
