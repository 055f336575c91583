// Package postgres is ports.Store on PostgreSQL, through the pgx driver
// (github.com/jackc/pgx/v5, pgxpool): stock, vouchers and their
// redemptions, held transfer amounts (kode unik), idempotency records,
// order-number sequences, orders and abandoned checkouts, shared safely by
// every process that uses the database. It passes the ports/portstest
// conformance suite, concurrency cases included, and behaves like the
// in-memory store (adapters/memory) in every documented way.
//
// # Use
//
//	store, err := postgres.Open(ctx, os.Getenv("DATABASE_URL"), postgres.Schema("toko"))
//	if err != nil { … }
//	defer store.Close()
//	if err := store.Migrate(ctx); err != nil { … }
//	err = store.SeedStock(ctx, cat.InitialStock().Levels())
//	svc, err := kasir.New(kasir.Deps{Store: store, …})
//
// [New] takes a *pgxpool.Pool the host application already has; [Open]
// makes one from a DSN. [Store.Migrate] brings the schema to the latest
// version and may run on every start (see Versions below).
//
// # Seeding
//
// Stock and vouchers are filled in with the same methods, of the same
// meaning, as the in-memory store's (adapters/memory), so a program seeds
// either store through one interface:
//
//   - [Store.SeedStock] sets the units left of several variants in one
//     transaction (for example catalog.Catalog.InitialStock().Levels());
//     variants it does not name keep their levels.
//   - [Store.SeedStockIfAbsent] sets only the variants the store has no
//     level for yet, so a server that seeds at every start does not undo
//     what was sold.
//   - [Store.SetStock] sets one variant's level (a restock).
//   - [Store.PutVoucher] stores a voucher, replacing the one with the same
//     code without regard to case; its redemptions so far still count.
//
// Each checks its whole input first (catalog.NewStock,
// pricing.Voucher.Validate) and stores nothing when it is refused, and each
// refuses the context of one of the store's own running units of work.
//
// # Versions
//
// The schema changes by numbered migrations embedded in the package
// (migrations/00001_initial.sql …), applied in order by goose
// (github.com/pressly/goose/v3), each in a transaction, with the versions
// applied kept in the schema's schema_migrations table. [Store.Migrate]
// applies those missing, [Store.MigrateTo] stops at a version,
// [Store.SchemaVersion] tells where a schema is. Processes migrating at
// once wait for one another on an advisory lock of the schema. Version 1
// is the schema as it was before versioning, written idempotently, so a
// database from then is taken under versioning as it is, data kept.
//
// # Schema
//
// Every table lives in one schema ([DefaultSchema] "kasir", or the one
// [Schema] names), so several stores, test runs or the host's own tables
// share a database; all SQL names the schema, nothing depends on
// search_path.
//
//	stock(variant_id PK, available CHECK 0…catalog.MaxQuantity)
//	vouchers(code_key PK = upper-cased code, code, kind, type, percent, amount,
//	    max_discount, min_subtotal, skus[], active, starts_ns, ends_ns, quota,
//	    per_customer, payment_methods[], public)
//	voucher_redemptions(code_key, order_id, customer, PK (code_key, order_id))
//	voucher_usage(code_key PK, total): live redemptions per voucher (trigger)
//	held_amounts(amount PK, order_id)
//	idempotency(key PK, request_hash, order_id, created_ns)
//	sequences(name PK, value)
//	orders(id PK, number UNIQUE, slug UNIQUE, placed_ns, placed_at, status,
//	    payment_method, payment_expires_ns, search columns, data JSONB)
//	order_counts(status, shard, n, PK (status, shard)): orders per status,
//	    kept by a trigger on orders, in shards so concurrent units rarely meet
//	abandoned(id PK, phone, status, created_ns, created_at, data JSONB)
//	schema_migrations(goose's: the versions applied)
//	outbox(seq identity PK, id UNIQUE, order_id, type, data JSONB,
//	    available_ns, attempts, delivered, delivered_ns)
//	api_keys(store_id, id, name, role, hint, hash = SHA-256 of the secret,
//	    created_ns, last_used_ns, revoked_ns, PK (store_id, id),
//	    UNIQUE (store_id, hash)): read on every admin request, never cached
//
// An order or abandoned checkout is stored whole as JSON in data (a
// checkout.Order's JSON restores it, checking its status history); the
// other columns are copies that listing filters and sorts on, rewritten
// with every save. Times the store compares are BIGINT nanoseconds since
// the Unix epoch (*_ns), exact like Go's time.Time where timestamptz keeps
// microseconds; placed_at and created_at are readable copies the store
// never reads. A page of orders walks the orders_newest index for its
// offset and limit; its total, and the summary, read order_counts when the
// filter is by status alone, so neither grows with the orders stored. Keys
// and sorted text use COLLATE "C", so they compare byte
// by byte as Go strings do. An empty order number or slug is NULL and so
// never collides.
//
// # Units of work, isolation and locking
//
// [Store.Atomic] runs a unit as one READ COMMITTED transaction: it
// commits when the function returns nil and rolls back when it returns an
// error, panics or calls runtime.Goexit. READ COMMITTED re-reads committed
// data at every statement, so each Tx method takes the lock that makes its
// read-check-write safe and holds it until the unit ends:
//
//   - ReserveStock and ReleaseStock lock the variants' stock rows
//     (SELECT … FOR UPDATE, in variant order), check the needs with the
//     domain's catalog.Stock — so errors are exactly the memory store's,
//     *catalog.OutOfStockError included — and write the differences. The
//     CHECK on available is a last guard.
//   - RedeemVoucher locks the voucher's row before counting its
//     redemptions, so a quota of n gives exactly n uses.
//   - Idempotency takes a transaction-level advisory lock on the key
//     (pg_advisory_xact_lock of a hash of schema and key): concurrent units
//     with one key run one after another, and the second finds the first's
//     record and order. PutIdempotency's primary key refuses a duplicate.
//   - HeldAmounts takes the store's kode-unik advisory lock, so concurrent
//     bank-transfer orders choose their amounts one after another; the
//     amount's primary key is the last guard (ErrAmountHeld).
//   - NextSequence is an INSERT … ON CONFLICT DO UPDATE … RETURNING, whose
//     row lock lasts until the unit ends; a rolled-back unit gives its
//     number back, so numbers have no gaps.
//   - Tx.Order locks the order's row, so two units changing one order run
//     one after another.
//
// Writes that may collide with a concurrent unit (CreateOrder, HoldAmount,
// PutIdempotency, CreateAbandoned) use INSERT … ON CONFLICT DO NOTHING and
// report ports.ErrDuplicate or ports.ErrAmountHeld without aborting the
// transaction, so a unit can go on after a refused write as it can on the
// memory store. Units take locks in the order placing an order does
// (idempotency key, vouchers, stock, kode unik, sequence, order); should
// two units still deadlock, or the database report a serialization
// failure (SQLSTATE 40P01, 40001), Atomic rolls back and runs the function
// again, at most 8 times, as ports.UnitOfWork allows.
//
// Tx.AppendEvent inserts an outbox row in the unit's transaction, so an
// event commits with its change or not at all. [Store.ClaimEvents] is one
// UPDATE over a SELECT … FOR UPDATE SKIP LOCKED of the oldest undelivered
// event of each order that is not leased: relays in several processes take
// different events without waiting, and an order's next event is not
// claimable until the one before it is delivered, so each order's events
// are delivered in order. A lease is a time in available_ns; a relay that
// dies leaves its events claimable when the lease ends. Delivered events
// stay until [Store.PruneEvents] deletes them.
//
// Reads outside a unit ([Store.Order], [Store.ListOrders] …) take no
// locks; ListOrders and ListAbandoned read the page and the total in one
// statement, so they agree. UpdateAbandoned and ConvertAbandoned lock the
// checkouts' rows in a transaction of their own.
//
// # Errors
//
// Errors are those the ports declare (ports.ErrOrderNotFound,
// ports.ErrDuplicate, ports.ErrAmountHeld …) and the domain errors the port
// methods name (catalog out_of_stock, pricing voucher_quota_exhausted …),
// each documented on the method. A failure of the database or the
// connection is kind errs.Unavailable with code unavailable, wrapping the
// driver's error (reach it with errors.As into a *pgconn.PgError); a value
// PostgreSQL cannot store (a NUL byte in a string) is invalid_input. No
// error message shows the connection's password.
//
// # Timeouts
//
// Every call runs under its context: when a request's deadline passes, the
// statement in flight is cancelled and the call returns kind Unavailable,
// code unavailable (matching context.DeadlineExceeded). A pool that [Open]
// makes also sets statement_timeout ([StatementTimeout], default
// [DefaultStatementTimeout]), so a statement that runs or waits for a lock
// too long fails the same way even without a deadline.
package postgres
