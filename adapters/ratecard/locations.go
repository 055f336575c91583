package ratecard

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// Location returns the card's location with the id (ports.Locations).
// Errors: an error matching ports.ErrLocationNotFound (code
// unknown_location, kind NotFound, naming no field) when the card has
// none; ctx's error when it is done.
func (c *Card) Location(ctx context.Context, id string) (shipping.Location, error) {
	if err := ctx.Err(); err != nil {
		return shipping.Location{}, err
	}
	i, ok := c.byID[id]
	if !ok {
		return shipping.Location{}, &errs.Error{
			Kind: errs.NotFound, Code: ports.CodeLocationNotFound,
			Message: "ratecard: unknown location " + strconv.Quote(id),
		}
	}
	return cloneLocation(c.locations[i]), nil
}

// SearchLocations lists, in card order, the locations whose province,
// city, district and postal codes together contain every word of query
// (words split at spaces and commas, compared without regard to case), so
// "kebayoran baru" and "Baru, Jakarta Selatan" both find Kebayoran Baru,
// Jakarta Selatan, and "12160" finds it by postal code. A query without
// words matches every location. At most limit are returned; limit ≤ 0
// means no limit (ports.Locations). The only error is ctx's when it is
// done.
func (c *Card) SearchLocations(ctx context.Context, query string, limit int) ([]shipping.Location, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	words := strings.FieldsFunc(strings.ToLower(query), func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	var out []shipping.Location
	for i, text := range c.search {
		if limit > 0 && len(out) == limit {
			break
		}
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			out = append(out, cloneLocation(c.locations[i]))
		}
	}
	return out, nil
}

// Warehouses returns the card's warehouses in card order
// (ports.Warehouses). The only error is ctx's when it is done.
func (c *Card) Warehouses(ctx context.Context) ([]shipping.Warehouse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return slices.Clone(c.warehouses), nil
}

// WarehouseStock returns the units of each SKU the warehouse holds
// (ports.Warehouses). Stock is tracked only when the card gives stock for
// some warehouse; otherwise tracked is false and levels nil. A SKU the
// warehouse does not list has 0.
//
// Errors: an error matching ports.ErrNotFound (code not_found, kind
// NotFound, field "warehouse_id") for a warehouse the card does not have;
// ctx's error when it is done.
func (c *Card) WarehouseStock(ctx context.Context, warehouseID string, skus []string) (map[string]int64, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	if !slices.ContainsFunc(c.warehouses, func(w shipping.Warehouse) bool { return w.ID == warehouseID }) {
		return nil, false, &errs.Error{
			Kind: errs.NotFound, Code: ports.CodeNotFound, Field: "warehouse_id",
			Message: "ratecard: unknown warehouse " + strconv.Quote(warehouseID),
		}
	}
	if c.stock == nil {
		return nil, false, nil
	}
	held := c.stock[warehouseID]
	levels := make(map[string]int64, len(skus))
	for _, sku := range skus {
		levels[sku] = held[sku]
	}
	return levels, true, nil
}

func cloneLocation(l shipping.Location) shipping.Location {
	l.PostalCodes = slices.Clone(l.PostalCodes)
	return l
}
