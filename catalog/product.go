package catalog

import (
	"slices"
	"strings"
	"unicode"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
)

// Product is a validated product of a [Catalog]. It is an immutable value:
// its accessors return copies.
type Product struct {
	id, name, sku string
	status        Status
	digital, cod  bool
	exempt        bool // tax category exempt: outside PPN
	weight        int64
	dims          shipping.Dimensions
	axes          []string
	variants      []Variant

	// option index, nil for a product without axes
	values    [][]string       // per axis: distinct values in order of first use
	valueKeys []map[string]int // per axis: option key → index in values
	combos    map[string]int   // combination key → index in variants
}

// ID returns the product id.
func (p Product) ID() string { return p.id }

// The tax categories of a product ([ProductSpec.TaxCategory]).
const (
	TaxStandard = "standard" // PPN is charged (the default)
	TaxExempt   = "exempt"   // outside PPN
)

// Exempt reports whether the product's tax category is exempt: it is
// outside PPN.
func (p Product) Exempt() bool { return p.exempt }

// TaxCategory returns TaxStandard or TaxExempt.
func (p Product) TaxCategory() string {
	if p.exempt {
		return TaxExempt
	}
	return TaxStandard
}

// Name returns the product name.
func (p Product) Name() string { return p.name }

// SKU returns the product SKU. For a product without options it is also the
// SKU of its one variant.
func (p Product) SKU() string { return p.sku }

// Status returns [Published] or [Draft].
func (p Product) Status() Status { return p.status }

// Published reports whether the product is for sale.
func (p Product) Published() bool { return p.status == Published }

// Digital reports whether the product is digital (nothing to ship).
func (p Product) Digital() bool { return p.digital }

// CODAllowed reports whether the product may be paid cash on delivery. It is
// always false for a digital product.
func (p Product) CODAllowed() bool { return p.cod }

// WeightGrams returns the weight of one unit, the default of its variants.
func (p Product) WeightGrams() int64 { return p.weight }

// Dimensions returns the product's packed size.
func (p Product) Dimensions() shipping.Dimensions { return p.dims }

// Options returns the names of the option axes, in order ("Warna",
// "Ukuran"); none for a product without options.
func (p Product) Options() []string { return slices.Clone(p.axes) }

// HasOptions reports whether the product has option axes.
func (p Product) HasOptions() bool { return len(p.axes) > 0 }

// Variants returns the product's variants in the order they were given; a
// product without options has exactly one, implicit, variant.
func (p Product) Variants() []Variant { return slices.Clone(p.variants) }

// OptionValues returns, for each axis, its distinct values in order of first
// use.
func (p Product) OptionValues() [][]string {
	out := make([][]string, len(p.values))
	for i, v := range p.values {
		out[i] = slices.Clone(v)
	}
	return out
}

// VariantByOptions picks the variant an option path names: one value per
// axis in the product's axis order, separated by commas ("Merah, XL"),
// matched without regard to case or white space. For a product without
// options the path must be empty and the implicit variant is returned.
//
// Errors: ambiguous_options when the path does not pick exactly one variant
// (empty, fewer values than axes, a value the axis does not have, a
// combination not sold); invalid_input when it is malformed (an empty value,
// more values than axes, any value for a product without options, too long).
// Errors name the field "options".
func (p Product) VariantByOptions(path string) (Variant, error) {
	const field = "options"
	if len(path) > maxTextLen {
		return Variant{}, invalid(field, "option path of product %q is too long", p.id)
	}
	blank := strings.TrimSpace(path) == ""
	if len(p.axes) == 0 {
		if !blank {
			return Variant{}, invalid(field, "product %q has no options, got %q", p.id, path)
		}
		if len(p.variants) == 0 { // only the zero Product
			return Variant{}, notFound(CodeUnknownVariant, "", "product %q has no variants", p.id)
		}
		return p.variants[0], nil
	}
	if blank {
		return Variant{}, ambiguous(field, "product %q has options (%s): choose one of each", p.id, strings.Join(p.axes, ", "))
	}
	segs := strings.Split(path, ",")
	if len(segs) > len(p.axes) {
		return Variant{}, invalid(field, "option path %q has %d values but product %q has %d options (%s)",
			path, len(segs), p.id, len(p.axes), strings.Join(p.axes, ", "))
	}
	keys := make([]string, len(segs))
	for i, s := range segs {
		keys[i] = optionKey(s)
		if keys[i] == "" {
			return Variant{}, invalid(field, "option path %q has an empty value", path)
		}
	}
	for i, k := range keys {
		if _, ok := p.valueKeys[i][k]; !ok {
			return Variant{}, ambiguous(field, "product %q has no %s %q (choose %s)", p.id, p.axes[i], strings.TrimSpace(segs[i]), strings.Join(p.values[i], ", "))
		}
	}
	if len(keys) < len(p.axes) {
		return Variant{}, ambiguous(field, "option path %q of product %q does not choose %s", path, p.id, strings.Join(p.axes[len(keys):], ", "))
	}
	i, ok := p.combos[comboKey(keys)]
	if !ok {
		return Variant{}, ambiguous(field, "product %q is not sold as %q", p.id, path)
	}
	return p.variants[i], nil
}

// Variant is one sellable unit of a product: a combination of option values
// with its own SKU, price, stock and weight, or the implicit variant of a
// product without options. It is an immutable value.
type Variant struct {
	id, sku, productID string
	options            []string
	price              money.Money
	stock              int64
	weight             int64
	implicit           bool
}

// ID returns the variant id; for an implicit variant, the product id.
func (v Variant) ID() string { return v.id }

// SKU returns the variant SKU; for an implicit variant, the product SKU.
func (v Variant) SKU() string { return v.sku }

// ProductID returns the id of the variant's product.
func (v Variant) ProductID() string { return v.productID }

// Options returns the variant's option values in axis order; none for an
// implicit variant.
func (v Variant) Options() []string { return slices.Clone(v.options) }

// OptionPath returns the option values joined as people write them:
// "Merah, XL". It is "" for an implicit variant.
func (v Variant) OptionPath() string { return strings.Join(v.options, ", ") }

// Price returns the list price of one unit.
func (v Variant) Price() money.Money { return v.price }

// Stock returns the stock the catalog was built with. Live stock is kept
// in a [Stock].
func (v Variant) Stock() int64 { return v.stock }

// WeightGrams returns the weight of one unit: the variant's own weight, or
// the product's when the variant gives none.
func (v Variant) WeightGrams() int64 { return v.weight }

// Implicit reports whether v is the one variant of a product without
// options.
func (v Variant) Implicit() bool { return v.implicit }

// optionKey is how option values and path segments are compared: case
// folded, every white space removed ("Biru Muda" = "biru  muda" = "BIRUMUDA").
func optionKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func comboKey(keys []string) string { return strings.Join(keys, "\x00") }
