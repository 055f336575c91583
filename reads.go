package kasir

import (
	"context"
	"strings"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/shipping"
)

// Catalog returns the seller's current catalog, for product pages.
func (s *Service) Catalog(ctx context.Context) (*catalog.Catalog, error) {
	return s.deps.Catalog.Catalog(ctx)
}

// StockLevels returns the live units left of each variant id.
func (s *Service) StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error) {
	var t texts
	for i, id := range variantIDs {
		t = t.add(checkout.IDText, "variant_ids["+itoa(i)+"]", id)
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	return s.deps.Store.StockLevels(ctx, variantIDs)
}

// MaxLocations is the most SearchLocations returns.
const MaxLocations = 50

// SearchLocations finds destinations whose province, city, district or
// postal code contains query; at most limit (1–MaxLocations, 0 reads as
// MaxLocations).
func (s *Service) SearchLocations(ctx context.Context, query string, limit int) ([]shipping.Location, error) {
	if err := checkout.SearchText.Check("search", query); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxLocations {
		limit = MaxLocations
	}
	ls, err := s.deps.Locations.SearchLocations(ctx, strings.TrimSpace(query), limit)
	if ls == nil {
		ls = []shipping.Location{}
	}
	return ls, err
}

// Location returns one destination by id: unknown_location.
func (s *Service) Location(ctx context.Context, id string) (shipping.Location, error) {
	if err := checkout.IDText.Check("id", id); err != nil {
		return shipping.Location{}, err
	}
	return s.deps.Locations.Location(ctx, strings.TrimSpace(id))
}
