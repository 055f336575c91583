package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// ledgerState is the store's balance: its entries in the order they were
// appended, the key of each order's and withdrawal's entries (one of a
// kind each), their sum, and the withdrawals. The store's lock guards it.
type ledgerState struct {
	entries        []ports.LedgerEntry       // entries[i].Seq == i+1
	keys           map[string]struct{}       // entryKey of every order or withdrawal entry
	byOwner        map[string][]int          // "o:"+order id or "w:"+withdrawal id → positions in entries
	balance        money.Money               // Σ entries
	withdrawals    map[string]*ledger.Payout // id → withdrawal; never changed in place
	withdrawNewest []string                  // withdrawal ids, newest first
}

// owner is the key of whose an entry is, "" for an adjustment.
func owner(e ports.LedgerEntry) string {
	switch {
	case e.OrderID != "":
		return "o:" + e.OrderID
	case e.WithdrawalID != "":
		return "w:" + e.WithdrawalID
	}
	return ""
}

// AppendEntries implements [ports.Tx]: entries of a kind their order or
// withdrawal already has are left out; the rest are undone with the unit.
// Errors: those of ports.LedgerEntry.Check, and nothing is appended.
func (t *tx) AppendEntries(_ context.Context, es []ports.LedgerEntry) ([]ports.LedgerEntry, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	for _, e := range es {
		if err := e.Check(); err != nil {
			return nil, err
		}
	}
	l := &t.s.ledger
	if l.keys == nil {
		l.keys, l.byOwner = map[string]struct{}{}, map[string][]int{}
	}
	var out []ports.LedgerEntry
	for _, e := range es {
		own := owner(e)
		key := own + "\x00" + string(e.Kind)
		if own != "" {
			if _, dup := l.keys[key]; dup {
				continue
			}
			l.keys[key] = struct{}{}
			l.byOwner[own] = append(l.byOwner[own], len(l.entries))
		}
		e.Seq = int64(len(l.entries)) + 1
		l.entries = append(l.entries, e)
		l.balance += e.Amount
		out = append(out, e)
		t.onRollback(func() {
			l.balance -= e.Amount
			l.entries = l.entries[:len(l.entries)-1]
			if own != "" {
				delete(l.keys, key)
				l.byOwner[own] = l.byOwner[own][:len(l.byOwner[own])-1]
				if len(l.byOwner[own]) == 0 {
					delete(l.byOwner, own)
				}
			}
		})
	}
	return out, nil
}

// LockBalance implements [ports.Tx]. Units run one at a time, so the
// balance holds until the unit ends.
func (t *tx) LockBalance(context.Context) (money.Money, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	return t.s.ledger.balance, nil
}

// CreateWithdrawal implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for an empty id.
func (t *tx) CreateWithdrawal(_ context.Context, w ledger.Payout) error {
	if err := t.check(); err != nil {
		return err
	}
	if w.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: a withdrawal needs an id").WithField("id")
	}
	l := &t.s.ledger
	if _, dup := l.withdrawals[w.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: withdrawal %q exists", w.ID)
	}
	if l.withdrawals == nil {
		l.withdrawals = map[string]*ledger.Payout{}
	}
	l.withdrawals[w.ID] = &w
	prev := l.withdrawNewest
	i, _ := slices.BinarySearchFunc(l.withdrawNewest, &w, func(id string, w *ledger.Payout) int {
		return newestPayoutFirst(l.withdrawals[id], w)
	})
	l.withdrawNewest = slices.Insert(slices.Clone(prev), i, w.ID)
	t.onRollback(func() {
		delete(l.withdrawals, w.ID)
		l.withdrawNewest = prev
	})
	return nil
}

// newestPayoutFirst orders withdrawals newest first: by request time, then
// id, both descending.
func newestPayoutFirst(a, b *ledger.Payout) int {
	if c := b.RequestedAt.Compare(a.RequestedAt); c != 0 {
		return c
	}
	return cmp.Compare(b.ID, a.ID)
}

// WithdrawalForUpdate implements [ports.Tx]: a copy. Errors:
// ports.ErrWithdrawalNotFound.
func (t *tx) WithdrawalForUpdate(_ context.Context, id string) (ledger.Payout, error) {
	if err := t.check(); err != nil {
		return ledger.Payout{}, err
	}
	return t.s.withdrawal(id)
}

// SaveWithdrawal implements [ports.Tx]. Errors: ports.ErrWithdrawalNotFound.
func (t *tx) SaveWithdrawal(_ context.Context, w ledger.Payout) error {
	if err := t.check(); err != nil {
		return err
	}
	l := &t.s.ledger
	old, ok := l.withdrawals[w.ID]
	if !ok {
		return withdrawalNotFound(w.ID)
	}
	l.withdrawals[w.ID] = &w
	t.onRollback(func() { l.withdrawals[w.ID] = old })
	return nil
}

// OrderByAirwayBill implements [ports.Tx] from the airway bill index.
// Errors: ports.ErrOrderNotFound.
func (t *tx) OrderByAirwayBill(_ context.Context, awb string) (*checkout.Order, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	key := awbKey(awb)
	var newest *checkout.Order
	for id := range t.s.byAWB[key] {
		if o := t.s.orders[id]; o != nil && (newest == nil || before(newest, o)) {
			newest = o
		}
	}
	if key == "" || newest == nil {
		return nil, withMessage(ports.ErrOrderNotFound, "memory: no order has airway bill %q", awb)
	}
	return newest.Clone(), nil
}

// awbKey is how airway bills compare: trimmed, without regard to case.
func awbKey(awb string) string { return strings.ToLower(strings.TrimSpace(awb)) }

func (s *Store) withdrawal(id string) (ledger.Payout, error) {
	w, ok := s.ledger.withdrawals[id]
	if !ok {
		return ledger.Payout{}, withdrawalNotFound(id)
	}
	return *w, nil
}

func withdrawalNotFound(id string) error {
	return withMessage(ports.ErrWithdrawalNotFound, "memory: withdrawal %q not found", id)
}

// Balance implements [ports.Ledger] from the sum kept as entries are
// appended.
func (s *Store) Balance(ctx context.Context) (money.Money, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ledger.balance, nil
}

// LedgerEntries implements [ports.Ledger]: newest first. A filter by order
// or withdrawal reads that one's entries; other filters walk the entries
// from the newest. Errors: invalid_input for a negative offset or limit.
func (s *Store) LedgerEntries(ctx context.Context, f ports.LedgerFilter) ([]ports.LedgerEntry, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: offset and limit must not be negative").WithField("offset")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	l := &s.ledger
	match := func(e *ports.LedgerEntry) bool {
		switch {
		case f.OrderID != "" && e.OrderID != f.OrderID,
			f.WithdrawalID != "" && e.WithdrawalID != f.WithdrawalID,
			len(f.Kinds) > 0 && !slices.Contains(f.Kinds, e.Kind),
			!f.From.IsZero() && e.At.Before(f.From),
			!f.To.IsZero() && !e.At.Before(f.To):
			return false
		}
		return true
	}
	out := []ports.LedgerEntry{}
	total := 0
	visit := func(e *ports.LedgerEntry) {
		if !match(e) {
			return
		}
		if total >= f.Offset && (f.Limit == 0 || len(out) < f.Limit) {
			out = append(out, *e)
		}
		total++
	}
	switch {
	case f.OrderID != "" || f.WithdrawalID != "":
		own := "o:" + f.OrderID
		if f.OrderID == "" {
			own = "w:" + f.WithdrawalID
		}
		pos := l.byOwner[own]
		for i := len(pos) - 1; i >= 0; i-- {
			visit(&l.entries[pos[i]])
		}
	default:
		for i := len(l.entries) - 1; i >= 0; i-- {
			visit(&l.entries[i])
		}
	}
	return out, total, nil
}

// Withdrawal implements [ports.Ledger]: ports.ErrWithdrawalNotFound.
func (s *Store) Withdrawal(ctx context.Context, id string) (ledger.Payout, error) {
	if s.inUnit(ctx) {
		return ledger.Payout{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.withdrawal(id)
}

// Withdrawals implements [ports.Ledger]: newest first. Errors:
// invalid_input for a negative offset or limit.
func (s *Store) Withdrawals(ctx context.Context, f ports.WithdrawalFilter) ([]ledger.Payout, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: offset and limit must not be negative").WithField("offset")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []ledger.Payout{}
	total := 0
	for _, id := range s.ledger.withdrawNewest {
		w := s.ledger.withdrawals[id]
		if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, w.Status) {
			continue
		}
		if total >= f.Offset && (f.Limit == 0 || len(out) < f.Limit) {
			out = append(out, *w)
		}
		total++
	}
	return out, total, nil
}

// pendingDelta is what o adds to the pending balance: its net profit when
// it is a COD order on the road.
func pendingDelta(o *checkout.Order) money.Money {
	if o.Status() == checkout.StatusShipped && o.Payment.Method == payment.COD {
		return o.Breakdown.NetProfit
	}
	return 0
}

// PendingBalance implements [ports.Reports] from a sum kept as orders are
// stored.
func (s *Store) PendingBalance(ctx context.Context) (money.Money, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pending, nil
}

// Report implements [ports.Reports]: it reads the committed orders placed
// in f's period from the listing index (a binary search on the placement
// time, then the orders of the period only), without the lock units of
// work hold. Errors: invalid_input for totals too large to add up.
func (s *Store) Report(ctx context.Context, f ports.ReportFilter) (ledger.Report, error) {
	if s.inUnit(ctx) {
		return ledger.Report{}, errInsideUnit
	}
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	snap := s.listing.snapshot()
	lo, hi := snap.window(ports.OrderFilter{From: f.From, To: f.To})
	type key struct {
		date   string
		status checkout.Status
		method payment.Method
	}
	groups := map[key]*ledger.Group{}
	for i := lo; i < hi; i++ {
		o := snap.at(i)
		if f.Courier != "" && o.Courier() != f.Courier {
			continue
		}
		k := key{o.PlacedAt.In(loc).Format(time.DateOnly), o.Status(), o.Payment.Method}
		g := groups[k]
		if g == nil {
			g = &ledger.Group{Date: k.date, Status: k.status, Method: k.method}
			groups[k] = g
		}
		g.Count++
		g.GrandTotal += o.GrandTotal()
		g.NetProfit += o.Breakdown.NetProfit
		g.Cashback += o.Breakdown.ShippingCashback
	}
	out := make([]ledger.Group, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	return ledger.SummarizeGroups(out)
}
