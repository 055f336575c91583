-- Version 14: the default store (ports.DefaultStore) is a row of stores
-- like any other, so that the platform lists it from the start; a schema
-- that already has the row keeps it as it is.
INSERT INTO {s}.stores (id, name) VALUES ('default', 'default') ON CONFLICT (id) DO NOTHING;

-- The orders whose shipping label was never printed in a batch, for the
-- listing, summary and export filter label=not_printed ("what is left to
-- print"): newest first in the order orders_newest keeps, with the status
-- for a filter by status. An order leaves the index when its label is
-- printed, so it holds the afternoon's work, not the store's history. The
-- predicate is written as the listing writes it (postgres.labelNotPrinted).
CREATE INDEX orders_label_not_printed ON {s}.orders (store_id, placed_ns DESC, (coalesce(number, '')) DESC, id DESC)
	INCLUDE (status) WHERE (data ? 'label_printed_at') IS FALSE;

-- Statistics of the expression (PostgreSQL 14 or later), so that the
-- planner knows how few orders are left to print and takes the index
-- above instead of reading every order of the store.
CREATE STATISTICS {s}.orders_label_printed ON ((data ? 'label_printed_at')) FROM {s}.orders;
