package procurement

import (
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// The buyer kinds every checkout knows; a store may redefine them or add
// its own (see [DefaultBuyerKinds]).
const (
	KindRegular = "regular" // a buyer that withholds nothing
	KindBUMN    = "bumn"    // a state-owned company, a VAT collector (WAPU)
	KindKLPD    = "klpd"    // a government treasurer (bendahara)
)

// BuyerKind is the withholding a kind of buyer applies to each seller's
// order. Nothing is withheld from an order whose goods tax base is at or
// below Threshold.
type BuyerKind struct {
	PPNCollectedByBuyer bool        // the buyer keeps the PPN back and pays it to the state
	PPh22Percent        money.Rate  // PPh 22 withheld on the goods tax base
	PPh22OnShipping     bool        // PPh 22 also on the shipping tax base
	PPh23Percent        money.Rate  // PPh 23 withheld on the shipping tax base, as a service
	Threshold           money.Money // withholding applies only to a goods tax base above this
}

// Validate checks the percentages (within [0, 100]) and the threshold (a
// whole-rupiah amount ≥ 0). Errors are invalid_input naming the field.
func (k BuyerKind) Validate() error {
	p := pricing.TaxProfile{PPh22Percent: k.PPh22Percent, PPh23Percent: k.PPh23Percent}
	if err := p.Validate(); err != nil {
		return err
	}
	return money.CheckAmount("withholding_threshold", k.Threshold)
}

// DefaultBuyerKinds returns the kinds a checkout knows when its store
// defines none: regular withholds nothing; bumn and klpd collect the PPN
// and withhold PPh 22 at 1.5% on goods and PPh 23 at 2% on shipping, above
// Rp10.000.000 and Rp2.000.000 of goods tax base respectively. A new map is
// returned on each call.
func DefaultBuyerKinds() map[string]BuyerKind {
	return map[string]BuyerKind{
		KindRegular: {},
		KindBUMN: {
			PPNCollectedByBuyer: true, PPh22Percent: money.MustRate("1.5"), PPh23Percent: money.RateInt(2),
			Threshold: 10_000_000,
		},
		KindKLPD: {
			PPNCollectedByBuyer: true, PPh22Percent: money.MustRate("1.5"), PPh23Percent: money.RateInt(2),
			Threshold: 2_000_000,
		},
	}
}

// Buyer is the purchasing company or office as the tax documents name it.
type Buyer struct {
	Name string // company or office name
	NPWP string // tax number
	Kind string // a buyer kind; empty is regular
}

// CodeUnknownBuyerKind is the code of a buyer whose kind the store does not define.
const CodeUnknownBuyerKind = "unknown_buyer_kind"

// kind returns the buyer's withholding from kinds. Errors:
// unknown_buyer_kind, or invalid_input for a kind out of range.
func (b Buyer) kind(kinds map[string]BuyerKind) (BuyerKind, error) {
	name := b.Kind
	if name == "" {
		name = KindRegular
	}
	k, ok := kinds[name]
	if !ok {
		return BuyerKind{}, errs.Invalidf(CodeUnknownBuyerKind, "procurement: buyer kind %q is not defined", name).WithField("buyer.kind")
	}
	if err := k.Validate(); err != nil {
		return BuyerKind{}, errs.At("buyer_kinds."+name, err)
	}
	return k, nil
}
