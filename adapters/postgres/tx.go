package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// StockLevels implements [ports.Tx]: the units left of each variant id, 0
// for an unknown one, as the unit sees them.
func (t *tx) StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.pt.Query(ctx, t.s.q(`SELECT variant_id, available FROM {s}.stock WHERE variant_id = ANY($1)`), variantIDs)
	out, err := collectLevels(variantIDs, rows, err)
	if err != nil {
		return nil, t.fail("stock levels", err)
	}
	return out, nil
}

// collectLevels reads (variant_id, available) rows into levels of every id
// asked for.
func collectLevels(variantIDs []string, rows pgx.Rows, err error) (map[string]int64, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(variantIDs))
	for _, id := range variantIDs {
		out[id] = 0
	}
	var id string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&id, &n}, func() error {
		out[id] = n
		return nil
	})
	return out, err
}

// lockedStock locks the stock rows of the variants needs name, in variant
// order so that units never wait on each other in a circle, and returns a
// catalog.Stock of their levels (0 for a variant without a row), so the
// domain's rules check and apply the change. Errors: invalid_input for an
// empty variant id (before any lock); an adapter error.
func (t *tx) lockedStock(ctx context.Context, op string, needs []catalog.Need) (*catalog.Stock, error) {
	levels := make(map[string]int64, len(needs))
	for _, n := range needs {
		levels[n.VariantID] = 0
	}
	if _, err := catalog.NewStock(levels); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(levels))
	for id := range levels {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if len(ids) > 0 {
		rows, err := t.query(ctx, op, `SELECT variant_id, available FROM {s}.stock
			WHERE variant_id = ANY($1) ORDER BY variant_id FOR UPDATE`, ids)
		if err != nil {
			return nil, err
		}
		if levels, err = collectLevels(ids, rows, nil); err != nil {
			return nil, t.fail(op, err)
		}
	}
	return catalog.NewStock(levels)
}

// changes returns the variants whose level differs between before and
// after, and by how much.
func changes(before, after *catalog.Stock) (ids []string, deltas []int64) {
	for id, n := range after.Levels() {
		if d := n - before.Available(id); d != 0 {
			ids = append(ids, id)
			deltas = append(deltas, d)
		}
	}
	return ids, deltas
}

// ReserveStock implements [ports.Tx]: it locks the variants' rows, checks
// the needs against their levels and takes them. A variant without stock
// has 0 units left. Errors (nothing is then taken): *catalog.OutOfStockError
// naming the first variant, in order of the needs, that has too few units;
// invalid_quantity for a quantity ≤ 0 or above catalog.MaxQuantity;
// invalid_input for an empty variant id; an adapter error.
func (t *tx) ReserveStock(ctx context.Context, needs []catalog.Need) error {
	if err := t.check(); err != nil {
		return err
	}
	before, err := t.lockedStock(ctx, "reserve stock", needs)
	if err != nil {
		return err
	}
	after := before.Clone()
	if err := after.Reserve(needs); err != nil {
		return err
	}
	ids, deltas := changes(before, after)
	if len(ids) == 0 {
		return nil
	}
	_, err = t.exec(ctx, "reserve stock", `UPDATE {s}.stock AS s SET available = s.available + d.delta
		FROM unnest($1::text[], $2::bigint[]) AS d(variant_id, delta) WHERE s.variant_id = d.variant_id`, ids, deltas)
	return err
}

// ReleaseStock implements [ports.Tx]. Releasing to a variant without stock
// adds it. Errors (nothing is then given back): invalid_quantity;
// invalid_input for an empty variant id or a level that would rise above
// catalog.MaxQuantity; an adapter error.
func (t *tx) ReleaseStock(ctx context.Context, needs []catalog.Need) error {
	if err := t.check(); err != nil {
		return err
	}
	before, err := t.lockedStock(ctx, "release stock", needs)
	if err != nil {
		return err
	}
	after := before.Clone()
	if err := after.Release(needs); err != nil {
		return err
	}
	ids, deltas := changes(before, after)
	if len(ids) == 0 {
		return nil
	}
	_, err = t.exec(ctx, "release stock", `INSERT INTO {s}.stock AS s (variant_id, available)
		SELECT * FROM unnest($1::text[], $2::bigint[])
		ON CONFLICT (variant_id) DO UPDATE SET available = s.available + EXCLUDED.available`, ids, deltas)
	return err
}

// lockedVoucher reads a stored voucher and locks its row until the unit
// ends. A voucher the unit has locked already is not read again: no other
// unit can have changed it since.
func (t *tx) lockedVoucher(ctx context.Context, code string) (pricing.Voucher, error) {
	if err := t.check(); err != nil {
		return pricing.Voucher{}, err
	}
	k := voucherKey(code)
	if v, ok := t.vouchers[k]; ok {
		return v, nil
	}
	var r voucherRow
	err := t.queryRow(ctx, "voucher", `SELECT `+voucherColumns+` FROM {s}.vouchers WHERE code_key = $1 FOR UPDATE`, []any{k}, r.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return pricing.Voucher{}, voucherNotFound(code)
	}
	if err != nil {
		return pricing.Voucher{}, err
	}
	v, err := r.voucher()
	if err != nil {
		return pricing.Voucher{}, err
	}
	if t.vouchers == nil {
		t.vouchers = map[string]pricing.Voucher{}
	}
	t.vouchers[k] = v
	return v, nil
}

func voucherNotFound(code string) error {
	return errs.E(errs.NotFound, pricing.CodeVoucherNotFound, fmt.Sprintf("postgres: no voucher %q", code))
}

// Voucher implements [ports.Tx]; codes compare without regard to case.
// It locks the voucher's row until the unit ends, as RedeemVoucher does,
// so that a unit that checks a voucher and then redeems it reads it once.
// Errors: voucher_not_found (kind NotFound); an adapter error.
func (t *tx) Voucher(ctx context.Context, code string) (pricing.Voucher, error) {
	return t.lockedVoucher(ctx, code)
}

// usageSQL counts a voucher's redemptions ($1 the code key), those of a
// customer ($2; "" counts none) and whether an order ($3) holds one.
//
// The total is the voucher_usage counter and the rest are index lookups,
// so a popular voucher costs no more than a new one.
const usageSQL = `SELECT coalesce((SELECT total FROM {s}.voucher_usage WHERE code_key = $1), 0),
	(SELECT count(*) FROM {s}.voucher_redemptions WHERE $2 <> '' AND code_key = $1 AND customer = $2),
	EXISTS (SELECT FROM {s}.voucher_redemptions WHERE code_key = $1 AND order_id = $3)`

// VoucherUsage implements [ports.Tx]. An unknown code has no usage.
// Errors: an adapter error.
func (t *tx) VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error) {
	var u pricing.Usage
	var held bool
	err := t.queryRow(ctx, "voucher usage", usageSQL, []any{voucherKey(code), customer, ""}, &u.Total, &u.ByCustomer, &held)
	return u, err
}

// RedeemVoucher implements [ports.Tx]. It locks the voucher's row, so
// redemptions of one voucher run one after another, then counts its uses.
// Errors (nothing is then recorded): voucher_not_found;
// voucher_quota_exhausted (kind Conflict) and voucher_customer_limit as
// pricing.Voucher.CheckUsable returns them; ports.ErrDuplicate when the
// order already holds a use of the voucher; invalid_input for an empty
// order id; an adapter error.
func (t *tx) RedeemVoucher(ctx context.Context, r ports.Redemption) error {
	if err := t.check(); err != nil {
		return err
	}
	if r.OrderID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: a redemption needs an order id").WithField("order_id")
	}
	v, err := t.lockedVoucher(ctx, r.Code)
	if err != nil {
		return err
	}
	k := voucherKey(r.Code)
	var u pricing.Usage
	var held bool
	if err := t.queryRow(ctx, "redeem voucher", usageSQL, []any{k, r.Customer, r.OrderID}, &u.Total, &u.ByCustomer, &held); err != nil {
		return err
	}
	if held {
		return withMessage(ports.ErrDuplicate, "postgres: order %q already redeemed voucher %s", r.OrderID, v.Code)
	}
	// Only the quota and the per-customer limit are the store's to enforce;
	// reuse pricing's check and its errors for them.
	limits := pricing.Voucher{VoucherRule: v.VoucherRule, Active: true, Quota: v.Quota, PerCustomer: v.PerCustomer}
	if err := limits.CheckUsable(limits.StartsAt, "", u); err != nil {
		return err
	}
	_, err = t.exec(ctx, "redeem voucher", `INSERT INTO {s}.voucher_redemptions (code_key, order_id, customer) VALUES ($1, $2, $3)`,
		k, r.OrderID, r.Customer)
	return err
}

// ReleaseVoucher implements [ports.Tx]; a no-op when the order holds no use
// of the voucher. Errors: an adapter error.
func (t *tx) ReleaseVoucher(ctx context.Context, code, orderID string) error {
	_, err := t.exec(ctx, "release voucher", `DELETE FROM {s}.voucher_redemptions WHERE code_key = $1 AND order_id = $2`,
		voucherKey(code), orderID)
	return err
}

// HeldAmounts implements [ports.Tx]; the amounts come in ascending order.
// It first takes the store's kode-unik advisory lock, held until the unit
// ends, so concurrent bank-transfer placements choose their amounts one
// after another and never pick the same. Errors: an adapter error.
func (t *tx) HeldAmounts(ctx context.Context, min, max pricing.Money) ([]pricing.Money, error) {
	var out []pricing.Money
	err := t.lockThen(ctx, "held_amounts", "", `SELECT amount FROM {s}.held_amounts WHERE amount BETWEEN $1 AND $2 ORDER BY amount`,
		[]any{int64(min), int64(max)}, func(rows pgx.Rows) error {
			var a int64
			_, err := pgx.ForEachRow(rows, []any{&a}, func() error {
				out = append(out, pricing.Money(a))
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
func (t *tx) HoldAmount(ctx context.Context, amount pricing.Money, orderID string) error {
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
		tag, err := t.exec(ctx, "hold amount", `INSERT INTO {s}.held_amounts (amount, order_id) VALUES ($1, $2) ON CONFLICT (amount) DO NOTHING`,
			int64(amount), orderID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			return nil
		}
		var holder string
		err = t.queryRow(ctx, "hold amount", `SELECT order_id FROM {s}.held_amounts WHERE amount = $1`, []any{int64(amount)}, &holder)
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
func (t *tx) ReleaseAmount(ctx context.Context, amount pricing.Money, orderID string) error {
	_, err := t.exec(ctx, "release amount", `DELETE FROM {s}.held_amounts WHERE amount = $1 AND order_id = $2`, int64(amount), orderID)
	return err
}

// Idempotency implements [ports.Tx]. It first takes an advisory lock on the
// key, held until the unit ends, so concurrent units with one key run one
// after another: the second sees the first's record. Keys compare exactly.
// Errors: ports.ErrNotFound; an adapter error.
func (t *tx) Idempotency(ctx context.Context, key string) (ports.IdempotencyRecord, error) {
	rec := ports.IdempotencyRecord{Key: key}
	var created *int64
	err := t.lockThen(ctx, "idempotency", key, `SELECT request_hash, order_id, created_ns FROM {s}.idempotency WHERE key = $1`,
		[]any{key}, scanOne(&rec.RequestHash, &rec.OrderID, &created))
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.IdempotencyRecord{}, withMessage(ports.ErrNotFound, "postgres: no idempotency record for key %q", key)
	}
	if err != nil {
		return ports.IdempotencyRecord{}, err
	}
	rec.CreatedAt = fromNanos(created)
	return rec, nil
}

// PutIdempotency implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for an empty key; an adapter error.
func (t *tx) PutIdempotency(ctx context.Context, rec ports.IdempotencyRecord) error {
	if err := t.check(); err != nil {
		return err
	}
	if rec.Key == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: an idempotency record needs a key").WithField("key")
	}
	tag, err := t.exec(ctx, "put idempotency", `INSERT INTO {s}.idempotency (key, request_hash, order_id, created_ns)
		VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`, rec.Key, rec.RequestHash, rec.OrderID, nullNanos(rec.CreatedAt))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: idempotency key %q is already used", rec.Key)
	}
	return nil
}

// NextSequence implements [ports.Tx]. The sequence's row stays locked until
// the unit ends, and a rolled-back unit gives its numbers back. Errors: an
// adapter error.
func (t *tx) NextSequence(ctx context.Context, name string) (int64, error) {
	var n int64
	err := t.queryRow(ctx, "next sequence", `INSERT INTO {s}.sequences AS q (name, value) VALUES ($1, 1)
		ON CONFLICT (name) DO UPDATE SET value = q.value + 1 RETURNING value`, []any{name}, &n)
	return n, err
}

// CreateOrder implements [ports.Tx]; it stores a copy. An empty number or
// slug is not unique. Errors: ports.ErrDuplicate when the id, number or
// slug is taken; invalid_input for a nil order or an empty id; an adapter
// error.
func (t *tx) CreateOrder(ctx context.Context, o *checkout.Order) error {
	if err := t.check(); err != nil {
		return err
	}
	if o == nil || o.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: an order needs an id").WithField("id")
	}
	args, err := orderArgs(o)
	if err != nil {
		return err
	}
	tag, err := t.exec(ctx, "create order", `INSERT INTO {s}.orders (`+orderColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`, args...)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	return t.duplicate(ctx, o, "")
}

// duplicate tells which of o's id, number or slug another stored order has
// (the id only when except is ""), as ports.ErrDuplicate.
func (t *tx) duplicate(ctx context.Context, o *checkout.Order, except string) error {
	var id string
	var number, slug *string
	err := t.queryRow(ctx, "find duplicate order", `SELECT id, number, slug FROM {s}.orders
		WHERE id <> $4 AND (id = $1 OR number = $2 OR slug = $3) ORDER BY id = $1 DESC, coalesce(number = $2, false) DESC LIMIT 1`,
		[]any{o.ID, nullString(o.Number), nullString(o.Slug), except}, &id, &number, &slug)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if except == "" {
			return withMessage(ports.ErrDuplicate, "postgres: order %q is taken", o.ID)
		}
		return nil
	case err != nil:
		return err
	case id == o.ID:
		return withMessage(ports.ErrDuplicate, "postgres: order id %q is taken", o.ID)
	case number != nil && *number == o.Number:
		return withMessage(ports.ErrDuplicate, "postgres: order number %q is taken", o.Number)
	}
	return withMessage(ports.ErrDuplicate, "postgres: order slug is taken")
}

// Order implements [ports.Tx]: a copy, which changes nothing until saved.
// It locks the order's row until the unit ends, so two units changing one
// order run one after another. Errors: ports.ErrOrderNotFound; an adapter
// error; internal for a stored order that cannot be read.
func (t *tx) Order(ctx context.Context, id string) (*checkout.Order, error) {
	var data []byte
	err := t.queryRow(ctx, "order", `SELECT data FROM {s}.orders WHERE id = $1 FOR UPDATE`, []any{id}, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, orderNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	return decodeOrder(id, data)
}

// SaveOrder implements [ports.Tx]; it stores a copy. Errors:
// ports.ErrOrderNotFound; ports.ErrDuplicate when a changed number or slug
// is another order's; invalid_input for a nil order; an adapter error.
func (t *tx) SaveOrder(ctx context.Context, o *checkout.Order) error {
	if err := t.check(); err != nil {
		return err
	}
	if o == nil {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: no order to save")
	}
	var one int
	err := t.queryRow(ctx, "save order", `SELECT 1 FROM {s}.orders WHERE id = $1 FOR UPDATE`, []any{o.ID}, &one)
	if errors.Is(err, pgx.ErrNoRows) {
		return orderNotFound(o.ID)
	}
	if err != nil {
		return err
	}
	if err := t.duplicate(ctx, o, o.ID); err != nil {
		return err
	}
	args, err := orderArgs(o)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "save order", `UPDATE {s}.orders SET (`+orderColumns+`) =
		($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) WHERE id = $1`, args...)
	return err
}

// unpaidOrdersSQL counts a phone's orders waiting for payment through the
// partial index orders_unpaid_phone.
const unpaidOrdersSQL = `SELECT count(*) FROM {s}.orders WHERE phone_digits = $1 AND status = 'pending_payment'`

// UnpaidOrders implements [ports.Tx]: it takes an advisory lock on the
// phone, held until the unit ends, then counts through the partial index
// of orders pending payment by phone. Errors: an adapter error.
func (t *tx) UnpaidOrders(ctx context.Context, phone string) (int, error) {
	var n int
	err := t.lockThen(ctx, "unpaid", phone, unpaidOrdersSQL, []any{digitsOf(phone)}, scanOne(&n))
	return n, err
}
