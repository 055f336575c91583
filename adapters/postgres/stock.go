package postgres

import (
	"context"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/ports"
)

// SetStock sets the units left of a variant (a restock, or a variant added
// to the catalog), outside any unit of work. Errors: invalid_input for an
// empty variant id or a level below 0 or above catalog.MaxQuantity;
// kept_per_warehouse (ports.CodeKeptPerWarehouse) for a variant kept per
// warehouse, whose total is the sum of its warehouses (set a warehouse's
// level with SetWarehouseStock or AdjustStock); an adapter error (kind
// Unavailable).
func (s *Store) SetStock(ctx context.Context, variantID string, units int64) error {
	return s.SeedStock(ctx, map[string]int64{variantID: units})
}

// SeedStock sets the units left of several variants in one statement, for
// example catalog.Catalog.InitialStock().Levels(); variants it does not
// name keep their levels. Errors (nothing is then stored): invalid_input
// as catalog.NewStock returns it; kept_per_warehouse, as SetStock; an
// adapter error (kind Unavailable).
func (s *Store) SeedStock(ctx context.Context, levels map[string]int64) error {
	return s.seedStock(ctx, levels, true)
}

// SeedStockIfAbsent is SeedStock for variants the store has no level for
// yet: it keeps every level already stored, so a server that seeds its
// catalog's initial stock at each start does not undo what was sold.
func (s *Store) SeedStockIfAbsent(ctx context.Context, levels map[string]int64) error {
	return s.seedStock(ctx, levels, false)
}

// seedStock stores levels after catalog.NewStock accepts them all,
// replacing levels already stored only if replace is set.
func (s *Store) seedStock(ctx context.Context, levels map[string]int64, replace bool) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	st, err := catalog.NewStock(levels)
	if err != nil {
		return err
	}
	if len(levels) == 0 {
		return nil
	}
	ids := make([]string, 0, len(levels))
	units := make([]int64, 0, len(levels))
	for id, n := range st.Levels() {
		ids = append(ids, id)
		units = append(units, n)
	}
	if !replace {
		_, err = s.pool.Exec(ctx, s.q(`INSERT INTO {s}.stock (store_id, variant_id, available)
			SELECT $3::text, * FROM unnest($1::text[], $2::bigint[])
			ON CONFLICT (store_id, variant_id) DO NOTHING`), ids, units, s.store)
		return s.dbErr("seed stock", err)
	}
	// Replacing a total the warehouses keep would break the sum: one
	// statement finds such a variant and writes nothing when there is one.
	var kept *string
	err = s.pool.QueryRow(ctx, s.q(`WITH kept AS (
			SELECT variant_id FROM {s}.warehouse_stock WHERE store_id = $3 AND variant_id = ANY($1) ORDER BY variant_id LIMIT 1
		), ins AS (
			INSERT INTO {s}.stock (store_id, variant_id, available)
			SELECT $3::text, * FROM unnest($1::text[], $2::bigint[]) WHERE NOT EXISTS (SELECT 1 FROM kept)
			ON CONFLICT (store_id, variant_id) DO UPDATE SET available = EXCLUDED.available
		)
		SELECT (SELECT variant_id FROM kept)`), ids, units, s.store).Scan(&kept)
	if err != nil {
		return s.dbErr("seed stock", err)
	}
	if kept != nil {
		return ports.ErrKeptPerWarehouse(*kept, "variant_id")
	}
	return nil
}

// StockLevels implements [ports.Tx]: the units left of each variant id, 0
// for an unknown one, as the unit sees them.
func (t *tx) StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, "stock levels", `SELECT variant_id, available FROM {s}.stock WHERE store_id = $2 AND variant_id = ANY($1)`, variantIDs, t.s.store)
	out, err := collectLevels(variantIDs, rows, err)
	if err != nil {
		return nil, t.fail("stock levels", err)
	}
	return out, nil
}

// collectLevels reads (variant_id, available) rows into levels of every id
// asked for.
func collectLevels(variantIDs []string, rows pgx.Rows, err error) (map[string]int64, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(variantIDs))
	for _, id := range variantIDs {
		out[id] = 0
	}
	var id string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&id, &n}, func() error {
		out[id] = n
		return nil
	})
	return out, err
}

// lockedStock locks the stock rows of the variants needs name, in variant
// order so that units never wait on each other in a circle, and returns a
// catalog.Stock of their levels (0 for a variant without a row), so the
// domain's rules check and apply the change. Errors: invalid_input for an
// empty variant id (before any lock); an adapter error.
func (t *tx) lockedStock(ctx context.Context, op string, needs []catalog.Need) (*catalog.Stock, error) {
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
	if len(ids) > 0 {
		rows, err := t.query(ctx, op, `SELECT variant_id, available FROM {s}.stock
			WHERE store_id = $2 AND variant_id = ANY($1) ORDER BY variant_id FOR UPDATE`, ids, t.s.store)
		if err != nil {
			return nil, err
		}
		if levels, err = collectLevels(ids, rows, nil); err != nil {
			return nil, t.fail(op, err)
		}
	}
	return catalog.NewStock(levels)
}

// changes returns the variants whose level differs between before and
// after, in order of their ids, and by how much.
func changes(before, after *catalog.Stock) (ids []string, deltas []int64) {
	levels := after.Levels()
	for _, id := range slices.Sorted(maps.Keys(levels)) {
		if d := levels[id] - before.Available(id); d != 0 {
			ids = append(ids, id)
			deltas = append(deltas, d)
		}
	}
	return ids, deltas
}

// ReserveStock implements [ports.Tx]: it locks the variants' rows, checks
// the needs against their levels and takes them. A variant without stock
// has 0 units left. Errors (nothing is then taken): *catalog.OutOfStockError
// naming the first variant, in order of the needs, that has too few units;
// invalid_quantity for a quantity ≤ 0 or above catalog.MaxQuantity;
// invalid_input for an empty variant id; an adapter error.
func (t *tx) ReserveStock(ctx context.Context, needs []catalog.Need) error {
	if err := t.check(); err != nil {
		return err
	}
	before, err := t.lockedStock(ctx, "reserve stock", needs)
	if err != nil {
		return err
	}
	after := before.Clone()
	if err := after.Reserve(needs); err != nil {
		return err
	}
	ids, deltas := changes(before, after)
	if len(ids) == 0 {
		return nil
	}
	// The rows are locked and the levels checked: the update cannot be
	// refused, so it waits for the unit's next round trip.
	return t.holdBack("reserve stock", `UPDATE {s}.stock AS s SET available = s.available + d.delta
		FROM unnest($1::text[], $2::bigint[]) AS d(variant_id, delta) WHERE s.store_id = $3 AND s.variant_id = d.variant_id`, nil, ids, deltas, t.s.store)
}

// TakeStock implements [ports.StockTakerTx]: in a unit of Atomic it
// holds back one call of take_stock (migration 18), which takes the units
// of rows that have them and raises KS001 when a variant has no row or
// too few units, so the rows are locked with the unit's next round trip
// instead of by a read of their own. That failure makes the call that
// sent it fail and Atomic run the unit again, in which run TakeStock is
// ReserveStock (lock, read, check, then write), whose errors the unit
// then gets. Outside Atomic's units, and for needs that ReserveStock
// would refuse whatever the levels (an invalid quantity or variant id),
// it is ReserveStock.
func (t *tx) TakeStock(ctx context.Context, needs []catalog.Need) error {
	if err := t.check(); err != nil {
		return err
	}
	if !t.takeLate {
		return t.ReserveStock(ctx, needs)
	}
	full := make(map[string]int64, len(needs))
	for _, n := range needs {
		full[n.VariantID] = catalog.MaxQuantity
	}
	before, err := catalog.NewStock(full)
	if err != nil {
		return t.ReserveStock(ctx, needs)
	}
	after := before.Clone()
	if err := after.Reserve(needs); err != nil {
		return t.ReserveStock(ctx, needs)
	}
	ids, deltas := changes(before, after)
	if len(ids) == 0 {
		return nil
	}
	take := make([]int64, len(deltas)) // ids are sorted: take_stock locks rows in one order
	for i, d := range deltas {
		take[i] = -d
	}
	return t.holdBack("take stock", `SELECT {s}.take_stock($1, $2, $3)`, t.stockShort, t.s.store, ids, take)
}

// stockShort maps take_stock's refusal: the unit must run again, checking
// stock as it asks for it.
func (t *tx) stockShort(pg *pgconn.PgError) error {
	if pg.Code != sqlStockShort {
		return nil
	}
	err := t.s.dbErr("take stock", pg)
	t.short = true
	if !t.lostRace.Load() {
		t.lostErr = err
		t.lostRace.Store(true)
	}
	return err
}

// ReleaseStock implements [ports.Tx]. Releasing to a variant without stock
// adds it. Errors (nothing is then given back): invalid_quantity;
// invalid_input for an empty variant id or a level that would rise above
// catalog.MaxQuantity; an adapter error.
func (t *tx) ReleaseStock(ctx context.Context, needs []catalog.Need) error {
	if err := t.check(); err != nil {
		return err
	}
	before, err := t.lockedStock(ctx, "release stock", needs)
	if err != nil {
		return err
	}
	after := before.Clone()
	if err := after.Release(needs); err != nil {
		return err
	}
	ids, deltas := changes(before, after)
	if len(ids) == 0 {
		return nil
	}
	_, err = t.exec(ctx, "release stock", `INSERT INTO {s}.stock AS s (store_id, variant_id, available)
		SELECT $3::text, * FROM unnest($1::text[], $2::bigint[])
		ON CONFLICT (store_id, variant_id) DO UPDATE SET available = s.available + EXCLUDED.available`, ids, deltas, t.s.store)
	return err
}

// StockLevels implements [ports.Stock]: the units left of each variant id
// asked for, 0 for an unknown one. Errors: an adapter error.
func (s *Store) StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT variant_id, available FROM {s}.stock WHERE store_id = $2 AND variant_id = ANY($1)`), variantIDs, s.store)
	out, err := collectLevels(variantIDs, rows, err)
	if err != nil {
		return nil, s.dbErr("stock levels", err)
	}
	return out, nil
}
