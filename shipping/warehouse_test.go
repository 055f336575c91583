package shipping_test

import (
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stockTable(m map[string]map[string]int64) func(string, string) int64 {
	return func(w, sku string) int64 { return m[w][sku] }
}

func TestChooseWarehouse(t *testing.T) {
	t.Parallel()
	jkt := shipping.Warehouse{ID: "jkt", Name: "Gudang Jakarta", LocationID: "31.74.07", Default: true}
	sby := shipping.Warehouse{ID: "sby", Name: "Gudang Surabaya", LocationID: "35.78.01"}
	bdg := shipping.Warehouse{ID: "bdg", Name: "Gudang Bandung", LocationID: "32.73.01"}
	stock := stockTable(map[string]map[string]int64{
		"jkt": {"KAOS-M": 5, "TOPI": 0},
		"sby": {"KAOS-M": 1, "TOPI": 3},
		"bdg": {"KAOS-M": 9, "TOPI": 9},
	})
	tests := []struct {
		name    string
		ws      []shipping.Warehouse
		need    map[string]int64
		stockAt func(string, string) int64
		want    string
	}{
		{"default_holds_all", []shipping.Warehouse{sby, jkt, bdg}, map[string]int64{"KAOS-M": 5}, stock, "jkt"},
		{"first_that_holds_all", []shipping.Warehouse{sby, jkt, bdg}, map[string]int64{"KAOS-M": 1, "TOPI": 1}, stock, "sby"},
		{"skips_short_ones", []shipping.Warehouse{jkt, sby, bdg}, map[string]int64{"KAOS-M": 2, "TOPI": 2}, stock, "bdg"},
		{"nothing_needed", []shipping.Warehouse{sby, jkt}, nil, stock, "jkt"},
		{"zero_quantity_ignored", []shipping.Warehouse{sby, jkt}, map[string]int64{"TOPI": 0}, stock, "jkt"},
		{"untracked_gives_default", []shipping.Warehouse{sby, jkt}, map[string]int64{"X": 100}, nil, "jkt"},
		{"untracked_no_default_gives_first", []shipping.Warehouse{sby, bdg}, map[string]int64{"X": 100}, nil, "sby"},
		{"no_default_first_that_holds", []shipping.Warehouse{sby, bdg}, map[string]int64{"KAOS-M": 2}, stock, "bdg"},
		{"first_of_two_defaults", []shipping.Warehouse{sby, {ID: "d1", Default: true}, {ID: "d2", Default: true}}, nil, stock, "d1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := shipping.ChooseWarehouse(tt.ws, tt.need, tt.stockAt)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.ID)
		})
	}
}

func TestChooseWarehouseErrors(t *testing.T) {
	t.Parallel()
	ws := []shipping.Warehouse{{ID: "jkt", Default: true}, {ID: "sby"}}
	stock := stockTable(map[string]map[string]int64{
		"jkt": {"A": 5, "B": 0, "C": 1},
		"sby": {"A": 0, "B": 2, "C": -3},
	})
	tests := []struct {
		name    string
		ws      []shipping.Warehouse
		need    map[string]int64
		stockAt func(string, string) int64
		short   []shipping.Shortage
		message string
	}{
		{"no_warehouses", nil, map[string]int64{"A": 1}, stock, nil, "shipping: no warehouse to ship from"},
		{"no_warehouses_untracked", []shipping.Warehouse{}, nil, nil, nil, "shipping: no warehouse to ship from"},
		{"split_across_warehouses", ws, map[string]int64{"A": 1, "B": 1}, stock, nil, "shipping: no single warehouse holds stock for every item"},
		{"short_everywhere", ws, map[string]int64{"A": 1, "C": 2, "B": 3}, stock, []shipping.Shortage{{SKU: "B", Need: 3, Best: 2}, {SKU: "C", Need: 2, Best: 1}},
			"shipping: no warehouse holds enough stock: B needs 3, at most 2 in one warehouse, C needs 2, at most 1 in one warehouse"},
		{"unknown_sku", ws, map[string]int64{"Z": 1}, stock, []shipping.Shortage{{SKU: "Z", Need: 1, Best: 0}}, "shipping: no warehouse holds enough stock: Z needs 1, at most 0 in one warehouse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := shipping.ChooseWarehouse(tt.ws, tt.need, tt.stockAt)
			require.ErrorIs(t, err, errs.Precondition)
			require.ErrorIs(t, err, errs.E(errs.Precondition, shipping.CodeNoWarehouse, ""))
			require.NotErrorIs(t, err, errs.Invalid)
			assert.Equal(t, shipping.CodeNoWarehouse, errs.Code(err))
			assert.Equal(t, errs.Precondition, errs.KindOf(err))
			var nw *shipping.NoWarehouseError
			require.ErrorAs(t, err, &nw)
			assert.Equal(t, tt.short, nw.Short)
			assert.Equal(t, tt.message, err.Error())
		})
	}
	t.Run("negative_need", func(t *testing.T) {
		t.Parallel()
		_, err := shipping.ChooseWarehouse(ws, map[string]int64{"A": -1}, stock)
		require.ErrorIs(t, err, errs.Invalid)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	})
}
