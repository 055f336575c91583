package kasir_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/internal/ledgertest"
)

// TestLedgerMonth runs a scripted month of orders, deliveries, returns and
// withdrawals on the memory store and checks balances, entries and reports
// against figures computed independently.
func TestLedgerMonth(t *testing.T) {
	t.Parallel()
	store, err := memory.NewStore()
	require.NoError(t, err)
	ledgertest.Run(t, ledgertest.New(t, store))
}
