package kasir_test

import (
	"testing"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// BenchmarkService compares, in one run, pricing alone with the Service's
// quote (catalog, stock, couriers, vouchers) and a placed order (one unit
// of work on the memory store): go test -run x -bench Service -benchmem .
func BenchmarkService(b *testing.B) {
	b.Run("pricing_calculate", func(b *testing.B) {
		in := pricing.QuoteInput{
			Lines:    []pricing.Line{{SKU: "BUKU-01", UnitPrice: 100000, Quantity: 1}},
			Shipping: pricing.Shipping{Cost: 14000, CashbackPercent: money.MustRate("25")},
			COD:      &pricing.CODFee{Percent: money.MustRate("2.8")},
		}
		for b.Loop() {
			if _, err := pricing.Calculate(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("quote", func(b *testing.B) {
		f := newFixture(b)
		r := quoteReq()
		r.ProductVoucher = "HEMAT10"
		for b.Loop() {
			if _, err := f.svc.Quote(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("place_order", func(b *testing.B) {
		f := newFixture(b)
		if err := f.store.SetStock(b.Context(), "p-buku", 1_000_000_000); err != nil {
			b.Fatal(err)
		}
		// COD: a bank transfer of one amount runs out of kode unik after
		// 999 pending orders.
		r := withMethod(order(), payment.COD)
		for b.Loop() {
			if _, err := f.svc.PlaceOrder(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkServiceDemo is BenchmarkService on the example server's demo
// store as the server wires it (Stores on memory, the storefile format:
// the demo's rate card, locations and two warehouses), with the load
// command's requests: a COD quote and a COD order of one 250 g coffee to
// Kebayoran Baru by JNE REG. The clock moves a millisecond per order, as
// a server's does between orders, so that orders are stored in placement
// order. go test -run x -bench ServiceDemo -benchmem .
func BenchmarkServiceDemo(b *testing.B) {
	p := newPlatform()
	clock := kasirtest.NewManualClock(start)
	stores, err := kasir.NewStores(kasir.StoresDeps{Platform: p, Format: storefile.Format{}, Clock: clock, IDs: memory.IDs{}})
	if err != nil {
		b.Fatal(err)
	}
	st, err := p.ForStore(ports.DefaultStore)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.PutConfig(b.Context(), 0, ports.StoreConfig{Data: demoConfig(b), Author: "bench", SavedAt: start}); err != nil {
		b.Fatal(err)
	}
	if err := st.(*memory.Store).SetStock(b.Context(), "kopi-gayo-250-biji", 1_000_000_000); err != nil {
		b.Fatal(err)
	}
	svc, err := stores.Service(b.Context(), ports.DefaultStore)
	if err != nil {
		b.Fatal(err)
	}
	r := gayoOrder(nil)
	r.Lines[0].Quantity = 1
	b.Run("quote", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.Quote(ctx, r.QuoteRequest); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("place_order", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			clock.Advance(time.Millisecond)
			if _, err := svc.PlaceOrder(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
