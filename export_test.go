package kasir_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// storedOrder is order i as a store holds it, placed i seconds after
// start, with two items; every fifth is cancelled.
func storedOrder(t testing.TB, i int) *checkout.Order {
	t.Helper()
	at := start.Add(-30 * 24 * time.Hour).Add(time.Duration(i) * time.Second)
	lc, err := checkout.NewLifecycle(checkout.StatusProcessing, at, "placed")
	require.NoError(t, err)
	items := []checkout.Item{
		{Kind: "variant", SKU: "BUKU-01", Name: "Buku Resep", UnitPrice: 100_000, Quantity: int64(1 + i%3), UnitWeight: 500},
		{Kind: "variant", SKU: "KAOS-M", Name: "Kaos", Options: []string{"Merah", "M"}, UnitPrice: 55_000, Quantity: 1, UnitWeight: 200},
	}
	for j := range items {
		items[j].Subtotal = items[j].UnitPrice * money.Money(items[j].Quantity)
	}
	q, err := pricing.Calculate(pricing.QuoteInput{Lines: []pricing.Line{items[0].PricingLine(), items[1].PricingLine()}, Shipping: pricing.Shipping{Cost: 14_000}})
	require.NoError(t, err)
	o := &checkout.Order{
		ID: fmt.Sprintf("o%06d", i), Number: fmt.Sprintf("INV-%06d", i), Slug: fmt.Sprintf("slug%06d", i),
		PlacedAt: at, UpdatedAt: at, Lifecycle: lc,
		Customer:  checkout.Customer{Name: fmt.Sprintf("Pembeli %d", i), Phone: fmt.Sprintf("+62812%08d", i)},
		Address:   checkout.Address{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru"},
		Items:     items,
		Shipment:  &checkout.Shipment{Courier: "jne", Service: "REG", Price: 14_000, ChargeableGrams: 1000, WarehouseID: "gudang-bdg", OriginID: "bdg-coblong"},
		Breakdown: q, Payment: checkout.Payment{Method: payment.BankTransfer, Amount: q.Payable},
	}
	if i%5 == 0 {
		require.NoError(t, o.Transition(checkout.StatusCancelled, at, "buyer asked", ""))
	}
	return o
}

// storeOrders stores orders 0 … n-1 in s, a thousand per unit of work.
func storeOrders(t testing.TB, s *memory.Store, n int) {
	t.Helper()
	for lo := 0; lo < n; lo += 1000 {
		require.NoError(t, s.Atomic(context.Background(), func(ctx context.Context, tx ports.Tx) error {
			for i := lo; i < min(lo+1000, n); i++ {
				if err := tx.CreateOrder(ctx, storedOrder(t, i)); err != nil {
					return err
				}
			}
			return nil
		}))
	}
}

// EachOrder walks every order the filter selects across pages, once each,
// newest first, and refuses a malformed filter naming its field.
func TestEachOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const n = 1203 // three pages
	storeOrders(t, f.store, n)

	var seen []string
	require.NoError(t, f.svc.EachOrder(ctx, ports.OrderFilter{Offset: 7, Limit: 3}, func(o *checkout.Order) error {
		seen = append(seen, o.Number)
		return nil
	}))
	require.Len(t, seen, n, "offset and limit are ignored")
	assert.Equal(t, "INV-001202", seen[0])
	assert.Equal(t, "INV-000000", seen[n-1])
	unique := map[string]bool{}
	for _, s := range seen {
		unique[s] = true
	}
	assert.Len(t, unique, n)

	cancelled := 0
	require.NoError(t, f.svc.EachOrder(ctx, ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusCancelled}}, func(o *checkout.Order) error {
		assert.Equal(t, checkout.StatusCancelled, o.Status())
		cancelled++
		return nil
	}))
	assert.Equal(t, (n+4)/5, cancelled)

	stop := fmt.Errorf("enough")
	calls := 0
	err := f.svc.EachOrder(ctx, ports.OrderFilter{}, func(*checkout.Order) error { calls++; return stop })
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 1, calls)

	for field, bad := range map[string]ports.OrderFilter{
		"status[1]":      {Statuses: []checkout.Status{checkout.StatusShipped, "lost"}},
		"payment_method": {Method: "cheque"},
		"to":             {From: start, To: start.Add(-time.Hour)},
	} {
		err := f.svc.EachOrder(ctx, bad, func(*checkout.Order) error { t.Fatal("no order for a malformed filter"); return nil })
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), field)
		assert.Equal(t, field, errs.Field(err))
	}
}

// A label's sender is the store, its phone and the warehouse's district.
func TestSender(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(s *kasir.Settings) { s.CustomerServicePhone = "+6282211223344" })
	o := storedOrder(t, 1)
	s, err := f.svc.Sender(ctx, o)
	require.NoError(t, err)
	assert.Equal(t, "Toko Resep", s.Name)
	assert.Equal(t, "+6282211223344", s.Phone)
	assert.Equal(t, "Coblong, Bandung, Jawa Barat", s.Address)
	o.Shipment.OriginID = "gone"
	s, err = f.svc.Sender(ctx, o)
	require.NoError(t, err)
	assert.Empty(t, s.Address)
}

// liveHeap returns the live heap after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// export writes every stored order through EachOrder in format, and with
// sample calls liveHeap every 500 orders and at the end, returning the
// largest live heap seen.
func export(b *testing.B, svc *kasir.Service, format documents.Format, want int, sample bool) uint64 {
	var peak uint64
	e, err := documents.NewExporter(io.Discard, documents.ExportOptions{Format: format})
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	if err := svc.EachOrder(ctx, ports.OrderFilter{}, func(o *checkout.Order) error {
		if rows++; sample && rows%500 == 0 {
			peak = max(peak, liveHeap())
		}
		return e.Write(o)
	}); err != nil {
		b.Fatal(err)
	}
	if sample {
		peak = max(peak, liveHeap())
	}
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	if rows != want {
		b.Fatalf("exported %d orders, want %d", rows, want)
	}
	return peak
}

// BenchmarkExport exports every stored order through EachOrder, at 1.000
// and 10.000 orders, as CSV and XLSX. Beside time and allocations it
// reports peak-live-B: the most the live heap (after a collection, sampled
// every 500 orders in one export before the timed ones) grew above the
// heap holding the stored orders. Constant memory shows as the same peak
// at both sizes, while allocations grow with the rows:
// go test -run x -bench Export -benchmem .
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		f := newFixture(b)
		storeOrders(b, f.store, n)
		for _, format := range []documents.Format{documents.CSV, documents.XLSX} {
			b.Run(fmt.Sprintf("%s/orders=%d", format.Ext()[1:], n), func(b *testing.B) {
				base := liveHeap()
				peak := export(b, f.svc, format, n, true)
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					export(b, f.svc, format, n, false)
				}
				b.ReportMetric(float64(peak-min(peak, base)), "peak-live-B")
			})
		}
	}
}
