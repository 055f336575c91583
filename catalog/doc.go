// Package catalog is kasir's product catalogue (see docs/catalog.md): products, their
// variants and option paths, bundles and their price options, live stock,
// and the resolution of what a buyer orders into priced lines.
//
// # Building a catalog
//
// [New] validates plain, JSON-ready specs ([ProductSpec], [BundleSpec]) and
// returns an immutable [*Catalog], safe for concurrent reads. Every problem
// in the specs is an error naming the field at fault; nothing is skipped.
//
// A product without option axes sells as one implicit [Variant] whose id is
// the product id and whose SKU is the product SKU. A product with axes
// (up to three, ordered: Warna → Ukuran → Panjang) sells one [Variant] per
// combination, each with its own SKU, price, stock and optional weight. So
// every unit sold is a variant and stock is keyed by variant id.
// [Product.OptionTree] shows the variants as a tree of option values.
//
// A [Bundle] has [PriceOption]s: a set of variants × quantities sold at one
// price. Its weight and stock come from the components; its price is
// allocated to them with money.Allocate (in proportion to list price ×
// quantity, exactly), which tells shipping what the physical part is worth.
//
// # Resolving lines
//
// [Catalog.Resolve] takes a [LineRequest] naming the item by SKU (as order
// forms do), variant id (as storefront APIs do), product id plus an option
// path such as "Merah, XL" (case and white space do not matter, values in
// the product's axis order), or bundle price option id, and returns a [Line]: unit price,
// quantity, weight, digital and COD flags and, for a bundle, its components
// with their share of the price. Given a [StockLevels] it also checks stock.
//
// # Stock
//
// [Stock] is live stock as a domain value: [Stock.Reserve] takes a set of
// [Need]s all or nothing and never below zero; [Stock.Release] gives them
// back exactly. A bundle reserves its components. The service keeps a Stock
// in a store and passes it (or any [StockLevels]) in.
//
// # Errors
//
// Errors carry stable codes (see the Code constants) and kinds from package
// errs, and name the offending field; messages start with "catalog: ". A
// shortage is an [*OutOfStockError] saying what was asked and what is left.
// [Catalog.ResolveAll] and errs.At put the line ("lines[2]") in front of
// the field. Nothing in this package panics on bad input.
//
// The package is pure: no I/O, no clock, no randomness.
package catalog
