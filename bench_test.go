package kasir_test

import (
	"testing"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
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
