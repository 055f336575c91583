package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Procurement = (*Platform)(nil)

// platformScope is the handle on the platform's own records
// (ports.PlatformScope): buyer accounts and purchases.
func (p *Platform) platformScope() *Store {
	c := *p.s
	c.owned = false
	c.store = ports.PlatformScope
	return &c
}

// PutBuyerAccount implements [ports.BuyerAccounts]: the account's row is
// written whole (its first CreatedAt kept). Errors: invalid_input as
// ports.BuyerAccount.Validate returns it; an adapter error.
func (p *Platform) PutBuyerAccount(ctx context.Context, a ports.BuyerAccount) error {
	s := p.platformScope()
	if err := a.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, "put buyer account", func(ctx context.Context, t *tx) error {
		var data []byte
		err := t.queryRow(ctx, "put buyer account", `SELECT data FROM {s}.buyer_accounts WHERE store_id = $1 AND id = $2 FOR UPDATE`, []any{s.store, a.ID}, &data)
		switch {
		case err == nil:
			var old ports.BuyerAccount
			if err := json.Unmarshal(data, &old); err != nil {
				return corrupt("buyer account", a.ID, err)
			}
			a.CreatedAt = old.CreatedAt
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		doc, err := json.Marshal(a)
		if err != nil {
			return errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the buyer account cannot be encoded")
		}
		_, err = t.exec(ctx, "put buyer account", `INSERT INTO {s}.buyer_accounts (store_id, id, data) VALUES ($1, $2, $3)
			ON CONFLICT (store_id, id) DO UPDATE SET data = EXCLUDED.data`, s.store, a.ID, doc)
		return err
	})
}

// CreateBuyerAccount implements [ports.BuyerAccounts] with one insert that
// does nothing when the id is taken. Errors: ports.ErrDuplicate;
// invalid_input from BuyerAccount.Validate; an adapter error.
func (p *Platform) CreateBuyerAccount(ctx context.Context, a ports.BuyerAccount) error {
	s := p.platformScope()
	if err := a.Validate(); err != nil {
		return err
	}
	doc, err := json.Marshal(a)
	if err != nil {
		return errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the buyer account cannot be encoded")
	}
	tag, err := s.pool.Exec(ctx, s.q(`INSERT INTO {s}.buyer_accounts (store_id, id, data) VALUES ($1, $2, $3)
		ON CONFLICT (store_id, id) DO NOTHING`), s.store, a.ID, doc)
	if err != nil {
		return s.dbErr("create buyer account", err)
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: buyer account %q exists", a.ID)
	}
	return nil
}

// BuyerAccount implements [ports.BuyerAccounts]. Errors:
// ports.ErrBuyerAccountNotFound; an adapter error.
func (p *Platform) BuyerAccount(ctx context.Context, id string) (ports.BuyerAccount, error) {
	s := p.platformScope()
	var data []byte
	err := s.pool.QueryRow(ctx, s.q(`SELECT data FROM {s}.buyer_accounts WHERE store_id = $1 AND id = $2`), s.store, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.BuyerAccount{}, withMessage(ports.ErrBuyerAccountNotFound, "postgres: buyer account %q not found", id)
	}
	if err != nil {
		return ports.BuyerAccount{}, s.dbErr("buyer account", err)
	}
	var a ports.BuyerAccount
	if err := json.Unmarshal(data, &a); err != nil {
		return ports.BuyerAccount{}, corrupt("buyer account", id, err)
	}
	return a, nil
}

// ListBuyerAccounts implements [ports.BuyerAccounts]: by id. Errors:
// invalid_input at "offset" for a negative offset; an adapter error.
func (p *Platform) ListBuyerAccounts(ctx context.Context, offset, limit int) ([]ports.BuyerAccount, int, error) {
	s := p.platformScope()
	if offset < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "postgres: the offset must not be negative").WithField("offset")
	}
	w := &sqlWhere{}
	w.arg(s.store)
	lp, op := w.page(offset, limit)
	rows, err := s.pool.Query(ctx, s.q(`SELECT t.total, p.id, p.data FROM (SELECT count(*) AS total FROM {s}.buyer_accounts WHERE store_id = $1) t
		LEFT JOIN LATERAL (SELECT id, data FROM {s}.buyer_accounts WHERE store_id = $1 ORDER BY id LIMIT `+lp+` OFFSET `+op+`) p ON true ORDER BY p.id`), w.args...)
	if err != nil {
		return nil, 0, s.dbErr("list buyer accounts", err)
	}
	out := []ports.BuyerAccount{}
	var total int
	var id *string
	var data []byte
	if _, err := pgx.ForEachRow(rows, []any{&total, &id, &data}, func() error {
		if id == nil {
			return nil
		}
		var a ports.BuyerAccount
		if err := json.Unmarshal(data, &a); err != nil {
			return corrupt("buyer account", *id, err)
		}
		out = append(out, a)
		return nil
	}); err != nil {
		return nil, 0, s.dbErr("list buyer accounts", err)
	}
	return out, total, nil
}

// DeleteBuyerAccount implements [ports.BuyerAccounts]. Errors:
// ports.ErrBuyerAccountNotFound; an adapter error.
func (p *Platform) DeleteBuyerAccount(ctx context.Context, id string) error {
	s := p.platformScope()
	tag, err := s.pool.Exec(ctx, s.q(`DELETE FROM {s}.buyer_accounts WHERE store_id = $1 AND id = $2`), s.store, id)
	if err != nil {
		return s.dbErr("delete buyer account", err)
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrBuyerAccountNotFound, "postgres: buyer account %q not found", id)
	}
	return nil
}

// Purchase implements [ports.Purchases]. Errors: ports.ErrPurchaseNotFound;
// an adapter error.
func (p *Platform) Purchase(ctx context.Context, id string) (ports.Purchase, error) {
	s := p.platformScope()
	var data []byte
	err := s.pool.QueryRow(ctx, s.q(`SELECT data FROM {s}.purchases WHERE store_id = $1 AND id = $2`), s.store, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.Purchase{}, withMessage(ports.ErrPurchaseNotFound, "postgres: purchase %q not found", id)
	}
	if err != nil {
		return ports.Purchase{}, s.dbErr("purchase", err)
	}
	return decodePurchase(id, data)
}

func decodePurchase(id string, data []byte) (ports.Purchase, error) {
	var pu ports.Purchase
	if err := json.Unmarshal(data, &pu); err != nil {
		return ports.Purchase{}, corrupt("purchase", id, err)
	}
	return pu, nil
}

// ListPurchases implements [ports.Purchases]: newest first, then by id
// descending. Errors: invalid_input at "offset" for a negative offset; an
// adapter error.
func (p *Platform) ListPurchases(ctx context.Context, account string, offset, limit int) ([]ports.Purchase, int, error) {
	s := p.platformScope()
	if offset < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "postgres: the offset must not be negative").WithField("offset")
	}
	w := &sqlWhere{}
	w.arg(s.store)
	w.arg(account)
	lp, op := w.page(offset, limit)
	cond := `store_id = $1 AND ($2 = '' OR buyer_account = $2)`
	rows, err := s.pool.Query(ctx, s.q(`SELECT t.total, p.id, p.data FROM (SELECT count(*) AS total FROM {s}.purchases WHERE `+cond+`) t
		LEFT JOIN LATERAL (SELECT id, data, placed_ns FROM {s}.purchases WHERE `+cond+` ORDER BY placed_ns DESC, id DESC LIMIT `+lp+` OFFSET `+op+`) p ON true
		ORDER BY p.placed_ns DESC, p.id DESC`), w.args...)
	if err != nil {
		return nil, 0, s.dbErr("list purchases", err)
	}
	out := []ports.Purchase{}
	var total int
	var id *string
	var data []byte
	if _, err := pgx.ForEachRow(rows, []any{&total, &id, &data}, func() error {
		if id == nil {
			return nil
		}
		pu, err := decodePurchase(*id, data)
		if err == nil {
			out = append(out, pu)
		}
		return err
	}); err != nil {
		return nil, 0, s.dbErr("list purchases", err)
	}
	return out, total, nil
}

// storesUnitKey marks the context of a unit across stores.
type storesUnitKey struct{}

// storesUnit is a running unit across stores.
type storesUnit struct {
	schema string
	stores []string
	done   atomic.Bool
}

// inStoresUnit reports whether ctx belongs to a running unit across
// stores that holds s's store.
func (s *Store) inStoresUnit(ctx context.Context) bool {
	u, ok := ctx.Value(storesUnitKey{}).(*storesUnit)
	return ok && !u.done.Load() && u.schema == s.schema && slices.Contains(u.stores, s.store)
}

// AtomicStores implements [ports.StoresUnitOfWork]: one READ COMMITTED
// transaction holds the writes to every store named (each Tx scoped to
// its store, as a handle of ForStore) and to the platform's records; it
// commits when fn returns nil and rolls back otherwise. Like Atomic, it
// runs fn again (at most 8 times in all) when the database reports a
// deadlock or a serialization failure. Errors: fn's unchanged;
// invalid_input at "store"; internal for a nil fn or a unit inside a unit
// of one of its stores; an adapter error (kind Unavailable).
func (p *Platform) AtomicStores(ctx context.Context, ids []string, fn func(ctx context.Context, ptx ports.PlatformTx, txs []ports.Tx) error) error {
	if fn == nil {
		return errs.E(errs.Other, errs.CodeInternal, "postgres: AtomicStores needs a function")
	}
	if err := ports.CheckUnitStores(ids); err != nil {
		return err
	}
	handles := make([]*Store, len(ids))
	for i, id := range ids {
		h, err := p.s.ForStore(id)
		if err != nil {
			return err
		}
		if h.inUnit(ctx) {
			return errInsideUnit
		}
		handles[i] = h
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return ended(err)
		}
		again, err := p.attemptStores(ctx, ids, handles, fn)
		if !again || attempt == maxAttempts {
			return err
		}
		d := time.Duration(attempt)*time.Millisecond + rand.N(time.Duration(attempt)*5*time.Millisecond)
		select {
		case <-ctx.Done():
			return ended(ctx.Err())
		case <-time.After(d):
		}
	}
}

// attemptStores runs fn once in a transaction across stores and reports
// whether the unit should run again, and its error.
func (p *Platform) attemptStores(ctx context.Context, ids []string, handles []*Store, fn func(ctx context.Context, ptx ports.PlatformTx, txs []ports.Tx) error) (again bool, err error) {
	t, err := p.platformScope().begin(ctx, "begin")
	if err != nil {
		return false, err
	}
	u := &storesUnit{schema: p.s.schema, stores: ids}
	defer func() {
		u.done.Store(true)
		t.end(ctx)
	}()
	txs := make([]ports.Tx, len(handles))
	for i, h := range handles {
		txs[i] = &tx{s: h, session: t.session}
	}
	if err := fn(context.WithValue(ctx, storesUnitKey{}, u), &platformTx{t: t}, txs); err != nil {
		return t.lostRace.Load(), err
	}
	if t.lostRace.Load() {
		return true, t.lostErr
	}
	if err := t.commit(ctx, "commit"); err != nil {
		return t.lostRace.Load(), err
	}
	return false, nil
}

// platformTx is the platform's records in a unit across stores.
type platformTx struct{ t *tx }

// PurchaseByKey implements [ports.PlatformTx]: it takes an advisory lock
// on the key, held until the unit ends, then reads. Errors:
// ports.ErrNotFound; an adapter error.
func (pt *platformTx) PurchaseByKey(ctx context.Context, key string) (ports.Purchase, error) {
	t := pt.t
	var id string
	var data []byte
	err := t.lockThen(ctx, "purchase key", key, `SELECT id, data FROM {s}.purchases WHERE store_id = $1 AND idempotency_key = $2`,
		[]any{t.s.store, key}, scanOne(&id, &data))
	if errors.Is(err, pgx.ErrNoRows) || key == "" {
		return ports.Purchase{}, withMessage(ports.ErrNotFound, "postgres: no purchase has that idempotency key")
	}
	if err != nil {
		return ports.Purchase{}, err
	}
	return decodePurchase(id, data)
}

// CreatePurchase implements [ports.PlatformTx]. Errors: ports.ErrDuplicate;
// invalid_input for an empty id or no orders; an adapter error.
func (pt *platformTx) CreatePurchase(ctx context.Context, pu ports.Purchase) error {
	t := pt.t
	if pu.ID == "" || len(pu.Orders) == 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: a purchase needs an id and orders").WithField("id")
	}
	data, err := json.Marshal(pu)
	if err != nil {
		return errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the purchase cannot be encoded")
	}
	tag, err := t.exec(ctx, "create purchase", `INSERT INTO {s}.purchases (store_id, id, idempotency_key, buyer_account, placed_ns, data)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, t.s.store, pu.ID, nullString(pu.IdempotencyKey), pu.BuyerAccountID, nanos(pu.PlacedAt), data)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: purchase %q or its idempotency key is taken", pu.ID)
	}
	return nil
}
