// Package postgres is ports.Store on PostgreSQL, through the pgx driver
// (github.com/jackc/pgx/v5, pgxpool): stock, vouchers and their
// redemptions, held transfer amounts (kode unik), idempotency records,
// order-number sequences, orders, abandoned checkouts, the event outbox and
// webhook endpoints, shared safely by every process that uses the
// database, for many stores (sellers) in one schema. It passes the
// ports/portstest conformance suites (ports.Store and ports.Platform,
// concurrency cases included) and behaves like the in-memory store
// (adapters/memory) in every documented way.
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
// # Many stores
//
// Every record belongs to one store, named by an id (ports.ValidateStoreID).
// The Store that New and Open return reads and writes the records of
// ports.DefaultStore ("default"), which is all a single-store deployment
// needs. [Store.ForStore] returns a handle on the same pool scoped to
// another store, at no cost (no I/O); [Store.Platform] returns the
// [ports.Platform] of the schema — those handles typed as ports.Store, and
// the stores table behind CreateStore, UpdateStore, StoreInfo, StoreByHost
// and ListStores, and [Platform.StoreState] ([ports.StoreStates]), a
// store's record with its latest configuration version in one statement,
// which the JSON API and the pages read first on every request:
//
//	tokoA, err := store.ForStore("toko-a") // *postgres.Store, with its seeding methods
//	platform := store.Platform()           // ports.Platform
//	err = platform.CreateStore(ctx, ports.StoreInfo{ID: "toko-a", Name: "Toko A", Host: "toko-a.example.com"})
//
// A handle of a store that was never created works (its tables are simply
// empty for it): creating the store records its name, host and state; the
// handle is what scopes the records.
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
// [Schema] names), so test runs or the host's own tables share a database
// with it; all SQL names the schema, nothing depends on search_path. One
// schema holds every store: each table of store-owned records has a
// store_id text COLLATE "C" column that comes first in its primary key,
// in each unique constraint and in each index, and every query the store
// sends has store_id = the handle's store. So two stores may use the same
// SKU, voucher code, transfer amount, idempotency key, order id, number or
// slug, event id or webhook id, and a store's page of orders or summary
// reads only its own index entries and counters: it costs what it costs
// with one store however many stores the schema holds.
//
//	stores(id PK, name, host UNIQUE when not NULL, disabled, created_ns)
//	stock(store_id, variant_id, available CHECK 0…catalog.MaxQuantity,
//	    PK (store_id, variant_id))
//	vouchers(store_id, code_key = upper-cased code, code, kind, type, percent,
//	    amount, max_discount, min_subtotal, skus[], active, starts_ns, ends_ns,
//	    quota, per_customer, payment_methods[], public, PK (store_id, code_key))
//	voucher_redemptions(store_id, code_key, order_id, customer,
//	    PK (store_id, code_key, order_id)), index (store_id, code_key, customer)
//	voucher_usage(store_id, code_key, total, PK (store_id, code_key)): live
//	    redemptions per voucher of a store (trigger)
//	held_amounts(store_id, amount, order_id, PK (store_id, amount))
//	idempotency(store_id, key, request_hash, order_id, created_ns,
//	    PK (store_id, key))
//	sequences(store_id, name, value, PK (store_id, name))
//	take_stock(store, variant ids, units): a function, see TakeStock below
//	orders(store_id, id, number, slug, placed_ns, placed_at, status,
//	    payment_method, payment_expires_ns, search columns, data JSONB,
//	    PK (store_id, id), UNIQUE (store_id, number), UNIQUE (store_id, slug)),
//	    indexes orders_newest (store_id, placed_ns DESC, number DESC, id DESC),
//	    orders_status (store_id, status, placed_ns DESC, number DESC, id DESC), orders_payment_expires
//	    (store_id, payment_expires_ns) and orders_unpaid_phone
//	    (store_id, phone_digits) of the orders pending payment
//	order_counts(store_id, status, shard, n, PK (store_id, status, shard)):
//	    orders per status of a store, kept by a trigger on orders, in shards
//	    so concurrent units rarely meet
//	abandoned(store_id, id, phone, status, created_ns, created_at, data JSONB,
//	    PK (store_id, id)), indexes (store_id, phone, status) and
//	    (store_id, created_ns DESC, id DESC)
//	outbox(store_id, seq identity, id, order_id, type, data JSONB,
//	    available_ns, attempts, delivered, delivered_ns, PK (store_id, seq),
//	    UNIQUE (store_id, id)), indexes of the undelivered events
//	    (store_id, seq) and (store_id, order_id, seq)
//	webhook_endpoints(store_id, id, url, secret, created_ns, PK (store_id, id))
//	store_configs(store_id, version, data, author, saved_ns,
//	    PK (store_id, version)): a store's configuration, by version
//	api_keys(store_id, id, name, role, hint, hash = SHA-256 of the secret,
//	    created_ns, last_used_ns, revoked_ns, PK (store_id, id),
//	    UNIQUE (store_id, hash)): read on every admin request, never cached
//	print_batches(store_id, id, created_ns, created_by, size, order_ids[],
//	    reprints, last_reprints JSONB, PK (store_id, id)), listed through
//	    (store_id, created_ns DESC, id DESC); ReprintBatch locks the row
//	ledger_entries(store_id, seq identity, kind, amount, order_id,
//	    withdrawal_id, reason, reference, at_ns, PK (store_id, seq)): the
//	    balance's entries, UNIQUE (store_id, order_id, kind) and
//	    (store_id, withdrawal_id, kind) so an event applied twice adds nothing
//	ledger_balances(store_id PK, balance): Σ entries, locked by a withdrawal
//	withdrawals(store_id, id, status, requested_ns, data JSONB, PK (store_id, id))
//	order_figures(store_id, order_id, placed_ns, status, payment_method,
//	    courier, grand_total, net_profit, cashback, airway_bill,
//	    PK (store_id, order_id)): what reports and COD remittances read of
//	    each order, kept by a trigger on orders that reads each figure once
//	    from the row and its document (version 19); reports aggregate an
//	    index on (store_id, placed_ns) that includes every figure
//	    (index-only)
//	buyer_accounts(store_id, id, data JSONB, PK (store_id, id)) and
//	    purchases(store_id, id, idempotency_key, buyer_account, placed_ns,
//	    data JSONB, PK (store_id, id), UNIQUE (store_id, idempotency_key),
//	    indexes (store_id, placed_ns DESC, id DESC) and (store_id,
//	    buyer_account, placed_ns DESC, id DESC)): the platform's records,
//	    with store_id ports.PlatformScope ('_platform'); orders.terms_due_ns
//	    (generated from data: the due date of a procurement order not paid
//	    in full) with the index (store_id, terms_due_ns) for the overdue
//	    and due-soon listings
//	schema_migrations(goose's: the versions applied)
//
// Version 7 added store_id to the tables of earlier versions with the
// default 'default': the records a schema held before belong to
// ports.DefaultStore, counters included.
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
// read-check-write safe and holds it until the unit ends. Every lock is of
// one store's records: row locks are on rows whose key starts with the
// store, and advisory lock keys hash the schema, the store, the purpose
// and the name, so units of two stores never wait for each other (a
// conformance test holds one store's unit open while the other's runs):
//
//   - ReserveStock and ReleaseStock lock the variants' stock rows
//     (SELECT … FOR UPDATE, in variant order), check the needs with the
//     domain's catalog.Stock — so errors are exactly the memory store's,
//     *catalog.OutOfStockError included — and write the differences. The
//     CHECK on available is a last guard.
//   - TakeStock ([ports.StockTakerTx], what placing an order calls when
//     the variants are not kept per warehouse) saves that read: in a unit
//     of Atomic it holds back one call of the take_stock function
//     (version 18), which takes the units only from rows that have them
//     and otherwise takes nothing and fails with SQLSTATE KS001. It is
//     sent with the unit's next statement (when placing an order, the
//     order-number sequence), so the stock rows are locked one round trip
//     later and held one round trip less. When it fails, the call that
//     sent it fails, and Atomic runs the unit again at once with
//     TakeStock locking and reading first as ReserveStock does: the unit
//     ends with ReserveStock's error and commits nothing, as if it had
//     reserved at once.
//   - RedeemVoucher locks the voucher's row before counting its
//     redemptions, so a quota of n gives exactly n uses.
//   - Idempotency takes a transaction-level advisory lock on the key
//     (pg_advisory_xact_lock of a hash of schema, store and key): concurrent units
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
// event of each of the handle's store's orders that is not leased (a relay
// on a store's handle sees that store's events only, and each event it
// claims names the store in ports.Event.Store): relays in several processes take
// different events without waiting, and an order's next event is not
// claimable until the one before it is delivered, so each order's events
// are delivered in order. A lease is a time in available_ns; a relay that
// dies leaves its events claimable when the lease ends. Delivered events
// stay until [Store.PruneEvents] deletes them (the handle's store's).
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
