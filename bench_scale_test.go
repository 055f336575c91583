package kasir_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// linesFixture is a Service on the memory store selling n products
// (SKU-0000…), each with plenty of stock, that takes carts of up to
// maxLines lines (0: the default); and a request naming every product once.
func linesFixture(tb testing.TB, n, maxLines int) (*kasir.Service, kasir.OrderRequest) {
	tb.Helper()
	specs := make([]catalog.ProductSpec, n)
	lines := make([]catalog.LineRequest, n)
	for i := range n {
		sku := fmt.Sprintf("SKU-%04d", i)
		specs[i] = catalog.ProductSpec{ID: fmt.Sprintf("p-%04d", i), Name: "Produk " + sku, SKU: sku, Status: catalog.Published,
			CODAllowed: true, WeightGrams: 100, Price: money.Money(1000 + i), Stock: catalog.MaxQuantity}
		lines[i] = catalog.LineRequest{SKU: sku, Quantity: 1}
	}
	cat, err := catalog.New(specs, nil)
	require.NoError(tb, err)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
	require.NoError(tb, err)
	locs := kasirtest.Locations(tb)
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locs, Warehouses: locs, Couriers: &kasirtest.Couriers{},
		Events: kasirtest.NewEvents(), Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		StoreName:             "Toko Resep",
		COD:                   pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
		PaymentMethods:        []payment.Method{payment.COD},
		Limits:                checkout.CartLimits{MaxLines: maxLines},
		MaxOpenUnpaidPerPhone: new(0),
	}))
	require.NoError(tb, err)
	r := order()
	r.Lines = lines
	return svc, r
}

// BenchmarkLinesPerOrder quotes and places orders of 1, 10, 100 and 1.000
// lines: the cost per line should stay about the same (time linear in the
// cart's size). A 1.000-line quote under the default limit of 100 lines is
// refused (too_many_lines). go test -run x -bench LinesPerOrder -benchmem .
func BenchmarkLinesPerOrder(b *testing.B) {
	b.Run("refused/lines=1000", func(b *testing.B) {
		svc, r := linesFixture(b, 1000, 0)
		q := r.QuoteRequest
		q.LocationID = r.Address.LocationID
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.Quote(ctx, q); errs.Code(err) != checkout.CodeTooManyLines {
				b.Fatal(err)
			}
		}
	})
	for _, n := range []int{1, 10, 100, 1000} {
		svc, r := linesFixture(b, n, n)
		q := r.QuoteRequest
		q.LocationID = r.Address.LocationID
		b.Run(fmt.Sprintf("quote/lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := svc.Quote(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
		})
		b.Run(fmt.Sprintf("place_order/lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := svc.PlaceOrder(ctx, r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
		})
	}
}

// BenchmarkOrdersPerBatch places batches of 1, 10, 100 and 1.000 one-line
// orders (PlaceOrders, the batch import): the cost per order should stay
// about the same. go test -run x -bench OrdersPerBatch -benchmem .
func BenchmarkOrdersPerBatch(b *testing.B) {
	svc, r := linesFixture(b, 1, 1)
	for _, n := range []int{1, 10, 100, 1000} {
		batch := make([]kasir.OrderRequest, n)
		for i := range batch {
			batch[i] = r
		}
		b.Run(fmt.Sprintf("orders=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, res := range svc.PlaceOrders(ctx, batch) {
					if res.Err != nil {
						b.Fatal(res.Err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/order")
		})
	}
}

// BenchmarkOrdersStored places an order, lists the newest page of 20 and
// reads the summary with 1k, 10k and 100k orders already stored in memory
// (100k only without -short): each should cost about the same at every
// size. go test -run x -bench OrdersStored -benchmem .
func BenchmarkOrdersStored(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		if n > 10_000 && testing.Short() {
			continue
		}
		svc, r := linesFixture(b, 1, 1)
		batch := make([]kasir.OrderRequest, 1000)
		for i := range batch {
			batch[i] = r
		}
		for range n / len(batch) {
			for _, res := range svc.PlaceOrders(ctx, batch) {
				require.NoError(b, res.Err)
			}
		}
		b.Run(fmt.Sprintf("place_order/stored=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := svc.PlaceOrder(ctx, r); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("page_of_20/stored=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if p, err := svc.ListOrders(ctx, ports.OrderFilter{Limit: 20}); err != nil || len(p.Orders) != 20 {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("summary/stored=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := svc.Summary(ctx, ports.OrderFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
