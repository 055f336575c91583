package kasir

import (
	"context"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// StockAdjustmentRequest is a person's change to stock by hand: a stock
// count sets a level, a delivery adds to it, damage takes from it.
type StockAdjustmentRequest struct {
	// WarehouseID is the warehouse whose level changes; "" for the single
	// level of a variant no warehouse keeps.
	WarehouseID string `json:"warehouse_id,omitempty"`
	// VariantID or SKU names the variant; exactly one of them.
	VariantID string `json:"variant_id,omitempty"`
	SKU       string `json:"sku,omitempty"`
	// Set is the new level, or Add the units added (negative to take
	// away); exactly one of them.
	Set *int64 `json:"set,omitempty"`
	Add *int64 `json:"add,omitempty"`
	// Reason says why (required).
	Reason string `json:"reason"`
}

// AdjustStock changes stock by hand and records it in the audit trail
// (docs/stock.md): the warehouse's level and the variant's total change
// together, and one row keeps the level before and after, the reason, the
// actor (who made the change: the host passes the name of the API key or
// person, never a text the client chose) and the time of now. The variant
// must be in the store's catalog and the warehouse one of its warehouses.
//
// Errors (nothing is then changed): invalid_input at "set" without
// exactly one of set and add, at "variant_id" without exactly one of
// variant id and SKU, at "warehouse_id" for a warehouse the store does not
// have, at "units" for a level that would fall below 0 or rise above
// catalog.MaxQuantity, at "reason" or "actor" when empty; unknown_variant
// or unknown_sku; kept_per_warehouse (at "warehouse_id") when no warehouse
// is named for a variant kept per warehouse; too_long and invalid_text for
// a text out of bounds; the store's.
func (s *Service) AdjustStock(ctx context.Context, req StockAdjustmentRequest, actor string) (ports.StockAdjustment, error) {
	err := texts(nil).add(checkout.IDText, "warehouse_id", req.WarehouseID).add(checkout.IDText, "variant_id", req.VariantID).
		add(checkout.IDText, "sku", req.SKU).add(checkout.NoteText, "reason", req.Reason).add(checkout.NameText, "actor", actor).check()
	if err != nil {
		return ports.StockAdjustment{}, err
	}
	c := ports.StockChange{WarehouseID: strings.TrimSpace(req.WarehouseID), Reason: strings.TrimSpace(req.Reason),
		Actor: strings.TrimSpace(actor), At: s.now(ctx)}
	switch {
	case (req.Set == nil) == (req.Add == nil):
		return ports.StockAdjustment{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a stock adjustment either sets a level or adds to it: give set or add").WithField("set")
	case req.Set != nil:
		c.Set, c.Units = true, *req.Set
	default:
		c.Units = *req.Add
	}
	id, sku := strings.TrimSpace(req.VariantID), strings.TrimSpace(req.SKU)
	if (id == "") == (sku == "") {
		return ports.StockAdjustment{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: name the variant by its id or by its SKU").WithField("variant_id")
	}
	cat, err := s.deps.Catalog.Catalog(ctx)
	if err != nil {
		return ports.StockAdjustment{}, err
	}
	if id != "" {
		v, err := cat.Variant(id)
		if err != nil {
			return ports.StockAdjustment{}, err
		}
		c.VariantID = v.ID()
	} else {
		v, err := cat.VariantBySKU(sku)
		if err != nil {
			return ports.StockAdjustment{}, err
		}
		c.VariantID = v.ID()
	}
	if c.WarehouseID != "" {
		if err := s.checkWarehouse(ctx, c.WarehouseID); err != nil {
			return ports.StockAdjustment{}, err
		}
	}
	if err := c.Check(); err != nil {
		return ports.StockAdjustment{}, err
	}
	return s.deps.Store.AdjustStock(ctx, c)
}

// checkWarehouse refuses a warehouse id the store does not have
// (invalid_input at "warehouse_id"). A store without a Warehouses adapter
// keeps no list to check against, and takes any id.
func (s *Service) checkWarehouse(ctx context.Context, id string) error {
	if s.deps.Warehouses == nil {
		return nil
	}
	ws, err := s.deps.Warehouses.Warehouses(ctx)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(ws, func(w shipping.Warehouse) bool { return w.ID == id }) {
		return nil
	}
	return errs.Invalidf(errs.CodeInvalidInput, "kasir: the store has no warehouse %q", id).WithField("warehouse_id")
}

// StockAdjustments lists the audit trail of stock adjustments newest
// first, by warehouse and variant, a page at a time (f.Limit rows, at
// most ports.MaxStockAdjustmentLimit; the next page starts before the
// last row's Seq). Errors: invalid_input at "limit" or "before" when
// negative; the store's.
func (s *Service) StockAdjustments(ctx context.Context, f ports.StockAdjustmentFilter) ([]ports.StockAdjustment, error) {
	switch {
	case f.Limit < 0:
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: limit must not be negative").WithField("limit")
	case f.BeforeSeq < 0:
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: before must not be negative").WithField("before")
	}
	if err := texts(nil).add(checkout.IDText, "warehouse_id", f.WarehouseID).add(checkout.IDText, "variant_id", f.VariantID).check(); err != nil {
		return nil, err
	}
	return s.deps.Store.StockAdjustments(ctx, f)
}
