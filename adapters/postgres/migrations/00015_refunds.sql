-- Version 15: refunds of paid orders, one row per refund, of one store.
-- status is pending (asked of the gateway, no answer yet), succeeded or
-- failed; pending and succeeded refunds count against what the buyer paid.
-- idem_key is the caller's idempotency key ('' when none): one refund per
-- key and order. An order's refunds are read through the primary key's
-- order_id prefix, oldest first by created_ns.
CREATE TABLE {s}.refunds (
	store_id   text COLLATE "C" NOT NULL,
	order_id   text COLLATE "C" NOT NULL,
	id         text COLLATE "C" NOT NULL,
	amount     bigint NOT NULL CHECK (amount > 0),
	reason     text NOT NULL,
	method     text COLLATE "C" NOT NULL,
	reference  text NOT NULL,
	status     text COLLATE "C" NOT NULL,
	idem_key   text COLLATE "C" NOT NULL,
	error      text NOT NULL,
	created_ns bigint NOT NULL,
	updated_ns bigint NOT NULL,
	PRIMARY KEY (store_id, order_id, id)
);
CREATE UNIQUE INDEX refunds_id ON {s}.refunds (store_id, id);
CREATE UNIQUE INDEX refunds_key ON {s}.refunds (store_id, order_id, idem_key) WHERE idem_key <> '';
