package memory

import (
	"context"
	"slices"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// SetWarehouseStock sets the units a warehouse holds of each variant levels
// names, outside any unit of work, and sets each such variant's total to
// the sum over the warehouses, so that StockLevels keeps reporting the
// total. Errors: invalid_input for an empty warehouse id, and as
// catalog.NewStock returns them (nothing is then stored), or for a total
// above catalog.MaxQuantity; an internal error inside one of the store's
// own running units of work.
func (s *Store) SetWarehouseStock(ctx context.Context, warehouseID string, levels map[string]int64) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if warehouseID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: warehouse id is empty").WithField("warehouse_id")
	}
	if _, err := catalog.NewStock(levels); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	totals := make(map[string]int64, len(levels))
	for id, n := range levels {
		totals[id] = n
		for w, lv := range s.whStock {
			if w != warehouseID {
				totals[id] += lv[id]
			}
		}
	}
	if _, err := catalog.NewStock(totals); err != nil {
		return err
	}
	lv := s.whStock[warehouseID]
	if lv == nil {
		lv = map[string]int64{}
		s.whStock[warehouseID] = lv
	}
	for id, n := range levels {
		lv[id] = n
		s.stock[id] = totals[id]
	}
	return nil
}

// warehouseLevels returns the levels of the variants in every warehouse
// holding any of them; the caller holds the lock.
func (s *Store) warehouseLevels(variantIDs []string) ports.WarehouseLevels {
	out := ports.WarehouseLevels{}
	for w, lv := range s.whStock {
		if !slices.ContainsFunc(variantIDs, func(id string) bool { _, ok := lv[id]; return ok }) {
			continue
		}
		m := make(map[string]int64, len(variantIDs))
		for _, id := range variantIDs {
			m[id] = lv[id]
		}
		out[w] = m
	}
	return out
}

// WarehouseLevels implements [ports.WarehouseStock].
func (s *Store) WarehouseLevels(ctx context.Context, variantIDs []string) (ports.WarehouseLevels, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.warehouseLevels(variantIDs), nil
}

// needIDs appends to ids the distinct variant ids of needs, in order of
// first appearance. Past a few needs they are looked up in a set, so that
// an order of many lines costs in proportion to them.
func needIDs(ids []string, needs []catalog.Need) []string {
	var seen map[string]bool
	if len(needs) > 8 {
		seen = make(map[string]bool, len(needs))
	}
	for _, n := range needs {
		switch {
		case seen == nil:
			if slices.Contains(ids, n.VariantID) {
				continue
			}
		case seen[n.VariantID]:
			continue
		default:
			seen[n.VariantID] = true
		}
		ids = append(ids, n.VariantID)
	}
	return ids
}

// ReserveFromWarehouse implements [ports.WarehouseStockTx]. The unit holds
// the store's lock, so the levels choose sees stay as they are.
func (t *tx) ReserveFromWarehouse(ctx context.Context, needs []catalog.Need, choose ports.ChooseWarehouseFunc) (string, error) {
	if err := t.check(); err != nil {
		return "", err
	}
	var space [8]string
	ids := needIDs(space[:0], needs)
	all := t.s.warehouseLevels(ids)
	if len(all) == 0 {
		return "", nil
	}
	w, err := choose(all)
	if err != nil {
		return "", err
	}
	lv := all[w]
	if lv == nil {
		lv = make(map[string]int64, len(ids))
		for _, id := range ids {
			lv[id] = 0
		}
	}
	st, err := catalog.NewStock(lv)
	if err != nil {
		return "", err
	}
	if err := st.Reserve(needs); err != nil {
		return "", err
	}
	if err := t.ReserveStock(ctx, needs); err != nil {
		return "", err
	}
	t.applyWarehouse(w, st)
	return w, nil
}

// ReleaseToWarehouse implements [ports.WarehouseStockTx].
func (t *tx) ReleaseToWarehouse(ctx context.Context, warehouseID string, needs []catalog.Need) error {
	if err := t.check(); err != nil {
		return err
	}
	if warehouseID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: warehouse id is empty").WithField("warehouse_id")
	}
	lv := make(map[string]int64)
	for _, id := range needIDs(nil, needs) {
		lv[id] = t.s.whStock[warehouseID][id]
	}
	st, err := catalog.NewStock(lv)
	if err != nil {
		return err
	}
	if err := st.Release(needs); err != nil {
		return err
	}
	if err := t.ReleaseStock(ctx, needs); err != nil {
		return err
	}
	t.applyWarehouse(warehouseID, st)
	return nil
}

// applyWarehouse stores a warehouse's scratch levels, undoably.
func (t *tx) applyWarehouse(w string, st *catalog.Stock) {
	lv := t.s.whStock[w]
	if lv == nil {
		lv = map[string]int64{}
		t.s.whStock[w] = lv
		t.onRollback(func() { delete(t.s.whStock, w) })
	}
	for id, v := range st.Levels() {
		old, had := lv[id]
		if had && old == v {
			continue
		}
		lv[id] = v
		t.onRollback(func() {
			if had {
				lv[id] = old
			} else {
				delete(lv, id)
			}
		})
	}
}

// keptPerWarehouse reports whether some warehouse holds a level of the
// variant; the caller holds the lock.
func (s *Store) keptPerWarehouse(variantID string) bool {
	for _, lv := range s.whStock {
		if _, ok := lv[variantID]; ok {
			return true
		}
	}
	return false
}

// AdjustStock implements [ports.StockAdjustments].
func (s *Store) AdjustStock(ctx context.Context, c ports.StockChange) (ports.StockAdjustment, error) {
	if s.inUnit(ctx) {
		return ports.StockAdjustment{}, errInsideUnit
	}
	if err := c.Check(); err != nil {
		return ports.StockAdjustment{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var before int64
	if c.WarehouseID == "" {
		if s.keptPerWarehouse(c.VariantID) {
			return ports.StockAdjustment{}, ports.ErrKeptPerWarehouse(c.VariantID, "warehouse_id")
		}
		before = s.stock[c.VariantID]
	} else {
		before = s.whStock[c.WarehouseID][c.VariantID]
	}
	after, err := c.Next(before)
	if err != nil {
		return ports.StockAdjustment{}, err
	}
	delta := after - before
	if total := s.stock[c.VariantID] + delta; total < 0 || total > catalog.MaxQuantity {
		return ports.StockAdjustment{}, errs.Invalidf(errs.CodeInvalidInput, "memory: %s would total %d units", c.VariantID, total).WithField("units")
	}
	if c.WarehouseID != "" {
		lv := s.whStock[c.WarehouseID]
		if lv == nil {
			lv = map[string]int64{}
			s.whStock[c.WarehouseID] = lv
		}
		lv[c.VariantID] = after
	}
	s.stock[c.VariantID] += delta
	a := ports.StockAdjustment{
		Seq: int64(len(s.adjusted)) + 1, WarehouseID: c.WarehouseID, VariantID: c.VariantID,
		Before: before, After: after, Delta: delta, Reason: c.Reason, Actor: c.Actor, At: c.At.UTC(),
	}
	s.adjusted = append(s.adjusted, a)
	return a, nil
}

// StockAdjustments implements [ports.StockAdjustments].
func (s *Store) StockAdjustments(ctx context.Context, f ports.StockAdjustmentFilter) ([]ports.StockAdjustment, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []ports.StockAdjustment{}
	for i := len(s.adjusted) - 1; i >= 0 && len(out) < f.Page(); i-- {
		a := s.adjusted[i]
		if (f.BeforeSeq > 0 && a.Seq >= f.BeforeSeq) || (f.WarehouseID != "" && a.WarehouseID != f.WarehouseID) || (f.VariantID != "" && a.VariantID != f.VariantID) {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}
