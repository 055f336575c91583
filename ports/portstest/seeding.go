package portstest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// Seeder is a store with the seeding API the store adapters share: stock
// levels and vouchers filled in outside any unit of work.
type Seeder interface {
	ports.Store
	// SeedStock sets the units left of the variants levels names.
	SeedStock(ctx context.Context, levels map[string]int64) error
	// SeedStockIfAbsent sets those of them the store has no level for yet.
	SeedStockIfAbsent(ctx context.Context, levels map[string]int64) error
	// SetStock sets one variant's units left.
	SetStock(ctx context.Context, variantID string, units int64) error
	// PutVoucher stores a voucher, replacing the one with the same code.
	PutVoucher(ctx context.Context, v pricing.Voucher) error
}

// TestSeeding checks that the seeding API of the stores newStore builds
// (each new and empty, cleaned up with t.Cleanup) keeps the meaning every
// store adapter documents: SeedStockIfAbsent keeps levels already stored,
// refused input stores nothing, a replaced voucher keeps its redemptions,
// and the context of one of the store's own running units is refused.
func TestSeeding(t *testing.T, newStore func(t testing.TB) Seeder) {
	t.Run("SeedStockIfAbsentKeepsLevels", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.SeedStock(ctx, map[string]int64{"a": 10}))
		require.NoError(t, s.SetStock(ctx, "a", 3)) // 7 sold
		require.NoError(t, s.SeedStockIfAbsent(ctx, map[string]int64{"a": 10, "b": 5}))
		lv, err := s.StockLevels(ctx, []string{"a", "b"})
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{"a": 3, "b": 5}, lv)
	})
	t.Run("RefusedInputStoresNothing", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.SeedStock(ctx, map[string]int64{"a": 1, "b": 2}))
		require.ErrorIs(t, s.SeedStock(ctx, map[string]int64{"a": 5, "b": -1}), errs.Invalid)
		require.ErrorIs(t, s.SeedStockIfAbsent(ctx, map[string]int64{"c": 5, "": 1}), errs.Invalid)
		require.ErrorIs(t, s.SetStock(ctx, "", 1), errs.Invalid)
		require.ErrorIs(t, s.SetStock(ctx, "a", catalog.MaxQuantity+1), errs.Invalid)
		require.ErrorIs(t, s.PutVoucher(ctx, seedVoucher(" ", 1)), errs.Invalid)
		lv, err := s.StockLevels(ctx, []string{"a", "b", "c"})
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{"a": 1, "b": 2, "c": 0}, lv, "a refused seed stores nothing")
		vs, err := s.Vouchers(ctx)
		require.NoError(t, err)
		assert.Empty(t, vs)
	})
	t.Run("ReplacedVoucherKeepsRedemptions", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.PutVoucher(ctx, seedVoucher("HEMAT", 1)))
		require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: "HEMAT", OrderID: "o1"})
		}))
		require.NoError(t, s.PutVoucher(ctx, seedVoucher("hemat", 2)))
		v, err := s.Voucher(ctx, "HEMAT")
		require.NoError(t, err)
		assert.Equal(t, "hemat", v.Code)
		assert.EqualValues(t, 2, v.Quota)
		u, err := s.VoucherUsage(ctx, "HEMAT", "")
		require.NoError(t, err)
		assert.EqualValues(t, 1, u.Total)
	})
	t.Run("InsideAUnitIsRefused", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		err := s.Atomic(t.Context(), func(ctx context.Context, _ ports.Tx) error {
			assert.Error(t, s.SeedStock(ctx, map[string]int64{"a": 1}))
			assert.Error(t, s.SeedStockIfAbsent(ctx, map[string]int64{"a": 1}))
			assert.Error(t, s.SetStock(ctx, "a", 1))
			assert.Error(t, s.PutVoucher(ctx, seedVoucher("HEMAT", 1)))
			return nil
		})
		require.NoError(t, err)
		lv, err := s.StockLevels(t.Context(), []string{"a"})
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{"a": 0}, lv)
		_, err = s.Voucher(t.Context(), "HEMAT")
		require.ErrorIs(t, err, errs.NotFound)
	})
}

// seedVoucher is an active product voucher of a fixed amount off with the
// given quota (0: unlimited).
func seedVoucher(code string, quota int64) pricing.Voucher {
	return pricing.Voucher{
		VoucherRule: pricing.VoucherRule{Code: code, Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 1000},
		Active:      true,
		Quota:       quota,
	}
}
