-- Version 17: procurement. Buyer accounts and purchases belong to the
-- platform, not to one store: their rows have store_id '_platform'
-- (ports.PlatformScope, an id no store can have), first in every key as
-- in every table. A purchase lists the orders it became, one per seller,
-- each stored in its seller's store's rows of {s}.orders.
CREATE TABLE {s}.buyer_accounts (
	store_id   text COLLATE "C" NOT NULL,
	id         text COLLATE "C" NOT NULL,
	data       jsonb NOT NULL,
	PRIMARY KEY (store_id, id)
);

CREATE TABLE {s}.purchases (
	store_id        text COLLATE "C" NOT NULL,
	id              text COLLATE "C" NOT NULL,
	idempotency_key text COLLATE "C",
	buyer_account   text COLLATE "C" NOT NULL,
	placed_ns       bigint NOT NULL,
	data            jsonb NOT NULL,
	PRIMARY KEY (store_id, id)
);
CREATE UNIQUE INDEX purchases_key ON {s}.purchases (store_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX purchases_newest ON {s}.purchases (store_id, placed_ns DESC, id DESC);
CREATE INDEX purchases_buyer ON {s}.purchases (store_id, buyer_account, placed_ns DESC, id DESC);

-- The due date, in Unix nanoseconds, of a procurement order not yet paid
-- in full (NULL for every other order), computed from the order's JSON,
-- for the overdue and due-soon listings.
ALTER TABLE {s}.orders ADD COLUMN terms_due_ns bigint GENERATED ALWAYS AS (
	CASE WHEN (data #>> '{procurement,paid}')::bigint < (data #>> '{procurement,payable}')::bigint
	THEN (data #>> '{procurement,due_ns}')::bigint END) STORED;
CREATE INDEX orders_terms_due ON {s}.orders (store_id, terms_due_ns) WHERE terms_due_ns IS NOT NULL;
