package pricing

import (
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// Voucher error codes (see docs/vouchers.md).
const (
	CodeVoucherNotFound       = "voucher_not_found"
	CodeVoucherInactive       = "voucher_inactive"
	CodeVoucherNotStarted     = "voucher_not_started"
	CodeVoucherExpired        = "voucher_expired"
	CodeVoucherMinSubtotal    = "voucher_min_subtotal"
	CodeVoucherNotApplicable  = "voucher_not_applicable"
	CodeVoucherPaymentMethod  = "voucher_payment_method"
	CodeVoucherQuotaExhausted = "voucher_quota_exhausted"
	CodeVoucherCustomerLimit  = "voucher_customer_limit"
	CodeVoucherWrongKind      = "voucher_wrong_kind"
)

// VoucherKind is the slot a voucher fills: an order has one product
// (discount) voucher and one shipping voucher.
type VoucherKind uint8

// The voucher kinds.
const (
	ProductVoucher  VoucherKind = iota + 1 // discounts the goods
	ShippingVoucher                        // discounts the shipping cost
)

// Valid reports whether k is a declared kind.
func (k VoucherKind) Valid() bool { return k == ProductVoucher || k == ShippingVoucher }

// String returns "product" or "shipping".
func (k VoucherKind) String() string {
	switch k {
	case ProductVoucher:
		return "product"
	case ShippingVoucher:
		return "shipping"
	}
	return "invalid"
}

// MarshalText implements encoding.TextMarshaler.
func (k VoucherKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "pricing: invalid voucher kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads "product" or "shipping"; anything else is invalid_input.
func (k *VoucherKind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "product":
		*k = ProductVoucher
	case "shipping":
		*k = ShippingVoucher
	default:
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: voucher kind %q is not product or shipping", string(b))
	}
	return nil
}

// VoucherType says how a voucher's value is read.
type VoucherType uint8

// The voucher types.
const (
	Percent VoucherType = iota + 1 // a percentage of what it discounts, rounded down
	Fixed                          // a fixed rupiah amount
)

// Valid reports whether t is a declared type.
func (t VoucherType) Valid() bool { return t == Percent || t == Fixed }

// String returns "percent" or "fixed".
func (t VoucherType) String() string {
	switch t {
	case Percent:
		return "percent"
	case Fixed:
		return "fixed"
	}
	return "invalid"
}

// MarshalText implements encoding.TextMarshaler.
func (t VoucherType) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "pricing: invalid voucher type %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads "percent" or "fixed"; anything else is invalid_input.
func (t *VoucherType) UnmarshalText(b []byte) error {
	switch string(b) {
	case "percent":
		*t = Percent
	case "fixed":
		*t = Fixed
	default:
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: voucher type %q is not percent or fixed", string(b))
	}
	return nil
}

// VoucherRule is the arithmetic of a voucher: what the quote needs to compute
// its discount. Stored vouchers ([Voucher]) add availability on top.
type VoucherRule struct {
	Code        string      // shown to the buyer; may be empty for an ad-hoc rule
	Kind        VoucherKind // the slot it fills
	Type        VoucherType // percent or fixed
	Percent     money.Rate  // with Type Percent: 0 < Percent ≤ 100
	Amount      money.Money // with Type Fixed: the rupiah off, ≥ 0
	MaxDiscount money.Money // cap on the discount; 0 means no cap
	MinSubtotal money.Money // the subtotal S must reach this; 0 means none
	SKUs        []string    // product vouchers only: the SKUs it applies to; empty means all
}

var hundred = money.RateInt(100)

// Validate checks the rule on its own. Errors are invalid_input naming the
// field: an unknown kind or type, a percent outside (0, 100], a negative
// amount, SKUs on a shipping voucher.
func (v VoucherRule) Validate() error {
	if !v.Kind.Valid() {
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: voucher kind must be product or shipping").WithField("kind")
	}
	switch v.Type {
	case Percent:
		if v.Percent.IsZero() || v.Percent.Cmp(hundred) > 0 {
			return errs.Invalidf(errs.CodeInvalidInput, "pricing: voucher percent must be in (0, 100], got %s", v.Percent).WithField("value")
		}
	case Fixed:
		if err := money.CheckAmount("value", v.Amount); err != nil {
			return err
		}
	default:
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: voucher type must be percent or fixed").WithField("type")
	}
	if err := money.CheckAmount("max_discount", v.MaxDiscount); err != nil {
		return err
	}
	if err := money.CheckAmount("min_subtotal", v.MinSubtotal); err != nil {
		return err
	}
	if v.Kind == ShippingVoucher && len(v.SKUs) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: a shipping voucher cannot be limited to SKUs").WithField("skus")
	}
	return nil
}

// Discount returns the discount on base (the eligible subtotal, or the
// shipping cost): percent rounded down, then the cap, never more than base.
// Errors are invalid_input for amounts out of range.
func (v VoucherRule) Discount(base money.Money) (money.Money, error) {
	var d money.Money
	if v.Type == Percent {
		var err error
		if d, err = money.ApplyPercent(base, v.Percent, money.Down); err != nil {
			return 0, err
		}
	} else {
		d = v.Amount
	}
	if v.MaxDiscount > 0 {
		d = d.Min(v.MaxDiscount)
	}
	return d.Min(base).Max(0), nil
}

// CheckMinSubtotal returns voucher_min_subtotal when the whole subtotal S is
// below the voucher's minimum.
func (v VoucherRule) CheckMinSubtotal(subtotal money.Money) error {
	if subtotal < v.MinSubtotal {
		return v.errorf(CodeVoucherMinSubtotal, "pricing: voucher %s needs a subtotal of at least %s, the cart has %s", v.Code, v.MinSubtotal, subtotal)
	}
	return nil
}

// AppliesTo reports whether a product voucher discounts sku: it lists no
// SKUs, or lists sku.
func (v VoucherRule) AppliesTo(sku string) bool {
	return len(v.SKUs) == 0 || slices.Contains(v.SKUs, sku)
}

// errorf returns an Invalid error about the voucher as a whole: it names
// no field, since the caller knows where the voucher was given.
func (v VoucherRule) errorf(code, format string, args ...any) error {
	return errs.Invalidf(code, format, args...)
}

// Voucher is a stored voucher: a rule plus when and how often it may be
// used (see docs/vouchers.md). The customer is identified by the normalised phone.
type Voucher struct {
	VoucherRule
	Active         bool             // switched on by the seller
	StartsAt       time.Time        // zero means no start
	EndsAt         time.Time        // zero means no end; the voucher is valid before EndsAt
	Quota          int64            // total uses; 0 means unlimited
	PerCustomer    int64            // uses per customer; 0 means unlimited
	PaymentMethods []payment.Method // payment methods it is limited to; empty means all
	// Public lists the voucher to every buyer (the checkout's "vouchers
	// for this cart"); a private one (the default) is checked only when a
	// buyer types its code.
	Public bool
}

// Usage is how often a voucher has been redeemed, in total and by the
// customer at hand.
type Usage struct {
	Total      int64
	ByCustomer int64
}

// Validate checks the stored voucher: its rule, a code, non-negative quotas
// and an end after the start. Errors are invalid_input.
func (v Voucher) Validate() error {
	if strings.TrimSpace(v.Code) == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: a stored voucher needs a code").WithField("code")
	}
	if err := v.VoucherRule.Validate(); err != nil {
		return err
	}
	if v.Quota < 0 || v.PerCustomer < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: voucher %s quota must not be negative", v.Code).WithField("quota")
	}
	if !v.StartsAt.IsZero() && !v.EndsAt.IsZero() && !v.EndsAt.After(v.StartsAt) {
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: voucher %s ends before it starts", v.Code).WithField("ends_at")
	}
	return nil
}

// CheckUsable reports whether the voucher may be redeemed at now, for an
// order paid with method, given its usage so far. It checks, in this order,
// the errors voucher_inactive, voucher_not_started, voucher_expired,
// voucher_payment_method, voucher_quota_exhausted (kind Conflict) and
// voucher_customer_limit. The cart itself (minimum subtotal, SKUs) is checked
// by the quote.
func (v Voucher) CheckUsable(now time.Time, method payment.Method, used Usage) error {
	switch {
	case !v.Active:
		return v.errorf(CodeVoucherInactive, "pricing: voucher %s is not active", v.Code)
	case !v.StartsAt.IsZero() && now.Before(v.StartsAt):
		return v.errorf(CodeVoucherNotStarted, "pricing: voucher %s starts at %s", v.Code, v.StartsAt.Format(time.RFC3339))
	case !v.EndsAt.IsZero() && !now.Before(v.EndsAt):
		return v.errorf(CodeVoucherExpired, "pricing: voucher %s expired at %s", v.Code, v.EndsAt.Format(time.RFC3339))
	case len(v.PaymentMethods) > 0 && !slices.Contains(v.PaymentMethods, method):
		return v.errorf(CodeVoucherPaymentMethod, "pricing: voucher %s is only for %s payments", v.Code, joinMethods(v.PaymentMethods))
	case v.Quota > 0 && used.Total >= v.Quota:
		return errs.E(errs.Conflict, CodeVoucherQuotaExhausted, "pricing: voucher "+v.Code+" has been used up")
	case v.PerCustomer > 0 && used.ByCustomer >= v.PerCustomer:
		return v.errorf(CodeVoucherCustomerLimit, "pricing: voucher %s may be used %d time(s) per customer", v.Code, v.PerCustomer)
	}
	return nil
}

func joinMethods(ms []payment.Method) string {
	ss := make([]string, len(ms))
	for i, m := range ms {
		ss[i] = string(m)
	}
	return strings.Join(ss, ", ")
}
