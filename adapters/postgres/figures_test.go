package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/ports"
)

// TestOrderFiguresTrigger checks that the figures the trigger keeps for
// each order, as it is created and saved, are those order_figures_of (the
// rules reports were built on) gives for the row: store, status, method,
// courier, totals and the airway bill in lower case without spaces around.
func TestOrderFiguresTrigger(t *testing.T) {
	testPool(t)
	t.Parallel()
	s := newStore(t)
	other, err := s.ForStore("toko-b")
	require.NoError(t, err)
	ctx := t.Context()

	a := richOrder(t, "o-1")
	a.AirwayBill = " JNE-123ABC "
	b := richOrder(t, "o-2")
	b.Number, b.Slug = "B-0001", "slug-b"
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, a) }))
	require.NoError(t, other.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, b) }))
	a.AirwayBill = "JNE-999"
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.SaveOrder(ctx, a) }))

	q := func(sql string) string {
		return `SELECT ` + sql + ` FROM "` + s.SchemaName() + `".orders o JOIN "` + s.SchemaName() + `".order_figures f
			ON f.store_id = o.store_id AND f.order_id = o.id`
	}
	var joined, differ int
	require.NoError(t, s.Pool().QueryRow(ctx, q(`count(*), count(*) FILTER (WHERE f IS DISTINCT FROM "`+s.SchemaName()+`".order_figures_of(o))`)).Scan(&joined, &differ))
	assert.Equal(t, 2, joined, "one figures row per order")
	assert.Zero(t, differ, "the trigger's figures are order_figures_of's")

	var store, courier, bill string
	var total int64
	require.NoError(t, s.Pool().QueryRow(ctx, q(`f.store_id, f.courier, f.airway_bill, f.grand_total`)+` WHERE o.id = 'o-1'`).Scan(&store, &courier, &bill, &total))
	assert.Equal(t, ports.DefaultStore, store)
	assert.Equal(t, "jne", courier)
	assert.Equal(t, "jne-999", bill, "the saved airway bill")
	assert.Equal(t, int64(a.Breakdown.GrandTotal), total)
}
