package postgres

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/pricing"
)

// The range of times UnixNano represents; times outside it are stored as
// the nearest end (they keep their order against every time inside it).
var (
	minNanoTime = time.Unix(0, math.MinInt64)
	maxNanoTime = time.Unix(0, math.MaxInt64)
)

// nanos returns t as nanoseconds since the Unix epoch, clamped to int64.
func nanos(t time.Time) int64 {
	switch {
	case t.Before(minNanoTime):
		return math.MinInt64
	case t.After(maxNanoTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// nullNanos is nanos, or NULL for the zero time.
func nullNanos(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	n := nanos(t)
	return &n
}

// fromNanos reads a nullable *_ns column: NULL is the zero time.
func fromNanos(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return time.Unix(0, *n).UTC()
}

// nullString is s, or NULL for "".
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// voucherKey is the key of a code: codes compare without regard to case.
func voucherKey(code string) string { return strings.ToUpper(code) }

// voucherColumns are the vouchers table's columns in voucherRow's order.
const voucherColumns = `code_key, code, kind, type, percent, amount, max_discount, min_subtotal, skus, active,
	starts_ns, ends_ns, quota, per_customer, payment_methods, public`

// voucherRow is a pricing.Voucher as the vouchers table holds it: kind and
// type by name, the percent as pricing.ParseRate reads it (NULL for none),
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
		Quota: v.Quota, PerCustomer: v.PerCustomer, PaymentMethods: v.PaymentMethods, Public: v.Public,
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
			Code: r.Code, Amount: pricing.Money(r.Amount), MaxDiscount: pricing.Money(r.MaxDiscount),
			MinSubtotal: pricing.Money(r.MinSubtotal), SKUs: r.SKUs,
		},
		Active: r.Active, StartsAt: fromNanos(r.StartsNs), EndsAt: fromNanos(r.EndsNs),
		Quota: r.Quota, PerCustomer: r.PerCustomer, PaymentMethods: r.PaymentMethods, Public: r.Public,
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

// orderColumns are the orders table's columns in orderRow.args' order.
const orderColumns = `id, number, slug, placed_ns, placed_at, status, payment_method, payment_expires_ns,
	search_name, search_number, search_airway_bill, phone_digits, phone_local, data`

// orderArgs returns the orders row of o: its JSON and the columns listing
// filters and sorts on. Errors: internal when o cannot be encoded.
func orderArgs(o *checkout.Order) ([]any, error) {
	data, err := json.Marshal(o)
	if err != nil {
		return nil, errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the order cannot be encoded")
	}
	intl := digitsOf(o.Customer.Phone)
	var local *string
	if rest, ok := strings.CutPrefix(intl, "62"); ok {
		l := "0" + rest
		local = &l
	}
	return []any{
		o.ID, nullString(o.Number), nullString(o.Slug), nanos(o.PlacedAt), o.PlacedAt,
		string(o.Status()), string(o.Payment.Method), nullNanos(o.Payment.ExpiresAt),
		strings.ToLower(o.Customer.Name), strings.ToLower(o.Number), strings.ToLower(o.AirwayBill),
		intl, local, data,
	}, nil
}

// decodeOrder reads an order's JSON; its life cycle is checked on the way.
func decodeOrder(id string, data []byte) (*checkout.Order, error) {
	var o checkout.Order
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, corrupt("order", id, err)
	}
	return &o, nil
}

// abandonedArgs returns the abandoned row of a: id, phone, status,
// created_ns, created_at, data.
func abandonedArgs(a *checkout.Abandoned) ([]any, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return nil, errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the abandoned checkout cannot be encoded")
	}
	return []any{a.ID, a.Phone, string(a.Status), nanos(a.CreatedAt), a.CreatedAt, data}, nil
}

func decodeAbandoned(id string, data []byte) (*checkout.Abandoned, error) {
	var a checkout.Abandoned
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, corrupt("abandoned checkout", id, err)
	}
	return &a, nil
}

// phoneLike reports whether q holds only what people type in a phone
// number: digits, "+", spaces, "-", "." and parentheses.
func phoneLike(q string) bool {
	for _, r := range q {
		if !strings.ContainsRune("0123456789+ -.()", r) {
			return false
		}
	}
	return true
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
