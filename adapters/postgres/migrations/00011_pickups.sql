-- Version 11: pickups, the orders a courier collects in one visit. Every
-- pickup belongs to one store: store_id leads the key and every index.
-- order_ids is the JSON array of the orders' ids; the orders keep the
-- pickup's id in their booking.
CREATE TABLE IF NOT EXISTS {s}.pickups (
	store_id          text COLLATE "C" NOT NULL,
	id                text COLLATE "C" NOT NULL,
	courier_pickup_id text NOT NULL,
	order_ids         jsonb NOT NULL,
	pickup_date       date NOT NULL,
	time_from         text NOT NULL,
	time_to           text NOT NULL,
	address           text NOT NULL,
	contact           text NOT NULL,
	phone             text NOT NULL,
	vehicle           text NOT NULL,
	created_ns        bigint NOT NULL,
	PRIMARY KEY (store_id, id)
);

-- Listings read a store's pickups newest first.
CREATE INDEX IF NOT EXISTS pickups_store_created ON {s}.pickups (store_id, created_ns DESC, id DESC);
