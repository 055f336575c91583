-- Version 7: many stores in one schema. The stores of the deployment are
-- rows of stores; every record belongs to one store, with store_id the
-- first column of its table's primary key, of each unique constraint and
-- of each index, so that two stores may use the same SKU, voucher code,
-- transfer amount, idempotency key or order number, and a store's reads
-- cost what they cost with one store. The rows stored so far belong to the
-- store 'default' (ports.DefaultStore).

-- The stores: a host name serves at most one store. created_ns is NULL for
-- a store created without a time.
CREATE TABLE {s}.stores (
	id         text COLLATE "C" PRIMARY KEY,
	name       text NOT NULL,
	host       text COLLATE "C",
	disabled   boolean NOT NULL DEFAULT false,
	created_ns bigint
);
CREATE UNIQUE INDEX stores_host ON {s}.stores (host) WHERE host IS NOT NULL;

ALTER TABLE {s}.stock ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.stock DROP CONSTRAINT stock_pkey, ADD PRIMARY KEY (store_id, variant_id);

ALTER TABLE {s}.vouchers ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.vouchers DROP CONSTRAINT vouchers_pkey, ADD PRIMARY KEY (store_id, code_key);

ALTER TABLE {s}.voucher_redemptions ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.voucher_redemptions DROP CONSTRAINT voucher_redemptions_pkey, ADD PRIMARY KEY (store_id, code_key, order_id);
DROP INDEX {s}.voucher_redemptions_customer;
CREATE INDEX voucher_redemptions_customer ON {s}.voucher_redemptions (store_id, code_key, customer);

ALTER TABLE {s}.voucher_usage ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.voucher_usage DROP CONSTRAINT voucher_usage_pkey, ADD PRIMARY KEY (store_id, code_key);

ALTER TABLE {s}.held_amounts ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.held_amounts DROP CONSTRAINT held_amounts_pkey, ADD PRIMARY KEY (store_id, amount);

ALTER TABLE {s}.idempotency ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.idempotency DROP CONSTRAINT idempotency_pkey, ADD PRIMARY KEY (store_id, key);

ALTER TABLE {s}.sequences ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.sequences DROP CONSTRAINT sequences_pkey, ADD PRIMARY KEY (store_id, name);

ALTER TABLE {s}.orders ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.orders DROP CONSTRAINT orders_pkey, DROP CONSTRAINT orders_number_key, DROP CONSTRAINT orders_slug_key,
	ADD PRIMARY KEY (store_id, id),
	ADD CONSTRAINT orders_number_key UNIQUE (store_id, number),
	ADD CONSTRAINT orders_slug_key UNIQUE (store_id, slug);
DROP INDEX {s}.orders_newest;
CREATE INDEX orders_newest ON {s}.orders (store_id, placed_ns DESC, (coalesce(number, '')) DESC, id DESC);
DROP INDEX {s}.orders_status;
CREATE INDEX orders_status ON {s}.orders (store_id, status, placed_ns DESC);
DROP INDEX {s}.orders_payment_expires;
CREATE INDEX orders_payment_expires ON {s}.orders (store_id, payment_expires_ns) WHERE payment_expires_ns IS NOT NULL;
DROP INDEX {s}.orders_unpaid_phone;
CREATE INDEX orders_unpaid_phone ON {s}.orders (store_id, phone_digits) WHERE status = 'pending_payment';

ALTER TABLE {s}.order_counts ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.order_counts DROP CONSTRAINT order_counts_pkey, ADD PRIMARY KEY (store_id, status, shard);

ALTER TABLE {s}.abandoned ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.abandoned DROP CONSTRAINT abandoned_pkey, ADD PRIMARY KEY (store_id, id);
DROP INDEX {s}.abandoned_phone;
CREATE INDEX abandoned_phone ON {s}.abandoned (store_id, phone, status);
DROP INDEX {s}.abandoned_newest;
CREATE INDEX abandoned_newest ON {s}.abandoned (store_id, created_ns DESC, id DESC);

-- seq stays one identity for the schema: a store's events are in the
-- order of their seqs.
ALTER TABLE {s}.outbox ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.outbox DROP CONSTRAINT outbox_pkey, DROP CONSTRAINT outbox_id_key,
	ADD PRIMARY KEY (store_id, seq),
	ADD CONSTRAINT outbox_id_key UNIQUE (store_id, id);
DROP INDEX {s}.outbox_undelivered;
CREATE INDEX outbox_undelivered ON {s}.outbox (store_id, seq) WHERE NOT delivered;
DROP INDEX {s}.outbox_order_undelivered;
CREATE INDEX outbox_order_undelivered ON {s}.outbox (store_id, order_id, seq) WHERE NOT delivered;

ALTER TABLE {s}.webhook_endpoints ADD COLUMN store_id text COLLATE "C" NOT NULL DEFAULT 'default';
ALTER TABLE {s}.webhook_endpoints DROP CONSTRAINT webhook_endpoints_pkey, ADD PRIMARY KEY (store_id, id);

-- The counters count per store: a trigger adds to the row of the changed
-- record's store.
CREATE OR REPLACE FUNCTION {s}.count_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	sh int := pg_backend_pid() % 16;
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO {s}.order_counts AS c (store_id, status, shard, n) VALUES (NEW.store_id, NEW.status, sh, 1)
			ON CONFLICT (store_id, status, shard) DO UPDATE SET n = c.n + 1;
	ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
		-- Both rows in one statement, in status order, so that two units on
		-- one shard take them in the same order.
		INSERT INTO {s}.order_counts AS c (store_id, status, shard, n)
			SELECT NEW.store_id, st, sh, d FROM (VALUES (OLD.status, -1), (NEW.status, 1)) AS v (st, d) ORDER BY st
			ON CONFLICT (store_id, status, shard) DO UPDATE SET n = c.n + excluded.n;
	END IF;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION {s}.count_voucher_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO {s}.voucher_usage AS u (store_id, code_key, total) VALUES (NEW.store_id, NEW.code_key, 1)
			ON CONFLICT (store_id, code_key) DO UPDATE SET total = u.total + 1;
	ELSE
		UPDATE {s}.voucher_usage SET total = total - 1 WHERE store_id = OLD.store_id AND code_key = OLD.code_key;
	END IF;
	RETURN NULL;
END $$;
