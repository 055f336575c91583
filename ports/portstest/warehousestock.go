package portstest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// WarehouseSeeder is a store that keeps stock per warehouse and seeds it
// outside any unit of work.
type WarehouseSeeder interface {
	ports.Store
	// SeedStock sets single levels (totals) of the variants levels names.
	SeedStock(ctx context.Context, levels map[string]int64) error
	// SeedStockIfAbsent sets those of them the store has no level for yet.
	SeedStockIfAbsent(ctx context.Context, levels map[string]int64) error
	// SetStock sets one variant's single level.
	SetStock(ctx context.Context, variantID string, units int64) error
	// SetWarehouseStock sets a warehouse's levels and makes each variant's
	// total the sum over the warehouses.
	SetWarehouseStock(ctx context.Context, warehouseID string, levels map[string]int64) error
}

// inOrder is a warehouse rule for the tests: the first of ws holding every
// need, out_of_stock otherwise.
func inOrder(needs []catalog.Need, ws ...string) ports.ChooseWarehouseFunc {
	return func(lv ports.WarehouseLevels) (string, error) {
		for _, w := range ws {
			ok := true
			for _, n := range needs {
				ok = ok && lv[w][n.VariantID] >= n.Quantity
			}
			if ok {
				return w, nil
			}
		}
		return "", &catalog.OutOfStockError{VariantID: needs[0].VariantID, Requested: needs[0].Quantity}
	}
}

// TestWarehouseStock checks stock per warehouse on the stores newStore
// builds (each new and empty): seeding makes totals the sum of warehouses;
// many concurrent units reserving against a warehouse holding K take
// exactly K from it, the rest from the next warehouse the rule allows or
// out_of_stock, never a unit below 0; releases give back to the warehouse;
// a failed unit changes nothing; totals stay the sum throughout.
func TestWarehouseStock(t *testing.T, newStore func(t testing.TB) WarehouseSeeder) {
	levels := func(t *testing.T, s WarehouseSeeder, ids ...string) (ports.WarehouseLevels, map[string]int64) {
		t.Helper()
		wl, err := s.WarehouseLevels(t.Context(), ids)
		require.NoError(t, err)
		tot, err := s.StockLevels(t.Context(), ids)
		require.NoError(t, err)
		for _, id := range ids {
			var sum int64
			for _, lv := range wl {
				sum += lv[id]
			}
			assert.Equal(t, sum, tot[id], "total of %s is the sum of its warehouses", id)
		}
		return wl, tot
	}
	t.Run("SeedMakesTotalsTheSum", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.SeedStock(ctx, map[string]int64{"v1": 99, "v3": 4}))
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"v1": 5, "v2": 1}))
		require.NoError(t, s.SetWarehouseStock(ctx, "B", map[string]int64{"v1": 7}))
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"v1": 3}))
		wl, tot := levels(t, s, "v1", "v2")
		assert.Equal(t, ports.WarehouseLevels{"A": {"v1": 3, "v2": 1}, "B": {"v1": 7, "v2": 0}}, wl)
		assert.Equal(t, map[string]int64{"v1": 10, "v2": 1}, tot)
		single, err := s.StockLevels(ctx, []string{"v3"})
		require.NoError(t, err)
		assert.Equal(t, int64(4), single["v3"], "a variant no warehouse keeps keeps its single level")
		require.ErrorIs(t, s.SetWarehouseStock(ctx, "", map[string]int64{"v1": 1}), errs.Invalid)
		require.ErrorIs(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"v1": -1}), errs.Invalid)
		wl2, _ := levels(t, s, "v1", "v2")
		assert.Equal(t, wl, wl2, "refused input stores nothing")
		none, err := s.WarehouseLevels(ctx, []string{"v3"})
		require.NoError(t, err)
		assert.Empty(t, none, "a variant kept as a single level has no warehouse levels")
	})
	t.Run("SingleLevelWithoutWarehouses", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.SeedStock(ctx, map[string]int64{"v": 3}))
		needs := []catalog.Need{{VariantID: "v", Quantity: 2}}
		var got string
		require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			w, err := tx.ReserveFromWarehouse(ctx, needs, func(ports.WarehouseLevels) (string, error) {
				return "", errors.New("choose must not be called")
			})
			got = w
			return err
		}))
		assert.Empty(t, got)
		tot, err := s.StockLevels(ctx, []string{"v"})
		require.NoError(t, err)
		assert.Equal(t, int64(3), tot["v"], "nothing taken when no warehouse keeps the variant")
	})
	t.Run("ConcurrentOrdersTakeExactlyWhatAWarehouseHolds", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		const k, other, n = 5, 20, 24
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"laptop": k, "bag": 100}))
		require.NoError(t, s.SetWarehouseStock(ctx, "B", map[string]int64{"laptop": other}))
		needs := []catalog.Need{{VariantID: "laptop", Quantity: 1}, {VariantID: "bag", Quantity: 1}}
		var mu sync.Mutex
		from := map[string]int{}
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var w string
				err := s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
					var err error
					w, err = tx.ReserveFromWarehouse(ctx, needs, inOrder(needs, "A", "B"))
					return err
				})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					from[errs.Code(err)]++
				} else {
					from[w]++
				}
			}()
		}
		wg.Wait()
		// B holds no bags, so only A can hold an order: exactly k sold.
		assert.Equal(t, map[string]int{"A": k, catalog.CodeOutOfStock: n - k}, from)
		wl, tot := levels(t, s, "laptop", "bag")
		assert.Equal(t, int64(0), wl["A"]["laptop"])
		assert.Equal(t, int64(100-k), wl["A"]["bag"])
		assert.Equal(t, int64(other), wl["B"]["laptop"], "the other warehouse is untouched")
		assert.Equal(t, int64(other), tot["laptop"])
	})
	t.Run("ConcurrentOrdersSpillToTheNextWarehouse", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		const k, other, n = 5, 8, 20
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"laptop": k}))
		require.NoError(t, s.SetWarehouseStock(ctx, "B", map[string]int64{"laptop": other}))
		needs := []catalog.Need{{VariantID: "laptop", Quantity: 1}}
		var mu sync.Mutex
		from := map[string]int{}
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var w string
				err := s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
					var err error
					w, err = tx.ReserveFromWarehouse(ctx, needs, inOrder(needs, "A", "B"))
					return err
				})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					from[errs.Code(err)]++
				} else {
					from[w]++
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, map[string]int{"A": k, "B": other, catalog.CodeOutOfStock: n - k - other}, from)
		wl, tot := levels(t, s, "laptop")
		assert.Equal(t, ports.WarehouseLevels{"A": {"laptop": 0}, "B": {"laptop": 0}}, wl)
		assert.Equal(t, int64(0), tot["laptop"])

		// Concurrent releases give every unit back to its warehouse.
		for i := range k + other {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := "B"
				if i < k {
					w = "A"
				}
				assert.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
					return tx.ReleaseToWarehouse(ctx, w, needs)
				}))
			}()
		}
		wg.Wait()
		wl, tot = levels(t, s, "laptop")
		assert.Equal(t, ports.WarehouseLevels{"A": {"laptop": k}, "B": {"laptop": other}}, wl)
		assert.Equal(t, int64(k+other), tot["laptop"])
	})
	t.Run("FailedUnitChangesNothing", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"v": 3}))
		needs := []catalog.Need{{VariantID: "v", Quantity: 2}}
		boom := errors.New("boom")
		err := s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			if _, err := tx.ReserveFromWarehouse(ctx, needs, inOrder(needs, "A")); err != nil {
				return err
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		err = s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.ReserveFromWarehouse(ctx, []catalog.Need{{VariantID: "v", Quantity: 4}}, func(ports.WarehouseLevels) (string, error) { return "A", nil })
			return err
		})
		assert.Equal(t, catalog.CodeOutOfStock, errs.Code(err))
		err = s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.ReleaseToWarehouse(ctx, "", needs)
		})
		require.ErrorIs(t, err, errs.Invalid)
		wl, tot := levels(t, s, "v")
		assert.Equal(t, int64(3), wl["A"]["v"])
		assert.Equal(t, int64(3), tot["v"])
	})
}

// TestStockAdjustments checks adjustments on the stores newStore builds:
// set and add change the warehouse and the total together and write one
// audit row each (before, after, delta, reason, actor, time); refused
// changes write nothing; the single level of a variant kept per warehouse
// is never set (kept_per_warehouse); concurrent adds all count, with each row's before
// the previous row's after; listings page newest first.
func TestStockAdjustments(t *testing.T, newStore func(t testing.TB) WarehouseSeeder) {
	at := time.Date(2026, 12, 2, 3, 4, 5, 0, time.UTC)
	t.Run("SetAddAndAudit", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"v": 5}))
		require.NoError(t, s.SetWarehouseStock(ctx, "B", map[string]int64{"v": 2}))
		require.NoError(t, s.SeedStock(ctx, map[string]int64{"single": 4}))
		a, err := s.AdjustStock(ctx, ports.StockChange{WarehouseID: "A", VariantID: "v", Set: true, Units: 8, Reason: "stock opname", Actor: "key_1", At: at})
		require.NoError(t, err)
		assert.Equal(t, ports.StockAdjustment{Seq: a.Seq, WarehouseID: "A", VariantID: "v", Before: 5, After: 8, Delta: 3, Reason: "stock opname", Actor: "key_1", At: at}, a)
		b, err := s.AdjustStock(ctx, ports.StockChange{WarehouseID: "B", VariantID: "v", Units: -2, Reason: "rusak", Actor: "key_2", At: at.Add(time.Minute)})
		require.NoError(t, err)
		assert.Equal(t, int64(0), b.After)
		c, err := s.AdjustStock(ctx, ports.StockChange{VariantID: "single", Units: 6, Reason: "kiriman supplier", Actor: "key_1", At: at})
		require.NoError(t, err)
		assert.Equal(t, [3]int64{4, 10, 6}, [3]int64{c.Before, c.After, c.Delta})

		for _, bad := range []ports.StockChange{
			{WarehouseID: "A", VariantID: "v", Units: -9, Reason: "x", Actor: "k"},            // below 0
			{WarehouseID: "A", VariantID: "v", Set: true, Units: -1, Reason: "x", Actor: "k"}, // negative level
			{WarehouseID: "A", VariantID: "v", Units: 1, Actor: "k"},                          // no reason
			{WarehouseID: "A", VariantID: "v", Units: 1, Reason: "x"},                         // no actor
			{WarehouseID: "A", Units: 1, Reason: "x", Actor: "k"},                             // no variant
			{VariantID: "v", Units: 1, Reason: "x", Actor: "k"},                               // kept per warehouse
		} {
			_, err := s.AdjustStock(ctx, bad)
			assert.ErrorIs(t, err, errs.Invalid, "%+v", bad)
			assert.NotEmpty(t, errs.Field(err))
		}
		wl, err := s.WarehouseLevels(ctx, []string{"v"})
		require.NoError(t, err)
		assert.Equal(t, ports.WarehouseLevels{"A": {"v": 8}, "B": {"v": 0}}, wl)
		tot, err := s.StockLevels(ctx, []string{"v", "single"})
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{"v": 8, "single": 10}, tot)

		rows, err := s.StockAdjustments(ctx, ports.StockAdjustmentFilter{})
		require.NoError(t, err)
		require.Len(t, rows, 3, "refused changes write no row")
		assert.Equal(t, []ports.StockAdjustment{c, b, a}, rows, "newest first")
		page, err := s.StockAdjustments(ctx, ports.StockAdjustmentFilter{Limit: 1, BeforeSeq: c.Seq})
		require.NoError(t, err)
		assert.Equal(t, []ports.StockAdjustment{b}, page)
		onlyA, err := s.StockAdjustments(ctx, ports.StockAdjustmentFilter{WarehouseID: "A", VariantID: "v"})
		require.NoError(t, err)
		assert.Equal(t, []ports.StockAdjustment{a}, onlyA)
	})
	t.Run("SingleLevelOfAVariantKeptPerWarehouseIsRefused", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"v": 5}))
		require.NoError(t, s.SetWarehouseStock(ctx, "B", map[string]int64{"v": 2}))
		require.NoError(t, s.SeedStock(ctx, map[string]int64{"single": 4}))
		kept := func(err error, field string) {
			t.Helper()
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, ports.CodeKeptPerWarehouse, errs.Code(err))
			assert.Equal(t, field, errs.Field(err))
		}
		kept(s.SetStock(ctx, "v", 9), "variant_id")
		kept(s.SeedStock(ctx, map[string]int64{"single": 1, "v": 2}), "variant_id")
		_, err := s.AdjustStock(ctx, ports.StockChange{VariantID: "v", Set: true, Units: 1, Reason: "stock opname", Actor: "k", At: at})
		kept(err, "warehouse_id")
		require.NoError(t, s.SeedStockIfAbsent(ctx, map[string]int64{"v": 100, "new": 3}), "levels already kept are left as they are")
		tot, err := s.StockLevels(ctx, []string{"v", "single", "new"})
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{"v": 7, "single": 4, "new": 3}, tot, "a refused seed stores nothing; the total stays the sum")
		require.NoError(t, s.SetStock(ctx, "single", 6), "a variant no warehouse keeps is set")
		rows, err := s.StockAdjustments(ctx, ports.StockAdjustmentFilter{})
		require.NoError(t, err)
		assert.Empty(t, rows)
	})
	t.Run("ConcurrentAdjustmentsAllCount", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		const k, n = 5, 16
		require.NoError(t, s.SetWarehouseStock(ctx, "A", map[string]int64{"v": k}))
		require.NoError(t, s.SetWarehouseStock(ctx, "B", map[string]int64{"v": 3}))
		var wg sync.WaitGroup
		var mu sync.Mutex
		refused := 0
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = i
				units := int64(-1) // n takes against k units: k succeed
				_, err := s.AdjustStock(ctx, ports.StockChange{WarehouseID: "A", VariantID: "v", Units: units, Reason: "rusak", Actor: "staff", At: at})
				if err != nil {
					assert.ErrorIs(t, err, errs.Invalid)
					mu.Lock()
					refused++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, n-k, refused)
		wl, err := s.WarehouseLevels(ctx, []string{"v"})
		require.NoError(t, err)
		assert.Equal(t, ports.WarehouseLevels{"A": {"v": 0}, "B": {"v": 3}}, wl)
		tot, err := s.StockLevels(ctx, []string{"v"})
		require.NoError(t, err)
		assert.Equal(t, int64(3), tot["v"], "the total is the sum of the warehouses")
		rows, err := s.StockAdjustments(ctx, ports.StockAdjustmentFilter{})
		require.NoError(t, err)
		require.Len(t, rows, k)
		for i, r := range rows {
			assert.Equal(t, int64(i), r.After, "newest first, each row's before the next one's after")
			assert.Equal(t, int64(i+1), r.Before)
		}
	})
}
