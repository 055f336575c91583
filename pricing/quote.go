package pricing

import (
	"strconv"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// Quote error codes besides the voucher codes and invalid_input.
const (
	CodeCODNotAllowed    = "cod_not_allowed"    // COD on an order with nothing to ship
	CodeCODLimitExceeded = "cod_limit_exceeded" // the grand total is above the courier's COD cap
)

// FeePayer says who bears the COD service fee.
type FeePayer uint8

// Who pays the COD fee. Seller is the zero value and the default.
const (
	Seller FeePayer = iota // the fee comes out of the seller's settlement
	Buyer                  // the fee is added to the grand total
)

// Valid reports whether p is a declared payer.
func (p FeePayer) Valid() bool { return p <= Buyer }

// String returns "seller" or "buyer".
func (p FeePayer) String() string {
	if p == Buyer {
		return "buyer"
	}
	if p == Seller {
		return "seller"
	}
	return "invalid"
}

// MarshalText implements encoding.TextMarshaler.
func (p FeePayer) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "pricing: invalid fee payer %d", uint8(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText reads "seller" (or "") or "buyer"; anything else is invalid_input.
func (p *FeePayer) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "seller":
		*p = Seller
	case "buyer":
		*p = Buyer
	default:
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: fee payer %q is not seller or buyer", string(b))
	}
	return nil
}

// CODFee is how the COD service fee is charged (see docs/cod.md).
type CODFee struct {
	Percent  money.Rate     `json:"fee_percent"`  // rate on the base T0, within [0, 100]
	Min      money.Money    `json:"fee_min"`      // the fee is never below this
	Payer    FeePayer       `json:"fee_payer"`    // seller (default) or buyer
	Rounding money.Rounding `json:"fee_rounding"` // zero value means money.Up
}

// Shipping is the chosen courier option as the quote needs it.
type Shipping struct {
	Cost            money.Money // the courier's full price C for the parcel
	CashbackPercent money.Rate  // shipping cashback paid back to the seller, on C
	CODMax          money.Money // the courier's cap on the COD amount; 0 means none
}

// QuoteInput is everything the quote is computed from. The caller resolves
// lines from its catalogue and the shipping option from its courier; the
// quote trusts no total.
type QuoteInput struct {
	Lines           []Line
	ProductVoucher  *VoucherRule // nil: none
	ShippingVoucher *VoucherRule // nil: none
	Shipping        Shipping     // zero when nothing is charged for shipping
	Digital         bool         // nothing is shipped: no shipping cost, no COD
	InsuranceFee    money.Money  // from the courier's insurance policy, when chosen or mandatory
	AdditionalCost  money.Money  // a fixed amount the seller adds ("biaya lain")
	COD             *CODFee      // non-nil: the order is paid cash on delivery
	UniqueCode      int          // the bank transfer's kode unik, 0–999; 0 for other methods
	Tax             TaxProfile
}

// Quote is the whole payment breakdown of docs/quote.md, every amount in whole
// rupiah. Its JSON field names are the ones of the calc command and the
// HTTP API.
type Quote struct {
	Subtotal         money.Money `json:"subtotal"`          // S
	ProductDiscount  money.Money `json:"product_discount"`  // D
	ShippingCost     money.Money `json:"shipping_cost"`     // C
	ShippingDiscount money.Money `json:"shipping_discount"` // SD
	InsuranceFee     money.Money `json:"insurance_fee"`     // I
	AdditionalCost   money.Money `json:"additional_cost"`   // A
	TaxBase          money.Money `json:"tax_base"`          // goods tax base (+ shipping tax base when shipping is taxed)
	PPN              money.Money `json:"ppn"`
	PPh22            money.Money `json:"pph22"`
	PPh23            money.Money `json:"pph23"`
	ServiceFee       money.Money `json:"service_fee"`       // F, COD only
	UniqueCode       int         `json:"unique_code"`       // U, bank transfer only
	GrandTotal       money.Money `json:"grand_total"`       // G
	ShippingCashback money.Money `json:"shipping_cashback"` // K
	Withheld         money.Money `json:"withheld"`          // W
	Payable          money.Money `json:"payable"`           // P = G − W
	NetProfit        money.Money `json:"net_profit"`        // N = P − C − I − F + K

	PPNAdded        money.Money `json:"ppn_added"`         // the part of PPN added to the total (prices excluding PPN)
	ServiceFeePayer FeePayer    `json:"service_fee_payer"` // who bears F
}

func invalid(field, format string, args ...any) error {
	return errs.Invalidf(errs.CodeInvalidInput, format, args...).WithField(field)
}

// checkPercent returns invalid_input unless 0 ≤ r ≤ 100.
func checkPercent(field string, r money.Rate) error {
	if r.Cmp(hundred) > 0 {
		return invalid(field, "pricing: %s must be within [0, 100], got %s", field, r)
	}
	return nil
}

// Validate checks the input on its own, before any arithmetic. Errors are
// invalid_input naming the field: no lines, a quantity ≤ 0, a negative or
// too large amount, a percent out of range, a unique code outside 0–999, a
// shipping cost on a digital order, a voucher in the wrong slot.
func (in *QuoteInput) Validate() error {
	if len(in.Lines) == 0 {
		return invalid("lines", "pricing: a quote needs at least one line")
	}
	for i := range in.Lines {
		l := &in.Lines[i]
		if l.Quantity <= 0 {
			return invalid(lineField(i, "quantity"), "pricing: line %d (%s) quantity must be positive, got %d", i+1, l.SKU, l.Quantity)
		}
		if l.UnitPrice < 0 || l.UnitPrice > money.MaxAmount {
			// The field name is built only for the error.
			return money.CheckAmount(lineField(i, "unit_price"), l.UnitPrice)
		}
	}
	for _, a := range [...]struct {
		field string
		m     money.Money
	}{{"shipping.cost", in.Shipping.Cost}, {"shipping.cod_max", in.Shipping.CODMax}, {"insurance_fee", in.InsuranceFee}, {"additional_cost", in.AdditionalCost}} {
		if err := money.CheckAmount(a.field, a.m); err != nil {
			return err
		}
	}
	if err := checkPercent("shipping.cashback_percent", in.Shipping.CashbackPercent); err != nil {
		return err
	}
	if in.Digital && in.Shipping.Cost != 0 {
		return invalid("shipping.cost", "pricing: a digital order has no shipping cost, got %d", int64(in.Shipping.Cost))
	}
	if in.UniqueCode < 0 || in.UniqueCode > 999 {
		return invalid("payment.unique_code", "pricing: unique code must be within 0–999, got %d", in.UniqueCode)
	}
	if in.COD != nil {
		if err := checkPercent("payment.cod_fee_percent", in.COD.Percent); err != nil {
			return err
		}
		if err := money.CheckAmount("payment.cod_fee_min", in.COD.Min); err != nil {
			return err
		}
		if !in.COD.Payer.Valid() {
			return invalid("payment.cod_fee_payer", "pricing: COD fee payer must be seller or buyer")
		}
		if in.COD.Rounding != 0 && !in.COD.Rounding.Valid() {
			return invalid("payment.cod_fee_rounding", "pricing: COD fee rounding must be up, half_up or down")
		}
	}
	for _, v := range [...]struct {
		field string
		rule  *VoucherRule
		kind  VoucherKind
	}{{"product_voucher", in.ProductVoucher, ProductVoucher}, {"shipping_voucher", in.ShippingVoucher, ShippingVoucher}} {
		if v.rule == nil {
			continue
		}
		if v.rule.Kind != v.kind {
			return errs.Invalidf(CodeVoucherWrongKind, "pricing: voucher %s is a %s voucher, not a %s voucher", v.rule.Code, v.rule.Kind, v.kind).WithField(v.field)
		}
		if err := v.rule.Validate(); err != nil {
			return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "pricing: "+v.field).WithField(v.field)
		}
	}
	return errs.At("tax", in.Tax.Validate())
}

func lineField(i int, name string) string { return "lines[" + strconv.Itoa(i) + "]." + name }

// Calculate computes the quote of docs/quote.md in its order, rounding each
// amount once, where and in the direction that page says. Errors: invalid_input (see
// [QuoteInput.Validate]), voucher_min_subtotal, voucher_not_applicable (a
// product voucher for SKUs not in the cart, a shipping voucher with nothing
// shipped), cod_not_allowed (COD with nothing to ship) and
// cod_limit_exceeded (kind Conflict is not used here: all are Invalid).
func Calculate(in QuoteInput) (Quote, error) {
	q, _, err := CalculateWithTax(in)
	return q, err
}

// CalculateWithTax is [Calculate] that also returns the tax breakdown the
// quote was computed with: the goods and shipping tax bases, and the exempt
// goods amount. Lines marked Exempt take their share of the product
// discount (split between taxed and exempt eligible lines by [money.Allocate]'s
// rule) and stay out of the PPN base. Errors are those of Calculate.
func CalculateWithTax(in QuoteInput) (Quote, Tax, error) {
	if err := in.Validate(); err != nil {
		return Quote{}, Tax{}, err
	}
	return calculate(in)
}

// calculate is CalculateWithTax for a validated input.
func calculate(in QuoteInput) (Quote, Tax, error) {
	var q Quote
	var err error

	// 1. subtotal, and the part the product voucher may discount
	var eligible, exempt, exemptEligible money.Money
	matched := false
	for i := range in.Lines {
		l := &in.Lines[i]
		amount, err := l.UnitPrice.MulInt(l.Quantity)
		if err != nil {
			return Quote{}, Tax{}, errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "pricing: line total").WithField(lineField(i, "quantity"))
		}
		q.Subtotal += amount
		if q.Subtotal > money.MaxAmount {
			return Quote{}, Tax{}, invalid("lines", "pricing: subtotal is too large")
		}
		if l.Exempt {
			exempt += amount
		}
		if in.ProductVoucher != nil && in.ProductVoucher.AppliesTo(l.SKU) {
			eligible += amount
			matched = true
			if l.Exempt {
				exemptEligible += amount
			}
		}
	}

	// 2. product discount
	if v := in.ProductVoucher; v != nil {
		if !matched {
			return Quote{}, Tax{}, errs.At("product_voucher", v.errorf(CodeVoucherNotApplicable, "pricing: voucher %s applies to none of the products in the cart", v.Code))
		}
		if err := v.CheckMinSubtotal(q.Subtotal); err != nil {
			return Quote{}, Tax{}, errs.At("product_voucher", err)
		}
		if q.ProductDiscount, err = v.Discount(eligible); err != nil {
			return Quote{}, Tax{}, err
		}
	}

	// 3–4. shipping and its discount
	q.ShippingCost = in.Shipping.Cost
	if v := in.ShippingVoucher; v != nil {
		if in.Digital {
			return Quote{}, Tax{}, errs.At("shipping_voucher", v.errorf(CodeVoucherNotApplicable, "pricing: shipping voucher %s does not apply: nothing is shipped", v.Code))
		}
		if err := v.CheckMinSubtotal(q.Subtotal); err != nil {
			return Quote{}, Tax{}, errs.At("shipping_voucher", err)
		}
		if q.ShippingDiscount, err = v.Discount(q.ShippingCost); err != nil {
			return Quote{}, Tax{}, err
		}
	}

	// 5–6. insurance and additional cost
	q.InsuranceFee = in.InsuranceFee
	q.AdditionalCost = in.AdditionalCost

	// 7. tax; exempt goods take their share of the discount and stay out of PPN
	exemptDiscount := money.Money(0)
	if exemptEligible > 0 && q.ProductDiscount > 0 {
		shares, err := money.Allocate(q.ProductDiscount, []money.Part{{ListPrice: eligible - exemptEligible, Quantity: 1}, {ListPrice: exemptEligible, Quantity: 1}})
		if err != nil {
			return Quote{}, Tax{}, err
		}
		exemptDiscount = shares[1]
	}
	goods := q.Subtotal - q.ProductDiscount
	tax, err := in.Tax.compute(goods-(exempt-exemptDiscount), exempt-exemptDiscount, q.ShippingCost-q.ShippingDiscount)
	if err != nil {
		return Quote{}, Tax{}, err
	}
	q.TaxBase, q.PPN, q.PPh22, q.PPh23, q.Withheld, q.PPNAdded = tax.Base, tax.PPN, tax.PPh22, tax.PPh23, tax.Withheld, tax.PPNAdded

	// 8. base T0
	t0 := q.Subtotal - q.ProductDiscount + q.ShippingCost - q.ShippingDiscount + q.InsuranceFee + q.AdditionalCost + q.PPNAdded

	// 9. COD service fee
	if in.COD != nil {
		if in.Digital {
			return Quote{}, Tax{}, errs.Invalidf(CodeCODNotAllowed, "pricing: cash on delivery needs something to ship; this order is digital only")
		}
		fee, err := money.ApplyPercent(t0, in.COD.Percent, in.COD.Rounding.Or(money.Up))
		if err != nil {
			return Quote{}, Tax{}, err
		}
		q.ServiceFee = fee.Max(in.COD.Min)
		q.ServiceFeePayer = in.COD.Payer
	}

	// 10–11. unique code and grand total
	q.UniqueCode = in.UniqueCode
	q.GrandTotal = t0 + money.Money(in.UniqueCode)
	if in.COD != nil && in.COD.Payer == Buyer {
		q.GrandTotal += q.ServiceFee
	}
	if in.COD != nil && in.Shipping.CODMax > 0 && q.GrandTotal > in.Shipping.CODMax {
		return Quote{}, Tax{}, errs.Invalidf(CodeCODLimitExceeded, "pricing: the COD amount %s is above the courier's COD limit of %s", q.GrandTotal, in.Shipping.CODMax)
	}

	// 12. shipping cashback, on the courier's full price
	if q.ShippingCashback, err = money.ApplyPercent(q.ShippingCost, in.Shipping.CashbackPercent, money.Down); err != nil {
		return Quote{}, Tax{}, err
	}

	// 13–15. payable and net profit
	q.Payable = q.GrandTotal - q.Withheld
	q.NetProfit = q.Payable - q.ShippingCost - q.InsuranceFee - q.ServiceFee + q.ShippingCashback
	return q, tax, nil
}
