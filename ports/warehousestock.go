package ports

import (
	"context"
	"strings"
	"time"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
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

// StockTakerTx is what a Tx may also implement: TakeStock, ReserveStock
// with the check of the levels left to the unit's next round trip to the
// storage, so a unit that places an order locks the variants' rows one
// round trip later and holds them for one round trip less.
type StockTakerTx interface {
	// TakeStock takes needs from stock as ReserveStock does, all or
	// nothing. It may return nil before it knows that every variant has
	// the units: when one turns out not to have them, the call that finds
	// it fails, nothing of the unit is committed, and the unit runs again
	// (see UnitOfWork.Atomic), in which run TakeStock checks at once and
	// returns ReserveStock's errors (*catalog.OutOfStockError …). The
	// outcome of the unit is therefore the one ReserveStock gives; only a
	// unit whose function acts on TakeStock's nil outside the Tx would
	// see the difference.
	TakeStock(ctx context.Context, needs []catalog.Need) error
}

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

// CodeKeptPerWarehouse: a change names a variant's single level, but the
// variant is kept per warehouse (kind Invalid): its total is the sum of
// its warehouses' levels, so only a warehouse's level may change.
const CodeKeptPerWarehouse = "kept_per_warehouse"

// ErrKeptPerWarehouse is the kept_per_warehouse error of variantID, at
// field.
func ErrKeptPerWarehouse(variantID, field string) error {
	return errs.Invalidf(CodeKeptPerWarehouse, "%s is kept per warehouse: change a warehouse's level", variantID).WithField(field)
}

// StockChange is a person's change to stock: a count, a delivery, damage.
type StockChange struct {
	// WarehouseID is the warehouse whose level changes; "" for the single
	// level of a variant no warehouse keeps.
	WarehouseID string
	VariantID   string
	// Set makes Units the new level; otherwise Units is added (negative
	// to take away).
	Set    bool
	Units  int64
	Reason string    // why, required
	Actor  string    // who, required (a key id, a user name)
	At     time.Time // when
}

// StockAdjustment is one row of the stock audit trail.
type StockAdjustment struct {
	Seq         int64     `json:"seq"` // increases with every adjustment of the store
	WarehouseID string    `json:"warehouse_id,omitempty"`
	VariantID   string    `json:"variant_id"`
	Before      int64     `json:"before"`
	After       int64     `json:"after"`
	Delta       int64     `json:"delta"`
	Reason      string    `json:"reason"`
	Actor       string    `json:"actor"`
	At          time.Time `json:"at"`
}

// StockAdjustmentFilter selects audit rows, newest first.
type StockAdjustmentFilter struct {
	WarehouseID string // "" for any
	VariantID   string // "" for any
	BeforeSeq   int64  // only rows older than this Seq; 0 for the newest
	Limit       int    // at most this many; ≤ 0 for DefaultStockAdjustmentLimit
}

// DefaultStockAdjustmentLimit is the page size of an audit listing that
// names none; MaxStockAdjustmentLimit the largest one.
const (
	DefaultStockAdjustmentLimit = 50
	MaxStockAdjustmentLimit     = 500
)

// StockAdjustments changes stock by hand and keeps the audit trail.
type StockAdjustments interface {
	// AdjustStock applies the change and records it, atomically: the
	// warehouse's level and the variant's total change together (or the
	// single level), and one audit row holds the level before and after.
	// Errors: invalid_input naming the field for an empty variant id,
	// reason or actor, or a level that would fall below 0 or rise above
	// catalog.MaxQuantity; kept_per_warehouse (field "warehouse_id") for an
	// empty warehouse id of a variant kept per warehouse; nothing is then
	// changed.
	AdjustStock(ctx context.Context, c StockChange) (StockAdjustment, error)
	// StockAdjustments lists audit rows newest first.
	StockAdjustments(ctx context.Context, f StockAdjustmentFilter) ([]StockAdjustment, error)
}

// Check validates a change's fields, the checks every store makes before
// looking at levels.
func (c StockChange) Check() error {
	switch {
	case strings.TrimSpace(c.VariantID) == "":
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a stock change needs a variant id").WithField("variant_id")
	case strings.TrimSpace(c.Reason) == "":
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a stock change needs a reason").WithField("reason")
	case strings.TrimSpace(c.Actor) == "":
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a stock change needs an actor").WithField("actor")
	case len(c.Reason) > 500:
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a reason is at most 500 bytes").WithField("reason")
	case c.Units > catalog.MaxQuantity || c.Units < -catalog.MaxQuantity || (c.Set && c.Units < 0):
		return errs.Invalidf(errs.CodeInvalidInput, "ports: %d units is out of range", c.Units).WithField("units")
	}
	return nil
}

// Next returns the level after the change from before: invalid_input
// (field "units") when it falls below 0 or rises above catalog.MaxQuantity.
func (c StockChange) Next(before int64) (int64, error) {
	after := c.Units
	if !c.Set {
		after = before + c.Units
	}
	if after < 0 || after > catalog.MaxQuantity {
		return 0, errs.Invalidf(errs.CodeInvalidInput, "ports: %s would go from %d to %d units, outside 0–%d", c.VariantID, before, after, catalog.MaxQuantity).WithField("units")
	}
	return after, nil
}

// Page returns the limit a filter asks for, bounded.
func (f StockAdjustmentFilter) Page() int {
	switch {
	case f.Limit <= 0:
		return DefaultStockAdjustmentLimit
	case f.Limit > MaxStockAdjustmentLimit:
		return MaxStockAdjustmentLimit
	}
	return f.Limit
}
