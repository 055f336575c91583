package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
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
	_ ports.Outbox     = (*Store)(nil)
	_ ports.Tx         = (*tx)(nil)
)

// Store keeps stock, vouchers and their redemptions, held transfer amounts,
// idempotency records, sequences, orders and abandoned checkouts in memory.
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

	stock       map[string]int64             // variant id → units left
	vouchers    map[string]pricing.Voucher   // voucherKey(code) → voucher
	redemptions map[string]map[string]string // voucherKey(code) → order id → customer
	perCustomer map[string]map[string]int64  // voucherKey(code) → customer → live redemptions
	held        map[pricing.Money]string     // transfer amount → order id
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
}

// Option configures a [Store] built by [NewStore].
type Option func(*config)

type config struct {
	stock    map[string]int64
	vouchers []pricing.Voucher
}

// WithStock sets the initial units left per variant id, for example
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

// WithVouchers adds stored vouchers. Codes must be unique without regard to
// case.
func WithVouchers(vouchers ...pricing.Voucher) Option {
	return func(c *config) { c.vouchers = append(c.vouchers, vouchers...) }
}

// NewStore returns a store holding the stock and vouchers the options give,
// and nothing else. Errors are invalid_input naming the field: a stock
// level that catalog.NewStock refuses (an empty variant id, a level below 0
// or above catalog.MaxQuantity), a voucher that fails
// pricing.Voucher.Validate ("vouchers[i]…"), or two vouchers with the same
// code.
func NewStore(opts ...Option) (*Store, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if _, err := catalog.NewStock(c.stock); err != nil {
		return nil, err
	}
	s := &Store{
		stock:       maps.Clone(c.stock),
		vouchers:    map[string]pricing.Voucher{},
		redemptions: map[string]map[string]string{},
		perCustomer: map[string]map[string]int64{},
		held:        map[pricing.Money]string{},
		idempotency: map[string]ports.IdempotencyRecord{},
		sequences:   map[string]int64{},
		orders:      map[string]*checkout.Order{},
		byNumber:    map[string]string{},
		bySlug:      map[string]string{},
		unpaid:      map[string]int{},
		listing:     newOrderIndex(),
		abandoned:   map[string]*checkout.Abandoned{},
		byPhone:     map[string]map[string]bool{},
	}
	if s.stock == nil {
		s.stock = map[string]int64{}
	}
	for i, v := range c.vouchers {
		field := fmt.Sprintf("vouchers[%d]", i)
		if err := v.Validate(); err != nil {
			return nil, errs.At(field, err)
		}
		k := voucherKey(v.Code)
		if _, dup := s.vouchers[k]; dup {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: voucher code %q is given twice", v.Code).WithField(field + ".code")
		}
		s.vouchers[k] = cloneVoucher(v)
	}
	return s, nil
}

// SetStock sets the units left of a variant (a restock, or a variant added
// to the catalog), outside any unit of work. Errors: invalid_input for an
// empty variant id or a level below 0 or above catalog.MaxQuantity.
func (s *Store) SetStock(variantID string, units int64) error {
	var check catalog.Stock
	if err := check.Set(variantID, units); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stock[variantID] = units
	return nil
}

// PutVoucher stores a voucher, replacing the one with the same code
// (without regard to case); its redemptions so far still count. Errors: the
// invalid_input of pricing.Voucher.Validate.
func (s *Store) PutVoucher(v pricing.Voucher) error {
	if err := v.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vouchers[voucherKey(v.Code)] = cloneVoucher(v)
	return nil
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
	return ok && t.s == s && !t.done.Load()
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

// StockLevels implements [ports.Tx].
func (t *tx) StockLevels(_ context.Context, variantIDs []string) (map[string]int64, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return t.s.levels(variantIDs), nil
}

// scratch returns a catalog.Stock holding the current levels of the
// variants needs name (0 for a variant the store does not know), so that
// the domain's rules check and apply them.
func (t *tx) scratch(needs []catalog.Need) (*catalog.Stock, error) {
	levels := make(map[string]int64, len(needs))
	for _, n := range needs {
		levels[n.VariantID] = t.s.stock[n.VariantID]
	}
	return catalog.NewStock(levels)
}

// changeStock applies change (reserve or release) to a scratch copy of the
// levels needs touch and stores the result, so an error changes nothing.
func (t *tx) changeStock(needs []catalog.Need, change func(*catalog.Stock, []catalog.Need) error) error {
	if err := t.check(); err != nil {
		return err
	}
	st, err := t.scratch(needs)
	if err != nil {
		return err
	}
	if err := change(st, needs); err != nil {
		return err
	}
	t.apply(st)
	return nil
}

// apply stores the scratch levels, undoably.
func (t *tx) apply(st *catalog.Stock) {
	for id, v := range st.Levels() {
		old, had := t.s.stock[id]
		if had && old == v {
			continue
		}
		t.s.stock[id] = v
		t.onRollback(func() {
			if had {
				t.s.stock[id] = old
			} else {
				delete(t.s.stock, id)
			}
		})
	}
}

// ReserveStock implements [ports.Tx]. A variant the store does not know has
// 0 units left. Errors (nothing is then taken): *catalog.OutOfStockError;
// invalid_quantity for a quantity ≤ 0 or above catalog.MaxQuantity;
// invalid_input for an empty variant id.
func (t *tx) ReserveStock(_ context.Context, needs []catalog.Need) error {
	return t.changeStock(needs, (*catalog.Stock).Reserve)
}

// ReleaseStock implements [ports.Tx]. Releasing to a variant the store does
// not know adds it. Errors (nothing is then given back): invalid_quantity,
// invalid_input for an empty variant id or a level that would rise above
// catalog.MaxQuantity.
func (t *tx) ReleaseStock(_ context.Context, needs []catalog.Need) error {
	return t.changeStock(needs, (*catalog.Stock).Release)
}

// Voucher implements [ports.Tx].
func (t *tx) Voucher(_ context.Context, code string) (pricing.Voucher, error) {
	if err := t.check(); err != nil {
		return pricing.Voucher{}, err
	}
	return t.s.voucher(code)
}

// VoucherUsage implements [ports.Tx]. An unknown code has no usage.
func (t *tx) VoucherUsage(_ context.Context, code, customer string) (pricing.Usage, error) {
	if err := t.check(); err != nil {
		return pricing.Usage{}, err
	}
	return t.s.usage(code, customer), nil
}

// RedeemVoucher implements [ports.Tx]. Errors: voucher_not_found;
// voucher_quota_exhausted (kind Conflict) and voucher_customer_limit as
// pricing.Voucher.CheckUsable returns them; ports.ErrDuplicate when the
// order already holds a use of the voucher; invalid_input for an empty
// order id.
func (t *tx) RedeemVoucher(_ context.Context, r ports.Redemption) error {
	if err := t.check(); err != nil {
		return err
	}
	if r.OrderID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: a redemption needs an order id").WithField("order_id")
	}
	v, err := t.s.voucher(r.Code)
	if err != nil {
		return err
	}
	k := voucherKey(r.Code)
	if _, dup := t.s.redemptions[k][r.OrderID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: order %q already redeemed voucher %s", r.OrderID, v.Code)
	}
	// Only the quota and the per-customer limit are the store's to enforce;
	// reuse pricing's check and its errors for them.
	limits := pricing.Voucher{VoucherRule: v.VoucherRule, Active: true, Quota: v.Quota, PerCustomer: v.PerCustomer}
	if err := limits.CheckUsable(limits.StartsAt, "", t.s.usage(r.Code, r.Customer)); err != nil {
		return err
	}
	if t.s.redemptions[k] == nil {
		t.s.redemptions[k] = map[string]string{}
	}
	t.s.redemptions[k][r.OrderID] = r.Customer
	t.s.countCustomer(k, r.Customer, 1)
	t.onRollback(func() {
		delete(t.s.redemptions[k], r.OrderID)
		t.s.countCustomer(k, r.Customer, -1)
	})
	return nil
}

// ReleaseVoucher implements [ports.Tx].
func (t *tx) ReleaseVoucher(_ context.Context, code, orderID string) error {
	if err := t.check(); err != nil {
		return err
	}
	k := voucherKey(code)
	customer, ok := t.s.redemptions[k][orderID]
	if !ok {
		return nil
	}
	delete(t.s.redemptions[k], orderID)
	t.s.countCustomer(k, customer, -1)
	t.onRollback(func() {
		t.s.redemptions[k][orderID] = customer
		t.s.countCustomer(k, customer, 1)
	})
	return nil
}

// HeldAmounts implements [ports.Tx]; the amounts come in ascending order.
func (t *tx) HeldAmounts(_ context.Context, min, max pricing.Money) ([]pricing.Money, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	var out []pricing.Money
	if max >= min && uint64(max-min) < uint64(len(t.s.held)) {
		// A kode unik range is narrower than the amounts held: look each
		// amount up rather than scan them all.
		for d := pricing.Money(0); d <= max-min; d++ {
			if a := min + d; t.s.held[a] != "" {
				out = append(out, a)
			}
		}
		return out, nil
	}
	for a := range t.s.held {
		if a >= min && a <= max {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out, nil
}

// HoldAmount implements [ports.Tx]. Holding an amount the order already
// holds succeeds. Errors: ports.ErrAmountHeld; invalid_input for an amount
// ≤ 0 or an empty order id.
func (t *tx) HoldAmount(_ context.Context, amount pricing.Money, orderID string) error {
	if err := t.check(); err != nil {
		return err
	}
	if amount <= 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: a held amount must be positive, got %s", amount).WithField("amount")
	}
	if orderID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: a held amount needs an order id").WithField("order_id")
	}
	switch holder, ok := t.s.held[amount]; {
	case ok && holder == orderID:
		return nil
	case ok:
		return withMessage(ports.ErrAmountHeld, "memory: transfer amount %s is held by another order", amount)
	}
	t.s.held[amount] = orderID
	t.onRollback(func() { delete(t.s.held, amount) })
	return nil
}

// ReleaseAmount implements [ports.Tx].
func (t *tx) ReleaseAmount(_ context.Context, amount pricing.Money, orderID string) error {
	if err := t.check(); err != nil {
		return err
	}
	if holder, ok := t.s.held[amount]; ok && holder == orderID {
		delete(t.s.held, amount)
		t.onRollback(func() { t.s.held[amount] = holder })
	}
	return nil
}

// Idempotency implements [ports.Tx]. Errors: ports.ErrNotFound.
func (t *tx) Idempotency(_ context.Context, key string) (ports.IdempotencyRecord, error) {
	if err := t.check(); err != nil {
		return ports.IdempotencyRecord{}, err
	}
	rec, ok := t.s.idempotency[key]
	if !ok {
		return ports.IdempotencyRecord{}, withMessage(ports.ErrNotFound, "memory: no idempotency record for key %q", key)
	}
	return rec, nil
}

// PutIdempotency implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for an empty key.
func (t *tx) PutIdempotency(_ context.Context, rec ports.IdempotencyRecord) error {
	if err := t.check(); err != nil {
		return err
	}
	if rec.Key == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: an idempotency record needs a key").WithField("key")
	}
	if _, dup := t.s.idempotency[rec.Key]; dup {
		return withMessage(ports.ErrDuplicate, "memory: idempotency key %q is already used", rec.Key)
	}
	t.s.idempotency[rec.Key] = rec
	t.onRollback(func() { delete(t.s.idempotency, rec.Key) })
	return nil
}

// NextSequence implements [ports.Tx]; a rolled-back unit gives its numbers
// back.
func (t *tx) NextSequence(_ context.Context, name string) (int64, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	old := t.s.sequences[name]
	t.s.sequences[name] = old + 1
	t.onRollback(func() {
		if old == 0 {
			delete(t.s.sequences, name)
		} else {
			t.s.sequences[name] = old
		}
	})
	return old + 1, nil
}

// CreateOrder implements [ports.Tx]; it stores a copy. An empty number or
// slug is not indexed. Errors: ports.ErrDuplicate; invalid_input for a nil
// order or an empty id.
func (t *tx) CreateOrder(_ context.Context, o *checkout.Order) error {
	if err := t.check(); err != nil {
		return err
	}
	if o == nil || o.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: an order needs an id").WithField("id")
	}
	if _, dup := t.s.orders[o.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: order id %q is taken", o.ID)
	}
	if err := t.s.checkKeys(o); err != nil {
		return err
	}
	c := o.Clone()
	t.s.orders[c.ID] = c
	t.s.index(c)
	t.written = append(t.written, c)
	t.onRollback(func() {
		t.s.unindex(c)
		delete(t.s.orders, c.ID)
	})
	return nil
}

// Order implements [ports.Tx]: a copy, which changes nothing until saved.
// Errors: ports.ErrOrderNotFound.
func (t *tx) Order(_ context.Context, id string) (*checkout.Order, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return t.s.order(id)
}

// SaveOrder implements [ports.Tx]; it stores a copy. Errors:
// ports.ErrOrderNotFound; ports.ErrDuplicate when a changed number or slug
// is another order's; invalid_input for a nil order.
func (t *tx) SaveOrder(_ context.Context, o *checkout.Order) error {
	if err := t.check(); err != nil {
		return err
	}
	if o == nil {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: no order to save")
	}
	old, ok := t.s.orders[o.ID]
	if !ok {
		return orderNotFound(o.ID)
	}
	if err := t.s.checkKeys(o); err != nil {
		return err
	}
	c := o.Clone()
	t.s.unindex(old)
	t.s.orders[c.ID] = c
	t.s.index(c)
	t.written = append(t.written, c)
	t.onRollback(func() {
		t.s.unindex(c)
		t.s.orders[old.ID] = old
		t.s.index(old)
	})
	return nil
}

// UnpaidOrders implements [ports.Tx] from a counter kept per phone. Units
// run one at a time, so the count holds until the unit ends.
func (t *tx) UnpaidOrders(_ context.Context, phone string) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	return t.s.unpaid[phone], nil
}

// checkKeys returns ports.ErrDuplicate when o's number or slug belongs to
// another order.
func (s *Store) checkKeys(o *checkout.Order) error {
	if id, ok := s.byNumber[o.Number]; ok && o.Number != "" && id != o.ID {
		return withMessage(ports.ErrDuplicate, "memory: order number %q is taken", o.Number)
	}
	if id, ok := s.bySlug[o.Slug]; ok && o.Slug != "" && id != o.ID {
		return withMessage(ports.ErrDuplicate, "memory: order slug is taken")
	}
	return nil
}

func (s *Store) index(o *checkout.Order) {
	if o.Status() == checkout.StatusPendingPayment {
		s.unpaid[o.Customer.Phone]++
	}
	if o.Number != "" {
		s.byNumber[o.Number] = o.ID
	}
	if o.Slug != "" {
		s.bySlug[o.Slug] = o.ID
	}
}

func (s *Store) unindex(o *checkout.Order) {
	if o.Status() == checkout.StatusPendingPayment {
		if s.unpaid[o.Customer.Phone]--; s.unpaid[o.Customer.Phone] <= 0 {
			delete(s.unpaid, o.Customer.Phone)
		}
	}
	if s.byNumber[o.Number] == o.ID {
		delete(s.byNumber, o.Number)
	}
	if s.bySlug[o.Slug] == o.ID {
		delete(s.bySlug, o.Slug)
	}
}

// levels returns the units left of each variant id; the caller holds the
// lock.
func (s *Store) levels(variantIDs []string) map[string]int64 {
	out := make(map[string]int64, len(variantIDs))
	for _, id := range variantIDs {
		out[id] = s.stock[id]
	}
	return out
}

// voucher returns a copy of a stored voucher; the caller holds the lock.
func (s *Store) voucher(code string) (pricing.Voucher, error) {
	v, ok := s.vouchers[voucherKey(code)]
	if !ok {
		return pricing.Voucher{}, errs.E(errs.NotFound, pricing.CodeVoucherNotFound, fmt.Sprintf("memory: no voucher %q", code))
	}
	return cloneVoucher(v), nil
}

// usage counts a voucher's redemptions from the indexes; the caller holds
// the lock.
func (s *Store) usage(code, customer string) pricing.Usage {
	k := voucherKey(code)
	u := pricing.Usage{Total: int64(len(s.redemptions[k]))}
	if customer != "" {
		u.ByCustomer = s.perCustomer[k][customer]
	}
	return u
}

// countCustomer adds d to the customer's live redemptions of the voucher
// with key k; the caller holds the lock.
func (s *Store) countCustomer(k, customer string, d int64) {
	m := s.perCustomer[k]
	if m == nil {
		m = map[string]int64{}
		s.perCustomer[k] = m
	}
	if m[customer] += d; m[customer] == 0 {
		delete(m, customer)
	}
}

// order returns a copy of a stored order; the caller holds the lock.
func (s *Store) order(id string) (*checkout.Order, error) {
	o, ok := s.orders[id]
	if !ok {
		return nil, orderNotFound(id)
	}
	return o.Clone(), nil
}

// StockLevels implements [ports.Stock]: the units left of each variant id
// asked for, 0 for an unknown one.
func (s *Store) StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.levels(variantIDs), nil
}

// Vouchers implements [ports.Vouchers]: copies of every stored voucher, by
// code.
func (s *Store) Vouchers(ctx context.Context) ([]pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]pricing.Voucher, 0, len(s.vouchers))
	for _, k := range slices.Sorted(maps.Keys(s.vouchers)) {
		out = append(out, cloneVoucher(s.vouchers[k]))
	}
	return out, nil
}

// Voucher implements [ports.Vouchers]; codes compare without regard to
// case. Errors: voucher_not_found (kind NotFound).
func (s *Store) Voucher(ctx context.Context, code string) (pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return pricing.Voucher{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.voucher(code)
}

// VoucherUsage implements [ports.Vouchers]. An unknown code has no usage;
// customer "" counts none.
func (s *Store) VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error) {
	if s.inUnit(ctx) {
		return pricing.Usage{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.usage(code, customer), nil
}

// Order implements [ports.Orders]: a copy. Errors: ports.ErrOrderNotFound.
func (s *Store) Order(ctx context.Context, id string) (*checkout.Order, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.order(id)
}

// OrderBySlug implements [ports.Orders]: a copy. Errors:
// ports.ErrOrderNotFound.
func (s *Store) OrderBySlug(ctx context.Context, slug string) (*checkout.Order, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.bySlug[slug]
	if !ok || slug == "" {
		return nil, withMessage(ports.ErrOrderNotFound, "memory: no order has that slug")
	}
	return s.order(id)
}

// ListOrders implements [ports.Orders]: copies of the page f selects,
// newest first (by placement time, then number, both descending), and how
// many match before paging. It reads the committed orders without the lock
// units of work hold, and costs the orders it walks past for the page: the
// total comes from per-status counters when f filters by status alone, from
// a scan of f's time range otherwise. Errors: invalid_input for a negative
// offset or limit.
func (s *Store) ListOrders(ctx context.Context, f ports.OrderFilter) ([]*checkout.Order, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: offset and limit must not be negative").WithField("offset")
	}
	page, total := s.listing.snapshot().list(f)
	if page == nil {
		page = []*checkout.Order{}
	}
	return page, total, nil
}

// CountByStatus implements [ports.Orders]: the number of orders matching f
// per status, ignoring paging; statuses without orders are left out. The
// per-status counters answer it when f filters by status alone.
func (s *Store) CountByStatus(ctx context.Context, f ports.OrderFilter) (map[checkout.Status]int, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	return s.listing.countByStatus(f), nil
}

// CreateAbandoned implements [ports.Abandoned]; it stores a copy. Errors:
// ports.ErrDuplicate; invalid_input for a nil checkout or an empty id.
func (s *Store) CreateAbandoned(ctx context.Context, a *checkout.Abandoned) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if a == nil || a.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: an abandoned checkout needs an id").WithField("id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.abandoned[a.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: abandoned checkout %q exists", a.ID)
	}
	s.putAbandoned(a.Clone())
	return nil
}

// putAbandoned stores a, keeping byPhone in step; the caller holds the
// lock.
func (s *Store) putAbandoned(a *checkout.Abandoned) {
	if old, ok := s.abandoned[a.ID]; ok && old.Phone != a.Phone {
		delete(s.byPhone[old.Phone], a.ID)
		if len(s.byPhone[old.Phone]) == 0 {
			delete(s.byPhone, old.Phone)
		}
	}
	s.abandoned[a.ID] = a
	if s.byPhone[a.Phone] == nil {
		s.byPhone[a.Phone] = map[string]bool{}
	}
	s.byPhone[a.Phone][a.ID] = true
}

// Abandoned implements [ports.Abandoned]: a copy. Errors:
// ports.ErrAbandonedNotFound.
func (s *Store) Abandoned(ctx context.Context, id string) (*checkout.Abandoned, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.abandoned[id]
	if !ok {
		return nil, abandonedNotFound(id)
	}
	return a.Clone(), nil
}

// UpdateAbandoned implements [ports.Abandoned]. fn runs under the store's
// lock with a copy and must not call the store. Errors:
// ports.ErrAbandonedNotFound; fn's error unchanged (nothing is stored, as
// when fn panics); invalid_input when fn changes the id.
func (s *Store) UpdateAbandoned(ctx context.Context, id string, fn func(*checkout.Abandoned) error) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.abandoned[id]
	if !ok {
		return abandonedNotFound(id)
	}
	c := a.Clone()
	if err := fn(c); err != nil {
		return err
	}
	if c.ID != id {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: an abandoned checkout's id cannot change").WithField("id")
	}
	s.putAbandoned(c.Clone())
	return nil
}

// ListAbandoned implements [ports.Abandoned]: copies of the page f selects,
// newest first (by creation time, then id, both descending), and the total
// before paging. Limit 0 means no limit. Errors: invalid_input for a
// negative offset or limit.
func (s *Store) ListAbandoned(ctx context.Context, f ports.AbandonedFilter) ([]*checkout.Abandoned, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: offset and limit must not be negative").WithField("offset")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var found []*checkout.Abandoned
	match := func(a *checkout.Abandoned) {
		if (f.Status == "" || a.Status == f.Status) && (f.Phone == "" || a.Phone == f.Phone) {
			found = append(found, a)
		}
	}
	if f.Phone != "" {
		for id := range s.byPhone[f.Phone] {
			match(s.abandoned[id])
		}
	} else {
		for _, a := range s.abandoned {
			match(a)
		}
	}
	slices.SortFunc(found, func(a, b *checkout.Abandoned) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	total := len(found)
	page := found[min(f.Offset, total):]
	if f.Limit > 0 && len(page) > f.Limit {
		page = page[:f.Limit]
	}
	out := make([]*checkout.Abandoned, len(page))
	for i, a := range page {
		out[i] = a.Clone()
	}
	return out, total, nil
}

// ConvertAbandoned implements [ports.Abandoned]: every open checkout with
// the phone becomes converted to the order at `at`. An empty phone marks
// none. It returns how many it marked and no error.
func (s *Store) ConvertAbandoned(ctx context.Context, phone, orderID string, at time.Time) (int, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	if phone == "" {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id := range s.byPhone[phone] {
		a := s.abandoned[id]
		if a.Status != checkout.AbandonedOpen {
			continue
		}
		c := a.Clone()
		c.Status = checkout.AbandonedConverted
		c.OrderID = orderID
		c.ConvertedAt = at
		c.UpdatedAt = at
		s.abandoned[id] = c
		n++
	}
	return n, nil
}

// voucherKey is the map key of a code: codes compare without regard to case.
func voucherKey(code string) string { return strings.ToUpper(code) }

func cloneVoucher(v pricing.Voucher) pricing.Voucher {
	v.SKUs = slices.Clone(v.SKUs)
	v.PaymentMethods = slices.Clone(v.PaymentMethods)
	return v
}

// withMessage returns a copy of a ports sentinel (same code, kind and
// field, so errors.Is matches it) with a message naming the record.
func withMessage(base *errs.Error, format string, args ...any) *errs.Error {
	e := *base
	e.Message = fmt.Sprintf(format, args...)
	return &e
}

func orderNotFound(id string) error {
	return withMessage(ports.ErrOrderNotFound, "memory: order %q not found", id)
}

func abandonedNotFound(id string) error {
	return withMessage(ports.ErrAbandonedNotFound, "memory: abandoned checkout %q not found", id)
}
