package pricing

import (
	"encoding/json"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// ReturnTerms are what a courier service charges when a parcel comes back to
// the seller: a share of the shipping cost for the return trip (the return
// percent, 0–100) and whether the COD service fee is still charged on a
// returned COD parcel.
//
// The zero value is the usual terms: the return trip costs 100 percent of
// the shipping cost and no COD fee is charged on a return. Build other terms
// with [NewReturnTerms] or [ParseReturnTerms]; a ReturnTerms value is always
// valid.
type ReturnTerms struct {
	percent        money.Rate
	custom         bool // percent was given; otherwise it is 100
	codFeeOnReturn bool
}

// NewReturnTerms returns terms charging percent of the shipping cost for a
// return, and the COD service fee too when codFeeOnReturn is set. It fails
// with invalid_input (field "return_percent") when percent is above 100.
func NewReturnTerms(percent money.Rate, codFeeOnReturn bool) (ReturnTerms, error) {
	if percent.Cmp(hundred) > 0 {
		return ReturnTerms{}, invalid("return_percent", "pricing: return percent must be within 0–100, got %s", percent)
	}
	return ReturnTerms{percent: percent, custom: true, codFeeOnReturn: codFeeOnReturn}, nil
}

// ParseReturnTerms is [NewReturnTerms] with the percent written as
// [money.ParseRate] reads it ("100", "50", "12.5"); an empty percent means the
// default 100. A malformed percent or one outside 0–100 is invalid_input
// with field "return_percent".
func ParseReturnTerms(percent string, codFeeOnReturn bool) (ReturnTerms, error) {
	if percent == "" {
		return ReturnTerms{codFeeOnReturn: codFeeOnReturn}, nil
	}
	r, err := money.ParseRate(percent)
	if err != nil {
		return ReturnTerms{}, errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "pricing: return percent").WithField("return_percent")
	}
	return NewReturnTerms(r, codFeeOnReturn)
}

// Percent returns the share of the shipping cost a return costs, 0–100.
func (t ReturnTerms) Percent() money.Rate {
	if !t.custom {
		return hundred
	}
	return t.percent
}

// CODFeeOnReturn reports whether a returned COD parcel still pays the COD
// service fee.
func (t ReturnTerms) CODFeeOnReturn() bool { return t.codFeeOnReturn }

// Fee returns the return fee R for a parcel whose courier's full price is
// shippingCost: R = ceil(shippingCost × percent / 100), rounded once, up.
// It fails with invalid_input when shippingCost is negative or too large.
func (t ReturnTerms) Fee(shippingCost money.Money) (money.Money, error) {
	if err := money.CheckAmount("shipping_cost", shippingCost); err != nil {
		return 0, err
	}
	return money.ApplyPercent(shippingCost, t.Percent(), money.Up)
}

type returnTermsJSON struct {
	ReturnPercent  money.Rate `json:"return_percent"`
	CODFeeOnReturn bool       `json:"cod_fee_on_return"`
}

// MarshalJSON writes the terms as {"return_percent":"100","cod_fee_on_return":false}.
func (t ReturnTerms) MarshalJSON() ([]byte, error) {
	return json.Marshal(returnTermsJSON{ReturnPercent: t.Percent(), CODFeeOnReturn: t.codFeeOnReturn})
}

// UnmarshalJSON reads what MarshalJSON writes; an absent return_percent
// means 100. A percent outside 0–100 is invalid_input.
func (t *ReturnTerms) UnmarshalJSON(b []byte) error {
	var v struct {
		ReturnPercent  *money.Rate `json:"return_percent"`
		CODFeeOnReturn bool        `json:"cod_fee_on_return"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.ReturnPercent == nil {
		*t = ReturnTerms{codFeeOnReturn: v.CODFeeOnReturn}
		return nil
	}
	nt, err := NewReturnTerms(*v.ReturnPercent, v.CODFeeOnReturn)
	if err != nil {
		return err
	}
	*t = nt
	return nil
}
