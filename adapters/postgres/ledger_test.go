package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/internal/ledgertest"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/ports"
)

// TestLedgerMonth runs the scripted month of orders, deliveries, returns
// and withdrawals (50 of them at once) on PostgreSQL and checks balances,
// entries and reports against figures computed independently.
func TestLedgerMonth(t *testing.T) {
	t.Parallel()
	ledgertest.Run(t, ledgertest.New(t, newStore(t)))
}

// fillOrdersOver stores n orders spread evenly over days from placed, in
// every status and method, with two couriers: copies of one stored order
// written by SQL, so that the order_figures trigger fills the figures as it
// does for every order.
func fillOrdersOver(t testing.TB, s *postgres.Store, n, days int) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, richOrder(t, "o1")) }))
	schema := postgres.SchemaSQL(s)
	step := int64(time.Duration(days)*24*time.Hour) / int64(n)
	_, err := testPool(t).Exec(ctx, strings.ReplaceAll(`INSERT INTO {s}.orders (id, number, slug, placed_ns, placed_at, status, payment_method,
			payment_expires_ns, search_name, search_number, search_airway_bill, phone_digits, phone_local, data)
		SELECT 'm' || i, 'M' || lpad(i::text, 7, '0'), 'sm' || i, placed_ns + i::bigint * $2, placed_at,
			(ARRAY['delivered','delivered','delivered','delivered','shipped','returned','processing','cancelled'])[1 + i % 8],
			(ARRAY['cod','bank_transfer','cod'])[1 + i % 3],
			payment_expires_ns, search_name, lower('M' || lpad(i::text, 7, '0')), 'awb' || i, phone_digits, phone_local,
			jsonb_set(data || jsonb_build_object('id', 'm' || i, 'number', 'M' || lpad(i::text, 7, '0'), 'airway_bill', 'AWB' || i),
				'{shipment,courier}', to_jsonb((ARRAY['jne','sicepat'])[1 + i % 2]))
		FROM {s}.orders, generate_series(1, $1) AS i WHERE id = 'o1'`, "{s}", schema), n-1, step)
	require.NoError(t, err)
	_, err = testPool(t).Exec(ctx, "VACUUM ANALYZE "+schema+".order_figures")
	require.NoError(t, err)
}

// TestReportUsesAnIndex asks PostgreSQL how it runs a month's report among
// a year of orders, with and without a courier: through an index of
// order_figures, never by reading the orders.
func TestReportUsesAnIndex(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	fillOrdersOver(t, s, 6_000, 360)
	ctx := t.Context()
	for _, courier := range []string{"", "jne"} {
		text := explain(t, ctx, postgres.ReportSQL(s), s.StoreID(), placed.UnixNano(), placed.AddDate(0, 1, 0).UnixNano(), int64(7*time.Hour), "", courier)
		assert.Contains(t, text, "order_figures_", "courier %q:\n%s", courier, text)
		assert.NotContains(t, text, "Seq Scan", "courier %q:\n%s", courier, text)
		assert.NotContains(t, text, ".orders", "courier %q:\n%s", courier, text)
	}
	r, err := s.Report(ctx, ports.ReportFilter{From: placed, To: placed.AddDate(0, 1, 0)})
	require.NoError(t, err)
	orders := 0
	for _, d := range r.Days {
		for _, n := range d.Statuses {
			orders += n
		}
	}
	assert.InDelta(t, 500, orders, 20, "the month's orders")
	assert.InDelta(t, 250, r.COD.Count+r.NonCOD.Count, 10, "half are delivered")
}

// fillFiguresOver writes the report figures of n orders spread evenly
// over days from placed straight into order_figures, in one INSERT …
// SELECT generate_series: the same mix of statuses, methods and couriers
// as fillOrdersOver, without the orders themselves, which the report never
// reads (TestReportUsesAnIndex checks its plan). It seeds 200.000 rows in
// seconds where copying whole orders through the figures trigger takes
// many minutes.
func fillFiguresOver(t testing.TB, s *postgres.Store, n, days int) {
	t.Helper()
	ctx := context.Background()
	schema := postgres.SchemaSQL(s)
	step := int64(time.Duration(days)*24*time.Hour) / int64(n)
	_, err := testPool(t).Exec(ctx, strings.ReplaceAll(`INSERT INTO {s}.order_figures (store_id, order_id, placed_ns, status,
			payment_method, courier, grand_total, net_profit, cashback, airway_bill)
		SELECT $1, 'm' || i, $2 + i::bigint * $3,
			(ARRAY['delivered','delivered','delivered','delivered','shipped','returned','processing','cancelled'])[1 + i % 8],
			(ARRAY['cod','bank_transfer','cod'])[1 + i % 3],
			(ARRAY['jne','sicepat'])[1 + i % 2],
			100000 + (i % 50) * 1000, 90000 + (i % 50) * 900, 3500, 'awb' || i
		FROM generate_series(0, $4 - 1) AS i`, "{s}", schema), s.StoreID(), placed.UnixNano(), step, n)
	require.NoError(t, err)
	_, err = testPool(t).Exec(ctx, "VACUUM ANALYZE "+schema+".order_figures")
	require.NoError(t, err)
}

// BenchmarkReport computes the month's report (all orders, then one
// courier's) over 1k, 10k and 100k orders placed in the 30-day month,
// among as many again placed in the following month, their figures
// seeded by fillFiguresOver. It needs KASIR_TEST_POSTGRES (without it
// the benchmark skips) and seeds only when benchmarks run:
//
//	KASIR_TEST_POSTGRES=… go test -run '^$' -bench Report -benchtime=10x ./adapters/postgres
func BenchmarkReport(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		s := newStore(b)
		fillFiguresOver(b, s, 2*n, 60)
		ctx := context.Background()
		for _, courier := range []string{"", "jne"} {
			name := "all"
			if courier != "" {
				name = courier
			}
			b.Run(fmt.Sprintf("%s/orders=%d", name, n), func(b *testing.B) {
				f := ports.ReportFilter{From: placed, To: placed.AddDate(0, 0, 30), Courier: courier, Location: kasir.WIB}
				var r ledger.Report
				for b.Loop() {
					var err error
					if r, err = s.Report(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				orders := 0
				for _, d := range r.Days {
					for _, c := range d.Statuses {
						orders += c
					}
				}
				want := n
				if courier != "" {
					want = n / 2
				}
				if orders < want*99/100 || orders > want*101/100 {
					b.Fatalf("the report counts %d orders in the month, want about %d", orders, want)
				}
			})
		}
	}
}
