package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// fillOrders stores richOrder o1 (shipped) and n copies of its row made by
// the database itself, in the default store, at any schema version, one second apart, every fourth cancelled and every
// fourth pending payment. The copies keep o1's JSON but for id and number.
func fillOrders(t testing.TB, s *postgres.Store, n int) {
	t.Helper()
	ctx := context.Background()
	insertOrderRow(t, s, richOrder(t, "o1"))
	schema := postgres.SchemaSQL(s)
	_, err := testPool(t).Exec(ctx, strings.ReplaceAll(`INSERT INTO {s}.orders (id, number, slug, placed_ns, placed_at, status, payment_method,
			payment_expires_ns, search_name, search_number, search_airway_bill, phone_digits, phone_local, data)
		SELECT 'g' || i, 'N' || lpad(i::text, 7, '0'), 's' || i, placed_ns + i::bigint * 1000000000, placed_at,
			CASE i % 4 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'pending_payment' ELSE status END, payment_method,
			payment_expires_ns, search_name, lower('N' || lpad(i::text, 7, '0')), search_airway_bill, phone_digits, phone_local,
			data || jsonb_build_object('id', 'g' || i, 'number', 'N' || lpad(i::text, 7, '0'))
		FROM {s}.orders, generate_series(1, $1) AS i WHERE id = 'o1'`, "{s}", schema), n)
	require.NoError(t, err)
	_, err = testPool(t).Exec(ctx, "ANALYZE "+schema+".orders")
	require.NoError(t, err)
}

// TestOrderPageUsesAnIndex asks PostgreSQL how it would run the page
// queries of common listings at 3.000 orders: never by reading the whole
// orders table.
func TestOrderPageUsesAnIndex(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	fillOrders(t, s, 3_000)
	ctx := t.Context()
	for _, f := range []ports.OrderFilter{
		{Limit: 20},
		{Offset: 40, Limit: 20},
		{Statuses: []checkout.Status{checkout.StatusCancelled}, Limit: 20},
		{Statuses: []checkout.Status{checkout.StatusPendingPayment, checkout.StatusProcessing}, Limit: 50},
	} {
		sql, args := postgres.OrderPageSQL(s, f)
		text := explain(t, ctx, sql, args...)
		assert.NotContains(t, text, "Seq Scan", "%+v:\n%s", f, text)
		assert.Contains(t, text, "Index", "%+v:\n%s", f, text)
	}
}

// TestOrderCountersFollowOrders: the per-status counters that totals and
// summaries read are filled from the orders a store had before them
// (version 3), then agree with a count of the orders after inserts and
// status changes.
func TestOrderCountersFollowOrders(t *testing.T) {
	t.Parallel()
	p := testPool(t)
	name := schemaName(t)
	s, err := postgres.New(t.Context(), p, postgres.Schema(name))
	require.NoError(t, err)
	t.Cleanup(func() { dropSchema(t, p, name) })
	require.NoError(t, s.MigrateTo(t.Context(), 3))
	ctx := t.Context()
	fillOrders(t, s, 90)
	require.NoError(t, s.Migrate(ctx))
	createLate := func(from, to int) {
		require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			for i := from; i <= to; i++ {
				o := richOrder(t, fmt.Sprintf("late%d", i))
				o.Number = fmt.Sprintf("LATE-%d", i)
				if err := tx.CreateOrder(ctx, o); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	createLate(1, 9)
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		o, err := tx.Order(ctx, "o1")
		require.NoError(t, err)
		require.NoError(t, o.Transition(checkout.StatusDelivered, placed.Add(48*3600e9), "received", ""))
		return tx.SaveOrder(ctx, o)
	}))
	want := map[checkout.Status]int{checkout.StatusCancelled: 22, checkout.StatusPendingPayment: 23, checkout.StatusShipped: 54, checkout.StatusDelivered: 1}
	check := func() {
		t.Helper()
		got, err := s.CountByStatus(ctx, ports.OrderFilter{})
		require.NoError(t, err)
		assert.Equal(t, want, got)
		// A filter the counters cannot answer counts orders: the same.
		got, err = s.CountByStatus(ctx, ports.OrderFilter{Query: "siti"})
		require.NoError(t, err)
		assert.Equal(t, want, got)
		_, total, err := s.ListOrders(ctx, ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusShipped, checkout.StatusDelivered}, Limit: 1})
		require.NoError(t, err)
		assert.Equal(t, 55, total)
	}
	check()
}

// BenchmarkListOrders lists the newest page of 20, the second page of one
// status, and the summary per status at 1k, 10k and 100k stored orders
// (100k only without -short): each should cost about the same at every
// size. KASIR_TEST_POSTGRES=… go test -run x -bench ListOrders ./adapters/postgres
func BenchmarkListOrders(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		if n > 10_000 && testing.Short() {
			continue
		}
		s := newStore(b)
		fillOrders(b, s, n)
		ctx := context.Background()
		b.Run(fmt.Sprintf("page_of_20/orders=%d", n), func(b *testing.B) {
			for b.Loop() {
				if page, _, err := s.ListOrders(ctx, ports.OrderFilter{Limit: 20}); err != nil || len(page) != 20 {
					b.Fatal(err, len(page))
				}
			}
		})
		b.Run(fmt.Sprintf("status_page_2/orders=%d", n), func(b *testing.B) {
			f := ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusCancelled}, Offset: 20, Limit: 20}
			for b.Loop() {
				if page, _, err := s.ListOrders(ctx, f); err != nil || len(page) != 20 {
					b.Fatal(err, len(page))
				}
			}
		})
		b.Run(fmt.Sprintf("summary/orders=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.CountByStatus(ctx, ports.OrderFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// insertOrderRow stores o in the default store with a plain INSERT of the
// columns every schema version has, as the store of that version did: a
// way to fill a schema that is not at the latest version.
func insertOrderRow(t testing.TB, s *postgres.Store, o *checkout.Order) {
	t.Helper()
	data, err := json.Marshal(o)
	require.NoError(t, err)
	_, err = testPool(t).Exec(context.Background(), strings.ReplaceAll(`INSERT INTO {s}.orders (id, number, slug, placed_ns, placed_at,
			status, payment_method, payment_expires_ns, search_name, search_number, search_airway_bill, phone_digits, phone_local, data)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, "{s}", postgres.SchemaSQL(s)),
		o.ID, o.Number, o.Slug, o.PlacedAt.UnixNano(), o.PlacedAt, string(o.Status()), string(o.Payment.Method),
		o.Payment.ExpiresAt.UnixNano(), strings.ToLower(o.Customer.Name), strings.ToLower(o.Number), strings.ToLower(o.AirwayBill),
		ports.Digits(o.Customer.Phone), "0"+strings.TrimPrefix(ports.Digits(o.Customer.Phone), "62"), data)
	require.NoError(t, err)
}

// insertStockRow sets a variant's level in the default store with a plain
// INSERT, at any schema version.
func insertStockRow(t testing.TB, s *postgres.Store, variantID string, units int64) {
	t.Helper()
	_, err := testPool(t).Exec(context.Background(), "INSERT INTO "+postgres.SchemaSQL(s)+".stock (variant_id, available) VALUES ($1, $2)",
		variantID, units)
	require.NoError(t, err)
}
