package postgres_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
)

// TestUnpaidOrdersUsesAnIndex: counting one phone's orders waiting for
// payment, as the per-phone cap does on every order placed, reads the
// partial index, not the orders table.
func TestUnpaidOrdersUsesAnIndex(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	fillOrders(t, s, 3_000)
	rows, err := testPool(t).Query(t.Context(), "EXPLAIN "+postgres.UnpaidOrdersSQL(s), "6281234567890", s.StoreID())
	require.NoError(t, err)
	var plan []string
	for rows.Next() {
		var line string
		require.NoError(t, rows.Scan(&line))
		plan = append(plan, line)
	}
	require.NoError(t, rows.Err())
	text := strings.Join(plan, "\n")
	assert.NotContains(t, text, "Seq Scan", text)
	assert.Contains(t, text, "orders_unpaid_phone", text)
}
