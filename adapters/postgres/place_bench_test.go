package postgres_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkPlaceOrders places COD orders of one product from as many
// goroutines at once, each order from a phone of its own, on one day: every
// order takes the day's order-number row and the product's stock row, as a
// busy store's orders do. It reports orders per second over the whole run
// (orders/s) beside the time per order of each goroutine (ns/op is the
// wall time divided by the orders, so it falls as the goroutines overlap).
//
//	KASIR_TEST_POSTGRES=… go test -run x -bench PlaceOrders -benchtime=2000x ./adapters/postgres
func BenchmarkPlaceOrders(b *testing.B) {
	for _, goroutines := range []int{1, 8, 16} {
		b.Run(fmt.Sprintf("goroutines=%d", goroutines), func(b *testing.B) {
			f := newServiceFixtureOn(b, newStore(b))
			require.NoError(b, f.store.SetStock(b.Context(), "p-buku", 900_000))
			ctx := b.Context()
			var next atomic.Int64
			var failed atomic.Pointer[error]
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range goroutines {
				wg.Go(func() {
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						if _, err := f.svc.PlaceOrder(ctx, orderRequest(int(i))); err != nil {
							failed.CompareAndSwap(nil, &err)
							return
						}
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if err := failed.Load(); err != nil {
				b.Fatal(*err)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "orders/s")
		})
	}
}
