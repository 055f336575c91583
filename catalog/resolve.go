package catalog

import (
	"fmt"
	"strings"

	"github.com/kasir-id/kasir/errs"
)

// LineRequest is what a buyer orders on one line, named in exactly one of
// four ways: by SKU (order forms), by variant id (storefront APIs), by product
// id plus an option path such as "Merah, XL", or by a bundle price option
// id. Surrounding white space in the ids is
// ignored.
type LineRequest struct {
	SKU           string `json:"sku,omitempty"`
	VariantID     string `json:"variant_id,omitempty"`
	ProductID     string `json:"product_id,omitempty"`
	Options       string `json:"options,omitempty"` // with ProductID only: one value per axis in axis order, comma-separated
	PriceOptionID string `json:"price_option_id,omitempty"`
	Quantity      int64  `json:"quantity"`
}

// Resolve turns a request into a priced [Line] from the catalog. When stock
// is not nil, the line's needs (for a bundle, every component × its
// quantity × the line quantity) are checked against it; Resolve never
// changes stock.
//
// Errors, each naming the offending field of the request ("sku",
// "quantity", …; use errs.At or [Catalog.ResolveAll] to name the line):
//   - invalid_input: no way or more than one way of naming the item, options
//     without a product id, a malformed option path;
//   - invalid_quantity: a quantity ≤ 0 or above [MaxQuantity], or a line
//     total above money.MaxAmount;
//   - unknown_sku, unknown_variant, unknown_product, unknown_price_option;
//   - ambiguous_options: an option path that does not pick one variant, or
//     the SKU of a product with options;
//   - product_unavailable: the product, or a bundle component's product, is a
//     draft;
//   - *[OutOfStockError] (out_of_stock): fewer units left than the line needs.
func (c *Catalog) Resolve(req LineRequest, stock StockLevels) (Line, error) {
	if c == nil {
		return Line{}, invalid("", "nil catalog")
	}
	sku := strings.TrimSpace(req.SKU)
	variantID := strings.TrimSpace(req.VariantID)
	productID := strings.TrimSpace(req.ProductID)
	optionID := strings.TrimSpace(req.PriceOptionID)
	ways := 0
	for _, s := range []string{sku, variantID, productID, optionID} {
		if s != "" {
			ways++
		}
	}
	if ways != 1 {
		return Line{}, invalid("", "name the item by exactly one of sku, variant_id, product_id with options, or price_option_id (got %d)", ways)
	}
	if req.Options != "" && productID == "" {
		return Line{}, invalid("options", "options need a product_id")
	}
	if err := checkQuantity(req.Quantity, false, nil); err != nil {
		return Line{}, err
	}
	var l Line
	var err error
	switch {
	case optionID != "":
		l, err = c.bundleLine(optionID, req.Quantity)
	default:
		var v Variant
		switch {
		case sku != "":
			v, err = c.VariantBySKU(sku)
		case variantID != "":
			v, err = c.Variant(variantID)
		default:
			var p Product
			if p, err = c.Product(productID); err == nil {
				v, err = p.VariantByOptions(req.Options)
			}
		}
		if err == nil {
			l, err = c.variantLine(v, req.Quantity)
		}
	}
	if err != nil {
		return Line{}, err
	}
	if stock != nil {
		for _, n := range l.StockNeeds() {
			if left := stock.Available(n.VariantID); left < n.Quantity {
				return Line{}, &OutOfStockError{VariantID: n.VariantID, SKU: n.SKU, Requested: n.Quantity, Available: max(left, 0)}
			}
		}
	}
	return l, nil
}

// ResolveAll resolves every request as [Catalog.Resolve] does and names the
// line in the error's field ("lines[2].quantity"). It stops at the first
// error. Stock is checked per line, not on the sum of lines: a cart merges
// lines and checks the sum (see checkout.Cart).
func (c *Catalog) ResolveAll(reqs []LineRequest, stock StockLevels) ([]Line, error) {
	out := make([]Line, 0, len(reqs))
	for i, r := range reqs {
		l, err := c.Resolve(r, stock)
		if err != nil {
			return nil, errs.At(fmt.Sprintf("lines[%d]", i), err)
		}
		out = append(out, l)
	}
	return out, nil
}

func (c *Catalog) variantLine(v Variant, q int64) (Line, error) {
	p := c.products[c.productByID[v.productID]]
	if !p.Published() {
		return Line{}, unavailable("product %q (%s) is not for sale", p.id, p.name)
	}
	l := Line{
		kind: VariantLine, productID: p.id, variantID: v.id, sku: v.sku,
		name: variantName(p.name, v.options), options: v.options, // a Line never changes its slices
		unitPrice: v.price, unitWeight: v.weight,
		digital: p.digital, cod: p.cod, dims: p.dims,
	}
	return l.WithQuantity(q)
}

func (c *Catalog) bundleLine(id string, q int64) (Line, error) {
	o, err := c.PriceOption(id)
	if err != nil {
		return Line{}, err
	}
	for _, comp := range o.components {
		p := c.products[c.productByID[comp.ProductID]]
		if !p.Published() {
			return Line{}, unavailable("bundle option %q holds %s, which is not for sale", o.id, comp.Name)
		}
	}
	name := o.bundleName
	if o.name != "" {
		name += " – " + o.name
	}
	l := Line{
		kind: BundleLine, bundleID: o.bundleID, priceOptionID: o.id, name: name,
		unitPrice: o.price, unitWeight: o.weight,
		digital: o.digital, cod: o.cod, components: o.components,
	}
	return l.WithQuantity(q)
}
