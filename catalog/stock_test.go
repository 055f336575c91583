package catalog_test

import (
	"sync"
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInitialStockHoldsEveryVariant(t *testing.T) {
	t.Parallel()
	s := shop(t).InitialStock()
	assert.Equal(t, map[string]int64{
		"gamis-merah-xl": 10, "gamis-merah-l": 5, "gamis-kuning-xl": 13, "gamis-kuning-l": 8,
		"jilbab": 10, "ebook": 1000, "mukena": 3, "sajadah": 4,
	}, s.Levels())
	assert.False(t, s.Has("gamis"), "a product with options has no stock of its own")
}

func TestReserveAndRelease(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		needs         []catalog.Need
		wantCode      string
		wantField     string
		wantShort     *catalog.OutOfStockError
		wantAvailable map[string]int64 // after a successful reserve
	}{
		{
			name:          "takes_what_is_needed",
			needs:         []catalog.Need{{VariantID: "a", Quantity: 2}, {VariantID: "b", Quantity: 1}},
			wantAvailable: map[string]int64{"a": 1, "b": 0},
		},
		{
			name:          "takes_everything_left",
			needs:         []catalog.Need{{VariantID: "a", Quantity: 3}},
			wantAvailable: map[string]int64{"a": 0, "b": 1},
		},
		{
			name:          "sums_repeated_variants",
			needs:         []catalog.Need{{VariantID: "a", Quantity: 1}, {VariantID: "a", Quantity: 2}},
			wantAvailable: map[string]int64{"a": 0, "b": 1},
		},
		{
			name:      "short_on_the_sum",
			needs:     []catalog.Need{{VariantID: "a", Quantity: 2}, {VariantID: "b", Quantity: 1}, {VariantID: "a", SKU: "A", Quantity: 2}},
			wantCode:  catalog.CodeOutOfStock,
			wantShort: &catalog.OutOfStockError{VariantID: "a", SKU: "A", Requested: 4, Available: 3},
		},
		{
			name:      "names_the_first_short_variant",
			needs:     []catalog.Need{{VariantID: "b", SKU: "B", Quantity: 2}, {VariantID: "a", Quantity: 9}},
			wantCode:  catalog.CodeOutOfStock,
			wantShort: &catalog.OutOfStockError{VariantID: "b", SKU: "B", Requested: 2, Available: 1},
		},
		{
			name:      "zero_quantity",
			needs:     []catalog.Need{{VariantID: "a", Quantity: 1}, {VariantID: "b", Quantity: 0}},
			wantCode:  catalog.CodeInvalidQuantity,
			wantField: "needs[1]",
		},
		{
			name:      "negative_quantity",
			needs:     []catalog.Need{{VariantID: "a", Quantity: -1}},
			wantCode:  catalog.CodeInvalidQuantity,
			wantField: "needs[0]",
		},
		{
			name:      "unknown_variant",
			needs:     []catalog.Need{{VariantID: "a", Quantity: 1}, {VariantID: "c", Quantity: 1}},
			wantCode:  catalog.CodeUnknownVariant,
			wantField: "needs[1]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := catalog.NewStock(map[string]int64{"a": 3, "b": 1})
			require.NoError(t, err)
			before := s.Levels()
			err = s.Reserve(tt.needs)
			if tt.wantCode != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantCode, errs.Code(err))
				assert.Equal(t, tt.wantField, errs.Field(err))
				assert.Equal(t, before, s.Levels(), "a failed reservation takes nothing")
				if tt.wantShort != nil {
					var oos *catalog.OutOfStockError
					require.ErrorAs(t, err, &oos)
					assert.Equal(t, tt.wantShort, oos)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantAvailable, s.Levels())
			require.NoError(t, s.Release(tt.needs))
			assert.Equal(t, before, s.Levels(), "releasing what was reserved restores it exactly")
		})
	}
}

func TestReleaseErrorsChangeNothing(t *testing.T) {
	t.Parallel()
	s, err := catalog.NewStock(map[string]int64{"a": 3, "b": catalog.MaxQuantity})
	require.NoError(t, err)
	tests := []struct {
		name     string
		needs    []catalog.Need
		wantCode string
	}{
		{name: "unknown_variant", needs: []catalog.Need{{VariantID: "a", Quantity: 1}, {VariantID: "z", Quantity: 1}}, wantCode: catalog.CodeUnknownVariant},
		{name: "zero_quantity", needs: []catalog.Need{{VariantID: "a", Quantity: 0}}, wantCode: catalog.CodeInvalidQuantity},
		{name: "above_max", needs: []catalog.Need{{VariantID: "a", Quantity: 1}, {VariantID: "b", Quantity: 1}}, wantCode: errs.CodeInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := s.Clone()
			err := c.Release(tt.needs)
			assert.Equal(t, tt.wantCode, errs.Code(err))
			assert.Equal(t, s.Levels(), c.Levels())
		})
	}
}

func TestNewStockRejectsBadLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		levels map[string]int64
	}{
		{name: "negative", levels: map[string]int64{"a": -1}},
		{name: "above_max", levels: map[string]int64{"a": catalog.MaxQuantity + 1}},
		{name: "empty_id", levels: map[string]int64{"": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := catalog.NewStock(tt.levels)
			assert.Nil(t, s)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
		})
	}
}

func TestCloneIsIndependent(t *testing.T) {
	t.Parallel()
	s := shop(t).InitialStock()
	c := s.Clone()
	require.NoError(t, c.Reserve([]catalog.Need{{VariantID: "jilbab", Quantity: 10}}))
	assert.Equal(t, int64(0), c.Available("jilbab"))
	assert.Equal(t, int64(10), s.Available("jilbab"))
}

func TestBundleReservesItsComponents(t *testing.T) {
	t.Parallel()
	c := shop(t)
	s := c.InitialStock()
	l, err := c.Resolve(catalog.LineRequest{PriceOptionID: "bpo-hemat-3", Quantity: 3}, s)
	require.NoError(t, err)
	require.NoError(t, s.Reserve(l.StockNeeds()))
	assert.Equal(t, int64(1), s.Available("jilbab"))

	_, err = c.Resolve(catalog.LineRequest{PriceOptionID: "bpo-hemat-3", Quantity: 1}, s)
	require.ErrorIs(t, err, catalog.ErrOutOfStock)

	require.NoError(t, s.Release(l.StockNeeds()))
	assert.Equal(t, int64(10), s.Available("jilbab"))
}

func TestNilAndZeroStock(t *testing.T) {
	t.Parallel()
	var nilStock *catalog.Stock
	assert.Zero(t, nilStock.Available("a"))
	assert.False(t, nilStock.Has("a"))
	assert.Error(t, nilStock.Reserve([]catalog.Need{{VariantID: "a", Quantity: 1}}))
	assert.Error(t, nilStock.Set("a", 1))

	var zero catalog.Stock
	require.ErrorIs(t, zero.Reserve([]catalog.Need{{VariantID: "a", Quantity: 1}}), catalog.ErrUnknownVariant)
	require.NoError(t, zero.Set("a", 2))
	require.NoError(t, zero.Reserve([]catalog.Need{{VariantID: "a", Quantity: 2}}))
	assert.Zero(t, zero.Available("a"))
}

// Under concurrency (serialised by a lock, as a store does) reservations
// never take stock below zero and exactly the stock on hand is sold.
func TestReserveNeverBelowZeroUnderConcurrency(t *testing.T) {
	t.Parallel()
	s, err := catalog.NewStock(map[string]int64{"a": 25})
	require.NoError(t, err)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var sold, refused int64
	for range 100 {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			if err := s.Reserve([]catalog.Need{{VariantID: "a", Quantity: 1}}); err != nil {
				refused++
				return
			}
			sold++
		})
	}
	wg.Wait()
	assert.Equal(t, int64(25), sold)
	assert.Equal(t, int64(75), refused)
	assert.Zero(t, s.Available("a"))
}
