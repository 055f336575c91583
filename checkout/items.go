package checkout

import (
	"slices"
	"strings"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// Items are the lines of a cart or an order as sold. They answer what
// pricing, shipping, payment and stock need to know about them; a bundle is
// one priced item, expanded into its components for weight, goods value
// and stock.
type Items []Item

// PricingLines returns the items as the quote takes them, in order: a
// variant keyed by its SKU, a bundle by its price option id at the bundle
// price (so a product voucher limited to some SKUs does not apply to
// bundles holding them).
func (it Items) PricingLines() []pricing.Line {
	out := make([]pricing.Line, len(it))
	for i, x := range it {
		out[i] = x.PricingLine()
	}
	return out
}

// Subtotal returns Σ unit price × quantity; a bundle counts at its bundle
// price.
func (it Items) Subtotal() money.Money {
	var s money.Money
	for _, x := range it {
		s += x.Subtotal
	}
	return s
}

// Quantity returns Σ quantities; a bundle counts once per bundle.
func (it Items) Quantity() int64 {
	var q int64
	for _, x := range it {
		q += x.Quantity
	}
	return q
}

// WeightGrams returns Σ unit weight × quantity in grams: a bundle weighs
// what its components weigh, digital goods nothing.
func (it Items) WeightGrams() int64 {
	var w int64
	for _, x := range it {
		if !x.Digital {
			w += x.UnitWeight * x.Quantity
		}
	}
	return w
}

// GoodsValue returns the value of what is shipped, the base of shipping
// insurance: physical variants at their subtotal, bundles at the allocated
// share of their physical components, digital goods nothing.
func (it Items) GoodsValue() money.Money {
	var v money.Money
	for _, x := range it {
		v += x.GoodsValue
	}
	return v
}

// NeedsShipping reports whether some item has something to ship. An order
// with nothing to ship has no shipping and cannot be paid cash on delivery.
func (it Items) NeedsShipping() bool {
	return slices.ContainsFunc(it, func(x Item) bool { return !x.Digital })
}

// CODAllowed reports whether the items may be paid cash on delivery:
// something ships and every physical item (bundle components included)
// allows COD. Digital items beside physical ones do not prevent it.
func (it Items) CODAllowed() bool {
	return it.NeedsShipping() && !slices.ContainsFunc(it, func(x Item) bool { return !x.Digital && !x.CODAllowed })
}

// StockNeeds returns what the items take from stock: bundles expanded into
// their components, merged by variant, sorted by variant id (a stable order
// that also suits locking rows in a store). Each need carries its SKU.
func (it Items) StockNeeds() []catalog.Need {
	idx := map[string]int{}
	var out []catalog.Need
	for _, x := range it {
		for _, n := range x.StockNeeds {
			if i, ok := idx[n.VariantID]; ok {
				out[i].Quantity += n.Quantity
				continue
			}
			idx[n.VariantID] = len(out)
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b catalog.Need) int { return strings.Compare(a.VariantID, b.VariantID) })
	return out
}

// Clone returns a deep copy.
func (it Items) Clone() Items {
	out := make(Items, len(it))
	for i, x := range it {
		x.Options = slices.Clone(x.Options)
		x.Components = slices.Clone(x.Components)
		x.StockNeeds = slices.Clone(x.StockNeeds)
		out[i] = x
	}
	return out
}
