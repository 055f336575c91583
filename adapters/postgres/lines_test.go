package postgres_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/payment"
)

// TestRoundTripsDoNotGrowWithLines: an order of 31 lines, each a product
// of its own, takes as many round trips to PostgreSQL as an order of one
// line. The stock of every line is read, locked and taken by one
// statement each, so a cart costs its lines in the database's work, not
// in round trips.
func TestRoundTripsDoNotGrowWithLines(t *testing.T) {
	var c tripCounter
	p := tracedPool(t, &c)
	name := schemaName(t)
	store, err := postgres.New(t.Context(), p, postgres.Schema(name))
	require.NoError(t, err)
	t.Cleanup(func() { dropSchema(t, testPool(t), name) })
	require.NoError(t, store.Migrate(t.Context()))
	f := newServiceFixtureOn(t, store)
	ctx := t.Context()

	trips := func(i, lines int) (int, []string) {
		t.Helper()
		r := orderRequest(i)
		r.PaymentMethod = payment.BankTransfer
		for j := range lines - 1 {
			r.Lines = append(r.Lines, catalog.LineRequest{SKU: fmt.Sprintf("JILID-%02d", j), Quantity: 1})
		}
		c.take()
		o, err := f.svc.PlaceOrder(ctx, r)
		require.NoError(t, err)
		require.Len(t, o.Items, lines)
		return c.take()
	}
	one, _ := trips(1, 1)
	many, texts := trips(2, 31)
	t.Logf("31 lines, %d round trips:\n%s", many, strings.Join(texts, "\n"))
	assert.Equal(t, one, many, "round trips of an order of 1 line and of 31")
}
