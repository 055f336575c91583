package kasir

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// EachOrder calls fn with every order the filter selects, newest first,
// reading the store's listing one page of [MaxPageSize] at a time, so an
// export of any number of orders holds one page in memory. The filter's
// Offset and Limit are ignored; an open-ended range ends at the moment of
// the call, so orders placed meanwhile do not shift the pages. An order
// whose status changes during the walk may, with a status filter, be
// missed or seen twice: the walk is not a snapshot. It stops at fn's
// first error, or the context's, and returns it. Errors: invalid_input
// naming the field of a malformed filter, the store's.
func (s *Service) EachOrder(ctx context.Context, f ports.OrderFilter, fn func(*checkout.Order) error) error {
	f.Offset, f.Limit = 0, MaxPageSize
	if err := checkFilter(&f); err != nil {
		return err
	}
	if f.To.IsZero() {
		f.To = s.now(ctx).Add(time.Nanosecond)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, _, err := s.deps.Store.ListOrders(ctx, f)
		if err != nil {
			return err
		}
		for _, o := range page {
			if err := fn(o); err != nil {
				return err
			}
		}
		if len(page) < f.Limit {
			return nil
		}
		f.Offset += len(page)
	}
}

// Sender is where an order's parcel ships from, as a shipping label names
// it.
type Sender struct {
	Name    string // the store's name, with the warehouse's when there are several
	Phone   string // the store's customer service phone
	Address string // the origin district, city and province
}

// Sender returns who and where o's parcel ships from: the store, its
// customer service phone, and the warehouse (or origin) the order was
// assigned, by name and district. A warehouse or location that is no
// longer known leaves its part out. Errors: the warehouse or location
// source's.
func (s *Service) Sender(ctx context.Context, o *checkout.Order) (Sender, error) {
	out := Sender{Name: s.settings.StoreName, Phone: s.settings.CustomerServicePhone}
	if o.Shipment == nil {
		return out, nil
	}
	if o.Shipment.WarehouseID != "" && s.deps.Warehouses != nil {
		ws, err := s.deps.Warehouses.Warehouses(ctx)
		if err != nil {
			return out, err
		}
		for _, w := range ws {
			if w.ID == o.Shipment.WarehouseID && w.Name != "" && len(ws) > 1 {
				out.Name += " (" + w.Name + ")"
			}
		}
	}
	if o.Shipment.OriginID != "" {
		loc, err := s.deps.Locations.Location(ctx, o.Shipment.OriginID)
		switch {
		case err == nil:
			var parts []string
			for _, p := range []string{loc.District, loc.City, loc.Province} {
				if p != "" {
					parts = append(parts, p)
				}
			}
			out.Address = strings.Join(parts, ", ")
		case !errors.Is(err, errs.NotFound):
			return out, err
		}
	}
	return out, nil
}
