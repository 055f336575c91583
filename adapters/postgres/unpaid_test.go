package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kasir-id/kasir/adapters/postgres"
)

// TestUnpaidOrdersUsesAnIndex: counting one phone's orders waiting for
// payment, as the per-phone cap does on every order placed, reads the
// partial index, not the orders table.
func TestUnpaidOrdersUsesAnIndex(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	fillOrders(t, s, 3_000)
	text := explain(t, t.Context(), postgres.UnpaidOrdersSQL(s), "6281234567890", s.StoreID())
	assert.NotContains(t, text, "Seq Scan", text)
	assert.Contains(t, text, "orders_unpaid_phone", text)
}
