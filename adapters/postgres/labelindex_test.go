package postgres_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// TestNotPrintedUsesItsIndex asks PostgreSQL how it would list and count
// the orders whose label is not printed yet when most of 6.000 orders
// have theirs printed: through orders_label_not_printed, never by reading
// the orders table or walking every order of the store; the listing
// answers exactly the orders left to print.
func TestNotPrintedUsesItsIndex(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	schema := postgres.SchemaSQL(s)
	// Copies of one shipped order, one second apart, every fourth
	// cancelled and every fourth pending payment; every copy but one in
	// fifty has its label printed, as a store's orders have after weeks of
	// printing.
	o1 := richOrder(t, "o1")
	o1.LabelPrintedAt, o1.LabelBatchID = placed, "b1"
	insertOrderRow(t, s, o1)
	_, err := testPool(t).Exec(ctx, strings.ReplaceAll(`INSERT INTO {s}.orders (id, number, slug, placed_ns, placed_at, status, payment_method,
			payment_expires_ns, search_name, search_number, search_airway_bill, phone_digits, phone_local, data)
		SELECT 'g' || i, 'N' || lpad(i::text, 7, '0'), 's' || i, placed_ns + i::bigint * 1000000000, placed_at,
			CASE i % 4 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'pending_payment' ELSE status END, payment_method,
			payment_expires_ns, search_name, lower('N' || lpad(i::text, 7, '0')), search_airway_bill, phone_digits, phone_local,
			CASE WHEN i % 50 = 0 THEN data - 'label_printed_at' - 'label_batch_id' ELSE data END
				|| jsonb_build_object('id', 'g' || i, 'number', 'N' || lpad(i::text, 7, '0'))
		FROM {s}.orders, generate_series(1, 6000) AS i WHERE id = 'o1'`, "{s}", schema))
	require.NoError(t, err)
	_, err = testPool(t).Exec(ctx, "ANALYZE "+schema+".orders")
	require.NoError(t, err)

	for _, f := range []ports.OrderFilter{
		{Label: ports.LabelNotPrinted, Limit: 50},
		{Label: ports.LabelNotPrinted, Offset: 50, Limit: 50},
		{Label: ports.LabelNotPrinted, Statuses: []checkout.Status{checkout.StatusShipped}, Limit: 50},
	} {
		for name, q := range map[string]func(*postgres.Store, ports.OrderFilter) (string, []any){"page": postgres.OrderPageSQL, "total": postgres.OrderTotalSQL} {
			sql, args := q(s, f)
			text := explain(t, ctx, sql, args...)
			assert.Contains(t, text, "orders_label_not_printed", "%s %+v:\n%s", name, f, text)
			assert.NotContains(t, text, "Seq Scan", "%s %+v:\n%s", name, f, text)
		}
	}

	page, total, err := s.ListOrders(ctx, ports.OrderFilter{Label: ports.LabelNotPrinted, Limit: 500})
	require.NoError(t, err)
	assert.Equal(t, 120, total, "one in fifty of 6.000")
	require.Len(t, page, 120)
	for _, o := range page {
		assert.True(t, o.LabelPrintedAt.IsZero(), o.ID)
	}
	assert.Equal(t, "g6000", page[0].ID, "newest first")
	counts, err := s.CountByStatus(ctx, ports.OrderFilter{Label: ports.LabelNotPrinted})
	require.NoError(t, err)
	n := 0
	for _, c := range counts {
		n += c
	}
	assert.Equal(t, 120, n)
}

// TestDefaultStoreIsListed: a migrated schema has the default store's row,
// so the platform lists it before any store is created, and creating it
// again is a duplicate.
func TestDefaultStoreIsListed(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	p := s.Platform()
	infos, total, err := p.ListStores(t.Context(), 0, 0)
	require.NoError(t, err)
	require.Equal(t, 1, total)
	assert.Equal(t, ports.DefaultStore, infos[0].ID)
	assert.False(t, infos[0].Disabled)
	require.ErrorIs(t, p.CreateStore(t.Context(), ports.StoreInfo{ID: ports.DefaultStore, Name: "Toko"}), ports.ErrDuplicate)
	info, err := p.StoreInfo(t.Context(), ports.DefaultStore)
	require.NoError(t, err)
	assert.Equal(t, ports.DefaultStore, info.Name)
}

// TestMigrateKeepsACreatedDefaultStore: a deployment that created the
// default store's row itself before version 14 keeps it as it was; one
// without it gets it.
func TestMigrateKeepsACreatedDefaultStore(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := unmigratedStore(t)
	require.NoError(t, s.MigrateTo(ctx, 13))
	p := s.Platform()
	_, total, err := p.ListStores(ctx, 0, 0)
	require.NoError(t, err)
	require.Zero(t, total, "no store before version 14")
	require.NoError(t, p.CreateStore(ctx, ports.StoreInfo{ID: ports.DefaultStore, Name: "Toko Utama", Host: "toko.example.com", CreatedAt: placed}))
	require.NoError(t, s.Migrate(ctx))
	info, err := p.StoreInfo(ctx, ports.DefaultStore)
	require.NoError(t, err)
	assert.Equal(t, "Toko Utama", info.Name)
	assert.Equal(t, "toko.example.com", info.Host)
	require.NoError(t, s.Migrate(ctx), "migrating again changes nothing")
	_, total, err = p.ListStores(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, total)
}
