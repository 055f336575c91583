package pricing

import (
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// TaxProfile is a seller's tax settings (see docs/tax.md). The zero value is a
// seller not registered for VAT whose buyers withhold nothing.
type TaxProfile struct {
	PPNPercent          money.Rate `json:"ppn_percent"`            // PPN rate, e.g. 11 or 12; 0 when not registered for VAT
	DPPFactor           money.Rate `json:"dpp_factor"`             // "DPP nilai lain" factor, 1 or 11/12; 0 reads as 1
	PricesIncludePPN    bool       `json:"prices_include_ppn"`     // catalogue prices include PPN
	PPNOnShipping       bool       `json:"ppn_on_shipping"`        // shipping is part of the taxed supply
	PPNCollectedByBuyer bool       `json:"ppn_collected_by_buyer"` // the buyer is a WAPU and keeps the PPN back
	PPh22Percent        money.Rate `json:"pph22_percent"`          // PPh 22 withheld on goods
	PPh22OnShipping     bool       `json:"pph22_on_shipping"`      // PPh 22 also on the shipping tax base
	PPh23Percent        money.Rate `json:"pph23_percent"`          // PPh 23 withheld on shipping, as a service
}

// Validate checks that every percentage is within [0, 100] and the DPP
// factor within (0, 1]. Errors are invalid_input naming the field.
func (t TaxProfile) Validate() error {
	for _, p := range []struct {
		field string
		r     money.Rate
	}{{"ppn_percent", t.PPNPercent}, {"pph22_percent", t.PPh22Percent}, {"pph23_percent", t.PPh23Percent}} {
		if p.r.Cmp(hundred) > 0 {
			return errs.Invalidf(errs.CodeInvalidInput, "pricing: %s must be within [0, 100], got %s", p.field, p.r).WithField(p.field)
		}
	}
	if t.DPPFactor.Cmp(money.RateInt(1)) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "pricing: dpp_factor must be within (0, 1], got %s", t.DPPFactor).WithField("dpp_factor")
	}
	return nil
}

// Tax is the tax part of a quote, all whole rupiah rounded down.
type Tax struct {
	GoodsBase    money.Money // the goods tax base: the DPP of the taxed goods plus the exempt goods amount
	ExemptBase   money.Money // the part of GoodsBase that is exempt goods, outside PPN
	ShippingBase money.Money // the shipping tax base: Y, or Y without its PPN
	Base         money.Money // the reported tax_base, the base PPN is charged on: taxed goods base, plus the shipping base when shipping is taxed
	PPN          money.Money // the PPN on Base
	PPNAdded     money.Money // the PPN added to the total (prices exclude PPN), else 0
	PPh22        money.Money
	PPh23        money.Money
	Withheld     money.Money // PPh 22 + PPh 23 (+ PPN when the buyer collects it)
}

// ComputeTax applies the profile to the goods amount X = S − D and the
// shipping amount Y = C − SD (see docs/tax.md). Errors are invalid_input: an invalid
// profile or amounts out of range.
func (t TaxProfile) ComputeTax(goods, shipping money.Money) (Tax, error) {
	if err := t.Validate(); err != nil {
		return Tax{}, err
	}
	return t.compute(goods, 0, shipping)
}

// compute is ComputeTax for a profile already validated, with exempt the
// amount of exempt goods (after their share of the discount) besides the
// taxed goods amount goods.
func (t TaxProfile) compute(goods, exempt, shipping money.Money) (Tax, error) {
	var out Tax
	dpp := t.DPPFactor
	if dpp.IsZero() {
		dpp = money.RateInt(1)
	}
	e, err := t.PPNPercent.Mul(dpp) // effective rate, exact
	if err != nil {
		return Tax{}, err
	}
	ePct, err := e.Percent()
	if err != nil {
		return Tax{}, err
	}
	// base = amount × 100/(100+e) when prices include PPN, else the amount
	exclude := money.RateInt(1)
	if t.PricesIncludePPN && !e.IsZero() {
		den, err := hundred.Add(e)
		if err != nil {
			return Tax{}, err
		}
		if exclude, err = hundred.Div(den); err != nil {
			return Tax{}, err
		}
	}
	base := func(m money.Money) (money.Money, error) { return exclude.Apply(m, money.Down) }
	if out.GoodsBase, err = base(goods); err != nil {
		return Tax{}, err
	}
	out.ShippingBase = shipping
	out.Base = out.GoodsBase
	out.ExemptBase = exempt
	out.GoodsBase += exempt
	if t.PPNOnShipping {
		if out.ShippingBase, err = base(shipping); err != nil {
			return Tax{}, err
		}
		out.Base += out.ShippingBase
	}
	if out.PPN, err = ePct.Apply(out.Base, money.Down); err != nil {
		return Tax{}, err
	}
	if !t.PricesIncludePPN {
		out.PPNAdded = out.PPN
	}
	pph22Base := out.GoodsBase
	if t.PPh22OnShipping {
		pph22Base += out.ShippingBase
	}
	if out.PPh22, err = money.ApplyPercent(pph22Base, t.PPh22Percent, money.Down); err != nil {
		return Tax{}, err
	}
	if out.PPh23, err = money.ApplyPercent(out.ShippingBase, t.PPh23Percent, money.Down); err != nil {
		return Tax{}, err
	}
	out.Withheld = out.PPh22 + out.PPh23
	if t.PPNCollectedByBuyer {
		out.Withheld += out.PPN
	}
	return out, nil
}
