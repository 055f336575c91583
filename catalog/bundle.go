package catalog

import (
	"slices"

	"github.com/kasir-id/kasir/money"
)

// Bundle is a validated bundle of a [Catalog]: a name and the price options
// it is sold at. It is an immutable value.
type Bundle struct {
	id, name string
	options  []PriceOption
}

// ID returns the bundle id.
func (b Bundle) ID() string { return b.id }

// Name returns the bundle name.
func (b Bundle) Name() string { return b.name }

// PriceOptions returns the bundle's price options in the order given.
func (b Bundle) PriceOptions() []PriceOption {
	out := make([]PriceOption, len(b.options))
	for i, o := range b.options {
		out[i] = o.clone()
	}
	return out
}

// PriceOption is one way a bundle is sold: a set of components at one
// price. Its stock and weight come from the components; its price is
// allocated to them exactly (see docs/catalog.md). It is an immutable value.
type PriceOption struct {
	id, name, bundleID, bundleName string
	price                          money.Money
	components                     []Component
	weight                         int64
	digital, cod                   bool
}

// ID returns the price option id: the key of a bundle line in the quote.
func (o PriceOption) ID() string { return o.id }

// Name returns the price option's name ("Beli 3"), possibly "".
func (o PriceOption) Name() string { return o.name }

// BundleID returns the id of the option's bundle.
func (o PriceOption) BundleID() string { return o.bundleID }

// BundleName returns the name of the option's bundle.
func (o PriceOption) BundleName() string { return o.bundleName }

// Price returns the price of one bundle.
func (o PriceOption) Price() money.Money { return o.price }

// Components returns what one bundle holds, with each component's share of
// the price.
func (o PriceOption) Components() []Component { return slices.Clone(o.components) }

// WeightGrams returns the weight of one bundle: Σ component weight ×
// quantity.
func (o PriceOption) WeightGrams() int64 { return o.weight }

// Digital reports whether every component is digital.
func (o PriceOption) Digital() bool { return o.digital }

// CODAllowed reports whether the bundle holds something to ship and every
// physical component allows cash on delivery.
func (o PriceOption) CODAllowed() bool { return o.cod }

func (o PriceOption) clone() PriceOption {
	o.components = slices.Clone(o.components)
	return o
}

// Component is one variant in a bundle price option, with its share of the
// bundle price. It is a copy: changing it changes nothing in the catalog.
type Component struct {
	ProductID   string      `json:"product_id"`
	VariantID   string      `json:"variant_id"`
	SKU         string      `json:"sku"`
	Name        string      `json:"name"`         // product name, with the option path when there is one
	Quantity    int64       `json:"quantity"`     // units in one bundle
	ListPrice   money.Money `json:"list_price"`   // the variant's price of one unit
	Allocated   money.Money `json:"allocated"`    // share of one bundle's price for all Quantity units
	WeightGrams int64       `json:"weight_grams"` // one unit
	Digital     bool        `json:"digital"`
	CODAllowed  bool        `json:"cod_allowed"`
}
