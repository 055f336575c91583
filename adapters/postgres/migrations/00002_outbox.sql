-- Version 2: the event outbox. One row per event a unit of work appended,
-- by seq. available_ns is when the event may next be claimed (0 at first,
-- then the end of a lease or the time of a retry). The partial indexes
-- keep the claim query to the undelivered events.
CREATE TABLE IF NOT EXISTS {s}.outbox (
	seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id           text COLLATE "C" NOT NULL UNIQUE,
	order_id     text COLLATE "C" NOT NULL,
	type         text COLLATE "C" NOT NULL,
	data         jsonb NOT NULL,
	available_ns bigint NOT NULL DEFAULT 0,
	attempts     integer NOT NULL DEFAULT 0,
	delivered    boolean NOT NULL DEFAULT false,
	delivered_ns bigint
);

CREATE INDEX IF NOT EXISTS outbox_undelivered ON {s}.outbox (seq) WHERE NOT delivered;

CREATE INDEX IF NOT EXISTS outbox_order_undelivered ON {s}.outbox (order_id, seq) WHERE NOT delivered;
