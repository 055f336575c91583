package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/ports"
)

// TestTakeStock checks the stock taken with its check left to the unit's
// next round trip: enough units are taken exactly; too few units, or a
// variant without stock, make the unit run again with TakeStock checking
// at once, so the unit ends with ReserveStock's error and commits nothing
// (the day's number it drew is given back).
func TestTakeStock(t *testing.T) {
	testPool(t)
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.SeedStock(ctx, map[string]int64{"a": 5, "b": 3}))

	// place runs a unit like placing an order: take, draw a number, and
	// reports the error each run's TakeStock returned.
	place := func(needs []catalog.Need) (runs []error, err error) {
		err = s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			taker, ok := tx.(ports.StockTakerTx)
			require.True(t, ok, "the PostgreSQL Tx takes stock late")
			terr := taker.TakeStock(ctx, needs)
			runs = append(runs, terr)
			if terr != nil {
				return terr
			}
			_, err := tx.NextSequence(ctx, "day")
			return err
		})
		return runs, err
	}
	levels := func() map[string]int64 {
		lv, err := s.StockLevels(ctx, []string{"a", "b", "c"})
		require.NoError(t, err)
		return lv
	}

	runs, err := place([]catalog.Need{{VariantID: "b", Quantity: 1}, {VariantID: "a", Quantity: 2}, {VariantID: "a", Quantity: 1}})
	require.NoError(t, err)
	assert.Equal(t, []error{nil}, runs, "one run")
	assert.Equal(t, map[string]int64{"a": 2, "b": 2, "c": 0}, levels())

	for _, tc := range []struct {
		name  string
		needs []catalog.Need
		short string
	}{
		{"too_few", []catalog.Need{{VariantID: "a", Quantity: 1}, {VariantID: "b", Quantity: 3}}, "b"},
		{"no_stock_row", []catalog.Need{{VariantID: "a", Quantity: 1}, {VariantID: "c", Quantity: 1}}, "c"},
	} {
		runs, err := place(tc.needs)
		var oos *catalog.OutOfStockError
		require.ErrorAs(t, err, &oos, tc.name)
		assert.Equal(t, tc.short, oos.VariantID, tc.name)
		require.Len(t, runs, 2, "%s: the unit ran again after the late check failed", tc.name)
		assert.NoError(t, runs[0], tc.name)
		assert.ErrorAs(t, runs[1], &oos, "%s: the second run's TakeStock tells the shortfall", tc.name)
		assert.Equal(t, map[string]int64{"a": 2, "b": 2, "c": 0}, levels(), "%s: nothing taken", tc.name)
	}

	// The numbers drawn by the refused units were given back.
	var n int64
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		n, err = tx.NextSequence(ctx, "day")
		return err
	}))
	assert.Equal(t, int64(2), n)

	_, err = place([]catalog.Need{{VariantID: "a", Quantity: 0}})
	require.Error(t, err)
	assert.Equal(t, map[string]int64{"a": 2, "b": 2, "c": 0}, levels())
}
