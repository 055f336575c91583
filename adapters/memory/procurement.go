package memory

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Procurement = (*Platform)(nil)

// procurementState is the platform's own records (ports.PlatformScope):
// buyer accounts and purchases.
type procurementState struct {
	mu        sync.Mutex
	accounts  map[string]ports.BuyerAccount
	purchases map[string]ports.Purchase
	byKey     map[string]string // idempotency key → purchase id
	// unit runs the units across stores one after another; a unit takes
	// it before any store's lock, and a store's own unit never takes it.
	unit sync.Mutex
}

func (p *Platform) proc() *procurementState {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.procState == nil {
		p.procState = &procurementState{accounts: map[string]ports.BuyerAccount{}, purchases: map[string]ports.Purchase{}, byKey: map[string]string{}}
	}
	return p.procState
}

// PutBuyerAccount implements [ports.BuyerAccounts]. Errors: invalid_input
// as ports.BuyerAccount.Validate returns it.
func (p *Platform) PutBuyerAccount(_ context.Context, a ports.BuyerAccount) error {
	if err := a.Validate(); err != nil {
		return err
	}
	st := p.proc()
	st.mu.Lock()
	defer st.mu.Unlock()
	if old, ok := st.accounts[a.ID]; ok {
		a.CreatedAt = old.CreatedAt
	}
	st.accounts[a.ID] = a.Clone()
	return nil
}

// CreateBuyerAccount implements [ports.BuyerAccounts]. Errors:
// ports.ErrDuplicate; invalid_input from BuyerAccount.Validate.
func (p *Platform) CreateBuyerAccount(_ context.Context, a ports.BuyerAccount) error {
	if err := a.Validate(); err != nil {
		return err
	}
	st := p.proc()
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.accounts[a.ID]; ok {
		return withMessage(ports.ErrDuplicate, "memory: buyer account %q exists", a.ID)
	}
	st.accounts[a.ID] = a.Clone()
	return nil
}

// BuyerAccount implements [ports.BuyerAccounts]. Errors:
// ports.ErrBuyerAccountNotFound.
func (p *Platform) BuyerAccount(_ context.Context, id string) (ports.BuyerAccount, error) {
	st := p.proc()
	st.mu.Lock()
	defer st.mu.Unlock()
	a, ok := st.accounts[id]
	if !ok {
		return ports.BuyerAccount{}, withMessage(ports.ErrBuyerAccountNotFound, "memory: buyer account %q not found", id)
	}
	return a.Clone(), nil
}

// ListBuyerAccounts implements [ports.BuyerAccounts]. Errors:
// invalid_input at "offset" for a negative offset.
func (p *Platform) ListBuyerAccounts(_ context.Context, offset, limit int) ([]ports.BuyerAccount, int, error) {
	if offset < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: the offset must not be negative").WithField("offset")
	}
	st := p.proc()
	st.mu.Lock()
	defer st.mu.Unlock()
	ids := slices.Sorted(maps.Keys(st.accounts))
	out := []ports.BuyerAccount{}
	for i := offset; i < len(ids) && (limit <= 0 || len(out) < limit); i++ {
		out = append(out, st.accounts[ids[i]].Clone())
	}
	return out, len(ids), nil
}

// DeleteBuyerAccount implements [ports.BuyerAccounts]. Errors:
// ports.ErrBuyerAccountNotFound.
func (p *Platform) DeleteBuyerAccount(_ context.Context, id string) error {
	st := p.proc()
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.accounts[id]; !ok {
		return withMessage(ports.ErrBuyerAccountNotFound, "memory: buyer account %q not found", id)
	}
	delete(st.accounts, id)
	return nil
}

// Purchase implements [ports.Purchases]. Errors: ports.ErrPurchaseNotFound.
func (p *Platform) Purchase(_ context.Context, id string) (ports.Purchase, error) {
	st := p.proc()
	st.mu.Lock()
	defer st.mu.Unlock()
	pu, ok := st.purchases[id]
	if !ok {
		return ports.Purchase{}, withMessage(ports.ErrPurchaseNotFound, "memory: purchase %q not found", id)
	}
	return pu.Clone(), nil
}

// ListPurchases implements [ports.Purchases]: newest first (then by id,
// descending). Errors: invalid_input at "offset" for a negative offset.
func (p *Platform) ListPurchases(_ context.Context, account string, offset, limit int) ([]ports.Purchase, int, error) {
	if offset < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: the offset must not be negative").WithField("offset")
	}
	st := p.proc()
	st.mu.Lock()
	var all []ports.Purchase
	for _, pu := range st.purchases {
		if account == "" || pu.BuyerAccountID == account {
			all = append(all, pu.Clone())
		}
	}
	st.mu.Unlock()
	slices.SortFunc(all, func(a, b ports.Purchase) int {
		if c := b.PlacedAt.Compare(a.PlacedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	out := []ports.Purchase{}
	for i := offset; i < len(all) && (limit <= 0 || len(out) < limit); i++ {
		out = append(out, all[i])
	}
	return out, len(all), nil
}

// unitKey marks the context of a unit across stores.
type unitKey struct{}

// storesUnit is a running unit across stores.
type storesUnit struct{ txs []*tx }

// inStoresUnit reports whether ctx belongs to a running unit across
// stores that holds s.
func (s *Store) inStoresUnit(ctx context.Context) bool {
	u, ok := ctx.Value(unitKey{}).(*storesUnit)
	if !ok {
		return false
	}
	for _, t := range u.txs {
		if t.s == s && !t.done.Load() {
			return true
		}
	}
	return false
}

// AtomicStores implements [ports.StoresUnitOfWork]: units across stores
// run one after another; each holds the lock of every store it names
// (taken in the order of their ids, so it never deadlocks with another
// unit) for its whole run, writes to the live state with an undo log, and
// undoes every write of every store, and of the platform's records, when
// fn fails or panics. fn never runs twice and must use only the Txs and
// ptx. Errors: fn's; invalid_input at "store"; internal for a nil fn or a
// unit inside one of its stores' units; ctx.Err() when ctx is done before
// the unit starts.
func (p *Platform) AtomicStores(ctx context.Context, ids []string, fn func(ctx context.Context, ptx ports.PlatformTx, txs []ports.Tx) error) error {
	if fn == nil {
		return errs.E(errs.Other, errs.CodeInternal, "memory: AtomicStores needs a function")
	}
	if err := ports.CheckUnitStores(ids); err != nil {
		return err
	}
	stores := make([]*Store, len(ids))
	for i, id := range ids {
		s, err := p.Store(id)
		if err != nil {
			return err
		}
		if s.inUnit(ctx) {
			return errInsideUnit
		}
		stores[i] = s
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	st := p.proc()
	st.unit.Lock()
	defer st.unit.Unlock()
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	for _, i := range order {
		stores[i].mu.Lock()
	}
	u := &storesUnit{txs: make([]*tx, len(stores))}
	ptxs := make([]ports.Tx, len(stores))
	for i, s := range stores {
		u.txs[i] = &tx{s: s}
		ptxs[i] = u.txs[i]
	}
	pt := &platformTx{st: st}
	committed := false
	defer func() {
		if !committed {
			for i := len(u.txs) - 1; i >= 0; i-- {
				u.txs[i].rollback()
			}
			pt.rollback()
		}
		for _, t := range u.txs {
			t.done.Store(true)
		}
		pt.done = true
		for _, i := range order {
			stores[i].mu.Unlock()
		}
	}()
	if err := fn(context.WithValue(ctx, unitKey{}, u), pt, ptxs); err != nil {
		return err
	}
	committed = true
	for _, t := range u.txs {
		t.s.listing.publish(t.written)
	}
	return nil
}

// platformTx is the platform's records in a unit across stores.
type platformTx struct {
	st   *procurementState
	undo []func()
	done bool
}

func (t *platformTx) rollback() {
	t.st.mu.Lock()
	defer t.st.mu.Unlock()
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

// PurchaseByKey implements [ports.PlatformTx]. Errors: ports.ErrNotFound.
func (t *platformTx) PurchaseByKey(_ context.Context, key string) (ports.Purchase, error) {
	if t.done {
		return ports.Purchase{}, errTxDone
	}
	t.st.mu.Lock()
	defer t.st.mu.Unlock()
	id, ok := t.st.byKey[key]
	if !ok || key == "" {
		return ports.Purchase{}, withMessage(ports.ErrNotFound, "memory: no purchase has that idempotency key")
	}
	return t.st.purchases[id].Clone(), nil
}

// CreatePurchase implements [ports.PlatformTx]. Errors:
// ports.ErrDuplicate; invalid_input for an empty id or no orders.
func (t *platformTx) CreatePurchase(_ context.Context, pu ports.Purchase) error {
	if t.done {
		return errTxDone
	}
	if pu.ID == "" || len(pu.Orders) == 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: a purchase needs an id and orders").WithField("id")
	}
	t.st.mu.Lock()
	defer t.st.mu.Unlock()
	if _, dup := t.st.purchases[pu.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: purchase %q exists", pu.ID)
	}
	if _, dup := t.st.byKey[pu.IdempotencyKey]; dup && pu.IdempotencyKey != "" {
		return withMessage(ports.ErrDuplicate, "memory: a purchase has that idempotency key")
	}
	t.st.purchases[pu.ID] = pu.Clone()
	if pu.IdempotencyKey != "" {
		t.st.byKey[pu.IdempotencyKey] = pu.ID
	}
	t.undo = append(t.undo, func() {
		delete(t.st.purchases, pu.ID)
		if pu.IdempotencyKey != "" {
			delete(t.st.byKey, pu.IdempotencyKey)
		}
	})
	return nil
}
