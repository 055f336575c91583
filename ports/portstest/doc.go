// Package portstest holds the conformance suites the adapters of package
// ports run. [TestLocations] checks ports.Locations and ports.Warehouses,
// [TestCouriers] checks ports.Couriers on a route the caller supplies, and
// [TestStore], the suite every store adapter runs, checks each documented behaviour of
// ports.Store — the unit of work's commit and exact rollback (on error and
// on panic), reads of the unit's own writes, copies in and out, stock,
// vouchers with their quota and per-customer limit, held transfer amounts,
// idempotency records, sequences, orders and their listing, abandoned
// checkouts, the event outbox (events commit with their unit, each order's
// events are claimed one after another, leases expire, concurrent relays
// deliver each event once) — and the concurrency guarantees placing orders relies on
// (stock never oversold, a voucher quota of n redeemed exactly n times, one
// order per idempotency key, a cancelled order's stock and voucher use
// given back). [TestSeeding] checks the seeding API ([Seeder]) the store
// adapters share: SeedStock, SeedStockIfAbsent, SetStock and PutVoucher.
//
// An adapter's test calls it with a function that builds a fresh, empty
// store:
//
//	func TestConformance(t *testing.T) {
//		portstest.TestStore(t, func(t testing.TB, stock map[string]int64, vouchers []pricing.Voucher) ports.Store {
//			s, err := memory.NewStore(memory.WithStock(stock), memory.WithVouchers(vouchers...))
//			require.NoError(t, err)
//			return s
//		})
//	}
//
// Run it with the race detector (go test -race).
package portstest
