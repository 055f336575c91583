package memory

import (
	"context"
	"slices"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
)

// HeldAmounts implements [ports.Tx]; the amounts come in ascending order.
func (t *tx) HeldAmounts(_ context.Context, min, max money.Money) ([]money.Money, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	var out []money.Money
	if max >= min && uint64(max-min) < uint64(len(t.s.held)) {
		// A kode unik range is narrower than the amounts held: look each
		// amount up rather than scan them all.
		for d := money.Money(0); d <= max-min; d++ {
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
func (t *tx) HoldAmount(_ context.Context, amount money.Money, orderID string) error {
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
func (t *tx) ReleaseAmount(_ context.Context, amount money.Money, orderID string) error {
	if err := t.check(); err != nil {
		return err
	}
	if holder, ok := t.s.held[amount]; ok && holder == orderID {
		delete(t.s.held, amount)
		t.onRollback(func() { t.s.held[amount] = holder })
	}
	return nil
}
