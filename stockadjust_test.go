package kasir_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

func units(n int64) *int64 { return &n }

// A stock count and a delivery through the Service change the warehouse
// and the total and are audited with the actor the host names and the
// Service's time; requests naming what the store does not have change
// nothing.
func TestServiceAdjustStock(t *testing.T) {
	t.Parallel()
	f, svc := warehouseService(t, "", 2, 5, 3)
	a, err := svc.AdjustStock(ctx, kasir.StockAdjustmentRequest{WarehouseID: "gudang-jkt", SKU: "BUKU-01", Set: units(8), Reason: "stock opname"}, "Rina (gudang)")
	require.NoError(t, err)
	assert.Equal(t, ports.StockAdjustment{Seq: a.Seq, WarehouseID: "gudang-jkt", VariantID: "p-buku", Before: 3, After: 8, Delta: 5,
		Reason: "stock opname", Actor: "Rina (gudang)", At: kasirtest.Start.UTC()}, a)
	b, err := svc.AdjustStock(ctx, kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Add: units(-1), Reason: "rusak"}, "staf")
	require.NoError(t, err)
	assert.Equal(t, [3]int64{2, 1, -1}, [3]int64{b.Before, b.After, b.Delta})
	assert.Equal(t, map[string]int64{"gudang-bdg": 1, "gudang-jpr": 5, "gudang-jkt": 8}, bukuAt(t, f.store))

	for name, bad := range map[string]struct {
		req         kasir.StockAdjustmentRequest
		actor, code string
		field       string
	}{
		"both set and add":   {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Set: units(1), Add: units(1), Reason: "x"}, "k", errs.CodeInvalidInput, "set"},
		"neither":            {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Reason: "x"}, "k", errs.CodeInvalidInput, "set"},
		"no variant":         {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", Add: units(1), Reason: "x"}, "k", errs.CodeInvalidInput, "variant_id"},
		"unknown variant":    {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "nope", Add: units(1), Reason: "x"}, "k", catalog.CodeUnknownVariant, "variant_id"},
		"unknown sku":        {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", SKU: "NOPE", Add: units(1), Reason: "x"}, "k", catalog.CodeUnknownSKU, "sku"},
		"unknown warehouse":  {kasir.StockAdjustmentRequest{WarehouseID: "gudang-sby", VariantID: "p-buku", Add: units(1), Reason: "x"}, "k", errs.CodeInvalidInput, "warehouse_id"},
		"no warehouse":       {kasir.StockAdjustmentRequest{VariantID: "p-buku", Add: units(1), Reason: "x"}, "k", ports.CodeKeptPerWarehouse, "warehouse_id"},
		"below zero":         {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Add: units(-2), Reason: "x"}, "k", errs.CodeInvalidInput, "units"},
		"no reason":          {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Add: units(1), Reason: " "}, "k", errs.CodeInvalidInput, "reason"},
		"no actor":           {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Add: units(1), Reason: "x"}, "", errs.CodeInvalidInput, "actor"},
		"reason too long":    {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Add: units(1), Reason: string(make([]byte, 501))}, "k", "", "reason"},
		"negative set level": {kasir.StockAdjustmentRequest{WarehouseID: "gudang-bdg", VariantID: "p-buku", Set: units(-1), Reason: "x"}, "k", errs.CodeInvalidInput, "units"},
	} {
		_, err := svc.AdjustStock(ctx, bad.req, bad.actor)
		require.Error(t, err, name)
		if bad.code != "" {
			assert.Equal(t, bad.code, errs.Code(err), name)
		}
		assert.Equal(t, bad.field, errs.Field(err), name)
	}
	assert.Equal(t, map[string]int64{"gudang-bdg": 1, "gudang-jpr": 5, "gudang-jkt": 8}, bukuAt(t, f.store), "refused changes change nothing")

	rows, err := svc.StockAdjustments(ctx, ports.StockAdjustmentFilter{})
	require.NoError(t, err)
	assert.Equal(t, []ports.StockAdjustment{b, a}, rows, "newest first; refused changes are not audited")
	rows, err = svc.StockAdjustments(ctx, ports.StockAdjustmentFilter{WarehouseID: "gudang-jkt"})
	require.NoError(t, err)
	assert.Equal(t, []ports.StockAdjustment{a}, rows)
	_, err = svc.StockAdjustments(ctx, ports.StockAdjustmentFilter{Limit: -1})
	assert.Equal(t, "limit", errs.Field(err))
}
