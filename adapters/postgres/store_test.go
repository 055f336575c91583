package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
	"github.com/kasir-id/kasir/pricing"
)

func TestConformance(t *testing.T) {
	testPool(t)
	t.Parallel()
	portstest.TestStore(t, func(t testing.TB, stock map[string]int64, vouchers []pricing.Voucher) ports.Store {
		s := newStore(t)
		require.NoError(t, s.SeedStock(t.Context(), stock))
		for _, v := range vouchers {
			require.NoError(t, s.PutVoucher(t.Context(), v))
		}
		return s
	})
}

func TestSeedStockIfAbsentKeepsLevels(t *testing.T) {
	testPool(t)
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.SeedStock(ctx, map[string]int64{"a": 10}))
	require.NoError(t, s.SetStock(ctx, "a", 3)) // 7 sold
	require.NoError(t, s.SeedStockIfAbsent(ctx, map[string]int64{"a": 10, "b": 5}))
	lv, err := s.StockLevels(ctx, []string{"a", "b"})
	require.NoError(t, err)
	require.Equal(t, map[string]int64{"a": 3, "b": 5}, lv)
}
