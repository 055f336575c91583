package memory

import (
	"context"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/ports"
)

// SetStock sets the units left of a variant (a restock, or a variant added
// to the catalog), outside any unit of work. Errors: invalid_input for an
// empty variant id or a level below 0 or above catalog.MaxQuantity;
// kept_per_warehouse (ports.CodeKeptPerWarehouse) for a variant kept per
// warehouse, whose total is the sum of its warehouses (set a warehouse's
// level with SetWarehouseStock or AdjustStock); an internal error when
// called with the context of one of the store's own running units of work.
func (s *Store) SetStock(ctx context.Context, variantID string, units int64) error {
	return s.SeedStock(ctx, map[string]int64{variantID: units})
}

// SeedStock sets the units left of several variants at once, for example
// catalog.Catalog.InitialStock().Levels(); variants it does not name keep
// their levels. Errors (nothing is then stored): invalid_input as
// catalog.NewStock returns it; kept_per_warehouse, as SetStock; an
// internal error when called inside one of the store's own running units
// of work.
func (s *Store) SeedStock(ctx context.Context, levels map[string]int64) error {
	return s.seedStock(ctx, levels, true)
}

// SeedStockIfAbsent is SeedStock for variants the store has no level for
// yet: it keeps every level already stored, so a server that seeds its
// catalog's initial stock at each start does not undo what was sold.
func (s *Store) SeedStockIfAbsent(ctx context.Context, levels map[string]int64) error {
	return s.seedStock(ctx, levels, false)
}

// seedStock stores levels after catalog.NewStock accepts them all, replacing
// levels already stored only if replace is set.
func (s *Store) seedStock(ctx context.Context, levels map[string]int64, replace bool) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if _, err := catalog.NewStock(levels); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if replace {
		for id := range levels {
			if s.keptPerWarehouse(id) {
				return ports.ErrKeptPerWarehouse(id, "variant_id")
			}
		}
	}
	for id, n := range levels {
		if _, stored := s.stock[id]; stored && !replace {
			continue
		}
		s.stock[id] = n
	}
	return nil
}

// StockLevels implements [ports.Tx].
func (t *tx) StockLevels(_ context.Context, variantIDs []string) (map[string]int64, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return t.s.levels(variantIDs), nil
}

// scratch returns a catalog.Stock holding the current levels of the
// variants needs name (0 for a variant the store does not know), so that
// the domain's rules check and apply them.
func (t *tx) scratch(needs []catalog.Need) (*catalog.Stock, error) {
	levels := make(map[string]int64, len(needs))
	for _, n := range needs {
		levels[n.VariantID] = t.s.stock[n.VariantID]
	}
	return catalog.NewStock(levels)
}

// changeStock applies change (reserve or release) to a scratch copy of the
// levels needs touch and stores the result, so an error changes nothing.
func (t *tx) changeStock(needs []catalog.Need, change func(*catalog.Stock, []catalog.Need) error) error {
	if err := t.check(); err != nil {
		return err
	}
	st, err := t.scratch(needs)
	if err != nil {
		return err
	}
	if err := change(st, needs); err != nil {
		return err
	}
	t.apply(st, needs)
	return nil
}

// apply stores the scratch levels of the variants needs name, undoably
// (one undo for them all).
func (t *tx) apply(st *catalog.Stock, needs []catalog.Need) {
	type level struct {
		id  string
		old int64
		had bool
	}
	var changed []level
	for _, n := range needs {
		id, v := n.VariantID, st.Available(n.VariantID)
		old, had := t.s.stock[id]
		if had && old == v {
			continue // unchanged, or a variant needs name twice
		}
		t.s.stock[id] = v
		changed = append(changed, level{id, old, had})
	}
	if len(changed) == 0 {
		return
	}
	t.onRollback(func() {
		for i := len(changed) - 1; i >= 0; i-- {
			if c := changed[i]; c.had {
				t.s.stock[c.id] = c.old
			} else {
				delete(t.s.stock, c.id)
			}
		}
	})
}

// ReserveStock implements [ports.Tx]. A variant the store does not know has
// 0 units left. Errors (nothing is then taken): *catalog.OutOfStockError;
// invalid_quantity for a quantity ≤ 0 or above catalog.MaxQuantity;
// invalid_input for an empty variant id.
func (t *tx) ReserveStock(_ context.Context, needs []catalog.Need) error {
	return t.changeStock(needs, (*catalog.Stock).Reserve)
}

// ReleaseStock implements [ports.Tx]. Releasing to a variant the store does
// not know adds it. Errors (nothing is then given back): invalid_quantity,
// invalid_input for an empty variant id or a level that would rise above
// catalog.MaxQuantity.
func (t *tx) ReleaseStock(_ context.Context, needs []catalog.Need) error {
	return t.changeStock(needs, (*catalog.Stock).Release)
}

// levels returns the units left of each variant id; the caller holds the
// lock.
func (s *Store) levels(variantIDs []string) map[string]int64 {
	out := make(map[string]int64, len(variantIDs))
	for _, id := range variantIDs {
		out[id] = s.stock[id]
	}
	return out
}

// StockLevels implements [ports.Stock]: the units left of each variant id
// asked for, 0 for an unknown one.
func (s *Store) StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.levels(variantIDs), nil
}
