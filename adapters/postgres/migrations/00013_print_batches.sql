-- Version 13: print batches, one row per printing of a set of shipping
-- labels, of one store. order_ids keeps the labels' order; reprints
-- counts every printing after the first and last_reprints keeps the
-- latest ones (ports.MaxReprintTimes) as a JSON array of {"at","by"}.
-- Listings read newest first through print_batches_newest.
CREATE TABLE {s}.print_batches (
	store_id      text COLLATE "C" NOT NULL,
	id            text COLLATE "C" NOT NULL,
	created_ns    bigint NOT NULL,
	created_by    text NOT NULL,
	size          text NOT NULL,
	order_ids     text[] NOT NULL,
	reprints      integer NOT NULL DEFAULT 0 CHECK (reprints >= 0),
	last_reprints jsonb NOT NULL DEFAULT '[]',
	PRIMARY KEY (store_id, id)
);
CREATE INDEX print_batches_newest ON {s}.print_batches (store_id, created_ns DESC, id DESC);
