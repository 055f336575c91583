package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// storeID is the id of the i-th store fillStores makes.
func storeID(i int) string { return fmt.Sprintf("toko-%04d", i) }

// fillStores stores perStore orders in each of the stores first …
// first+count-1 (see storeID), with one INSERT … SELECT of copies of
// richOrder o1's row made by the database itself: each store's orders are
// numbered N0000001 up, one second apart, every fourth cancelled and every
// fourth pending payment. The counters are kept by their trigger as for
// any insert. It returns the handle of the store first+count/2.
func fillStores(t testing.TB, s *postgres.Store, first, count, perStore int) *postgres.Store {
	t.Helper()
	ctx := context.Background()
	insertOrderRow(t, s, richOrder(t, "o1"))
	schema := postgres.SchemaSQL(s)
	_, err := testPool(t).Exec(ctx, strings.ReplaceAll(`INSERT INTO {s}.orders (store_id, id, number, slug, placed_ns, placed_at,
			status, payment_method, payment_expires_ns, search_name, search_number, search_airway_bill, phone_digits, phone_local, data)
		SELECT 'toko-' || lpad(k::text, 4, '0'), 'g' || i, 'N' || lpad(i::text, 7, '0'), 's' || i, placed_ns + i::bigint * 1000000000, placed_at,
			CASE i % 4 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'pending_payment' ELSE status END, payment_method,
			payment_expires_ns, search_name, lower('N' || lpad(i::text, 7, '0')), search_airway_bill, phone_digits, phone_local,
			data || jsonb_build_object('id', 'g' || i, 'number', 'N' || lpad(i::text, 7, '0'))
		FROM {s}.orders, generate_series($1::int, $2::int) AS k, generate_series(1, $3::int) AS i
		WHERE store_id = 'default' AND id = 'o1'`, "{s}", schema), first, first+count-1, perStore)
	require.NoError(t, err)
	_, err = testPool(t).Exec(ctx, "ANALYZE "+schema+".orders")
	require.NoError(t, err)
	one, err := s.ForStore(storeID(first + count/2))
	require.NoError(t, err)
	return one
}

// TestStorePageUsesTheStoresIndex asks PostgreSQL how it would run a
// store's page queries in a schema of 40 stores with 100 orders each: by
// an index led by the store, never by reading the whole orders table.
func TestStorePageUsesTheStoresIndex(t *testing.T) {
	t.Parallel()
	one := fillStores(t, newStore(t), 1, 40, 100)
	ctx := t.Context()
	_, total, err := one.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 100, total, "a store lists its own orders")
	counts, err := one.CountByStatus(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, map[checkout.Status]int{checkout.StatusCancelled: 25, checkout.StatusPendingPayment: 25, checkout.StatusShipped: 50}, counts)
	for _, f := range []ports.OrderFilter{
		{Limit: 20},
		{Offset: 40, Limit: 20},
		{Statuses: []checkout.Status{checkout.StatusCancelled}, Limit: 20},
		{Query: "n00000", Limit: 20},
	} {
		sql, args := postgres.OrderPageSQL(one, f)
		text := explain(t, ctx, sql, args...)
		assert.NotContains(t, text, "Seq Scan", "%+v:\n%s", f, text)
		assert.Contains(t, text, "store_id = ", "%+v:\n%s", f, text)
		assert.Contains(t, text, "Index", "%+v:\n%s", f, text)
	}
}

// BenchmarkManyStores measures a store's listing in a schema holding that
// store alone (100 orders) and in one holding 1.000 stores of 100 orders
// each (100.000 orders): the newest page of 20, the second page of one
// status, the per-status summary, the seller's report of the day, and a
// search of the store's orders.
// Each pair should cost about the same: compare stores=1000 with stores=1
// as a ratio. Seeding takes a few seconds.
//
//	KASIR_TEST_POSTGRES=… go test -run x -bench ManyStores ./adapters/postgres
func BenchmarkManyStores(b *testing.B) {
	ctx := context.Background()
	alone := fillStores(b, newStore(b), 501, 1, 100)
	crowded := fillStores(b, newStore(b), 1, 1000, 100)
	require.Equal(b, alone.StoreID(), crowded.StoreID())
	for _, c := range []struct {
		stores int
		s      *postgres.Store
	}{{1, alone}, {1000, crowded}} {
		s := c.s
		b.Run(fmt.Sprintf("page_of_20/stores=%d", c.stores), func(b *testing.B) {
			for b.Loop() {
				if page, total, err := s.ListOrders(ctx, ports.OrderFilter{Limit: 20}); err != nil || len(page) != 20 || total != 100 {
					b.Fatal(err, len(page), total)
				}
			}
		})
		b.Run(fmt.Sprintf("status_page_2/stores=%d", c.stores), func(b *testing.B) {
			f := ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusShipped}, Offset: 20, Limit: 20}
			for b.Loop() {
				if page, total, err := s.ListOrders(ctx, f); err != nil || len(page) != 20 || total != 50 {
					b.Fatal(err, len(page), total)
				}
			}
		})
		b.Run(fmt.Sprintf("summary/stores=%d", c.stores), func(b *testing.B) {
			for b.Loop() {
				if counts, err := s.CountByStatus(ctx, ports.OrderFilter{}); err != nil || counts[checkout.StatusShipped] != 50 {
					b.Fatal(err, counts)
				}
			}
		})
		b.Run(fmt.Sprintf("report/stores=%d", c.stores), func(b *testing.B) {
			f := ports.ReportFilter{From: placed.Add(-time.Hour), To: placed.Add(24 * time.Hour), Location: wib}
			for b.Loop() {
				r, err := s.Report(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for _, d := range r.Days {
					for _, k := range d.Statuses {
						n += k
					}
				}
				if n != 100 {
					b.Fatal("orders in the report's days:", n)
				}
			}
		})
		b.Run(fmt.Sprintf("search/stores=%d", c.stores), func(b *testing.B) {
			f := ports.OrderFilter{Query: "n000004", Limit: 20}
			for b.Loop() {
				if page, total, err := s.ListOrders(ctx, f); err != nil || len(page) != 10 || total != 10 {
					b.Fatal(err, len(page), total)
				}
			}
		})
	}
}

// TestStatusPageNeedsNoSort: a page of one status is read from
// orders_status in the listing's order (placement time, number, id),
// without sorting the status's orders, both before the table's
// statistics know the orders (a store just filled, autovacuum off or not
// yet run) and after ANALYZE. Sorting made the page cost grow with the
// orders of the status.
func TestStatusPageNeedsNoSort(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	insertOrderRow(t, s, richOrder(t, "o1"))
	schema := postgres.SchemaSQL(s)
	_, err := testPool(t).Exec(ctx, strings.ReplaceAll(`INSERT INTO {s}.orders (store_id, id, number, slug, placed_ns, placed_at,
			status, payment_method, payment_expires_ns, search_name, search_number, search_airway_bill, phone_digits, phone_local, data)
		SELECT store_id, 'g' || i, 'N' || lpad(i::text, 7, '0'), 's' || i, placed_ns + (i / 3)::bigint * 1000000000, placed_at,
			CASE i % 4 WHEN 0 THEN 'cancelled' ELSE status END, payment_method,
			payment_expires_ns, search_name, lower('N' || lpad(i::text, 7, '0')), search_airway_bill, phone_digits, phone_local,
			data || jsonb_build_object('id', 'g' || i, 'number', 'N' || lpad(i::text, 7, '0'))
		FROM {s}.orders, generate_series(1, 3000) AS i WHERE id = 'o1'`, "{s}", schema))
	require.NoError(t, err)
	plans := func() {
		t.Helper()
		for _, f := range []ports.OrderFilter{
			{Statuses: []checkout.Status{checkout.StatusCancelled}, Limit: 20},
			{Statuses: []checkout.Status{checkout.StatusShipped}, Offset: 20, Limit: 20},
		} {
			sql, args := postgres.OrderPageSQL(s, f)
			text := explain(t, ctx, sql, args...)
			assert.Contains(t, text, "orders_status", "%+v:\n%s", f, text)
			assert.NotContains(t, text, "Sort", "%+v:\n%s", f, text)
		}
	}
	plans()
	_, err = testPool(t).Exec(ctx, "ANALYZE "+schema+".orders")
	require.NoError(t, err)
	plans()

	// The page holds the status's newest orders.
	page, _, err := s.ListOrders(ctx, ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusCancelled}, Limit: 5})
	require.NoError(t, err)
	var got []string
	for _, o := range page {
		got = append(got, o.Number)
	}
	assert.Equal(t, []string{"N0003000", "N0002996", "N0002992", "N0002988", "N0002984"}, got)
}
