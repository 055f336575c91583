package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Refunds = (*Store)(nil)

// refundColumns are the columns of a refund read back, in scan order.
const refundColumns = `id, order_id, amount, reason, method, reference, status, idem_key, error, created_ns, updated_ns`

// AddRefund implements [ports.Tx]. It locks the order's row (as Tx.Order
// does) before it adds up the order's refunds, so concurrent refunds of
// one order take turns and their sum never passes limit. Errors:
// refund_exceeds_paid; ports.ErrDuplicate; ports.ErrOrderNotFound;
// invalid_input from checkout.Refund.Validate; an adapter error.
func (t *tx) AddRefund(ctx context.Context, r checkout.Refund, limit money.Money) error {
	if err := r.Validate(); err != nil {
		return err
	}
	var one int
	err := t.queryRow(ctx, "lock order for refund", `SELECT 1 FROM {s}.orders WHERE store_id = $1 AND id = $2 FOR UPDATE`,
		[]any{t.s.store, r.OrderID}, &one)
	if errors.Is(err, pgx.ErrNoRows) {
		return orderNotFound(r.OrderID)
	}
	if err != nil {
		return err
	}
	var counted int64
	var dup bool
	if err := t.queryRow(ctx, "sum refunds", `SELECT
			coalesce(sum(amount) FILTER (WHERE status IN ('pending', 'succeeded')), 0)::bigint,
			coalesce(bool_or(id = $3 OR ($4 <> '' AND idem_key = $4)), false)
		FROM {s}.refunds WHERE store_id = $1 AND order_id = $2`,
		[]any{t.s.store, r.OrderID, r.ID, r.Key}, &counted, &dup); err != nil {
		return err
	}
	if dup {
		return withMessage(ports.ErrDuplicate, "postgres: refund %q (key %q) exists", r.ID, r.Key)
	}
	if money.Money(counted)+r.Amount > limit {
		return errs.E(errs.Conflict, checkout.CodeRefundExceedsPaid, "postgres: a refund of "+r.Amount.String()+
			" is above the "+(limit-money.Money(counted)).String()+" that may still be refunded").WithField("amount")
	}
	tag, err := t.exec(ctx, "add refund", `INSERT INTO {s}.refunds (store_id, `+refundColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
		t.s.store, r.ID, r.OrderID, int64(r.Amount), r.Reason, string(r.Method), r.Reference, string(r.Status), r.Key, r.Error,
		nanos(r.CreatedAt), nanos(r.UpdatedAt))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: refund %q exists", r.ID)
	}
	return nil
}

// scanRefunds reads rows of refundColumns.
func scanRefunds(rows pgx.Rows) ([]checkout.Refund, error) {
	defer rows.Close()
	out := []checkout.Refund{}
	for rows.Next() {
		var r checkout.Refund
		var amount, created, updated int64
		var method, status string
		if err := rows.Scan(&r.ID, &r.OrderID, &amount, &r.Reason, &method, &r.Reference, &status, &r.Key, &r.Error, &created, &updated); err != nil {
			return nil, err
		}
		r.Amount, r.Method, r.Status = money.Money(amount), checkout.RefundMethod(method), checkout.RefundStatus(status)
		r.CreatedAt, r.UpdatedAt = fromNanos(&created), fromNanos(&updated)
		out = append(out, r)
	}
	return out, rows.Err()
}

const orderRefundsSQL = `SELECT ` + refundColumns + ` FROM {s}.refunds WHERE store_id = $1 AND order_id = $2 ORDER BY created_ns, id`

// OrderRefunds implements [ports.Tx]. Errors: an adapter error.
func (t *tx) OrderRefunds(ctx context.Context, orderID string) ([]checkout.Refund, error) {
	rows, err := t.query(ctx, "order refunds", orderRefundsSQL, t.s.store, orderID)
	if err != nil {
		return nil, err
	}
	out, err := scanRefunds(rows)
	if err != nil {
		return nil, t.fail("order refunds", err)
	}
	return out, nil
}

// SaveRefund implements [ports.Tx]: it changes the refund's status,
// reference, error and update time. Errors: ports.ErrRefundNotFound;
// invalid_input from checkout.Refund.Validate; an adapter error.
func (t *tx) SaveRefund(ctx context.Context, r checkout.Refund) error {
	if err := r.Validate(); err != nil {
		return err
	}
	tag, err := t.exec(ctx, "save refund", `UPDATE {s}.refunds SET reason = $4, method = $5, reference = $6, status = $7, error = $8, updated_ns = $9
		WHERE store_id = $1 AND order_id = $2 AND id = $3`,
		t.s.store, r.OrderID, r.ID, r.Reason, string(r.Method), r.Reference, string(r.Status), r.Error, nanos(r.UpdatedAt))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrRefundNotFound, "postgres: order %q has no refund %q", r.OrderID, r.ID)
	}
	return nil
}

// OrderRefunds implements [ports.Refunds] through the primary key's order
// prefix. Errors: an adapter error.
func (s *Store) OrderRefunds(ctx context.Context, orderID string) ([]checkout.Refund, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(orderRefundsSQL), s.store, orderID)
	if err != nil {
		return nil, s.dbErr("order refunds", err)
	}
	out, err := scanRefunds(rows)
	if err != nil {
		return nil, s.dbErr("order refunds", err)
	}
	return out, nil
}
