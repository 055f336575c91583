package catalog

import (
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
)

// Status says whether a product is for sale.
type Status string

// The product statuses. Only published products resolve into lines.
const (
	Published Status = "published"
	Draft     Status = "draft"
)

// Valid reports whether s is [Published] or [Draft].
func (s Status) Valid() bool { return s == Published || s == Draft }

// Limits on the numbers a catalog accepts. They keep every product and sum
// kasir computes (weight × quantity, stock needs of bundles, volumes) far
// from int64 overflow.
const (
	MaxQuantity    int64 = 1_000_000_000 // units on one line, in one bundle component, in stock, in one order
	MaxWeightGrams int64 = 1_000_000_000 // one unit (or one bundle): 1,000 tonnes
	MaxOptionAxes        = 3             // option axes per product (Warna → Ukuran → Panjang)
	maxTextLen           = 1_000         // names, ids, SKUs, option values and paths, in bytes
)

// ProductSpec describes a product for [New]. It is plain data, ready to be
// loaded from JSON.
//
// A product either has no option axes, and then one price and stock (it
// sells as one implicit variant whose id is the product id and whose SKU is
// the product SKU), or it has one to three axes (Options, e.g. "Warna",
// "Ukuran") and Variants, each with its own SKU, price and stock; Price and
// Stock of the product itself must then be zero.
type ProductSpec struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	SKU         string              `json:"sku"`
	Status      Status              `json:"status"` // "published" or "draft"; required
	Digital     bool                `json:"digital,omitempty"`
	CODAllowed  bool                `json:"cod_allowed,omitempty"`  // false for digital products
	WeightGrams int64               `json:"weight_grams,omitempty"` // per unit; 0 for digital products
	Dimensions  shipping.Dimensions `json:"dimensions,omitzero"`    // zero for digital products
	Price       money.Money         `json:"price,omitempty"`        // products without options only
	Stock       int64               `json:"stock,omitempty"`        // products without options only
	Options     []string            `json:"options,omitempty"`      // axis names, in order
	Variants    []VariantSpec       `json:"variants,omitempty"`     // one per combination sold
	// TaxCategory is "standard" (also "", the default: PPN is charged) or
	// "exempt" (outside PPN: in the subtotal, not in the PPN base of a
	// procurement order).
	TaxCategory string `json:"tax_category,omitempty"`
}

// VariantSpec describes one combination of option values of a product.
type VariantSpec struct {
	ID          string      `json:"id"`
	SKU         string      `json:"sku"`
	Options     []string    `json:"options"` // one value per axis, in the product's axis order
	Price       money.Money `json:"price"`
	Stock       int64       `json:"stock"`
	WeightGrams int64       `json:"weight_grams,omitempty"` // 0: the product's weight
}

// BundleSpec describes a bundle for [New]: a name and the price options it
// is sold at.
type BundleSpec struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	PriceOptions []PriceOptionSpec `json:"price_options"`
}

// PriceOptionSpec is one way a bundle is sold: a set of variants and
// quantities at one price (see docs/catalog.md).
type PriceOptionSpec struct {
	ID    string           `json:"id"`
	Name  string           `json:"name,omitempty"`
	Price money.Money      `json:"price"`
	Items []BundleItemSpec `json:"items"`
}

// BundleItemSpec names one component of a price option by SKU or by variant
// id (exactly one of them) and how many units of it one bundle holds.
type BundleItemSpec struct {
	SKU       string `json:"sku,omitempty"`
	VariantID string `json:"variant_id,omitempty"`
	Quantity  int64  `json:"quantity"`
}
