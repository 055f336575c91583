-- Version 6: the seller's outbound webhook endpoints, shared by every
-- process on the database. The secret signs deliveries.
CREATE TABLE IF NOT EXISTS {s}.webhook_endpoints (
	id         text COLLATE "C" PRIMARY KEY,
	url        text NOT NULL,
	secret     text NOT NULL,
	created_ns bigint NOT NULL
);
