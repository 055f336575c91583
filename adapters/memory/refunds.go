package memory

import (
	"context"
	"slices"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Refunds = (*Store)(nil)

// AddRefund implements [ports.Tx]. The unit holds the store, so the sum
// it checks cannot change before the refund is stored. Errors:
// refund_exceeds_paid; ports.ErrDuplicate; ports.ErrOrderNotFound;
// invalid_input from checkout.Refund.Validate.
func (t *tx) AddRefund(_ context.Context, r checkout.Refund, limit money.Money) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	s := t.s
	if _, ok := s.orders[r.OrderID]; !ok {
		return withMessage(ports.ErrOrderNotFound, "memory: no order %q", r.OrderID)
	}
	if s.refunds == nil {
		s.refunds = map[string][]checkout.Refund{}
	}
	rs := s.refunds[r.OrderID]
	for _, o := range rs {
		if o.ID == r.ID || (r.Key != "" && o.Key == r.Key) {
			return withMessage(ports.ErrDuplicate, "memory: refund %q (key %q) exists", r.ID, r.Key)
		}
	}
	counted, _ := checkout.RefundedTotal(rs)
	if counted+r.Amount > limit {
		return errs.E(errs.Conflict, checkout.CodeRefundExceedsPaid, "memory: a refund of "+r.Amount.String()+
			" is above the "+(limit-counted).String()+" that may still be refunded").WithField("amount")
	}
	s.refunds[r.OrderID] = append(slices.Clone(rs), r)
	t.onRollback(func() { s.refunds[r.OrderID] = rs })
	return nil
}

// OrderRefunds implements [ports.Tx]: copies, oldest first.
func (t *tx) OrderRefunds(_ context.Context, orderID string) ([]checkout.Refund, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return append([]checkout.Refund{}, t.s.refunds[orderID]...), nil
}

// SaveRefund implements [ports.Tx]. Errors: ports.ErrRefundNotFound;
// invalid_input from checkout.Refund.Validate.
func (t *tx) SaveRefund(_ context.Context, r checkout.Refund) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	s := t.s
	rs := s.refunds[r.OrderID]
	i := slices.IndexFunc(rs, func(o checkout.Refund) bool { return o.ID == r.ID })
	if i < 0 {
		return withMessage(ports.ErrRefundNotFound, "memory: order %q has no refund %q", r.OrderID, r.ID)
	}
	next := slices.Clone(rs)
	r.Amount, r.Key, r.CreatedAt = rs[i].Amount, rs[i].Key, rs[i].CreatedAt
	next[i] = r
	s.refunds[r.OrderID] = next
	t.onRollback(func() { s.refunds[r.OrderID] = rs })
	return nil
}

// OrderRefunds implements [ports.Refunds]: copies, oldest first.
func (s *Store) OrderRefunds(ctx context.Context, orderID string) ([]checkout.Refund, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]checkout.Refund{}, s.refunds[orderID]...), nil
}
