package ports

import (
	"context"

	"github.com/kasir-id/kasir/catalog"
)

// WarehouseLevels is stock kept per warehouse: warehouse id → variant id →
// units left. A store whose warehouses hold stock keeps each variant's
// total (what StockLevels reports) equal to the sum over its warehouses.
type WarehouseLevels map[string]map[string]int64

// ChooseWarehouseFunc picks the warehouse an order's needs are taken from,
// given the levels of the needed variants in every warehouse holding any of
// them (0 filled in for a variant a warehouse lacks). It returns the
// warehouse id, or an error (such as *catalog.OutOfStockError) that the
// reservation then returns unchanged.
type ChooseWarehouseFunc func(levels WarehouseLevels) (string, error)

// WarehouseStockTx is stock per warehouse inside a unit of work; [Tx]
// includes it.
type WarehouseStockTx interface {
	// ReserveFromWarehouse takes needs from one warehouse and from the
	// totals, all or nothing. When the store keeps no per-warehouse stock
	// of any variant the needs name it takes nothing and returns "" (the
	// caller then reserves the single level with ReserveStock). Otherwise
	// it locks those variants' levels in every warehouse until the unit
	// ends, calls choose with them and takes the needs from the warehouse
	// it returns. Errors: choose's error unchanged; *catalog.OutOfStockError
	// when the chosen warehouse has too few units; invalid_quantity and
	// invalid_input as ReserveStock returns them.
	ReserveFromWarehouse(ctx context.Context, needs []catalog.Need, choose ChooseWarehouseFunc) (warehouseID string, err error)
	// ReleaseToWarehouse gives needs back to the warehouse and to the
	// totals. Errors: invalid_input for an empty warehouse id, and as
	// ReleaseStock returns them.
	ReleaseToWarehouse(ctx context.Context, warehouseID string, needs []catalog.Need) error
}

// WarehouseStock reads stock per warehouse outside a unit of work, for
// quotes.
type WarehouseStock interface {
	// WarehouseLevels returns the levels of the variants in every
	// warehouse holding any of them, 0 filled in for a variant a warehouse
	// lacks; an empty map when the store keeps no per-warehouse stock of
	// them.
	WarehouseLevels(ctx context.Context, variantIDs []string) (WarehouseLevels, error)
}
