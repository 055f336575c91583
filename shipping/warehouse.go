package shipping

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/errs"
)

// CodeNoWarehouse is the error code (kind Conflict) of an order no single
// warehouse can ship: there are none, or none holds stock for every item.
const CodeNoWarehouse = "no_warehouse"

// Warehouse is a place an order ships from (gudang): the shipping origin.
type Warehouse struct {
	ID         string
	Name       string
	LocationID string // the [Location] the warehouse is in
	Default    bool   // the seller's default origin
}

// Shortage is one SKU no warehouse holds enough of: Need units are needed
// and the best-stocked warehouse has Best.
type Shortage struct {
	SKU  string
	Need int64
	Best int64
}

// NoWarehouseError is returned by [ChooseWarehouse] when no warehouse can
// ship the order. Its code is [CodeNoWarehouse] and its kind errs.Precondition
// (errors.Is(err, errs.Precondition) holds). Short lists, in SKU order, the
// SKUs no warehouse holds enough of; it is empty when there are no
// warehouses, or when every SKU is in stock somewhere but no one warehouse
// holds them all.
type NoWarehouseError struct {
	Short      []Shortage
	Warehouses int // how many warehouses were considered
}

// Error describes what is short.
func (e *NoWarehouseError) Error() string {
	if e.Warehouses == 0 {
		return "shipping: no warehouse to ship from"
	}
	if len(e.Short) == 0 {
		return "shipping: no single warehouse holds stock for every item"
	}
	var b strings.Builder
	b.WriteString("shipping: no warehouse holds enough stock: ")
	for i, s := range e.Short {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s needs %d, at most %d in one warehouse", s.SKU, s.Need, s.Best)
	}
	return b.String()
}

// ErrorCode returns [CodeNoWarehouse].
func (e *NoWarehouseError) ErrorCode() string { return CodeNoWarehouse }

// ErrorKind returns errs.Precondition.
func (e *NoWarehouseError) ErrorKind() errs.Kind { return errs.Precondition }

// Is reports whether target is errs.Precondition, or an *errs.Error with code
// [CodeNoWarehouse], as errs.Error's own Is does.
func (e *NoWarehouseError) Is(target error) bool {
	switch t := target.(type) {
	case errs.Kind:
		return t == errs.Precondition
	case *errs.Error:
		return t.Code == CodeNoWarehouse
	}
	return false
}

var _ errs.Coded = (*NoWarehouseError)(nil)

// ChooseWarehouse picks the origin of an order (see docs/shipping.md): the default
// warehouse when it holds stock for every needed SKU, otherwise the first
// warehouse in ws that does. need maps SKU to units needed; stockAt reports
// a warehouse's stock of a SKU. When stockAt is nil (stock is not tracked
// per warehouse) it returns the default warehouse, or the first one when
// none is marked default. When several are marked default the first counts.
//
// Errors: a *[NoWarehouseError] (code [CodeNoWarehouse], kind Conflict)
// when ws is empty or no warehouse holds every SKU; invalid_input (field
// "lines") when a needed quantity is negative.
func ChooseWarehouse(ws []Warehouse, need map[string]int64, stockAt func(warehouseID, sku string) int64) (Warehouse, error) {
	skus := make([]string, 0, len(need))
	for sku, n := range need {
		if n < 0 {
			return Warehouse{}, errs.Invalidf(errs.CodeInvalidInput, "shipping: needed quantity of %s must not be negative, got %d", sku, n).WithField("lines")
		}
		if n > 0 {
			skus = append(skus, sku)
		}
	}
	if len(ws) == 0 {
		return Warehouse{}, &NoWarehouseError{}
	}
	slices.Sort(skus) // a deterministic order for stockAt calls and messages
	def := slices.IndexFunc(ws, func(w Warehouse) bool { return w.Default })
	if def < 0 {
		def = 0
	}
	if stockAt == nil {
		return ws[def], nil
	}
	best := make([]int64, len(skus))
	holdsAll := func(w Warehouse) bool {
		all := true
		for i, sku := range skus {
			n := stockAt(w.ID, sku)
			best[i] = max(best[i], n)
			if n < need[sku] {
				all = false
			}
		}
		return all
	}
	if holdsAll(ws[def]) {
		return ws[def], nil
	}
	for i, w := range ws {
		if i != def && holdsAll(w) {
			return w, nil
		}
	}
	e := &NoWarehouseError{Warehouses: len(ws)}
	for i, sku := range skus {
		if best[i] < need[sku] {
			e.Short = append(e.Short, Shortage{SKU: sku, Need: need[sku], Best: max(best[i], 0)})
		}
	}
	return Warehouse{}, e
}
