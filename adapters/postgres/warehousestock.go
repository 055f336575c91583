package postgres

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// SetWarehouseStock sets the units a warehouse holds of each variant levels
// names, in one transaction, and sets each such variant's total (what
// StockLevels reports) to the sum over the store's warehouses. Errors:
// invalid_input for an empty warehouse id, and as catalog.NewStock returns
// them (nothing is then stored), or for a total above catalog.MaxQuantity;
// an adapter error (kind Unavailable).
func (s *Store) SetWarehouseStock(ctx context.Context, warehouseID string, levels map[string]int64) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if warehouseID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: warehouse id is empty").WithField("warehouse_id")
	}
	if _, err := catalog.NewStock(levels); err != nil {
		return err
	}
	if len(levels) == 0 {
		return nil
	}
	return s.Atomic(ctx, func(ctx context.Context, ptx ports.Tx) error {
		t := ptx.(*tx)
		ids := make([]string, 0, len(levels))
		for id := range levels {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		all, err := t.lockWarehouses(ctx, "set warehouse stock", ids)
		if err != nil {
			return err
		}
		units := make([]int64, len(ids))
		for i, id := range ids {
			units[i] = levels[id]
		}
		if _, err := t.exec(ctx, "set warehouse stock", `INSERT INTO {s}.warehouse_stock AS w (store_id, warehouse_id, variant_id, available)
			SELECT $1, $2, * FROM unnest($3::text[], $4::bigint[])
			ON CONFLICT (store_id, warehouse_id, variant_id) DO UPDATE SET available = EXCLUDED.available`,
			s.store, warehouseID, ids, units); err != nil {
			return err
		}
		totals, err := t.StockLevels(ctx, ids)
		if err != nil {
			return err
		}
		var up, down []catalog.Need
		for _, id := range ids {
			sum := levels[id]
			for w, lv := range all {
				if w != warehouseID {
					sum += lv[id]
				}
			}
			if sum > catalog.MaxQuantity {
				return errs.Invalidf(errs.CodeInvalidInput, "postgres: %s would total %d units over the warehouses, above %d", id, sum, catalog.MaxQuantity).WithField("levels")
			}
			switch d := sum - totals[id]; {
			case d > 0:
				up = append(up, catalog.Need{VariantID: id, Quantity: d})
			case d < 0:
				down = append(down, catalog.Need{VariantID: id, Quantity: -d})
			}
		}
		if len(down) > 0 {
			if err := t.ReserveStock(ctx, down); err != nil {
				return err
			}
		}
		if len(up) > 0 {
			return t.ReleaseStock(ctx, up)
		}
		return nil
	})
}

// collectWarehouses reads (warehouse_id, variant_id, available) rows into
// levels of every id asked for in every warehouse that has a row.
func collectWarehouses(variantIDs []string, rows pgx.Rows) (ports.WarehouseLevels, error) {
	out := ports.WarehouseLevels{}
	var w, id string
	var n int64
	_, err := pgx.ForEachRow(rows, []any{&w, &id, &n}, func() error {
		lv := out[w]
		if lv == nil {
			lv = make(map[string]int64, len(variantIDs))
			for _, v := range variantIDs {
				lv[v] = 0
			}
			out[w] = lv
		}
		lv[id] = n
		return nil
	})
	return out, err
}

// WarehouseLevels implements [ports.WarehouseStock]. Errors: an adapter
// error.
func (s *Store) WarehouseLevels(ctx context.Context, variantIDs []string) (ports.WarehouseLevels, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT warehouse_id, variant_id, available FROM {s}.warehouse_stock
		WHERE store_id = $1 AND variant_id = ANY($2)`), s.store, variantIDs)
	if err != nil {
		return nil, s.dbErr("warehouse levels", err)
	}
	out, err := collectWarehouses(variantIDs, rows)
	if err != nil {
		return nil, s.dbErr("warehouse levels", err)
	}
	return out, nil
}

// lockWarehouses locks the rows of the variants (sorted ids) in every
// warehouse of the store, in (warehouse, variant) order so that units never
// wait on each other in a circle, and returns their levels.
func (t *tx) lockWarehouses(ctx context.Context, op string, ids []string) (ports.WarehouseLevels, error) {
	rows, err := t.query(ctx, op, `SELECT warehouse_id, variant_id, available FROM {s}.warehouse_stock
		WHERE store_id = $1 AND variant_id = ANY($2) ORDER BY warehouse_id, variant_id FOR UPDATE`, t.s.store, ids)
	if err != nil {
		return nil, err
	}
	out, err := collectWarehouses(ids, rows)
	if err != nil {
		return nil, t.fail(op, err)
	}
	return out, nil
}

// sortedNeedIDs returns the distinct variant ids of needs, sorted; an
// invalid_input error for an empty one.
func sortedNeedIDs(needs []catalog.Need) ([]string, error) {
	levels := make(map[string]int64, len(needs))
	for _, n := range needs {
		levels[n.VariantID] = 0
	}
	if _, err := catalog.NewStock(levels); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(levels))
	for id := range levels {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// ReserveFromWarehouse implements [ports.WarehouseStockTx]: it locks the
// needed variants' rows in every warehouse (then, through ReserveStock,
// their totals), lets choose pick, and takes the needs from both.
func (t *tx) ReserveFromWarehouse(ctx context.Context, needs []catalog.Need, choose ports.ChooseWarehouseFunc) (string, error) {
	if err := t.check(); err != nil {
		return "", err
	}
	ids, err := sortedNeedIDs(needs)
	if err != nil {
		return "", err
	}
	all, err := t.lockWarehouses(ctx, "reserve warehouse stock", ids)
	if err != nil || len(all) == 0 {
		return "", err
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
	before, err := catalog.NewStock(lv)
	if err != nil {
		return "", err
	}
	after := before.Clone()
	if err := after.Reserve(needs); err != nil {
		return "", err
	}
	if err := t.ReserveStock(ctx, needs); err != nil {
		return "", err
	}
	return w, t.addWarehouse(ctx, "reserve warehouse stock", w, before, after)
}

// addWarehouse stores the change from before to after in a warehouse's
// rows (adding a row a release needs).
func (t *tx) addWarehouse(ctx context.Context, op, w string, before, after *catalog.Stock) error {
	ids, deltas := changes(before, after)
	if len(ids) == 0 {
		return nil
	}
	if slices.ContainsFunc(deltas, func(d int64) bool { return d > 0 }) {
		if _, err := t.exec(ctx, op, `INSERT INTO {s}.warehouse_stock (store_id, warehouse_id, variant_id, available)
			SELECT $1, $2, v, 0 FROM unnest($3::text[]) AS v
			ON CONFLICT (store_id, warehouse_id, variant_id) DO NOTHING`, t.s.store, w, ids); err != nil {
			return err
		}
	}
	return t.holdBack(op, `UPDATE {s}.warehouse_stock AS w SET available = w.available + d.delta
		FROM unnest($3::text[], $4::bigint[]) AS d(variant_id, delta)
		WHERE w.store_id = $1 AND w.warehouse_id = $2 AND w.variant_id = d.variant_id`, nil, t.s.store, w, ids, deltas)
}

// ReleaseToWarehouse implements [ports.WarehouseStockTx].
func (t *tx) ReleaseToWarehouse(ctx context.Context, warehouseID string, needs []catalog.Need) error {
	if err := t.check(); err != nil {
		return err
	}
	if warehouseID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: warehouse id is empty").WithField("warehouse_id")
	}
	ids, err := sortedNeedIDs(needs)
	if err != nil {
		return err
	}
	all, err := t.lockWarehouses(ctx, "release warehouse stock", ids)
	if err != nil {
		return err
	}
	lv := all[warehouseID]
	if lv == nil {
		lv = make(map[string]int64, len(ids))
		for _, id := range ids {
			lv[id] = 0
		}
	}
	before, err := catalog.NewStock(lv)
	if err != nil {
		return err
	}
	after := before.Clone()
	if err := after.Release(needs); err != nil {
		return err
	}
	if err := t.ReleaseStock(ctx, needs); err != nil {
		return err
	}
	return t.addWarehouse(ctx, "release warehouse stock", warehouseID, before, after)
}

// AdjustStock implements [ports.StockAdjustments]: in one transaction it
// locks the variant's warehouse rows (and its total), changes the level
// and the total together and appends the audit row.
func (s *Store) AdjustStock(ctx context.Context, c ports.StockChange) (ports.StockAdjustment, error) {
	if s.inUnit(ctx) {
		return ports.StockAdjustment{}, errInsideUnit
	}
	if err := c.Check(); err != nil {
		return ports.StockAdjustment{}, err
	}
	var out ports.StockAdjustment
	err := s.Atomic(ctx, func(ctx context.Context, ptx ports.Tx) error {
		t := ptx.(*tx)
		const op = "adjust stock"
		ids := []string{c.VariantID}
		all, err := t.lockWarehouses(ctx, op, ids)
		if err != nil {
			return err
		}
		totals, err := t.lockedStock(ctx, op, []catalog.Need{{VariantID: c.VariantID, Quantity: 1}})
		if err != nil {
			return err
		}
		var before int64
		if c.WarehouseID == "" {
			if len(all) > 0 {
				return ports.ErrKeptPerWarehouse(c.VariantID, "warehouse_id")
			}
			before = totals.Available(c.VariantID)
		} else {
			before = all[c.WarehouseID][c.VariantID]
		}
		after, err := c.Next(before)
		if err != nil {
			return err
		}
		delta := after - before
		if total := totals.Available(c.VariantID) + delta; total < 0 || total > catalog.MaxQuantity {
			return errs.Invalidf(errs.CodeInvalidInput, "postgres: %s would total %d units", c.VariantID, total).WithField("units")
		}
		if c.WarehouseID != "" {
			if _, err := t.exec(ctx, op, `INSERT INTO {s}.warehouse_stock AS w (store_id, warehouse_id, variant_id, available)
				VALUES ($1, $2, $3, $4)
				ON CONFLICT (store_id, warehouse_id, variant_id) DO UPDATE SET available = EXCLUDED.available`,
				s.store, c.WarehouseID, c.VariantID, after); err != nil {
				return err
			}
		}
		switch {
		case delta > 0:
			err = t.ReleaseStock(ctx, []catalog.Need{{VariantID: c.VariantID, Quantity: delta}})
		case delta < 0:
			err = t.ReserveStock(ctx, []catalog.Need{{VariantID: c.VariantID, Quantity: -delta}})
		}
		if err != nil {
			return err
		}
		out = ports.StockAdjustment{WarehouseID: c.WarehouseID, VariantID: c.VariantID, Before: before, After: after,
			Delta: delta, Reason: c.Reason, Actor: c.Actor, At: c.At.UTC()}
		return t.queryRow(ctx, op, `INSERT INTO {s}.stock_adjustments (store_id, warehouse_id, variant_id, before, after, delta, reason, actor, at_ns)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq`,
			[]any{s.store, c.WarehouseID, c.VariantID, before, after, delta, c.Reason, c.Actor, c.At.UnixNano()}, &out.Seq)
	})
	return out, err
}

// StockAdjustments implements [ports.StockAdjustments].
func (s *Store) StockAdjustments(ctx context.Context, f ports.StockAdjustmentFilter) ([]ports.StockAdjustment, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	before := f.BeforeSeq
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT seq, warehouse_id, variant_id, before, after, delta, reason, actor, at_ns
		FROM {s}.stock_adjustments
		WHERE store_id = $1 AND seq < $2 AND ($3::text = '' OR warehouse_id = $3) AND ($4::text = '' OR variant_id = $4)
		ORDER BY seq DESC LIMIT $5`), s.store, before, f.WarehouseID, f.VariantID, f.Page())
	if err != nil {
		return nil, s.dbErr("stock adjustments", err)
	}
	out := []ports.StockAdjustment{}
	var a ports.StockAdjustment
	var ns int64
	_, err = pgx.ForEachRow(rows, []any{&a.Seq, &a.WarehouseID, &a.VariantID, &a.Before, &a.After, &a.Delta, &a.Reason, &a.Actor, &ns}, func() error {
		a.At = time.Unix(0, ns).UTC()
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, s.dbErr("stock adjustments", err)
	}
	return out, nil
}
