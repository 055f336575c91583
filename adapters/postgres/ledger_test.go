package postgres_test

import (
	"testing"

	"github.com/kasir-id/kasir/internal/ledgertest"
)

// TestLedgerMonth runs the scripted month of orders, deliveries, returns
// and withdrawals (50 of them at once) on PostgreSQL and checks balances,
// entries and reports against figures computed independently.
func TestLedgerMonth(t *testing.T) {
	t.Parallel()
	ledgertest.Run(t, ledgertest.New(t, newStore(t)))
}
