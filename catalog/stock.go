package catalog

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// Need is a number of units of one variant that a line, a bundle or an
// order takes from stock.
type Need struct {
	VariantID string `json:"variant_id"`
	SKU       string `json:"sku,omitempty"` // for messages; optional
	Quantity  int64  `json:"quantity"`
}

// StockLevels reads live stock: how many units of a variant are left. A
// [Stock] is one; a service may pass its own snapshot. Resolution and carts
// take a nil StockLevels to mean "do not check stock".
type StockLevels interface {
	// Available returns the units of the variant left; 0 for an unknown
	// variant.
	Available(variantID string) int64
}

// Stock is live stock: units available per variant id. Reservations never
// take a variant below zero and releasing exactly what was reserved restores
// it exactly. Every sold unit is a variant (a product without options has
// one implicit variant with the product's id), so stock is keyed by variant
// id; bundles have no stock of their own and reserve their components.
//
// A Stock is not safe for concurrent mutation: a service keeps it in a
// store that serialises updates (or works on a [Stock.Clone]). The zero
// Stock is empty and usable. A nil *Stock has no variants.
type Stock struct {
	levels map[string]int64
}

// NewStock returns stock with the given levels. Errors: invalid_input for an
// empty variant id or a level outside 0…[MaxQuantity].
func NewStock(levels map[string]int64) (*Stock, error) {
	s := &Stock{levels: make(map[string]int64, len(levels))}
	for _, id := range slices.Sorted(maps.Keys(levels)) {
		if err := s.Set(id, levels[id]); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Clone returns an independent copy of s.
func (s *Stock) Clone() *Stock {
	if s == nil {
		return &Stock{}
	}
	return &Stock{levels: maps.Clone(s.levels)}
}

// Available returns the units of the variant left; 0 for a variant s does
// not know. It implements [StockLevels].
func (s *Stock) Available(variantID string) int64 {
	if s == nil {
		return 0
	}
	return s.levels[variantID]
}

// Has reports whether s keeps stock for the variant.
func (s *Stock) Has(variantID string) bool {
	if s == nil {
		return false
	}
	_, ok := s.levels[variantID]
	return ok
}

// Levels returns a copy of every level, by variant id.
func (s *Stock) Levels() map[string]int64 {
	if s == nil {
		return map[string]int64{}
	}
	return maps.Clone(s.levels)
}

// Set sets the units available of a variant, adding the variant when s does
// not know it (a restock, or a variant added to the catalog). Errors:
// invalid_input for a nil Stock, an empty variant id or a level outside
// 0…[MaxQuantity].
func (s *Stock) Set(variantID string, available int64) error {
	switch {
	case s == nil:
		return invalid("", "nil stock")
	case variantID == "":
		return invalid("stock", "variant id is empty")
	case available < 0:
		return invalid(fmt.Sprintf("stock[%q]", variantID), "stock of %q must not be negative, got %d", variantID, available)
	case available > MaxQuantity:
		return invalid(fmt.Sprintf("stock[%q]", variantID), "stock of %q is above the maximum of %d, got %d", variantID, MaxQuantity, available)
	}
	if s.levels == nil {
		s.levels = map[string]int64{}
	}
	s.levels[variantID] = available
	return nil
}

// Reserve takes every need from stock, or nothing: the same variant may
// appear in several needs and is checked on their sum. Errors (s is then
// unchanged): invalid_quantity for a quantity ≤ 0 or a sum above
// [MaxQuantity] (field "needs[i]"); unknown_variant for a variant s does not
// know; *[OutOfStockError] naming the first variant, in order of first
// appearance, that has fewer units left than needed.
func (s *Stock) Reserve(needs []Need) error {
	merged, err := s.merge(needs)
	if err != nil {
		return err
	}
	for _, n := range merged {
		if left := s.levels[n.VariantID]; left < n.Quantity {
			return &OutOfStockError{VariantID: n.VariantID, SKU: n.SKU, Requested: n.Quantity, Available: left}
		}
	}
	for _, n := range merged {
		s.levels[n.VariantID] -= n.Quantity
	}
	return nil
}

// Release gives needs back to stock, or nothing: releasing exactly what a
// successful [Stock.Reserve] took restores every level exactly. Errors (s is
// then unchanged): invalid_quantity for a quantity ≤ 0 or a sum above
// [MaxQuantity]; unknown_variant for a variant s does not know;
// invalid_input when a level would rise above [MaxQuantity] (more was
// released than reserved).
func (s *Stock) Release(needs []Need) error {
	merged, err := s.merge(needs)
	if err != nil {
		return err
	}
	for _, n := range merged {
		if s.levels[n.VariantID] > MaxQuantity-n.Quantity {
			return invalid("", "releasing %d of %q would raise its stock above %d", n.Quantity, n.VariantID, MaxQuantity)
		}
	}
	for _, n := range merged {
		s.levels[n.VariantID] += n.Quantity
	}
	return nil
}

// merge checks needs and sums them per variant in order of first
// appearance.
func (s *Stock) merge(needs []Need) ([]Need, error) {
	if s == nil {
		if len(needs) == 0 {
			return nil, nil
		}
		return nil, invalid("", "nil stock")
	}
	out := make([]Need, 0, len(needs))
	at := make(map[string]int, len(needs))
	for i, n := range needs {
		field := func() string { return "needs[" + strconv.Itoa(i) + "]" } // for an error only
		if n.Quantity <= 0 {
			return nil, badQuantity(field(), "quantity of %q must be at least 1, got %d", n.VariantID, n.Quantity)
		}
		if n.Quantity > MaxQuantity {
			return nil, badQuantity(field(), "quantity of %q is above the maximum of %d, got %d", n.VariantID, MaxQuantity, n.Quantity)
		}
		if _, ok := s.levels[n.VariantID]; !ok {
			return nil, notFound(CodeUnknownVariant, field(), "no stock is kept for variant %q", n.VariantID)
		}
		j, ok := at[n.VariantID]
		if !ok {
			at[n.VariantID] = len(out)
			out = append(out, n)
			continue
		}
		if n.Quantity > MaxQuantity-out[j].Quantity {
			return nil, badQuantity(field(), "total quantity of %q is above the maximum of %d", n.VariantID, MaxQuantity)
		}
		out[j].Quantity += n.Quantity
		if out[j].SKU == "" {
			out[j].SKU = n.SKU
		}
	}
	return out, nil
}
