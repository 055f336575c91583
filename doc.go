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
//   - money: whole-rupiah Money, exact Rates, rounding, exact allocation and
//     Indonesian formatting (docs/money.md).
//   - pricing: vouchers, PPN and PPh, the COD service fee, shipping cashback
//     and the whole quote (docs/quote.md, docs/vouchers.md, docs/tax.md,
//     docs/cod.md).
//   - shipping: chargeable weight, insurance policies, courier options,
//     COD coverage and warehouse choice (docs/shipping.md).
//   - payment: methods, kode unik, gateway requests and invoice terms
//     (docs/payment.md).
//   - catalog: products, variants on up to three option axes, bundles with
//     exact price allocation, line resolution and stock (docs/catalog.md).
//   - checkout: the cart, the order and its life cycle, abandoned
//     checkouts and phone rules (docs/orders.md, docs/phone.md).
//   - ledger: after the sale — the entries an order's shipping, delivery or
//     return writes into the seller's balance, withdrawals, adjustments and
//     the report figures (docs/settlement.md).
//
// Above them, package ports declares the interfaces to the outside world
// (stores with a unit of work, couriers, locations, payment gateways, the
// WhatsApp check, events, clock and ids), and this package's [Service]
// holds the use cases, wired with [New] on a [Deps] of ports. The adapters
// implement the ports: adapters/memory (the embedded default for every
// store), adapters/ratecard (offline courier rates), adapters/biteship,
// adapters/midtrans, adapters/whatsapp and adapters/httpapi (the Service
// as a JSON HTTP API).
//
// The flow of a checkout: resolve the buyer's lines against the catalog
// (catalog.Catalog.Resolve) into a checkout.Cart; take its pricing lines,
// weight and goods value; price the chosen courier option
// (shipping.ChargeableWeight, shipping.InsurancePolicy.Premium); then
// pricing.Calculate gives every amount the buyer pays and the seller keeps.
//
// The Service does this server-side for every request: it resolves prices
// from the catalog, rates from the couriers and vouchers from the store, and
// trusts no amount a client sends. [Service.PlaceOrder] then reserves stock,
// redeems vouchers, allocates the kode unik, records the idempotency key and
// stores the order in one unit of work ([ports.UnitOfWork]): all or nothing.
//
// # Events
//
// Every change to an order (placed, paid, moved, cancelled, expired,
// changed) is an event ([ports.Event], with an id) that the Service appends
// to the store's outbox in the same unit of work as the change, so it is
// never lost and never sent for a change that did not commit. A [Relay]
// delivers the outbox to Deps.Events after the commit: at least once, each
// order's events in order, safely from several processes sharing one
// database. adapters/webhook is such a sink: it POSTs each event, signed,
// to the seller's endpoints.
//
// # Errors
//
// Every error a caller can act on carries a stable code, read with
// errs.Code (out_of_stock, voucher_expired, invalid_phone, price_changed,
// idempotency_conflict …), the request field at fault (errs.Field, e.g.
// "lines[2].sku") and a kind matched by errors.Is (errs.Invalid,
// errs.NotFound, errs.Conflict when retrying may succeed, errs.Precondition
// when the state forbids the request, errs.Unavailable). adapters/httpapi maps the
// kinds to HTTP statuses. Package messages holds, for every code, the
// sentence people read, in English and Indonesian; Go's Error() strings are
// for logs and programmers.
//
// # Concurrency
//
// Domain values are immutable or owned by one caller: a catalog.Catalog is
// safe for concurrent reads, a checkout.Cart and a catalog.Stock belong to
// the goroutine that holds them. A Service is safe for concurrent use: stock,
// voucher quotas, kode unik and idempotency keys hold under parallel
// requests because every write goes through the store's unit of work.
package kasir
