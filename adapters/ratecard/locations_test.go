package ratecard_test

import (
	"context"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLocation(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	ctx := context.Background()

	l, err := c.Location(ctx, "abepura")
	require.NoError(t, err)
	assert.Equal(t, shipping.Location{ID: "abepura", Province: "Papua", City: "Kota Jayapura", District: "Abepura", PostalCodes: []string{"99351"}}, l)

	l.PostalCodes[0] = "00000" // the caller's copy
	l, err = c.Location(ctx, "abepura")
	require.NoError(t, err)
	assert.Equal(t, []string{"99351"}, l.PostalCodes)

	for _, id := range []string{"medan", "", "*", "ABEPURA"} {
		_, err = c.Location(ctx, id)
		require.ErrorIs(t, err, ports.ErrLocationNotFound, "id %q", id)
		require.ErrorIs(t, err, errs.NotFound)
		assert.Empty(t, errs.Field(err), "the caller places it")
	}
}

func TestSearchLocations(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	tests := []struct {
		name  string
		query string
		limit int
		want  []string
	}{
		{"city", "jakarta", 10, []string{"jaksel"}},
		{"district_any_case", "KEBAYORAN baru", 10, []string{"jaksel"}},
		{"words_across_fields", "Baru, Jakarta Selatan", 10, []string{"jaksel"}},
		{"province", "papua", 10, []string{"abepura"}},
		{"postal_code", "12160", 10, []string{"jaksel"}},
		{"postal_code_prefix", "4013", 10, []string{"bdg"}},
		{"several", "kota", 10, []string{"bdg", "abepura"}},
		{"limited", "kota", 1, []string{"bdg"}},
		{"empty_query_lists_all", "  ", 0, []string{"jaksel", "bdg", "abepura"}},
		{"words_must_all_match", "bandung jakarta", 10, nil},
		{"nothing", "medan", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := c.SearchLocations(context.Background(), tt.query, tt.limit)
			require.NoError(t, err)
			var ids []string
			for _, l := range got {
				ids = append(ids, l.ID)
			}
			assert.Equal(t, tt.want, ids)
		})
	}
}

func TestWarehouses(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	ctx := context.Background()
	ws, err := c.Warehouses(ctx)
	require.NoError(t, err)
	assert.Equal(t, []shipping.Warehouse{
		{ID: "gudang-bdg", Name: "Gudang Bandung", LocationID: "bdg", Default: true},
		{ID: "gudang-jkt", Name: "Gudang Jakarta", LocationID: "jaksel"},
	}, ws)
	ws[0].Default = false // the caller's copy
	again, err := c.Warehouses(ctx)
	require.NoError(t, err)
	assert.True(t, again[0].Default)

	tests := []struct {
		name      string
		warehouse string
		want      map[string]int64
	}{
		{"listed_and_unlisted_sku", "gudang-bdg", map[string]int64{"KOPI": 10, "TEH": 0}},
		{"warehouse_without_stock_holds_nothing", "gudang-jkt", map[string]int64{"KOPI": 0, "TEH": 0}},
	}
	for _, tt := range tests {
		levels, tracked, err := c.WarehouseStock(ctx, tt.warehouse, []string{"KOPI", "TEH"})
		require.NoError(t, err, tt.name)
		assert.True(t, tracked, tt.name)
		assert.Equal(t, tt.want, levels, tt.name)
	}

	_, _, err = c.WarehouseStock(ctx, "gudang-mdn", []string{"KOPI"})
	require.ErrorIs(t, err, ports.ErrNotFound)
	require.ErrorIs(t, err, errs.NotFound)
	assert.Equal(t, "warehouse_id", errs.Field(err))
}

func TestWarehouseStockUntracked(t *testing.T) {
	t.Parallel()
	s := fixture()
	s.Warehouses[0].Stock = nil
	c := newCard(t, s)
	levels, tracked, err := c.WarehouseStock(context.Background(), "gudang-bdg", []string{"KOPI"})
	require.NoError(t, err)
	assert.False(t, tracked)
	assert.Nil(t, levels)

	// Untracked stock lets shipping.ChooseWarehouse take the default.
	ws, err := c.Warehouses(context.Background())
	require.NoError(t, err)
	w, err := shipping.ChooseWarehouse(ws, map[string]int64{"KOPI": 3}, nil)
	require.NoError(t, err)
	assert.Equal(t, "gudang-bdg", w.ID)
}

func TestEmptyTrackedStock(t *testing.T) {
	t.Parallel()
	s := fixture()
	s.Warehouses[0].Stock = map[string]int64{} // tracked, and empty
	c := newCard(t, s)
	levels, tracked, err := c.WarehouseStock(context.Background(), "gudang-jkt", []string{"KOPI"})
	require.NoError(t, err)
	assert.True(t, tracked)
	assert.Equal(t, map[string]int64{"KOPI": 0}, levels)
}
