package shipping

import (
	"slices"

	"github.com/kasir-id/kasir/errs"
)

// WarehouseRule is how a store picks the warehouse an order takes its stock
// from when its warehouses hold stock (see docs/stock.md). Whatever the
// rule, only a warehouse that holds every line is chosen.
type WarehouseRule string

const (
	// RuleNearest (also the empty rule) takes the default warehouse first,
	// then the others nearest the destination first ([Distance]), in the
	// order listed when two are as near.
	RuleNearest WarehouseRule = "nearest"
	// RuleMostStock takes the warehouse holding the most units of the
	// order's variants, the default one first when two hold as many.
	RuleMostStock WarehouseRule = "most_stock"
)

// Validate reports an invalid_input error for a rule other than "",
// [RuleNearest] and [RuleMostStock].
func (r WarehouseRule) Validate() error {
	switch r {
	case "", RuleNearest, RuleMostStock:
		return nil
	}
	return errs.Invalidf(errs.CodeInvalidInput, "shipping: unknown warehouse rule %q (nearest or most_stock)", string(r))
}

// Distance is how far apart two locations are, as far as the location data
// tells: 0 in the same district, 1 in the same city, 2 in the same
// province, 3 otherwise (names compare as written).
func Distance(a, b Location) int {
	switch {
	case a.ID == b.ID:
		return 0
	case a.Province == b.Province && a.City == b.City:
		return 1
	case a.Province == b.Province:
		return 2
	}
	return 3
}

// RankWarehouses orders ws as [RuleNearest] tries them: the default
// warehouse (the first marked default) first, then the others by the
// [Distance] from their location (locs maps a location id to the location)
// to dest, stably. A nil dest, or a warehouse whose location locs lacks,
// ranks by list order after those it can measure. ws is not changed.
func RankWarehouses(ws []Warehouse, locs map[string]Location, dest *Location) []Warehouse {
	out := slices.Clone(ws)
	def := slices.IndexFunc(out, func(w Warehouse) bool { return w.Default })
	dist := func(w Warehouse) int {
		l, ok := locs[w.LocationID]
		if dest == nil || !ok {
			return 4
		}
		return Distance(l, *dest)
	}
	rank := func(i int, w Warehouse) int {
		if i == def {
			return -1
		}
		return dist(w)
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return rank(a, ws[a]) - rank(b, ws[b]) })
	for i, j := range idx {
		out[i] = ws[j]
	}
	return out
}
