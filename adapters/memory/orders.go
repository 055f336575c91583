package memory

import (
	"context"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

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
	s.pending += pendingDelta(o)
	if o.Status() == checkout.StatusPendingPayment {
		s.unpaid[o.Customer.Phone]++
	}
	if o.Number != "" {
		s.byNumber[o.Number] = o.ID
	}
	if o.Slug != "" {
		s.bySlug[o.Slug] = o.ID
	}
	if k := awbKey(o.AirwayBill); k != "" {
		if s.byAWB[k] == nil {
			s.byAWB[k] = map[string]bool{}
		}
		s.byAWB[k][o.ID] = true
	}
}

func (s *Store) unindex(o *checkout.Order) {
	s.pending -= pendingDelta(o)
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
	if k := awbKey(o.AirwayBill); k != "" {
		delete(s.byAWB[k], o.ID)
		if len(s.byAWB[k]) == 0 {
			delete(s.byAWB, k)
		}
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

func orderNotFound(id string) error {
	return withMessage(ports.ErrOrderNotFound, "memory: order %q not found", id)
}
