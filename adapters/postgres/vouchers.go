package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// PutVoucher stores a voucher, replacing the one with the same code
// (without regard to case); its redemptions so far still count. Errors: the
// invalid_input of pricing.Voucher.Validate; an adapter error (kind
// Unavailable).
func (s *Store) PutVoucher(ctx context.Context, v pricing.Voucher) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := v.Validate(); err != nil {
		return err
	}
	r, err := toVoucherRow(v)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, s.q(`INSERT INTO {s}.vouchers (store_id, `+voucherColumns+`)
		VALUES ($17, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		ON CONFLICT (store_id, code_key) DO UPDATE SET
			code = EXCLUDED.code, kind = EXCLUDED.kind, type = EXCLUDED.type, percent = EXCLUDED.percent,
			amount = EXCLUDED.amount, max_discount = EXCLUDED.max_discount, min_subtotal = EXCLUDED.min_subtotal,
			skus = EXCLUDED.skus, active = EXCLUDED.active, starts_ns = EXCLUDED.starts_ns, ends_ns = EXCLUDED.ends_ns,
			quota = EXCLUDED.quota, per_customer = EXCLUDED.per_customer, payment_methods = EXCLUDED.payment_methods,
			public = EXCLUDED.public`),
		append(r.args(), s.store)...)
	return s.dbErr("put voucher", err)
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
	err := t.queryRow(ctx, "voucher", `SELECT `+voucherColumns+` FROM {s}.vouchers WHERE store_id = $2 AND code_key = $1 FOR UPDATE`, []any{k, t.s.store}, r.dest()...)
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

// usageSQL counts a voucher's redemptions ($1 the code key, $4 the
// store), those of a customer ($2; "" counts none) and whether an order
// ($3) holds one.
//
// The total is the voucher_usage counter and the rest are index lookups,
// so a popular voucher costs no more than a new one.
const usageSQL = `SELECT coalesce((SELECT total FROM {s}.voucher_usage WHERE store_id = $4 AND code_key = $1), 0),
	(SELECT count(*) FROM {s}.voucher_redemptions WHERE $2 <> '' AND store_id = $4 AND code_key = $1 AND customer = $2),
	EXISTS (SELECT FROM {s}.voucher_redemptions WHERE store_id = $4 AND code_key = $1 AND order_id = $3)`

// VoucherUsage implements [ports.Tx]. An unknown code has no usage.
// Errors: an adapter error.
func (t *tx) VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error) {
	return t.usageOf(ctx, "voucher usage", voucherKey(code), customer)
}

// usageKey names a voucher's usage as counted for a customer.
type usageKey struct{ code, customer string }

// usageOf counts a voucher's uses, in total and by customer. While the
// unit holds the voucher's row lock, no other unit can redeem it, so the
// count is read once and kept, and the unit's own redemptions add to it.
func (t *tx) usageOf(ctx context.Context, op, k, customer string) (pricing.Usage, error) {
	_, locked := t.vouchers[k]
	if u, ok := t.usage[usageKey{k, customer}]; ok && locked {
		return u, nil
	}
	var u pricing.Usage
	var held bool
	if err := t.queryRow(ctx, op, usageSQL, []any{k, customer, "", t.s.store}, &u.Total, &u.ByCustomer, &held); err != nil {
		return pricing.Usage{}, err
	}
	if locked {
		if t.usage == nil {
			t.usage = map[usageKey]pricing.Usage{}
		}
		t.usage[usageKey{k, customer}] = u
	}
	return u, nil
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
	u, err := t.usageOf(ctx, "redeem voucher", k, r.Customer)
	if err != nil {
		return err
	}
	// Only the quota and the per-customer limit are the store's to enforce;
	// reuse pricing's check and its errors for them.
	limits := pricing.Voucher{VoucherRule: v.VoucherRule, Active: true, Quota: v.Quota, PerCustomer: v.PerCustomer}
	if err := limits.CheckUsable(limits.StartsAt, "", u); err != nil {
		return err
	}
	// An order that already holds a use violates the primary key.
	orderID, code := r.OrderID, v.Code
	if err := t.holdBack("redeem voucher", `INSERT INTO {s}.voucher_redemptions (store_id, code_key, order_id, customer) VALUES ($4, $1, $2, $3)`,
		func(pg *pgconn.PgError) error {
			if pg.Code != sqlUniqueViolation {
				return nil
			}
			return withMessage(ports.ErrDuplicate, "postgres: order %q already redeemed voucher %s", orderID, code)
		}, k, r.OrderID, r.Customer, t.s.store); err != nil {
		return err
	}
	for uk, cu := range t.usage {
		if uk.code != k {
			continue
		}
		cu.Total++
		if r.Customer != "" && uk.customer == r.Customer {
			cu.ByCustomer++
		}
		t.usage[uk] = cu
	}
	return nil
}

// ReleaseVoucher implements [ports.Tx]; a no-op when the order holds no use
// of the voucher. Errors: an adapter error.
func (t *tx) ReleaseVoucher(ctx context.Context, code, orderID string) error {
	k := voucherKey(code)
	for uk := range t.usage {
		if uk.code == k {
			delete(t.usage, uk) // the use released may not have been there
		}
	}
	return t.holdBack("release voucher", `DELETE FROM {s}.voucher_redemptions WHERE store_id = $3 AND code_key = $1 AND order_id = $2`,
		nil, k, orderID, t.s.store)
}

// Vouchers implements [ports.Vouchers]: every stored voucher, by code.
// Errors: an adapter error; internal for a stored voucher that cannot be
// read.
func (s *Store) Vouchers(ctx context.Context) ([]pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT `+voucherColumns+` FROM {s}.vouchers WHERE store_id = $1 ORDER BY code_key`), s.store)
	if err != nil {
		return nil, s.dbErr("vouchers", err)
	}
	out := []pricing.Voucher{}
	var r voucherRow
	var bad error
	if _, err := pgx.ForEachRow(rows, r.dest(), func() error {
		v, err := r.voucher()
		if err != nil {
			bad = err
			return err
		}
		out = append(out, v)
		return nil
	}); err != nil {
		if bad != nil {
			return nil, bad
		}
		return nil, s.dbErr("vouchers", err)
	}
	return out, nil
}

// Voucher implements [ports.Vouchers]; codes compare without regard to
// case. Errors: voucher_not_found (kind NotFound); an adapter error.
func (s *Store) Voucher(ctx context.Context, code string) (pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return pricing.Voucher{}, errInsideUnit
	}
	var r voucherRow
	err := s.pool.QueryRow(ctx, s.q(`SELECT `+voucherColumns+` FROM {s}.vouchers WHERE store_id = $2 AND code_key = $1`), voucherKey(code), s.store).Scan(r.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return pricing.Voucher{}, voucherNotFound(code)
	}
	if err != nil {
		return pricing.Voucher{}, s.dbErr("voucher", err)
	}
	return r.voucher()
}

// VoucherUsage implements [ports.Vouchers]. An unknown code has no usage;
// customer "" counts none. Errors: an adapter error.
func (s *Store) VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error) {
	if s.inUnit(ctx) {
		return pricing.Usage{}, errInsideUnit
	}
	var u pricing.Usage
	var held bool
	err := s.pool.QueryRow(ctx, s.q(usageSQL), voucherKey(code), customer, "", s.store).Scan(&u.Total, &u.ByCustomer, &held)
	return u, s.dbErr("voucher usage", err)
}

// voucherKey is the key of a code: codes compare without regard to case.
func voucherKey(code string) string { return strings.ToUpper(code) }

// voucherColumns are the vouchers table's columns in voucherRow's order.
const voucherColumns = `code_key, code, kind, type, percent, amount, max_discount, min_subtotal, skus, active,
	starts_ns, ends_ns, quota, per_customer, payment_methods, public`

// voucherRow is a pricing.Voucher as the vouchers table holds it: kind and
// type by name, the percent as money.ParseRate reads it (NULL for none),
// times in nanoseconds (NULL for none), nil lists as NULL.
type voucherRow struct {
	CodeKey        string
	Code           string
	Kind           string
	Type           string
	Percent        *string
	Amount         int64
	MaxDiscount    int64
	MinSubtotal    int64
	SKUs           []string
	Active         bool
	StartsNs       *int64
	EndsNs         *int64
	Quota          int64
	PerCustomer    int64
	PaymentMethods []string
	Public         bool
}

// toVoucherRow converts a voucher that passed Validate.
func toVoucherRow(v pricing.Voucher) (voucherRow, error) {
	kind, err := v.Kind.MarshalText()
	if err != nil {
		return voucherRow{}, err
	}
	typ, err := v.Type.MarshalText()
	if err != nil {
		return voucherRow{}, err
	}
	r := voucherRow{
		CodeKey: voucherKey(v.Code), Code: v.Code, Kind: string(kind), Type: string(typ),
		Amount: int64(v.Amount), MaxDiscount: int64(v.MaxDiscount), MinSubtotal: int64(v.MinSubtotal),
		SKUs: v.SKUs, Active: v.Active, StartsNs: nullNanos(v.StartsAt), EndsNs: nullNanos(v.EndsAt),
		Quota: v.Quota, PerCustomer: v.PerCustomer, PaymentMethods: methodStrings(v.PaymentMethods), Public: v.Public,
	}
	if !v.Percent.IsZero() {
		p := v.Percent.String()
		r.Percent = &p
	}
	return r, nil
}

func (r *voucherRow) args() []any {
	return []any{r.CodeKey, r.Code, r.Kind, r.Type, r.Percent, r.Amount, r.MaxDiscount, r.MinSubtotal,
		r.SKUs, r.Active, r.StartsNs, r.EndsNs, r.Quota, r.PerCustomer, r.PaymentMethods, r.Public}
}

func (r *voucherRow) dest() []any {
	return []any{&r.CodeKey, &r.Code, &r.Kind, &r.Type, &r.Percent, &r.Amount, &r.MaxDiscount, &r.MinSubtotal,
		&r.SKUs, &r.Active, &r.StartsNs, &r.EndsNs, &r.Quota, &r.PerCustomer, &r.PaymentMethods, &r.Public}
}

func (r *voucherRow) voucher() (pricing.Voucher, error) {
	v := pricing.Voucher{
		VoucherRule: pricing.VoucherRule{
			Code: r.Code, Amount: money.Money(r.Amount), MaxDiscount: money.Money(r.MaxDiscount),
			MinSubtotal: money.Money(r.MinSubtotal), SKUs: r.SKUs,
		},
		Active: r.Active, StartsAt: fromNanos(r.StartsNs), EndsAt: fromNanos(r.EndsNs),
		Quota: r.Quota, PerCustomer: r.PerCustomer, PaymentMethods: methodsOf(r.PaymentMethods), Public: r.Public,
	}
	if err := v.Kind.UnmarshalText([]byte(r.Kind)); err != nil {
		return pricing.Voucher{}, corrupt("voucher", r.Code, err)
	}
	if err := v.Type.UnmarshalText([]byte(r.Type)); err != nil {
		return pricing.Voucher{}, corrupt("voucher", r.Code, err)
	}
	if r.Percent != nil {
		if err := v.Percent.UnmarshalText([]byte(*r.Percent)); err != nil {
			return pricing.Voucher{}, corrupt("voucher", r.Code, err)
		}
	}
	return v, nil
}

// methodStrings and methodsOf convert a voucher's payment methods to and from
// the text[] column; nil stays nil.
func methodStrings(ms []payment.Method) []string {
	if ms == nil {
		return nil
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = string(m)
	}
	return out
}

func methodsOf(ss []string) []payment.Method {
	if ss == nil {
		return nil
	}
	out := make([]payment.Method, len(ss))
	for i, s := range ss {
		out[i] = payment.Method(s)
	}
	return out
}
