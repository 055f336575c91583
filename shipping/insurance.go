package shipping

import (
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// CodeInsuranceNotAvailable is the error code (kind Invalid) of a premium
// asked for a value the courier does not insure.
const CodeInsuranceNotAvailable = "insurance_not_available"

// InsuranceBase says which amount an insurance premium is a percentage of.
type InsuranceBase uint8

// The insurance bases. GoodsValue is the zero value and the usual base.
const (
	GoodsValue InsuranceBase = iota // the value of the goods shipped
	GrandTotal                      // the order's grand total (SiCepat)
)

// Valid reports whether b is a declared base.
func (b InsuranceBase) Valid() bool { return b <= GrandTotal }

// String returns "goods_value" or "grand_total".
func (b InsuranceBase) String() string {
	switch b {
	case GoodsValue:
		return "goods_value"
	case GrandTotal:
		return "grand_total"
	}
	return "invalid"
}

// ParseInsuranceBase reads "goods_value" or "grand_total"; the empty string
// gives GoodsValue. Anything else is an invalid_input error.
func ParseInsuranceBase(s string) (InsuranceBase, error) {
	switch s {
	case "", "goods_value":
		return GoodsValue, nil
	case "grand_total":
		return GrandTotal, nil
	}
	return 0, errs.Invalidf(errs.CodeInvalidInput, "shipping: insurance base %q is not one of goods_value, grand_total", s)
}

// MarshalText implements encoding.TextMarshaler. It fails with
// invalid_input for an undeclared base.
func (b InsuranceBase) MarshalText() ([]byte, error) {
	if !b.Valid() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "shipping: invalid insurance base %d", uint8(b))
	}
	return []byte(b.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler as [ParseInsuranceBase]
// does.
func (b *InsuranceBase) UnmarshalText(text []byte) error {
	v, err := ParseInsuranceBase(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// InsurancePolicy is one courier service's shipping insurance (see docs/shipping.md).
// Zero amounts switch the optional parts off. Examples: JNE is 0.2% +
// Rp5.000 admin; Ninja 0.25% with a flat Rp2.500 up to Rp1.000.000;
// SiCepat 0.3% of the grand total, only above Rp500.000; SAP 0.3% + Rp2.000.
type InsurancePolicy struct {
	Percent  money.Rate    // premium as a percentage of the base, 0–100
	AdminFee money.Money   // added to a percentage premium
	Base     InsuranceBase // what Percent is taken of

	FlatFee     money.Money // when > 0, the whole premium for values up to FlatFeeUpTo
	FlatFeeUpTo money.Money // the largest value the flat fee covers

	RoundUpTo      money.Money // the percentage premium rounds up to a multiple of this; 0 or 1 = whole rupiah
	AvailableAbove money.Money // when > 0, insurance exists only for values above it
	MandatoryFrom  money.Money // when > 0, insurance is mandatory for goods worth at least this
}

// Validate reports whether p is usable. It returns an invalid_input error
// naming the field when the percent is above 100, an amount is negative or
// beyond money.MaxAmount, or the base is undeclared.
func (p InsurancePolicy) Validate() error {
	if p.Percent.Cmp(money.RateInt(100)) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: insurance percent must be within 0–100, got %s", p.Percent).WithField("percent")
	}
	if !p.Base.Valid() {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: invalid insurance base %d", uint8(p.Base)).WithField("base")
	}
	for _, a := range [...]struct {
		field string
		m     money.Money
	}{
		{"admin_fee", p.AdminFee},
		{"flat_fee", p.FlatFee},
		{"flat_fee_up_to", p.FlatFeeUpTo},
		{"round_up_to", p.RoundUpTo},
		{"available_above", p.AvailableAbove},
		{"mandatory_from", p.MandatoryFrom},
	} {
		if err := money.CheckAmount(a.field, a.m); err != nil {
			return err
		}
	}
	return nil
}

// Insurance is a premium worked out by [InsurancePolicy.Premium].
type Insurance struct {
	Fee       money.Money // the premium, whole rupiah
	Mandatory bool        // the buyer cannot opt out for this value
}

// Premium returns the insurance for a parcel of goods worth goodsValue in an
// order whose grand total is grandTotal. With V the policy's base:
//   - AvailableAbove > 0 and V ≤ AvailableAbove: error insurance_not_available;
//   - FlatFee > 0 and V ≤ FlatFeeUpTo: the fee is FlatFee (no admin fee);
//   - otherwise ceil(V × Percent / 100), rounded up to a multiple of
//     RoundUpTo, plus AdminFee.
//
// Mandatory is true when MandatoryFrom > 0 and goodsValue ≥ MandatoryFrom.
//
// Errors: [CodeInsuranceNotAvailable] (kind Invalid) as above; invalid_input
// for an invalid policy, a negative or too large amount, or a premium beyond
// money.MaxAmount.
func (p InsurancePolicy) Premium(goodsValue, grandTotal money.Money) (Insurance, error) {
	if err := p.Validate(); err != nil {
		return Insurance{}, err
	}
	if err := money.CheckAmount("goods_value", goodsValue); err != nil {
		return Insurance{}, err
	}
	if err := money.CheckAmount("grand_total", grandTotal); err != nil {
		return Insurance{}, err
	}
	v, field := goodsValue, "goods_value"
	if p.Base == GrandTotal {
		v, field = grandTotal, "grand_total"
	}
	if p.AvailableAbove > 0 && v <= p.AvailableAbove {
		return Insurance{}, errs.Invalidf(CodeInsuranceNotAvailable,
			"shipping: insurance is only available for a %s above %s, got %s", p.Base, p.AvailableAbove, v).WithField(field)
	}
	ins := Insurance{Mandatory: p.MandatoryFrom > 0 && goodsValue >= p.MandatoryFrom}
	if p.FlatFee > 0 && v <= p.FlatFeeUpTo {
		ins.Fee = p.FlatFee
		return ins, nil
	}
	fee, err := money.ApplyPercent(v, p.Percent, money.Up)
	if err != nil {
		return Insurance{}, err
	}
	if r := p.RoundUpTo; r > 1 && fee%r != 0 {
		fee += r - fee%r // fee ≤ v ≤ MaxAmount and r ≤ MaxAmount: no overflow
	}
	fee += p.AdminFee
	if err := money.CheckAmount("insurance_fee", fee); err != nil {
		return Insurance{}, err
	}
	ins.Fee = fee
	return ins, nil
}
