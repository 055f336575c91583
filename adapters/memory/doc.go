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
// # Many stores
//
// A Store holds the records of exactly one store: [NewStore] makes the
// store ports.DefaultStore, which is all a single-store program needs. A
// [Platform] is ports.Platform in memory: it maps store ids to Stores,
// making each empty the first time its id is asked for ([Platform.Store]
// typed as *Store with the seeding methods, [Platform.ForStore] as
// ports.Store), and keeps the stores' descriptions (name, host, disabled).
// Since no Store holds two stores' records, isolation is structural, and
// two stores never wait for each other's units of work. A claimed event
// names its store (ports.Event.Store). Records added to Store later belong
// to its one store without further work.
//
//	platform := memory.NewPlatform()
//	tokoA, err := platform.Store("toko-a")
//	err = tokoA.SeedStock(ctx, levels)
//
// # Seeding
//
// Stock and vouchers are filled in with the same methods, of the same
// meaning, as the PostgreSQL store's (adapters/postgres), so a program
// seeds either store through one interface:
//
//   - [Store.SeedStock] sets the units left of several variants at once
//     (for example catalog.Catalog.InitialStock().Levels()); variants it
//     does not name keep their levels.
//   - [Store.SeedStockIfAbsent] sets only the variants the store has no
//     level for yet, so seeding at every start does not undo what was sold.
//   - [Store.SetStock] sets one variant's level (a restock).
//   - [Store.PutVoucher] stores a voucher, replacing the one with the same
//     code without regard to case; its redemptions so far still count.
//
// Each checks its whole input first (catalog.NewStock,
// pricing.Voucher.Validate) and stores nothing when it is refused, and each
// refuses the context of one of the store's own running units of work
// instead of waiting for it. [WithStock] and [WithVouchers] are
// [Store.SeedStock] and [Store.PutVoucher] at construction:
//
//	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
//	err = store.PutVoucher(ctx, voucher)
//
// Errors are those the ports declare (ports.ErrOrderNotFound,
// ports.ErrDuplicate, ports.ErrAmountHeld …) and the domain errors the port
// methods name (catalog out_of_stock, pricing voucher_quota_exhausted …),
// each documented on the method; compare them with errors.Is.
package memory
