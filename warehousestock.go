package kasir

import (
	"context"
	"slices"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// ranked returns the store's warehouses in the order the nearest rule tries
// them for a parcel to dest (nil: no destination known): the default one,
// then the nearest. Without a Warehouses adapter it returns nil.
func (s *Service) ranked(ctx context.Context, dest *shipping.Location) ([]shipping.Warehouse, error) {
	if s.deps.Warehouses == nil {
		return nil, nil
	}
	ws, err := s.deps.Warehouses.Warehouses(ctx)
	if err != nil || dest == nil || s.deps.Locations == nil {
		return ws, err
	}
	locs := map[string]shipping.Location{}
	for _, w := range ws {
		if _, ok := locs[w.LocationID]; ok || w.LocationID == "" {
			continue
		}
		if l, err := s.deps.Locations.Location(ctx, w.LocationID); err == nil {
			locs[w.LocationID] = l
		}
	}
	return shipping.RankWarehouses(ws, locs, dest), nil
}

// chooser is the store's warehouse rule over levels held per warehouse:
// among the warehouses in ranked order (then any other warehouse holding
// stock, by id), the first that holds every need, or for the most_stock
// rule the one holding most units of the needed variants. When none holds
// every need it returns a *catalog.OutOfStockError (out_of_stock) for the
// first short need, with the most any one warehouse has of it.
//
// The needs are summed when the rule runs: a store that keeps no stock per
// warehouse never calls it.
func (s *Service) chooser(ranked []shipping.Warehouse, needs []catalog.Need) ports.ChooseWarehouseFunc {
	return func(levels ports.WarehouseLevels) (string, error) {
		need := map[string]int64{}
		sku := map[string]string{}
		var ids []string
		for _, n := range needs {
			if _, ok := need[n.VariantID]; !ok {
				ids = append(ids, n.VariantID)
			}
			need[n.VariantID] += n.Quantity
			sku[n.VariantID] = n.SKU
		}
		order := make([]string, 0, len(levels))
		for _, w := range ranked {
			if _, ok := levels[w.ID]; ok {
				order = append(order, w.ID)
			}
		}
		var rest []string
		for w := range levels {
			if !slices.Contains(order, w) {
				rest = append(rest, w)
			}
		}
		slices.Sort(rest)
		order = append(order, rest...)
		if s.settings.WarehouseRule == shipping.RuleMostStock {
			units := func(w string) (n int64) {
				for _, id := range ids {
					n += levels[w][id]
				}
				return n
			}
			slices.SortStableFunc(order, func(a, b string) int {
				ua, ub := units(a), units(b)
				switch {
				case ua > ub:
					return -1
				case ua < ub:
					return 1
				}
				return 0
			})
		}
		for _, w := range order {
			if holdsAll(levels[w], need) {
				return w, nil
			}
		}
		for _, id := range ids {
			var best int64
			for _, lv := range levels {
				best = max(best, lv[id])
			}
			if best < need[id] {
				return "", &catalog.OutOfStockError{VariantID: id, SKU: sku[id], Requested: need[id], Available: best}
			}
		}
		// Every variant is somewhere, but no one warehouse holds them all.
		id := ids[0]
		return "", &catalog.OutOfStockError{VariantID: id, SKU: sku[id], Requested: need[id], Available: levels[order[0]][id]}
	}
}

// holdsAll reports whether a warehouse's levels cover every need.
func holdsAll(lv map[string]int64, need map[string]int64) bool {
	for id, n := range need {
		if lv[id] < n {
			return false
		}
	}
	return true
}

// reserve takes the order's stock inside the unit: from a warehouse by the
// store's rule when the store keeps stock per warehouse (recording it on
// the order, and as the shipment's origin), otherwise from the single
// levels.
func (s *Service) reserve(ctx context.Context, tx ports.Tx, o *checkout.Order, p *prepared) error {
	needs := o.StockNeeds()
	if p.ranked == nil {
		ranked, err := s.ranked(ctx, p.dest)
		if err != nil {
			return err
		}
		p.ranked = ranked
	}
	w, err := tx.ReserveFromWarehouse(ctx, needs, s.chooser(p.ranked, needs))
	if err != nil {
		return err
	}
	if w == "" {
		if st, ok := tx.(ports.StockTakerTx); ok {
			return st.TakeStock(ctx, needs)
		}
		return tx.ReserveStock(ctx, needs)
	}
	o.StockWarehouseID = w
	if o.Shipment != nil && o.Shipment.WarehouseID != w {
		o.Shipment.WarehouseID = w
		if i := slices.IndexFunc(p.ranked, func(x shipping.Warehouse) bool { return x.ID == w }); i >= 0 {
			o.Shipment.OriginID = p.ranked[i].LocationID
		}
	}
	return nil
}

// release gives a cancelled or expired order's stock back where it came
// from.
func release(ctx context.Context, tx ports.Tx, o *checkout.Order) error {
	if o.StockWarehouseID != "" {
		return tx.ReleaseToWarehouse(ctx, o.StockWarehouseID, o.StockNeeds())
	}
	return tx.ReleaseStock(ctx, o.StockNeeds())
}
