package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
)

// HeldAmounts implements [ports.Tx]; the amounts come in ascending order.
// It first takes the store's kode-unik advisory lock, held until the unit
// ends, so concurrent bank-transfer placements choose their amounts one
// after another and never pick the same. Errors: an adapter error.
func (t *tx) HeldAmounts(ctx context.Context, min, max money.Money) ([]money.Money, error) {
	var out []money.Money
	err := t.lockThen(ctx, "held_amounts", "", `SELECT amount FROM {s}.held_amounts WHERE store_id = $3 AND amount BETWEEN $1 AND $2 ORDER BY amount`,
		[]any{int64(min), int64(max), t.s.store}, func(rows pgx.Rows) error {
			var a int64
			_, err := pgx.ForEachRow(rows, []any{&a}, func() error {
				out = append(out, money.Money(a))
				return nil
			})
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// HoldAmount implements [ports.Tx]. Holding an amount the order already
// holds succeeds. Errors: ports.ErrAmountHeld (kind Conflict); invalid_input
// for an amount ≤ 0 or an empty order id; an adapter error.
func (t *tx) HoldAmount(ctx context.Context, amount money.Money, orderID string) error {
	if err := t.check(); err != nil {
		return err
	}
	if amount <= 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: a held amount must be positive, got %s", amount).WithField("amount")
	}
	if orderID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: a held amount needs an order id").WithField("order_id")
	}
	// The holder may release the amount between the insert and the read:
	// then try again.
	for range 3 {
		tag, err := t.exec(ctx, "hold amount", `INSERT INTO {s}.held_amounts (store_id, amount, order_id) VALUES ($3, $1, $2)
			ON CONFLICT (store_id, amount) DO NOTHING`, int64(amount), orderID, t.s.store)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			return nil
		}
		var holder string
		err = t.queryRow(ctx, "hold amount", `SELECT order_id FROM {s}.held_amounts WHERE store_id = $2 AND amount = $1`, []any{int64(amount), t.s.store}, &holder)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			continue
		case err != nil:
			return err
		case holder == orderID:
			return nil
		}
		return withMessage(ports.ErrAmountHeld, "postgres: transfer amount %s is held by another order", amount)
	}
	return withMessage(ports.ErrAmountHeld, "postgres: transfer amount %s is changing hands", amount)
}

// ReleaseAmount implements [ports.Tx]; a no-op unless the order holds the
// amount. Errors: an adapter error.
func (t *tx) ReleaseAmount(ctx context.Context, amount money.Money, orderID string) error {
	_, err := t.exec(ctx, "release amount", `DELETE FROM {s}.held_amounts WHERE store_id = $3 AND amount = $1 AND order_id = $2`,
		int64(amount), orderID, t.s.store)
	return err
}
