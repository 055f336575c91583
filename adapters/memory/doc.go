// Package memory is the embedded default for every port of package ports:
// a [Store] for stock, vouchers, transfer amounts, idempotency records,
// sequences, orders, abandoned checkouts and the event outbox with a real
// unit of work; a [Catalog] source; [Locations] and warehouses from fixed
// lists; the [SystemClock]; and [IDs] from crypto/rand. The fakes for
// tests (a manual clock, an event recorder, scriptable WhatsApp and gateway
// fakes, fixed couriers) are in package kasirtest.
//
// Everything is safe for concurrent use. The Store serialises its units of
// work with one lock and undoes a failed unit exactly, so it keeps the
// guarantees of ports.UnitOfWork (stock never below zero, a voucher quota
// of n gives exactly n orders, one order per idempotency key) for a single
// process; it passes the ports/portstest conformance suite. Nothing is
// persisted: state lives as long as the value.
//
// Errors are those the ports declare (ports.ErrOrderNotFound,
// ports.ErrDuplicate, ports.ErrAmountHeld …) and the domain errors the port
// methods name (catalog out_of_stock, pricing voucher_quota_exhausted …),
// each documented on the method; compare them with errors.Is.
package memory
