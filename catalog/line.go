package catalog

import (
	"slices"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// LineKind says what a [Line] sells.
type LineKind uint8

// The kinds of line. The zero value is no kind: a Line that was not
// resolved from a catalog.
const (
	VariantLine LineKind = iota + 1 // one variant (of a product with or without options)
	BundleLine                      // one bundle price option, priced as a whole
)

// Valid reports whether k is [VariantLine] or [BundleLine].
func (k LineKind) Valid() bool { return k == VariantLine || k == BundleLine }

// String returns "variant", "bundle" or "invalid".
func (k LineKind) String() string {
	switch k {
	case VariantLine:
		return "variant"
	case BundleLine:
		return "bundle"
	}
	return "invalid"
}

// Line is a resolved order line: what is sold, at which unit price, how
// many, how heavy, and whether it ships and allows COD. It is an immutable
// value produced by [Catalog.Resolve]; its amounts were checked there, so
// its totals never overflow. The zero Line has no kind and sells nothing.
type Line struct {
	kind          LineKind
	productID     string
	variantID     string
	sku           string
	name          string
	options       []string
	bundleID      string
	priceOptionID string
	unitPrice     money.Money
	quantity      int64
	unitWeight    int64
	digital, cod  bool
	dims          shipping.Dimensions
	components    []Component
}

// Kind returns [VariantLine] or [BundleLine].
func (l Line) Kind() LineKind { return l.kind }

// Key returns what the quote knows the line by: the variant SKU for a
// variant line, the price option id for a bundle line. It is the SKU of
// [Line.PricingLine].
func (l Line) Key() string {
	if l.kind == BundleLine {
		return l.priceOptionID
	}
	return l.sku
}

// SKU returns the variant SKU of a variant line, "" for a bundle line.
func (l Line) SKU() string { return l.sku }

// VariantID returns the variant id of a variant line, "" for a bundle line.
func (l Line) VariantID() string { return l.variantID }

// ProductID returns the product id of a variant line, "" for a bundle line.
func (l Line) ProductID() string { return l.productID }

// BundleID returns the bundle id of a bundle line, "" for a variant line.
func (l Line) BundleID() string { return l.bundleID }

// PriceOptionID returns the price option id of a bundle line, "" for a
// variant line.
func (l Line) PriceOptionID() string { return l.priceOptionID }

// Name returns a name for people: the product name with the option path
// ("Gamis Bae (Merah, XL)"), or the bundle name with the price option's
// name ("Paket Hemat – Beli 3").
func (l Line) Name() string { return l.name }

// Options returns the option values of a variant line, in axis order.
func (l Line) Options() []string { return slices.Clone(l.options) }

// UnitPrice returns the price of one unit: the variant's price, or the price
// of one bundle.
func (l Line) UnitPrice() money.Money { return l.unitPrice }

// Quantity returns how many units (or bundles) the line sells.
func (l Line) Quantity() int64 { return l.quantity }

// Subtotal returns unit price × quantity.
func (l Line) Subtotal() money.Money { return l.unitPrice * money.Money(l.quantity) }

// UnitWeightGrams returns the weight of one unit (or one bundle); 0 for
// digital goods.
func (l Line) UnitWeightGrams() int64 { return l.unitWeight }

// WeightGrams returns the actual weight of the line: unit weight × quantity.
func (l Line) WeightGrams() int64 { return l.unitWeight * l.quantity }

// Digital reports whether nothing on the line is shipped (every component
// of a bundle is digital).
func (l Line) Digital() bool { return l.digital }

// CODAllowed reports whether the line has something to ship and every
// physical product on it allows cash on delivery.
func (l Line) CODAllowed() bool { return l.cod }

// Dimensions returns the product's size for a variant line; zero for a
// bundle line (see the components' products).
func (l Line) Dimensions() shipping.Dimensions { return l.dims }

// Components returns what one bundle of a bundle line holds, each with its
// share of the bundle price; none for a variant line.
func (l Line) Components() []Component { return slices.Clone(l.components) }

// GoodsValue returns the value of what the line ships: its subtotal for a
// physical variant, 0 for a digital one, and for a bundle the allocated
// shares of its physical components × quantity. Shipping insures this value.
func (l Line) GoodsValue() money.Money {
	if l.kind == BundleLine {
		var v money.Money
		for _, c := range l.components {
			if !c.Digital {
				v += c.Allocated
			}
		}
		return v * money.Money(l.quantity)
	}
	if l.digital {
		return 0
	}
	return l.Subtotal()
}

// PricingLine returns the line as the quote takes it: keyed by [Line.Key],
// at the unit price, for the quantity. A bundle is one line at its bundle
// price.
func (l Line) PricingLine() pricing.Line {
	return pricing.Line{SKU: l.Key(), UnitPrice: l.unitPrice, Quantity: l.quantity}
}

// StockNeeds returns the stock the line takes: its variant × quantity, or
// for a bundle each component × component quantity × line quantity, in
// component order.
func (l Line) StockNeeds() []Need {
	switch l.kind {
	case VariantLine:
		return []Need{{VariantID: l.variantID, SKU: l.sku, Quantity: l.quantity}}
	case BundleLine:
		out := make([]Need, len(l.components))
		for i, c := range l.components {
			out[i] = Need{VariantID: c.VariantID, SKU: c.SKU, Quantity: c.Quantity * l.quantity}
		}
		return out
	}
	return nil
}

// WithQuantity returns the line selling q units instead. Errors:
// invalid_input for a line not resolved from a catalog; invalid_quantity
// when q is not in 1…[MaxQuantity] or the line total would exceed
// money.MaxAmount. It does not check stock.
func (l Line) WithQuantity(q int64) (Line, error) {
	if !l.kind.Valid() {
		return Line{}, invalid("", "line was not resolved from a catalog")
	}
	if err := checkQuantity(q, l.kind == BundleLine, l.components); err != nil {
		return Line{}, err
	}
	if _, err := l.unitPrice.MulInt(q); err != nil {
		return Line{}, badQuantity("quantity", "%d × %s is more than an order can hold", q, l.unitPrice)
	}
	l.quantity = q // the lines share options and components: no Line changes them
	return l, nil
}

// checkQuantity checks q for a line: 1…MaxQuantity, and for a bundle every
// component quantity × q within MaxQuantity too.
func checkQuantity(q int64, bundle bool, comps []Component) *errs.Error {
	if q <= 0 {
		return badQuantity("quantity", "quantity must be at least 1, got %d", q)
	}
	if q > MaxQuantity {
		return badQuantity("quantity", "quantity %d is above the maximum of %d", q, MaxQuantity)
	}
	if bundle {
		for _, c := range comps {
			if c.Quantity > MaxQuantity/q {
				return badQuantity("quantity", "%d bundles hold %d × %d units of %s, above the maximum of %d",
					q, q, c.Quantity, c.SKU, MaxQuantity)
			}
		}
	}
	return nil
}

func variantName(product string, options []string) string {
	if len(options) == 0 {
		return product
	}
	return product + " (" + strings.Join(options, ", ") + ")"
}
