-- Version 1: the schema as Migrate created it before versioned migrations.
-- Every statement is idempotent, so a database created then is brought
-- under versioning without change. {s} stands for the store's quoted schema,
-- {max_quantity} for catalog.MaxQuantity.

CREATE SCHEMA IF NOT EXISTS {s};

-- Units left per variant; a variant without a row has 0.
CREATE TABLE IF NOT EXISTS {s}.stock (
	variant_id text COLLATE "C" PRIMARY KEY,
	available  bigint NOT NULL CHECK (available >= 0 AND available <= {max_quantity})
);

-- Stored vouchers by code_key, the code upper-cased (codes compare
-- without regard to case).
CREATE TABLE IF NOT EXISTS {s}.vouchers (
	code_key        text COLLATE "C" PRIMARY KEY,
	code            text NOT NULL,
	kind            text NOT NULL,
	type            text NOT NULL,
	percent         text,
	amount          bigint NOT NULL,
	max_discount    bigint NOT NULL,
	min_subtotal    bigint NOT NULL,
	skus            text[],
	active          boolean NOT NULL,
	starts_ns       bigint,
	ends_ns         bigint,
	quota           bigint NOT NULL,
	per_customer    bigint NOT NULL,
	payment_methods text[]
);

-- One row per live use of a voucher by an order.
CREATE TABLE IF NOT EXISTS {s}.voucher_redemptions (
	code_key text COLLATE "C" NOT NULL,
	order_id text COLLATE "C" NOT NULL,
	customer text COLLATE "C" NOT NULL,
	PRIMARY KEY (code_key, order_id)
);

-- Transfer amounts (kode unik) held by pending bank-transfer orders.
CREATE TABLE IF NOT EXISTS {s}.held_amounts (
	amount   bigint PRIMARY KEY,
	order_id text COLLATE "C" NOT NULL
);

CREATE TABLE IF NOT EXISTS {s}.idempotency (
	key          text COLLATE "C" PRIMARY KEY,
	request_hash text NOT NULL,
	order_id     text NOT NULL,
	created_ns   bigint
);

CREATE TABLE IF NOT EXISTS {s}.sequences (
	name  text COLLATE "C" PRIMARY KEY,
	value bigint NOT NULL
);

-- Orders: the whole checkout.Order as JSON in data, and the columns
-- listing filters and sorts on. number and slug are NULL when empty
-- (an empty one is not unique). The search_* columns are lower-cased
-- by Go's strings.ToLower; phone_digits are the E.164 phone's digits
-- and phone_local its local form (0812…), NULL when not Indonesian.
CREATE TABLE IF NOT EXISTS {s}.orders (
	id                 text COLLATE "C" PRIMARY KEY,
	number             text COLLATE "C" UNIQUE,
	slug               text COLLATE "C" UNIQUE,
	placed_ns          bigint NOT NULL,
	placed_at          timestamptz,
	status             text COLLATE "C" NOT NULL,
	payment_method     text COLLATE "C" NOT NULL,
	payment_expires_ns bigint,
	search_name        text COLLATE "C" NOT NULL,
	search_number      text COLLATE "C" NOT NULL,
	search_airway_bill text COLLATE "C" NOT NULL,
	phone_digits       text COLLATE "C" NOT NULL,
	phone_local        text COLLATE "C",
	data               jsonb NOT NULL
);

CREATE INDEX IF NOT EXISTS orders_newest ON {s}.orders (placed_ns DESC, (coalesce(number, '')) DESC, id DESC);

CREATE INDEX IF NOT EXISTS orders_status ON {s}.orders (status, placed_ns DESC);

CREATE INDEX IF NOT EXISTS orders_payment_expires ON {s}.orders (payment_expires_ns) WHERE payment_expires_ns IS NOT NULL;

CREATE TABLE IF NOT EXISTS {s}.abandoned (
	id         text COLLATE "C" PRIMARY KEY,
	phone      text COLLATE "C" NOT NULL,
	status     text COLLATE "C" NOT NULL,
	created_ns bigint NOT NULL,
	created_at timestamptz,
	data       jsonb NOT NULL
);

CREATE INDEX IF NOT EXISTS abandoned_phone ON {s}.abandoned (phone, status);

CREATE INDEX IF NOT EXISTS abandoned_newest ON {s}.abandoned (created_ns DESC, id DESC);
