package catalog

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// Catalog is a validated set of products, their variants and bundles. It is
// immutable after [New] and safe for concurrent use; its accessors return
// copies or immutable values. Live stock is kept apart, in a [Stock].
type Catalog struct {
	products     []Product
	productByID  map[string]int
	variantByID  map[string]ref // variant id → product, variant index
	variantBySKU map[string]ref
	parentBySKU  map[string]int // SKU of a product with options → product index
	bundles      []Bundle
	bundleByID   map[string]int
	optionByID   map[string]ref // price option id → bundle, option index
}

type ref struct{ a, b int }

// New validates the specs and builds a catalog from them. Products and
// bundles keep the order given.
//
// Every problem is an error naming its field ("products[1].variants[0].options"):
// invalid_input for a missing or malformed id, SKU, name or status; an id
// used twice among products and variants, or a SKU used twice among them; more
// than three option axes, an empty or repeated axis name; a variant that does
// not give exactly one value per axis, an empty value or one holding a comma,
// a value spelled two ways on one axis ("Merah", "merah"), two variants with
// the same combination; options without variants or variants without options;
// a price, stock, weight or dimension that is negative or above its maximum;
// weight, dimensions or COD on a digital product; a bundle without price
// options, a price option without items, a repeated bundle or price option id,
// a price option id equal to a SKU, a component named by both or neither SKU
// and variant id, named twice, with a quantity ≤ 0, or naming a product
// with options by its SKU. unknown_sku and unknown_variant for a component
// the catalog does not have.
func New(products []ProductSpec, bundles []BundleSpec) (*Catalog, error) {
	c := &Catalog{
		products:     make([]Product, 0, len(products)),
		productByID:  make(map[string]int, len(products)),
		variantByID:  make(map[string]ref),
		variantBySKU: make(map[string]ref),
		parentBySKU:  make(map[string]int),
		bundleByID:   make(map[string]int, len(bundles)),
		optionByID:   make(map[string]ref),
	}
	ids := map[string]string{}  // product and explicit variant ids → field
	skus := map[string]string{} // product and variant SKUs → field
	claim := func(seen map[string]string, what, v, field string) error {
		if prev, ok := seen[v]; ok {
			return invalid(field, "%s %q is used twice (also %s)", what, v, prev)
		}
		seen[v] = field
		return nil
	}
	for i, ps := range products {
		field := fmt.Sprintf("products[%d]", i)
		p, err := buildProduct(field, ps)
		if err != nil {
			return nil, err
		}
		if err := claim(ids, "id", p.id, field+".id"); err != nil {
			return nil, err
		}
		if err := claim(skus, "SKU", p.sku, field+".sku"); err != nil {
			return nil, err
		}
		pi := len(c.products)
		if p.HasOptions() {
			c.parentBySKU[p.sku] = pi
		}
		for j, v := range p.variants {
			if !v.implicit {
				vf := fmt.Sprintf("%s.variants[%d]", field, j)
				if err := claim(ids, "id", v.id, vf+".id"); err != nil {
					return nil, err
				}
				if err := claim(skus, "SKU", v.sku, vf+".sku"); err != nil {
					return nil, err
				}
			}
			c.variantByID[v.id] = ref{pi, j}
			c.variantBySKU[v.sku] = ref{pi, j}
		}
		c.productByID[p.id] = pi
		c.products = append(c.products, p)
	}
	for i, bs := range bundles {
		field := fmt.Sprintf("bundles[%d]", i)
		b, err := c.buildBundle(field, bs, skus)
		if err != nil {
			return nil, err
		}
		if _, ok := c.bundleByID[b.id]; ok {
			return nil, invalid(field+".id", "bundle id %q is used twice", b.id)
		}
		bi := len(c.bundles)
		for j, o := range b.options {
			if _, ok := c.optionByID[o.id]; ok {
				return nil, invalid(fmt.Sprintf("%s.price_options[%d].id", field, j), "price option id %q is used twice", o.id)
			}
			c.optionByID[o.id] = ref{bi, j}
		}
		c.bundleByID[b.id] = bi
		c.bundles = append(c.bundles, b)
	}
	return c, nil
}

func buildProduct(field string, s ProductSpec) (Product, error) {
	if err := checkID(field+".id", "product id", s.ID); err != nil {
		return Product{}, err
	}
	if err := checkName(field+".name", "product name", s.Name); err != nil {
		return Product{}, err
	}
	if err := checkID(field+".sku", "product SKU", s.SKU); err != nil {
		return Product{}, err
	}
	if !s.Status.Valid() {
		return Product{}, invalid(field+".status", "status of product %q must be %q or %q, got %q", s.ID, Published, Draft, s.Status)
	}
	if err := checkWeight(field+".weight_grams", s.WeightGrams); err != nil {
		return Product{}, err
	}
	if err := s.Dimensions.Validate(); err != nil {
		return Product{}, errs.At(field+".dimensions", errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "catalog: product "+strconv.Quote(s.ID)+" has a size out of range"))
	}
	if s.Digital {
		switch {
		case s.CODAllowed:
			return Product{}, invalid(field+".cod_allowed", "digital product %q cannot be paid cash on delivery", s.ID)
		case s.WeightGrams != 0:
			return Product{}, invalid(field+".weight_grams", "digital product %q has no weight, got %d", s.ID, s.WeightGrams)
		case !s.Dimensions.IsZero():
			return Product{}, invalid(field+".dimensions", "digital product %q has no dimensions", s.ID)
		}
	}
	if s.TaxCategory != "" && s.TaxCategory != TaxStandard && s.TaxCategory != TaxExempt {
		return Product{}, invalid(field+".tax_category", "tax category of product %q must be %q or %q, got %q", s.ID, TaxStandard, TaxExempt, s.TaxCategory)
	}
	p := Product{
		id: s.ID, name: strings.TrimSpace(s.Name), sku: s.SKU, status: s.Status,
		digital: s.Digital, cod: s.CODAllowed, weight: s.WeightGrams, dims: s.Dimensions,
		exempt: s.TaxCategory == TaxExempt,
	}
	if len(s.Options) == 0 {
		if len(s.Variants) > 0 {
			return Product{}, invalid(field+".variants", "product %q has variants but no option axes", s.ID)
		}
		if err := checkPrice(field+".price", s.Price); err != nil {
			return Product{}, err
		}
		if err := checkStock(field+".stock", s.Stock); err != nil {
			return Product{}, err
		}
		p.variants = []Variant{{
			id: s.ID, sku: s.SKU, productID: s.ID, price: s.Price, stock: s.Stock, weight: s.WeightGrams, implicit: true,
		}}
		return p, nil
	}
	if err := p.buildOptions(field, s); err != nil {
		return Product{}, err
	}
	return p, nil
}

func (p *Product) buildOptions(field string, s ProductSpec) error {
	if len(s.Options) > MaxOptionAxes {
		return invalid(field+".options", "product %q has %d option axes, at most %d are allowed", s.ID, len(s.Options), MaxOptionAxes)
	}
	if s.Price != 0 || s.Stock != 0 {
		return invalid(field+".price", "product %q has options: price and stock belong to its variants", s.ID)
	}
	if len(s.Variants) == 0 {
		return invalid(field+".variants", "product %q has option axes but no variants", s.ID)
	}
	axisKeys := map[string]bool{}
	for i, a := range s.Options {
		f := fmt.Sprintf("%s.options[%d]", field, i)
		if err := checkName(f, "option axis name", a); err != nil {
			return err
		}
		a = strings.TrimSpace(a)
		k := optionKey(a)
		if axisKeys[k] {
			return invalid(f, "option axis %q of product %q is given twice", a, s.ID)
		}
		axisKeys[k] = true
		p.axes = append(p.axes, a)
	}
	p.values = make([][]string, len(p.axes))
	p.valueKeys = make([]map[string]int, len(p.axes))
	for i := range p.valueKeys {
		p.valueKeys[i] = map[string]int{}
	}
	p.combos = make(map[string]int, len(s.Variants))
	for j, vs := range s.Variants {
		vf := fmt.Sprintf("%s.variants[%d]", field, j)
		if err := checkID(vf+".id", "variant id", vs.ID); err != nil {
			return err
		}
		if err := checkID(vf+".sku", "variant SKU", vs.SKU); err != nil {
			return err
		}
		if len(vs.Options) != len(p.axes) {
			return invalid(vf+".options", "variant %q gives %d option values, product %q has %d axes (%s)",
				vs.ID, len(vs.Options), s.ID, len(p.axes), strings.Join(p.axes, ", "))
		}
		values := make([]string, len(vs.Options))
		keys := make([]string, len(vs.Options))
		for a, raw := range vs.Options {
			f := fmt.Sprintf("%s.options[%d]", vf, a)
			if err := checkName(f, p.axes[a]+" value", raw); err != nil {
				return err
			}
			v := strings.TrimSpace(raw)
			if strings.Contains(v, ",") {
				return invalid(f, "option value %q holds a comma, which separates values in an option path", v)
			}
			k := optionKey(v)
			if at, ok := p.valueKeys[a][k]; !ok {
				p.valueKeys[a][k] = len(p.values[a])
				p.values[a] = append(p.values[a], v)
			} else if prev := p.values[a][at]; prev != v {
				return invalid(f, "%s %q of product %q is also spelled %q", p.axes[a], v, s.ID, prev)
			}
			values[a], keys[a] = v, k
		}
		ck := comboKey(keys)
		if prev, ok := p.combos[ck]; ok {
			return invalid(vf+".options", "variants %q and %q of product %q are both %q",
				p.variants[prev].id, vs.ID, s.ID, strings.Join(values, ", "))
		}
		if err := checkPrice(vf+".price", vs.Price); err != nil {
			return err
		}
		if err := checkStock(vf+".stock", vs.Stock); err != nil {
			return err
		}
		if err := checkWeight(vf+".weight_grams", vs.WeightGrams); err != nil {
			return err
		}
		if s.Digital && vs.WeightGrams != 0 {
			return invalid(vf+".weight_grams", "variant %q of digital product %q has no weight, got %d", vs.ID, s.ID, vs.WeightGrams)
		}
		w := vs.WeightGrams
		if w == 0 {
			w = p.weight
		}
		p.combos[ck] = len(p.variants)
		p.variants = append(p.variants, Variant{
			id: vs.ID, sku: vs.SKU, productID: s.ID, options: values,
			price: vs.Price, stock: vs.Stock, weight: w,
		})
	}
	return nil
}

func (c *Catalog) buildBundle(field string, s BundleSpec, skus map[string]string) (Bundle, error) {
	if err := checkID(field+".id", "bundle id", s.ID); err != nil {
		return Bundle{}, err
	}
	if err := checkName(field+".name", "bundle name", s.Name); err != nil {
		return Bundle{}, err
	}
	if len(s.PriceOptions) == 0 {
		return Bundle{}, invalid(field+".price_options", "bundle %q has no price options", s.ID)
	}
	b := Bundle{id: s.ID, name: strings.TrimSpace(s.Name), options: make([]PriceOption, 0, len(s.PriceOptions))}
	for i, os := range s.PriceOptions {
		of := fmt.Sprintf("%s.price_options[%d]", field, i)
		o, err := c.buildPriceOption(of, b, os, skus)
		if err != nil {
			return Bundle{}, err
		}
		b.options = append(b.options, o)
	}
	return b, nil
}

func (c *Catalog) buildPriceOption(field string, b Bundle, s PriceOptionSpec, skus map[string]string) (PriceOption, error) {
	if err := checkID(field+".id", "price option id", s.ID); err != nil {
		return PriceOption{}, err
	}
	if prev, ok := skus[s.ID]; ok {
		return PriceOption{}, invalid(field+".id", "price option id %q is also a SKU (%s); the quote keys bundle lines by it", s.ID, prev)
	}
	if s.Name != "" {
		if err := checkName(field+".name", "price option name", s.Name); err != nil {
			return PriceOption{}, err
		}
	}
	if err := checkPrice(field+".price", s.Price); err != nil {
		return PriceOption{}, err
	}
	if len(s.Items) == 0 {
		return PriceOption{}, invalid(field+".items", "price option %q has no items", s.ID)
	}
	o := PriceOption{
		id: s.ID, name: strings.TrimSpace(s.Name), bundleID: b.id, bundleName: b.name, price: s.Price,
		components: make([]Component, 0, len(s.Items)), digital: true, cod: true,
	}
	seen := map[string]int{}
	parts := make([]money.Part, 0, len(s.Items))
	for i, it := range s.Items {
		f := fmt.Sprintf("%s.items[%d]", field, i)
		p, v, err := c.bundleItem(f, it)
		if err != nil {
			return PriceOption{}, err
		}
		if prev, ok := seen[v.id]; ok {
			return PriceOption{}, invalid(f, "price option %q names variant %q twice (items %d and %d)", s.ID, v.id, prev, i)
		}
		seen[v.id] = i
		if it.Quantity <= 0 || it.Quantity > MaxQuantity {
			return PriceOption{}, badQuantity(f+".quantity", "quantity of %s must be within 1…%d, got %d", v.sku, MaxQuantity, it.Quantity)
		}
		w := v.weight * it.Quantity // ≤ MaxWeightGrams × MaxQuantity: no overflow
		if w > MaxWeightGrams-o.weight {
			return PriceOption{}, invalid(f+".quantity", "price option %q weighs more than %d g", s.ID, MaxWeightGrams)
		}
		o.weight += w
		if !p.digital {
			o.digital = false
			o.cod = o.cod && p.cod
		}
		o.components = append(o.components, Component{
			ProductID: p.id, VariantID: v.id, SKU: v.sku, Name: variantName(p.name, v.options),
			Quantity: it.Quantity, ListPrice: v.price, WeightGrams: v.weight,
			Digital: p.digital, CODAllowed: p.cod,
		})
		parts = append(parts, money.Part{ListPrice: v.price, Quantity: it.Quantity})
	}
	if o.digital {
		o.cod = false
	}
	shares, err := money.Allocate(s.Price, parts)
	if err != nil {
		return PriceOption{}, errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err,
			fmt.Sprintf("catalog: price of option %q cannot be allocated", s.ID)).WithField(field + ".price")
	}
	for i := range o.components {
		o.components[i].Allocated = shares[i]
	}
	return o, nil
}

func (c *Catalog) bundleItem(field string, it BundleItemSpec) (Product, Variant, error) {
	switch {
	case it.SKU != "" && it.VariantID != "":
		return Product{}, Variant{}, invalid(field, "name a component by sku or by variant_id, not both")
	case it.SKU != "":
		if pi, ok := c.parentBySKU[it.SKU]; ok {
			return Product{}, Variant{}, invalid(field+".sku", "SKU %q is product %q, which has options: name one of its variants", it.SKU, c.products[pi].id)
		}
		r, ok := c.variantBySKU[it.SKU]
		if !ok {
			return Product{}, Variant{}, notFound(CodeUnknownSKU, field+".sku", "bundle component SKU %q is not in the catalog", it.SKU)
		}
		return c.products[r.a], c.products[r.a].variants[r.b], nil
	case it.VariantID != "":
		r, ok := c.variantByID[it.VariantID]
		if !ok {
			return Product{}, Variant{}, notFound(CodeUnknownVariant, field+".variant_id", "bundle component variant %q is not in the catalog", it.VariantID)
		}
		return c.products[r.a], c.products[r.a].variants[r.b], nil
	}
	return Product{}, Variant{}, invalid(field, "a bundle component needs a sku or a variant_id")
}

func checkID(field, what, s string) error {
	switch {
	case s == "":
		return invalid(field, "%s is empty", what)
	case len(s) > maxTextLen:
		return invalid(field, "%s is longer than %d bytes", what, maxTextLen)
	case !utf8.ValidString(s):
		return invalid(field, "%s %q is not valid UTF-8", what, s)
	case strings.TrimSpace(s) != s:
		return invalid(field, "%s %q has surrounding white space", what, s)
	}
	return nil
}

func checkName(field, what, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return invalid(field, "%s is empty", what)
	case len(s) > maxTextLen:
		return invalid(field, "%s is longer than %d bytes", what, maxTextLen)
	case !utf8.ValidString(s):
		return invalid(field, "%s %q is not valid UTF-8", what, s)
	}
	return nil
}

func checkPrice(field string, m money.Money) error {
	if m < 0 || m > money.MaxAmount {
		return invalid(field, "price must be within 0…%d, got %d", int64(money.MaxAmount), int64(m))
	}
	return nil
}

func checkStock(field string, n int64) error {
	if n < 0 || n > MaxQuantity {
		return invalid(field, "stock must be within 0…%d, got %d", MaxQuantity, n)
	}
	return nil
}

func checkWeight(field string, g int64) error {
	if g < 0 || g > MaxWeightGrams {
		return invalid(field, "weight must be within 0…%d g, got %d", MaxWeightGrams, g)
	}
	return nil
}

// Products returns the products in the order given to [New].
func (c *Catalog) Products() []Product {
	if c == nil {
		return nil
	}
	out := make([]Product, len(c.products))
	copy(out, c.products)
	return out
}

// Product returns the product with the id. Errors: unknown_product.
func (c *Catalog) Product(id string) (Product, error) {
	if c != nil {
		if i, ok := c.productByID[id]; ok {
			return c.products[i], nil
		}
	}
	return Product{}, notFound(CodeUnknownProduct, "product_id", "unknown product %q", id)
}

// Variant returns the variant with the id; the implicit variant of a product
// without options has the product's id. Errors: unknown_variant.
func (c *Catalog) Variant(id string) (Variant, error) {
	if c != nil {
		if r, ok := c.variantByID[id]; ok {
			return c.products[r.a].variants[r.b], nil
		}
	}
	return Variant{}, notFound(CodeUnknownVariant, "variant_id", "unknown variant %q", id)
}

// VariantBySKU returns the variant with the SKU; the implicit variant of a
// product without options has the product's SKU. Errors: ambiguous_options
// for the SKU of a product with options (it names no one variant);
// unknown_sku.
func (c *Catalog) VariantBySKU(sku string) (Variant, error) {
	if c != nil {
		if r, ok := c.variantBySKU[sku]; ok {
			return c.products[r.a].variants[r.b], nil
		}
		if i, ok := c.parentBySKU[sku]; ok {
			p := c.products[i]
			return Variant{}, ambiguous("sku", "SKU %q is product %q, which has options (%s): name a variant",
				sku, p.id, strings.Join(p.axes, ", "))
		}
	}
	return Variant{}, notFound(CodeUnknownSKU, "sku", "unknown SKU %q", sku)
}

// Bundles returns the bundles in the order given to [New].
func (c *Catalog) Bundles() []Bundle {
	if c == nil {
		return nil
	}
	out := make([]Bundle, len(c.bundles))
	for i, b := range c.bundles {
		out[i] = Bundle{id: b.id, name: b.name, options: b.PriceOptions()}
	}
	return out
}

// Bundle returns the bundle with the id. Errors: unknown_bundle.
func (c *Catalog) Bundle(id string) (Bundle, error) {
	if c != nil {
		if i, ok := c.bundleByID[id]; ok {
			b := c.bundles[i]
			return Bundle{id: b.id, name: b.name, options: b.PriceOptions()}, nil
		}
	}
	return Bundle{}, notFound(CodeUnknownBundle, "bundle_id", "unknown bundle %q", id)
}

// PriceOption returns the bundle price option with the id. Errors:
// unknown_price_option.
func (c *Catalog) PriceOption(id string) (PriceOption, error) {
	if c != nil {
		if r, ok := c.optionByID[id]; ok {
			return c.bundles[r.a].options[r.b].clone(), nil
		}
	}
	return PriceOption{}, notFound(CodeUnknownPriceOption, "price_option_id", "unknown bundle price option %q", id)
}

// InitialStock returns a new [Stock] holding every variant's stock as the
// catalog gives it, keyed by variant id.
func (c *Catalog) InitialStock() *Stock {
	s := &Stock{levels: map[string]int64{}}
	if c == nil {
		return s
	}
	for _, p := range c.products {
		for _, v := range p.variants {
			s.levels[v.id] = v.stock
		}
	}
	return s
}
