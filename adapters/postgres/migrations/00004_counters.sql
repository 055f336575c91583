-- Version 4: counters, so that listings and voucher checks cost the same
-- however many orders and redemptions are stored.

-- Orders per status, kept by a trigger on orders: totals and summaries read
-- at most 16 rows per status instead of counting orders. A unit adds to the
-- shard of its connection (the backend's pid modulo 16), so concurrent
-- units rarely wait on one row. Filled from the orders stored so far.
CREATE TABLE {s}.order_counts (
	status text COLLATE "C" NOT NULL,
	shard  int NOT NULL,
	n      bigint NOT NULL,
	PRIMARY KEY (status, shard)
);
INSERT INTO {s}.order_counts (status, shard, n) SELECT status, 0, count(*) FROM {s}.orders GROUP BY status;

CREATE FUNCTION {s}.count_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	sh int := pg_backend_pid() % 16;
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO {s}.order_counts AS c (status, shard, n) VALUES (NEW.status, sh, 1)
			ON CONFLICT (status, shard) DO UPDATE SET n = c.n + 1;
	ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
		-- Both rows in one statement, in status order, so that two units on
		-- one shard take them in the same order.
		INSERT INTO {s}.order_counts AS c (status, shard, n)
			SELECT st, sh, d FROM (VALUES (OLD.status, -1), (NEW.status, 1)) AS v (st, d) ORDER BY st
			ON CONFLICT (status, shard) DO UPDATE SET n = c.n + excluded.n;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER orders_count_status AFTER INSERT OR UPDATE OF status ON {s}.orders
	FOR EACH ROW EXECUTE FUNCTION {s}.count_order_status();

-- Live redemptions per voucher, kept by a trigger on voucher_redemptions:
-- a voucher's usage is one row however popular it is. A customer's uses
-- are counted through voucher_redemptions_customer. Filled from the
-- redemptions stored so far.
CREATE TABLE {s}.voucher_usage (
	code_key text COLLATE "C" PRIMARY KEY,
	total    bigint NOT NULL
);
INSERT INTO {s}.voucher_usage (code_key, total) SELECT code_key, count(*) FROM {s}.voucher_redemptions GROUP BY code_key;
CREATE INDEX voucher_redemptions_customer ON {s}.voucher_redemptions (code_key, customer);

CREATE FUNCTION {s}.count_voucher_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO {s}.voucher_usage AS u (code_key, total) VALUES (NEW.code_key, 1)
			ON CONFLICT (code_key) DO UPDATE SET total = u.total + 1;
	ELSE
		UPDATE {s}.voucher_usage SET total = total - 1 WHERE code_key = OLD.code_key;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER voucher_redemptions_count AFTER INSERT OR DELETE ON {s}.voucher_redemptions
	FOR EACH ROW EXECUTE FUNCTION {s}.count_voucher_usage();
