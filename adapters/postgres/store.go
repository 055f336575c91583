package postgres

import (
	"context"
	"errors"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// Compile-time checks that Store provides every store port.
var (
	_ ports.Store      = (*Store)(nil)
	_ ports.UnitOfWork = (*Store)(nil)
	_ ports.Orders     = (*Store)(nil)
	_ ports.Stock      = (*Store)(nil)
	_ ports.Vouchers   = (*Store)(nil)
	_ ports.Abandoned  = (*Store)(nil)
	_ ports.Ledger     = (*Store)(nil)
	_ ports.Tx         = (*tx)(nil)
)

// DefaultSchema is the schema a Store keeps its tables in unless [Schema]
// names another.
const DefaultSchema = "kasir"

// maxAttempts bounds how often Atomic runs a unit that lost a race the
// database detected (a deadlock or serialization failure).
const maxAttempts = 8

// Store keeps stock, vouchers and their redemptions, held transfer amounts,
// idempotency records, sequences, orders, abandoned checkouts, outbox
// events and webhook endpoints in PostgreSQL tables of one schema, which
// holds the records of many stores. A Store is a handle on one store's
// records: [ports.DefaultStore]'s as New and Open return it, another's
// through [Store.ForStore] (or [Platform.ForStore]). It implements
// [ports.Store]; every method is safe for concurrent use, from one process
// or many sharing the database. See the package documentation for the
// tables and the locking.
type Store struct {
	pool      *pgxpool.Pool
	owned     bool   // Open made the pool, so Close closes it
	schema    string // the schema's name
	schemaSQL string // the schema's name quoted for SQL
	password  string // hidden in error messages
	// store is the id of the store whose records this handle reads and
	// writes (ports.DefaultStore unless ForStore scoped it). Every query
	// on a table of store-owned records has store_id = s.store.
	store string
}

// Option configures a [Store] built by [New] or [Open].
type Option func(*config)

type config struct {
	schema           string
	statementTimeout time.Duration
}

// Schema sets the schema that holds the store's tables (default
// [DefaultSchema]), so several stores — or a store and the host
// application's own tables — share one database. The name is used as given
// (case kept, quoted in SQL); it must be 1 to 63 bytes.
func Schema(name string) Option {
	return func(c *config) { c.schema = name }
}

// New returns a store on a pool the caller made and keeps: Close does not
// close it. It does not touch the database; call [Store.Migrate] to create
// the tables. Errors: invalid_input (field "schema") for an empty or too
// long schema name or one holding a NUL byte; internal for a nil pool.
func New(ctx context.Context, pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	if pool == nil {
		return nil, errs.E(errs.Other, errs.CodeInternal, "postgres: New needs a pool")
	}
	c := newConfig(opts)
	if c.schema == "" || len(c.schema) > 63 || strings.ContainsRune(c.schema, 0) {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "postgres: a schema name must be 1 to 63 bytes without NUL, got %q", c.schema).WithField("schema")
	}
	s := &Store{
		pool:      pool,
		schema:    c.schema,
		schemaSQL: pgx.Identifier{c.schema}.Sanitize(),
		store:     ports.DefaultStore,
	}
	if cfg := pool.Config(); cfg != nil && cfg.ConnConfig != nil {
		s.password = cfg.ConnConfig.Password
	}
	return s, nil
}

// Open connects to the database at dsn (a URL such as
// postgres://user:password@host:5432/db?sslmode=disable, or key=value
// pairs) with a pool of its own, checks that it answers, and returns a
// store on it; Close closes the pool. It does not create tables: call
// [Store.Migrate]. Errors: invalid_input (field "dsn") for a connection
// string that cannot be parsed, an adapter error (kind Unavailable) when
// the database cannot be reached, and those of [New]. No error message
// shows the password.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx masks the password only as far as it can read the string;
		// say nothing of the string at all.
		return nil, errs.Wrap(errs.Invalid, errs.CodeInvalidInput, hidden{err}, "postgres: the connection string cannot be parsed").WithField("dsn")
	}
	if d := newConfig(opts).statementTimeout; d > 0 {
		cfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(d.Milliseconds(), 10)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, errs.CodeUnavailable, redacted{err, cfg.ConnConfig.Password}, "postgres: open")
	}
	s, err := New(ctx, pool, opts...)
	if err != nil {
		pool.Close()
		return nil, err
	}
	s.owned = true
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, s.dbErr("connect", err)
	}
	return s, nil
}

// hidden keeps an error reachable with errors.As but shows none of its
// message (a connection string parse error may quote the password).
type hidden struct{ err error }

func (h hidden) Error() string { return "invalid connection string" }
func (h hidden) Unwrap() error { return h.err }

// Close closes the pool when [Open] made it; a store from [New] leaves the
// caller's pool open. The store must not be used after.
func (s *Store) Close() {
	if s.owned {
		s.pool.Close()
	}
}

// ForStore returns a handle on the same pool and schema scoped to one
// store's records: everything it reads or writes belongs to that store
// (see [ports.Platform]), and its locks never make another store's units
// wait. It does no I/O and does not check that the store was created; the
// handle does not close the pool. [Store.Platform] gives the same handles
// as a ports.Platform. Errors: invalid_input at "store" for an id
// ports.ValidateStoreID refuses.
func (s *Store) ForStore(id string) (*Store, error) {
	if err := ports.ValidateStoreID(id); err != nil {
		return nil, err
	}
	c := *s
	c.owned = false // only the handle Open returned closes the pool
	c.store = id
	return &c, nil
}

// StoreID returns the id of the store the handle is scoped to.
func (s *Store) StoreID() string { return s.store }

// Pool returns the pool the store runs on.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// SchemaName returns the name of the schema holding the store's tables.
func (s *Store) SchemaName() string { return s.schema }

// txKey marks the context a unit of work passes to its function.
type txKey struct{}

// inUnit reports whether ctx belongs to a unit of work of s that is still
// running.
func (s *Store) inUnit(ctx context.Context) bool {
	t, ok := ctx.Value(txKey{}).(*tx)
	return ok && t.s == s && !t.done.Load() || s.inStoresUnit(ctx)
}

// Atomic runs fn as one unit of work: one READ COMMITTED transaction that
// commits when fn returns nil and rolls back when it returns an error or
// panics (the panic then goes on). Each Tx method takes the row or advisory
// locks that make concurrent units behave as if run one after another (see
// the package documentation). When the database reports a deadlock or a
// serialization failure, the transaction is rolled back and fn runs again,
// at most 8 times in all, so fn must do its side effects only through the
// Tx. The Tx must be used only by fn's goroutine and fn must not call the
// Store itself (only the Tx): doing so with the context fn got is an
// internal error. Errors: fn's error unchanged; kind Unavailable (code
// unavailable, matching ctx.Err()) when ctx ends before a run starts; an
// adapter error (kind Unavailable) when the database cannot begin or
// commit; internal for a nil fn or a nested unit.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context, tx ports.Tx) error) error {
	if fn == nil {
		return errs.E(errs.Other, errs.CodeInternal, "postgres: Atomic needs a function")
	}
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	careful := false
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return ended(err)
		}
		// A unit may leave its stock check to its next round trip
		// (TakeStock) unless that check failed in the run before, or
		// this is the last run.
		again, short, err := s.attempt(ctx, fn, !careful && attempt < maxAttempts)
		if !again || attempt == maxAttempts {
			return err
		}
		if short {
			// A variant had too few units: run again at once, checking
			// stock as the unit asks for it, for the exact error.
			careful = true
			continue
		}
		// Back off a little, more each time, so the units that deadlocked
		// do not meet again at once.
		d := time.Duration(attempt)*time.Millisecond + rand.N(time.Duration(attempt)*5*time.Millisecond)
		select {
		case <-ctx.Done():
			return ended(ctx.Err())
		case <-time.After(d):
		}
	}
}

// attempt runs fn once in a transaction and reports whether the unit
// should run again, whether it must because a stock check left to a
// later round trip failed (short), and its error. takeLate lets TakeStock
// leave its check to the unit's next round trip.
func (s *Store) attempt(ctx context.Context, fn func(ctx context.Context, tx ports.Tx) error, takeLate bool) (again, short bool, err error) {
	t, err := s.begin(ctx, "begin")
	if err != nil {
		return false, false, err
	}
	t.takeLate = takeLate
	// Runs on return, on panic and on runtime.Goexit alike.
	defer t.end(ctx)
	if err := fn(context.WithValue(ctx, txKey{}, t), t); err != nil {
		return t.lostRace.Load(), t.short, err
	}
	if t.lostRace.Load() {
		// fn went on after a statement lost a race; the transaction is
		// aborted, so run the unit again.
		return true, t.short, t.lostErr
	}
	if err := t.commit(ctx, "commit"); err != nil {
		return t.lostRace.Load(), t.short, err
	}
	return false, false, nil
}

// rollback ends a transaction that is not to be committed, even when ctx
// is already done.
func rollback(ctx context.Context, pt pgx.Tx) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = pt.Rollback(rctx)
}

// inTx runs fn in a transaction of the store's own (not a unit of work):
// commit when fn returns nil, rollback on error or panic. fn runs once.
func (s *Store) inTx(ctx context.Context, op string, fn func(ctx context.Context, t *tx) error) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	t, err := s.begin(ctx, op)
	if err != nil {
		return err
	}
	defer t.end(ctx)
	if err := fn(ctx, t); err != nil {
		return err
	}
	return t.commit(ctx, op)
}

// lockKey is the advisory lock key of a purpose and a name within the
// handle's store and schema: two stores, in one schema or in two, never
// wait for each other's locks (unless two keys' hashes meet, which only
// makes one unit wait for another to end).
func (s *Store) lockKey(purpose, name string) int64 {
	return hashKey(s.schema, s.store, purpose, name)
}

// schemaLockKey is the advisory lock key of a purpose for the whole
// schema, whatever store the handle is scoped to (migrating).
func (s *Store) schemaLockKey(purpose string) int64 {
	return hashKey(s.schema, purpose, "")
}

// hashKey is the FNV-1a hash of parts joined by NUL bytes.
func hashKey(parts ...string) int64 {
	h := fnv.New64a()
	for i, part := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(part))
	}
	return int64(h.Sum64())
}

// tx is a transaction of the store: the ports.Tx of a unit of work, or the
// store's own transaction for a multi-statement write.
//
// A tx saves round trips in two ways. Its BEGIN is not sent on its own: it
// goes in one batch with the transaction's first statement. And a write
// whose answer nothing waits for (see later) is held back and sent in one
// batch with the next statement, or with the COMMIT, in the order it was
// made: every statement still runs after the writes made before it, so
// the transaction sees its own writes exactly as if each had been sent at
// once. An error of a held-back write is the error of the call that sent
// it, and of every call after it (the transaction is then aborted).
type tx struct {
	s *Store
	// session is the connection and its transaction's state, shared by
	// the Txs of a unit across stores (each scoped to its store by s).
	*session
	// vouchers are the vouchers whose rows the unit has locked, by code
	// key, as read under the lock: no other unit can change them until
	// this one ends.
	vouchers map[string]pricing.Voucher
	// usage are the uses of locked vouchers as counted by this unit.
	usage map[usageKey]pricing.Usage
}

// session is a transaction on one connection: what the tx of each store
// in a unit shares.
type session struct {
	conn     *pgxpool.Conn
	begun    bool      // BEGIN has been sent
	later    []pending // writes held back, in order
	broken   error     // a held-back write failed: every call fails with it
	done     atomic.Bool
	lostRace atomic.Bool // a statement hit a deadlock or serialization failure
	lostErr  error
	// takeLate lets TakeStock hold its checked update back (Atomic's
	// runs only); short records that such an update found too few units.
	takeLate bool
	short    bool
}

// pending is a write held back until the transaction's next round trip.
type pending struct {
	op   string
	sql  string
	args []any
	// refused maps the write's own error (a unique key violated, say) to
	// the error the caller would have had; nil keeps the database error.
	refused func(*pgconn.PgError) error
}

const beginSQL = `begin isolation level read committed`

// begin starts a transaction on a connection of the pool; nothing is sent
// until its first statement.
func (s *Store) begin(ctx context.Context, op string) (*tx, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, s.dbErr(op, err)
	}
	return &tx{s: s, session: &session{conn: conn}}, nil
}

// end rolls the transaction back unless it committed, and gives its
// connection back to the pool (which drops a connection left in a broken
// state).
func (t *tx) end(ctx context.Context) {
	t.done.Store(true)
	if t.conn == nil {
		return
	}
	if t.conn.Conn().PgConn().TxStatus() != 'I' {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_, _ = t.conn.Exec(rctx, "rollback")
		cancel()
	}
	t.conn.Release()
	t.conn = nil
}

// commit sends the held-back writes and the COMMIT in one round trip.
func (t *tx) commit(ctx context.Context, op string) error {
	if err := t.check(); err != nil {
		return err
	}
	t.done.Store(true)
	if !t.begun && len(t.later) == 0 {
		return nil // nothing was sent: there is nothing to commit
	}
	var b pgx.Batch
	n := t.prefix(&b)
	b.Queue("commit")
	br := t.conn.SendBatch(ctx, &b)
	defer br.Close()
	if err := t.drain(br, n); err != nil {
		return err
	}
	tag, err := br.Exec()
	if err == nil {
		err = br.Close()
	}
	if err != nil {
		return t.fail(op, err)
	}
	if tag.String() != "COMMIT" {
		return t.s.dbErr(op, errors.New("the transaction was rolled back"))
	}
	return nil
}

func (t *tx) check() error {
	if t.broken != nil {
		return t.broken
	}
	if t.done.Load() {
		return errTxDone
	}
	return nil
}

// fail maps a driver error and remembers whether it asks for a rerun.
func (t *tx) fail(op string, err error) error {
	if retryable(err) && !t.lostRace.Load() {
		t.lostErr = t.s.dbErr(op, err)
		t.lostRace.Store(true)
	}
	return t.s.dbErr(op, err)
}

// holdBack holds a write back until the transaction's next round trip (see
// tx). refused, when not nil, maps the write's own database error.
func (t *tx) holdBack(op, sql string, refused func(*pgconn.PgError) error, args ...any) error {
	if err := t.check(); err != nil {
		return err
	}
	t.later = append(t.later, pending{op: op, sql: t.s.q(sql), args: args, refused: refused})
	return nil
}

// pipelined reports whether the next statement must carry the BEGIN or
// held-back writes with it.
func (t *tx) pipelined() bool { return !t.begun || len(t.later) > 0 }

// prefix queues the BEGIN (when not sent yet) and the held-back writes in
// b, and returns how many statements it queued.
func (t *tx) prefix(b *pgx.Batch) int {
	n := 0
	if !t.begun {
		b.Queue(beginSQL)
		n++
	}
	for _, w := range t.later {
		b.Queue(w.sql, w.args...)
		n++
	}
	return n
}

// drain reads the results of the n statements prefix queued.
func (t *tx) drain(br pgx.BatchResults, n int) error {
	later := t.later
	t.later = nil
	first := 0
	if !t.begun {
		first = 1
	}
	for i := range n {
		_, err := br.Exec()
		if i == 0 && first == 1 && err == nil {
			t.begun = true
		}
		if err == nil {
			continue
		}
		if i < first {
			t.broken = t.fail("begin", err)
			return t.broken
		}
		w := later[i-first]
		var pg *pgconn.PgError
		if w.refused != nil && errors.As(err, &pg) {
			if mapped := w.refused(pg); mapped != nil {
				t.broken = mapped
				return mapped
			}
		}
		t.broken = t.fail(w.op, err)
		return t.broken
	}
	return nil
}

// send sends b's statements after the BEGIN and held-back writes, in one
// round trip, and returns the results of b's own statements.
func (t *tx) send(ctx context.Context, b *pgx.Batch) (pgx.BatchResults, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	var all pgx.Batch
	n := t.prefix(&all)
	all.QueuedQueries = append(all.QueuedQueries, b.QueuedQueries...)
	br := t.conn.SendBatch(ctx, &all)
	if err := t.drain(br, n); err != nil {
		_ = br.Close()
		return nil, err
	}
	return br, nil
}

func (t *tx) exec(ctx context.Context, op, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := t.check(); err != nil {
		return pgconn.CommandTag{}, err
	}
	if !t.pipelined() {
		tag, err := t.conn.Exec(ctx, t.s.q(sql), args...)
		if err != nil {
			return tag, t.fail(op, err)
		}
		return tag, nil
	}
	var b pgx.Batch
	b.Queue(t.s.q(sql), args...)
	br, err := t.send(ctx, &b)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return tag, t.fail(op, err)
	}
	return tag, nil
}

// queryRow scans one row; pgx.ErrNoRows comes back unwrapped so callers
// can tell a missing record.
func (t *tx) queryRow(ctx context.Context, op, sql string, args []any, dest ...any) error {
	if err := t.check(); err != nil {
		return err
	}
	var err error
	if !t.pipelined() {
		err = t.conn.QueryRow(ctx, t.s.q(sql), args...).Scan(dest...)
	} else {
		var b pgx.Batch
		b.Queue(t.s.q(sql), args...)
		br, serr := t.send(ctx, &b)
		if serr != nil {
			return serr
		}
		err = br.QueryRow().Scan(dest...)
		if cerr := br.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return t.fail(op, err)
	}
	return err
}

func (t *tx) query(ctx context.Context, op, sql string, args ...any) (pgx.Rows, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if !t.pipelined() {
		rows, err := t.conn.Query(ctx, t.s.q(sql), args...)
		if err != nil {
			return nil, t.fail(op, err)
		}
		return rows, nil
	}
	var b pgx.Batch
	b.Queue(t.s.q(sql), args...)
	br, err := t.send(ctx, &b)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		_ = br.Close()
		return nil, t.fail(op, err)
	}
	return batchRows{Rows: rows, br: br}, nil
}

// batchRows are the rows of a batch's last statement: closing them closes
// the batch.
type batchRows struct {
	pgx.Rows
	br pgx.BatchResults
}

func (r batchRows) Close() {
	r.Rows.Close()
	_ = r.br.Close()
}

// lock takes a transaction-level advisory lock, held until the transaction
// ends.
func (t *tx) lock(ctx context.Context, purpose, name string) error {
	_, err := t.exec(ctx, "lock "+purpose, lockSQL, t.s.lockKey(purpose, name))
	return err
}

const lockSQL = `SELECT pg_advisory_xact_lock($1)`

// lockThen takes a transaction-level advisory lock, as lock does, and runs
// the query sql after it in the same round trip (one batch): the query
// starts once the lock is held, so it sees what the lock's last holder
// committed. read reads the query's rows; they are closed after it.
func (t *tx) lockThen(ctx context.Context, purpose, name, sql string, args []any, read func(pgx.Rows) error) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "lock " + purpose
	var b pgx.Batch
	b.Queue(t.s.q(lockSQL), t.s.lockKey(purpose, name))
	b.Queue(t.s.q(sql), args...)
	br, err := t.send(ctx, &b)
	if err != nil {
		return err
	}
	if _, err := br.Exec(); err != nil {
		_ = br.Close()
		return t.fail(op, err)
	}
	rows, err := br.Query()
	if err == nil {
		err = read(rows)
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return t.fail(purpose, err)
	}
	return err
}

// scanOne reads the one row of rows into dest: pgx.ErrNoRows when there
// is none.
func scanOne(dest ...any) func(pgx.Rows) error {
	return func(rows pgx.Rows) error {
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return pgx.ErrNoRows
		}
		return rows.Scan(dest...)
	}
}

// decodeError carries a stored record that cannot be read out of a read
// transaction, so that it is not reported as the database's error.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }

// readTx runs fn in a read-only REPEATABLE READ transaction of the pool, so
// that the queries fn sends see one snapshot.
func (s *Store) readTx(ctx context.Context, fn func(pgx.Tx) error) error {
	pt, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer rollback(ctx, pt)
	if err := fn(pt); err != nil {
		return err
	}
	return pt.Commit(ctx)
}

// listPage runs a page query whose rows are (total, id, data), with one
// row of a NULL id for an empty page, and decodes each record.
func listPage[T any](ctx context.Context, s *Store, what, sql string, args []any, decode func(id string, data []byte) (T, error)) ([]T, int, error) {
	rows, err := s.pool.Query(ctx, s.q(sql), args...)
	if err != nil {
		return nil, 0, s.dbErr(what, err)
	}
	out := []T{}
	var total int
	var id *string
	var data []byte
	var bad error
	if _, err := pgx.ForEachRow(rows, []any{&total, &id, &data}, func() error {
		if id == nil {
			return nil // the empty page
		}
		v, err := decode(*id, data)
		if err != nil {
			bad = err
			return err
		}
		out = append(out, v)
		return nil
	}); err != nil {
		if bad != nil {
			return nil, 0, bad
		}
		return nil, 0, s.dbErr(what, err)
	}
	return out, total, nil
}
