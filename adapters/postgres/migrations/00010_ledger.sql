-- Version 10: the seller's balance (ledger entries, the balance kept with
-- them, withdrawals) and the figures of each order the seller's reports and
-- COD remittances read. Every row belongs to one store, store_id first in
-- every key and index.

-- Entries are appended, never changed. An order or a withdrawal has at most
-- one entry of each kind (the partial unique indexes), so an event applied
-- twice adds nothing; an adjustment names neither.
CREATE TABLE {s}.ledger_entries (
	store_id      text COLLATE "C" NOT NULL,
	seq           bigint GENERATED ALWAYS AS IDENTITY,
	kind          text COLLATE "C" NOT NULL,
	amount        bigint NOT NULL CHECK (amount <> 0),
	order_id      text COLLATE "C",
	withdrawal_id text COLLATE "C",
	reason        text NOT NULL DEFAULT '',
	reference     text NOT NULL DEFAULT '',
	at_ns         bigint NOT NULL,
	PRIMARY KEY (store_id, seq),
	CHECK (order_id IS NULL OR withdrawal_id IS NULL)
);
CREATE UNIQUE INDEX ledger_entries_order_kind ON {s}.ledger_entries (store_id, order_id, kind) WHERE order_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_withdrawal_kind ON {s}.ledger_entries (store_id, withdrawal_id, kind) WHERE withdrawal_id IS NOT NULL;
CREATE INDEX ledger_entries_kind ON {s}.ledger_entries (store_id, kind, seq DESC);
CREATE INDEX ledger_entries_at ON {s}.ledger_entries (store_id, at_ns DESC, seq DESC);

-- The balance of each store, the sum of its entries, changed with every
-- entry appended. A withdrawal locks the row (SELECT … FOR UPDATE) while it
-- checks the amount against it.
CREATE TABLE {s}.ledger_balances (
	store_id text COLLATE "C" NOT NULL PRIMARY KEY,
	balance  bigint NOT NULL
);

CREATE TABLE {s}.withdrawals (
	store_id     text COLLATE "C" NOT NULL,
	id           text COLLATE "C" NOT NULL,
	status       text COLLATE "C" NOT NULL,
	requested_ns bigint NOT NULL,
	data         jsonb NOT NULL,
	PRIMARY KEY (store_id, id)
);
CREATE INDEX withdrawals_newest ON {s}.withdrawals (store_id, requested_ns DESC, id DESC);

-- What reports and remittances read of an order, kept by a trigger on
-- orders (in the unit that creates or saves the order): placement time,
-- status, payment method, courier, grand total G, net profit N, cashback K
-- and the airway bill (lower case; '' when none). A report aggregates
-- order_figures_placed (or _courier) without visiting the table; a
-- remittance finds orders by airway bill through order_figures_airway_bill.
CREATE TABLE {s}.order_figures (
	store_id       text COLLATE "C" NOT NULL,
	order_id       text COLLATE "C" NOT NULL,
	placed_ns      bigint NOT NULL,
	status         text COLLATE "C" NOT NULL,
	payment_method text COLLATE "C" NOT NULL,
	courier        text COLLATE "C" NOT NULL,
	grand_total    bigint NOT NULL,
	net_profit     bigint NOT NULL,
	cashback       bigint NOT NULL,
	airway_bill    text COLLATE "C" NOT NULL,
	PRIMARY KEY (store_id, order_id)
);
CREATE INDEX order_figures_placed ON {s}.order_figures (store_id, placed_ns)
	INCLUDE (status, payment_method, courier, grand_total, net_profit, cashback);
CREATE INDEX order_figures_courier ON {s}.order_figures (store_id, courier, placed_ns)
	INCLUDE (status, payment_method, grand_total, net_profit, cashback);
CREATE INDEX order_figures_status ON {s}.order_figures (store_id, status, payment_method) INCLUDE (net_profit);
CREATE INDEX order_figures_airway_bill ON {s}.order_figures (store_id, airway_bill) WHERE airway_bill <> '';

-- The figures of one orders row. The store is the row's store_id, or the
-- default store for rows from before orders had one.
CREATE FUNCTION {s}.order_figures_of(o {s}.orders) RETURNS {s}.order_figures LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(to_jsonb(o)->>'store_id', 'default'), o.id, o.placed_ns, o.status, o.payment_method,
		coalesce(o.data->'shipment'->>'courier', ''),
		coalesce((o.data->'breakdown'->>'grand_total')::bigint, 0),
		coalesce((o.data->'breakdown'->>'net_profit')::bigint, 0),
		coalesce((o.data->'breakdown'->>'shipping_cashback')::bigint, 0),
		lower(btrim(coalesce(o.data->>'airway_bill', '')))
$$;

CREATE FUNCTION {s}.keep_order_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO {s}.order_figures SELECT (f).* FROM (SELECT {s}.order_figures_of(NEW) AS f) x
		ON CONFLICT (store_id, order_id) DO UPDATE SET placed_ns = EXCLUDED.placed_ns, status = EXCLUDED.status,
			payment_method = EXCLUDED.payment_method, courier = EXCLUDED.courier, grand_total = EXCLUDED.grand_total,
			net_profit = EXCLUDED.net_profit, cashback = EXCLUDED.cashback, airway_bill = EXCLUDED.airway_bill;
	RETURN NULL;
END $$;

CREATE TRIGGER orders_keep_figures AFTER INSERT OR UPDATE ON {s}.orders
	FOR EACH ROW EXECUTE FUNCTION {s}.keep_order_figures();

-- The orders stored before this version.
INSERT INTO {s}.order_figures SELECT (f).* FROM (SELECT {s}.order_figures_of(o) AS f FROM {s}.orders o) x;
