package memory_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
	"github.com/kasir-id/kasir/pricing"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	portstest.TestStore(t, func(t testing.TB, stock map[string]int64, vouchers []pricing.Voucher) ports.Store {
		s, err := memory.NewStore(memory.WithStock(stock), memory.WithVouchers(vouchers...))
		require.NoError(t, err)
		return s
	})
}

func TestSeeding(t *testing.T) {
	t.Parallel()
	portstest.TestSeeding(t, func(t testing.TB) portstest.Seeder {
		s, err := memory.NewStore()
		require.NoError(t, err)
		return s
	})
}

func TestPlatform(t *testing.T) {
	t.Parallel()
	portstest.TestPlatform(t, func(t testing.TB) ports.Platform { return memory.NewPlatform() })
}

func TestWarehouseStock(t *testing.T) {
	t.Parallel()
	portstest.TestWarehouseStock(t, func(t testing.TB) portstest.WarehouseSeeder {
		s, err := memory.NewStore()
		require.NoError(t, err)
		return s
	})
}

func TestStockAdjustments(t *testing.T) {
	t.Parallel()
	portstest.TestStockAdjustments(t, func(t testing.TB) portstest.WarehouseSeeder {
		s, err := memory.NewStore()
		require.NoError(t, err)
		return s
	})
}

func TestProcurement(t *testing.T) {
	t.Parallel()
	portstest.TestProcurement(t, func(t testing.TB) ports.Platform { return memory.NewPlatform() })
}
