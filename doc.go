// Package kasir is the checkout domain for Indonesian online sellers: the
// money of an order done once and right, for Go services to import.
//
// # The map
//
// The domain packages are pure — no I/O, no clock, no context — and import
// only each other, downward:
//
//   - errs: the error model. Every error a caller can act on has a stable
//     code (errs.Code) and a kind (errors.Is(err, errs.Conflict)).
//   - pricing: whole-rupiah Money, exact Rates, vouchers, PPN and PPh, the
//     COD service fee, shipping cashback and the whole quote (SPEC §3–§6).
//   - shipping: chargeable weight, insurance policies, courier options,
//     COD coverage and warehouse choice (SPEC §7).
//   - payment: methods, kode unik, gateway requests and invoice terms (SPEC §9).
//   - catalog: products, variants on up to three option axes, bundles with
//     exact price allocation, line resolution and stock (SPEC §8).
//   - checkout: the cart and phone rules (SPEC §10).
//
// The flow of a checkout: resolve the buyer's lines against the catalog
// (catalog.Catalog.Resolve) into a checkout.Cart; take its pricing lines,
// weight and goods value; price the chosen courier option
// (shipping.ChargeableWeight, shipping.InsurancePolicy.Premium); then
// pricing.Calculate gives every amount the buyer pays and the seller keeps.
//
// The use cases that tie these to storage, couriers and gateways (ports,
// adapters and the Service of this package) are being built on top of the
// domain packages; examples/calc runs the calculations from JSON today.
//
// # Concurrency
//
// Domain values are immutable or owned by one caller: a catalog.Catalog is
// safe for concurrent reads, a checkout.Cart and a catalog.Stock belong to
// the goroutine that holds them.
package kasir
