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

func TestSeeding(t *testing.T) {
	testPool(t)
	t.Parallel()
	portstest.TestSeeding(t, func(t testing.TB) portstest.Seeder { return newStore(t) })
}

// TestPlatform runs the platform suite on stores of one schema each.
func TestPlatform(t *testing.T) {
	testPool(t)
	t.Parallel()
	portstest.TestPlatform(t, func(t testing.TB) ports.Platform { return newStore(t).Platform() })
}

// TestSeedingAStore runs the seeding suite on a store other than the
// default one.
func TestSeedingAStore(t *testing.T) {
	testPool(t)
	t.Parallel()
	portstest.TestSeeding(t, func(t testing.TB) portstest.Seeder {
		s, err := newStore(t).ForStore("toko-lain")
		require.NoError(t, err)
		return s
	})
}

func TestWarehouseStock(t *testing.T) {
	testPool(t)
	t.Parallel()
	portstest.TestWarehouseStock(t, func(t testing.TB) portstest.WarehouseSeeder { return newStore(t) })
}

func TestStockAdjustments(t *testing.T) {
	testPool(t)
	t.Parallel()
	portstest.TestStockAdjustments(t, func(t testing.TB) portstest.WarehouseSeeder { return newStore(t) })
}

// TestProcurement runs the procurement suite on a schema of its own per
// subtest: buyer accounts and purchases in the platform's scope, units
// across stores in one transaction.
func TestProcurement(t *testing.T) {
	testPool(t)
	t.Parallel()
	portstest.TestProcurement(t, func(t testing.TB) ports.Platform { return newStore(t).Platform() })
}
