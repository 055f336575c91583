package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

var (
	_ ports.Locations  = (*Locations)(nil)
	_ ports.Warehouses = (*Locations)(nil)
)

// Locations is a [ports.Locations] and [ports.Warehouses] over fixed
// lists: the districts a seller ships to and from, the seller's warehouses
// and, optionally, the stock each warehouse holds. It never changes after
// [NewLocations], so it is safe for concurrent use.
type Locations struct {
	locations  []shipping.Location
	byID       map[string]int
	warehouses []shipping.Warehouse
	stock      map[string]map[string]int64 // warehouse id → SKU → units; nil when not tracked
}

// NewLocations returns the lists as ports. stock gives, per warehouse id,
// the units each SKU has there; nil means stock is not kept per warehouse.
// Errors are invalid_input naming the field: a location that fails
// shipping.Location.Validate, two locations or warehouses with one id, a
// warehouse without an id or in an unknown location, stock for an unknown
// warehouse or a negative level.
func NewLocations(locations []shipping.Location, warehouses []shipping.Warehouse, stock map[string]map[string]int64) (*Locations, error) {
	l := &Locations{byID: map[string]int{}}
	for i, loc := range locations {
		field := fmt.Sprintf("locations[%d]", i)
		if err := loc.Validate(); err != nil {
			return nil, errs.At(field, err)
		}
		if _, dup := l.byID[loc.ID]; dup {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: location %q is given twice", loc.ID).WithField(field + ".id")
		}
		l.byID[loc.ID] = len(l.locations)
		l.locations = append(l.locations, cloneLocation(loc))
	}
	seen := map[string]bool{}
	for i, w := range warehouses {
		field := fmt.Sprintf("warehouses[%d]", i)
		switch _, known := l.byID[w.LocationID]; {
		case w.ID == "":
			return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: a warehouse needs an id").WithField(field + ".id")
		case seen[w.ID]:
			return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: warehouse %q is given twice", w.ID).WithField(field + ".id")
		case !known:
			return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: warehouse %q is in unknown location %q", w.ID, w.LocationID).WithField(field + ".location_id")
		}
		seen[w.ID] = true
	}
	l.warehouses = slices.Clone(warehouses)
	if stock != nil {
		l.stock = make(map[string]map[string]int64, len(stock))
		for _, wid := range slices.Sorted(maps.Keys(stock)) {
			if !seen[wid] {
				return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: stock for unknown warehouse %q", wid).WithField(fmt.Sprintf("stock[%q]", wid))
			}
			for sku, n := range stock[wid] {
				if n < 0 {
					return nil, errs.Invalidf(errs.CodeInvalidInput, "memory: stock of %q in %q is negative", sku, wid).WithField(fmt.Sprintf("stock[%q][%q]", wid, sku))
				}
			}
			l.stock[wid] = maps.Clone(stock[wid])
		}
	}
	return l, nil
}

// Location implements [ports.Locations]. Errors: ports.ErrLocationNotFound.
func (l *Locations) Location(_ context.Context, id string) (shipping.Location, error) {
	i, ok := l.byID[id]
	if !ok {
		return shipping.Location{}, withMessage(ports.ErrLocationNotFound, "memory: unknown location %q", id)
	}
	return cloneLocation(l.locations[i]), nil
}

// SearchLocations implements [ports.Locations]: locations in the order
// given whose province, city, district or a postal code contains query,
// without regard to case. An empty query matches every location; limit ≤ 0
// means no limit. It returns no error.
func (l *Locations) SearchLocations(_ context.Context, query string, limit int) ([]shipping.Location, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	var out []shipping.Location
	for _, loc := range l.locations {
		if limit > 0 && len(out) == limit {
			break
		}
		texts := append([]string{loc.Province, loc.City, loc.District}, loc.PostalCodes...)
		if slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(strings.ToLower(s), q) }) {
			out = append(out, cloneLocation(loc))
		}
	}
	return out, nil
}

// Warehouses implements [ports.Warehouses]: a copy of the list. It returns
// no error.
func (l *Locations) Warehouses(context.Context) ([]shipping.Warehouse, error) {
	return slices.Clone(l.warehouses), nil
}

// WarehouseStock implements [ports.Warehouses]: the units of each SKU
// asked for (0 for one the warehouse does not hold), or tracked false when
// no stock was given to [NewLocations]. Errors: ports.ErrNotFound for an
// unknown warehouse.
func (l *Locations) WarehouseStock(_ context.Context, warehouseID string, skus []string) (map[string]int64, bool, error) {
	if !slices.ContainsFunc(l.warehouses, func(w shipping.Warehouse) bool { return w.ID == warehouseID }) {
		return nil, false, withMessage(ports.ErrNotFound, "memory: unknown warehouse %q", warehouseID)
	}
	if l.stock == nil {
		return nil, false, nil
	}
	out := make(map[string]int64, len(skus))
	for _, sku := range skus {
		out[sku] = l.stock[warehouseID][sku]
	}
	return out, true, nil
}

func cloneLocation(l shipping.Location) shipping.Location {
	l.PostalCodes = slices.Clone(l.PostalCodes)
	return l
}
