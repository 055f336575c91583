// Package ports declares the interfaces between kasir's use cases and the
// outside world: the stores (catalog, stock, orders, vouchers, idempotency
// records, abandoned checkouts), couriers and locations, payment gateways,
// the WhatsApp check, events, the clock and ids.
//
// Every method takes a context.Context first. Stores change through a unit
// of work ([UnitOfWork.Atomic]) so that placing an order — stock, vouchers,
// kode unik, idempotency record and the order itself — is all or nothing in
// every adapter. Errors carry the stable codes declared here (or the domain
// packages' codes where a method says so); compare them with errors.Is.
//
// adapters/memory implements every store port for embedding and tests;
// ports/portstest is the conformance suite every store adapter runs.
package ports
