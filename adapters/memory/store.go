package memory

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
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
	_ ports.Outbox     = (*Store)(nil)
	_ ports.Ledger     = (*Store)(nil)
	_ ports.Reports    = (*Store)(nil)
	_ ports.Tx         = (*tx)(nil)
)

// Store keeps stock, vouchers and their redemptions, held transfer amounts,
// idempotency records, sequences, orders, abandoned checkouts, webhook
// endpoints and API keys in memory.
// It implements [ports.Store]; every method is safe for concurrent use.
//
// One mutex guards the state units of work change: a unit ([Store.Atomic])
// holds it for its whole run, so units run one after another; reads take it
// shared. Order listings and counts read a separate index that a unit
// updates when it commits, so they never wait for a unit nor hold one up.
// Voucher usage per customer, held amounts and open abandoned checkouts by
// phone are indexed too: no operation scans every order, redemption or
// checkout.
// Values are copied on the way in and out, so no caller can change what is
// stored except through the Store's methods.
type Store struct {
	mu sync.RWMutex
	id string // the store's id: ports.DefaultStore, or the one a Platform gave it

	stock       map[string]int64             // variant id → units left
	whStock     map[string]map[string]int64  // warehouse id → variant id → units left
	adjusted    []ports.StockAdjustment      // the stock audit trail, oldest first
	vouchers    map[string]pricing.Voucher   // voucherKey(code) → voucher
	redemptions map[string]map[string]string // voucherKey(code) → order id → customer
	perCustomer map[string]map[string]int64  // voucherKey(code) → customer → live redemptions
	held        map[money.Money]string       // transfer amount → order id
	idempotency map[string]ports.IdempotencyRecord
	sequences   map[string]int64
	orders      map[string]*checkout.Order // id → order; never changed in place
	byNumber    map[string]string          // order number → id
	bySlug      map[string]string          // slug → id
	unpaid      map[string]int             // customer phone → orders pending payment
	listing     *orderIndex                // what listings read; its own lock
	abandoned   map[string]*checkout.Abandoned
	byPhone     map[string]map[string]bool // abandoned checkout phone → ids
	outbox      outbox                     // events appended by units of work
	webhooks    map[string]ports.WebhookEndpoint
	configs     configs                 // the configuration's versions; its own lock
	keys        apiKeys                 // API keys, by id and by hash
	pickups     map[string]ports.Pickup // id → pickup
	batches     printBatches
	byAWB       map[string]map[string]bool   // airway bill, lower case → order ids
	ledger      ledgerState                  // the balance's entries and the withdrawals
	pending     money.Money                  // Σ net profit of COD orders shipped (see pendingDelta)
	refunds     map[string][]checkout.Refund // order id → its refunds, oldest first; slices never changed in place
}

// Option configures a [Store] built by [NewStore].
type Option func(*config)

type config struct {
	stock    map[string]int64
	vouchers []pricing.Voucher
}

// WithStock seeds the new store's stock as [Store.SeedStock] does: the
// units left per variant id, for example
// catalog.Catalog.InitialStock().Levels(). Later options add to or replace
// levels of earlier ones.
func WithStock(levels map[string]int64) Option {
	return func(c *config) {
		if c.stock == nil {
			c.stock = map[string]int64{}
		}
		maps.Copy(c.stock, levels)
	}
}

// WithVouchers stores vouchers in the new store as [Store.PutVoucher] does,
// except that codes must be unique without regard to case.
func WithVouchers(vouchers ...pricing.Voucher) Option {
	return func(c *config) { c.vouchers = append(c.vouchers, vouchers...) }
}

// NewStore returns a store holding the stock and vouchers the options give,
// and nothing else, as the store [ports.DefaultStore] (a [Platform] holds
// one Store per store): WithStock and WithVouchers are [Store.SeedStock] and
// [Store.PutVoucher] at construction. Errors are invalid_input naming the
// field: a stock level that catalog.NewStock refuses (an empty variant id,
// a level below 0 or above catalog.MaxQuantity), a voucher that fails
// pricing.Voucher.Validate ("vouchers[i]…"), or two vouchers with the same
// code.
func NewStore(opts ...Option) (*Store, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	s := &Store{
		id:          ports.DefaultStore,
		stock:       map[string]int64{},
		whStock:     map[string]map[string]int64{},
		vouchers:    map[string]pricing.Voucher{},
		redemptions: map[string]map[string]string{},
		perCustomer: map[string]map[string]int64{},
		held:        map[money.Money]string{},
		idempotency: map[string]ports.IdempotencyRecord{},
		sequences:   map[string]int64{},
		orders:      map[string]*checkout.Order{},
		byNumber:    map[string]string{},
		bySlug:      map[string]string{},
		unpaid:      map[string]int{},
		listing:     newOrderIndex(),
		abandoned:   map[string]*checkout.Abandoned{},
		byPhone:     map[string]map[string]bool{},
		byAWB:       map[string]map[string]bool{},
	}
	ctx := context.Background() // no unit of work of s can be running yet
	if err := s.SeedStock(ctx, c.stock); err != nil {
		return nil, err
	}
	for i, v := range c.vouchers {
		field := fmt.Sprintf("vouchers[%d]", i)
		if err := v.Validate(); err != nil {
			return nil, errs.At(field, err)
		}
		if _, dup := s.vouchers[voucherKey(v.Code)]; dup {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: voucher code %q is given twice", v.Code).WithField(field + ".code")
		}
		if err := s.PutVoucher(ctx, v); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// txKey marks the context a unit of work passes to its function.
type txKey struct{}

// errInsideUnit is returned when the Store itself (not the Tx) is called
// with the context of one of its running units, which would deadlock.
var errInsideUnit = errs.E(errs.Other, errs.CodeInternal, "memory: the store was called inside its own unit of work; use the Tx")

// inUnit reports whether ctx belongs to a unit of work of s that is still
// running.
func (s *Store) inUnit(ctx context.Context) bool {
	t, ok := ctx.Value(txKey{}).(*tx)
	return ok && t.s == s && !t.done.Load() || s.inStoresUnit(ctx)
}

// Atomic runs fn as one unit of work: it holds the store's lock for the
// whole run, applies fn's writes as they happen and records how to undo
// each; when fn returns an error or panics, every write is undone exactly
// and Atomic returns the error unchanged (or lets the panic continue). fn
// never runs twice. The Tx must be used only by fn's goroutine, and fn must
// not call the Store itself (only the Tx): doing so with the context fn got
// returns an internal error instead of deadlocking. Errors: fn's error,
// ctx.Err() when ctx is done before the unit starts, internal for a nil fn
// or a nested unit.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context, tx ports.Tx) error) error {
	if fn == nil {
		return errs.E(errs.Other, errs.CodeInternal, "memory: Atomic needs a function")
	}
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	t := &tx{s: s}
	t.undo, t.written = t.undoSpace[:0], t.writtenSpace[:0]
	committed := false
	// Runs on return, on panic and on runtime.Goexit alike.
	defer func() {
		if !committed {
			t.rollback()
		}
		t.done.Store(true)
		s.mu.Unlock()
	}()
	if err := fn(context.WithValue(ctx, txKey{}, t), t); err != nil {
		return err
	}
	committed = true
	s.listing.publish(t.written)
	return nil
}

// tx is the store inside a unit of work. It writes to the live state and
// keeps an undo log.
type tx struct {
	s       *Store
	undo    []func()
	written []*checkout.Order // order versions to publish to listings on commit
	done    atomic.Bool
	// The first entries of undo and written, in the unit's own allocation
	// (placing an order records six undos and writes one order).
	undoSpace    [8]func()
	writtenSpace [2]*checkout.Order
}

var errTxDone = errs.E(errs.Other, errs.CodeInternal, "memory: Tx used after its unit of work ended")

func (t *tx) check() error {
	if t.done.Load() {
		return errTxDone
	}
	return nil
}

func (t *tx) onRollback(f func()) { t.undo = append(t.undo, f) }

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

// withMessage returns a copy of a ports sentinel (same code, kind and
// field, so errors.Is matches it) with a message naming the record.
func withMessage(base *errs.Error, format string, args ...any) *errs.Error {
	e := *base
	e.Message = fmt.Sprintf(format, args...)
	return &e
}
