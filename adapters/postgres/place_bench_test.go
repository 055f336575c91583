package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"
)

// BenchmarkPlaceOrders places COD orders of one product from as many
// goroutines at once, each order from a phone of its own, on one day: every
// order takes the day's order-number row and the product's stock row, as a
// busy store's orders do. It reports orders per second over the whole run
// (orders/s; ns/op is the wall time divided by the orders) and, when
// PostgreSQL runs on this host, the CPU time each order cost the database's
// backends (pg-cpu-ms/order, read from /proc) and this process
// (go-cpu-ms/order): their sum bounds the orders per second the host's
// cores can give, whatever the waiting.
//
//	KASIR_TEST_POSTGRES=… go test -run x -bench PlaceOrders -benchtime=1000x ./adapters/postgres
func BenchmarkPlaceOrders(b *testing.B) {
	for _, goroutines := range []int{1, 8, 16} {
		b.Run(fmt.Sprintf("goroutines=%d", goroutines), func(b *testing.B) {
			f := newServiceFixtureOn(b, newStore(b))
			require.NoError(b, f.store.SetStock(b.Context(), "p-buku", 900_000))
			ctx := b.Context()
			var next atomic.Int64
			var failed atomic.Pointer[error]
			var wg sync.WaitGroup
			pgBefore, goBefore := backendTicks(f.store.Pool()), processCPU()
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
			b.ReportMetric(float64(processCPU()-goBefore)/float64(time.Millisecond)/float64(b.N), "go-cpu-ms/order")
			if pgAfter := backendTicks(f.store.Pool()); pgAfter != nil && pgBefore != nil {
				var ticks int64
				for pid, t := range pgAfter {
					ticks += t - pgBefore[pid] // a backend started during the run counts from 0
				}
				b.ReportMetric(float64(ticks)*10/float64(b.N), "pg-cpu-ms/order") // 100 ticks a second
			}
		})
	}
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendTicks reads the CPU clock ticks (user and system) each idle
// connection's backend has used from /proc, by backend pid; nil when the
// database is not on this host.
func backendTicks(p *pgxpool.Pool) map[int64]int64 {
	conns := p.AcquireAllIdle(context.Background())
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	out := make(map[int64]int64, len(conns))
	for _, c := range conns {
		pid := int64(c.Conn().PgConn().PID())
		stat, err := os.ReadFile("/proc/" + strconv.FormatInt(pid, 10) + "/stat")
		if err != nil {
			return nil
		}
		// The fields after the command's closing parenthesis: utime is
		// the 12th, stime the 13th.
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 13 {
			return nil
		}
		u, _ := strconv.ParseInt(fields[11], 10, 64)
		st, _ := strconv.ParseInt(fields[12], 10, 64)
		out[pid] = u + st
	}
	return out
}
