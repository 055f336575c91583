package kasir

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// PickupRequest asks the courier to collect booked orders in one visit.
type PickupRequest struct {
	OrderIDs []string `json:"order_ids"`
	Date     string   `json:"date"`      // YYYY-MM-DD
	From     string   `json:"time_from"` // HH:MM
	To       string   `json:"time_to"`   // HH:MM
	// Address, Contact and Phone default to the fulfilment settings'
	// sender; Vehicle to "motor".
	Address string `json:"address,omitempty"`
	Contact string `json:"contact,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Vehicle string `json:"vehicle,omitempty"`
}

// RequestPickup asks the courier (Deps.Shipments) to collect the booked
// orders and stores the pickup, with its id on every order's booking.
// Errors: invalid_input naming the field (no orders or more than
// MaxBookOrders, a repeated id, a date that is not YYYY-MM-DD, an invalid
// window or vehicle, orders of different couriers); order_not_found;
// order_not_ready_for_pickup for an order that is not booked or is in a
// pickup already; shipments_not_configured; the courier's errors.
func (s *Service) RequestPickup(ctx context.Context, req PickupRequest) (ports.Pickup, error) {
	sh, err := s.shipments()
	if err != nil {
		return ports.Pickup{}, err
	}
	if len(req.OrderIDs) == 0 || len(req.OrderIDs) > MaxBookOrders {
		return ports.Pickup{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a pickup takes 1–%d orders", MaxBookOrders).WithField("order_ids")
	}
	day, err := time.Parse(time.DateOnly, strings.TrimSpace(req.Date))
	if err != nil {
		return ports.Pickup{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: the pickup date must be YYYY-MM-DD").WithField("date")
	}
	f := s.settings.Fulfilment
	pr := ports.PickupRequest{Date: day, From: strings.TrimSpace(req.From), To: strings.TrimSpace(req.To),
		Address: cmp.Or(strings.TrimSpace(req.Address), f.SenderAddress), Contact: cmp.Or(strings.TrimSpace(req.Contact), f.SenderName, s.settings.StoreName),
		Phone: phoneDigits(cmp.Or(strings.TrimSpace(req.Phone), f.SenderPhone, s.settings.CustomerServicePhone)), Vehicle: cmp.Or(strings.TrimSpace(req.Vehicle), "motor")}
	seen := map[string]bool{}
	courier := ""
	for i, id := range req.OrderIDs {
		field := "order_ids[" + itoa(i) + "]"
		id = strings.TrimSpace(id)
		if err := checkout.IDText.Check(field, id); err != nil {
			return ports.Pickup{}, err
		}
		if seen[id] {
			return ports.Pickup{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: order %s is named twice", id).WithField(field)
		}
		seen[id] = true
		o, err := s.deps.Store.Order(ctx, id)
		if err != nil {
			return ports.Pickup{}, errs.At(field, err)
		}
		if err := readyForPickup(o); err != nil {
			return ports.Pickup{}, errs.At(field, err)
		}
		if courier != "" && o.Booking.Courier != courier {
			return ports.Pickup{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a pickup is one courier's; order %s ships with %s, not %s", o.Number, o.Booking.Courier, courier).WithField(field)
		}
		courier = o.Booking.Courier
		pr.Bookings = append(pr.Bookings, o.Booking.ID)
	}
	if err := pr.Validate(); err != nil {
		return ports.Pickup{}, err
	}
	courierID, err := sh.RequestPickup(ctx, pr)
	if err != nil {
		return ports.Pickup{}, err
	}
	id, err := s.deps.IDs.NewID(ctx)
	if err != nil {
		return ports.Pickup{}, err
	}
	now := s.now(ctx)
	p := ports.Pickup{ID: id, CourierPickupID: courierID, Date: day, From: pr.From, To: pr.To, Address: pr.Address,
		Contact: pr.Contact, Phone: pr.Phone, Vehicle: pr.Vehicle, CreatedAt: now}
	for _, oid := range req.OrderIDs {
		p.OrderIDs = append(p.OrderIDs, strings.TrimSpace(oid))
	}
	err = s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		for i, oid := range p.OrderIDs {
			o, err := tx.Order(ctx, oid)
			if err != nil {
				return err
			}
			if err := readyForPickup(o); err != nil {
				return errs.At("order_ids["+itoa(i)+"]", err)
			}
			if o.Booking.ID != pr.Bookings[i] {
				return errs.At("order_ids["+itoa(i)+"]", errs.E(errs.Conflict, CodeBookingChanged, "kasir: order "+o.Number+" was booked again meanwhile"))
			}
			o.Booking.PickupID = p.ID
			o.UpdatedAt = now
			o.Version++
			if err := tx.SaveOrder(ctx, o); err != nil {
				return err
			}
		}
		return tx.CreatePickup(ctx, p)
	})
	if err != nil {
		s.log.ErrorContext(ctx, "kasir: the courier has a pickup the store could not record", "courier_pickup", courierID, "err", err)
		return ports.Pickup{}, err
	}
	return p, nil
}

// readyForPickup returns order_not_ready_for_pickup unless the order is
// booked and in no pickup.
func readyForPickup(o *checkout.Order) error {
	if o.Status() != checkout.StatusBooked || !o.Booked() {
		return errs.E(errs.Precondition, CodeNotInPickup, "kasir: order "+o.Number+" is "+string(o.Status())+", not booked")
	}
	if o.Booking.PickupID != "" {
		return errs.E(errs.Precondition, CodeNotInPickup, "kasir: order "+o.Number+" is in pickup "+o.Booking.PickupID+" already")
	}
	return nil
}

// PickupPage is one page of pickups and how many there are.
type PickupPage struct {
	Pickups []ports.Pickup `json:"data"`
	Total   int            `json:"total"`
}

// Pickups lists the store's pickups, newest first. Errors: invalid_input
// for a negative offset or limit.
func (s *Service) Pickups(ctx context.Context, offset, limit int) (PickupPage, error) {
	if offset < 0 || limit < 0 {
		return PickupPage{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: offset and limit must not be negative").WithField("offset")
	}
	if limit == 0 || limit > MaxPageSize {
		limit = MaxPageSize
	}
	ps, total, err := s.deps.Store.ListPickups(ctx, ports.PickupFilter{Offset: offset, Limit: limit})
	if err != nil {
		return PickupPage{}, err
	}
	if ps == nil {
		ps = []ports.Pickup{}
	}
	return PickupPage{Pickups: ps, Total: total}, nil
}

// PackingLine is how many units of one product and variant a pickup's
// parcels hold, for packing ("Kaos", "Merah, L": 10).
type PackingLine struct {
	Product  string `json:"product"`
	Variant  string `json:"variant,omitempty"` // the option path, "Merah, L"
	SKU      string `json:"sku,omitempty"`
	Quantity int64  `json:"quantity"`
}

// PickupDetail is a pickup with its orders and what to pack.
type PickupDetail struct {
	Pickup        ports.Pickup      `json:"pickup"`
	Orders        []*checkout.Order `json:"orders"`
	Packing       []PackingLine     `json:"packing"`
	TotalQuantity int64             `json:"total_quantity"`
}

// Pickup returns a pickup with its orders (as they are now) and the
// packing summary: units per product and variant over its orders, a
// bundle counted as its components, sorted by product and variant.
// Errors: pickup_not_found; order_not_found for an order gone since.
func (s *Service) Pickup(ctx context.Context, id string) (PickupDetail, error) {
	if err := checkout.IDText.Check("id", id); err != nil {
		return PickupDetail{}, err
	}
	p, err := s.deps.Store.Pickup(ctx, strings.TrimSpace(id))
	if err != nil {
		return PickupDetail{}, err
	}
	cat, err := s.deps.Catalog.Catalog(ctx)
	if err != nil {
		return PickupDetail{}, err
	}
	d := PickupDetail{Pickup: p, Orders: make([]*checkout.Order, 0, len(p.OrderIDs))}
	lines := map[[3]string]int64{}
	for _, oid := range p.OrderIDs {
		o, err := s.deps.Store.Order(ctx, oid)
		if err != nil {
			return PickupDetail{}, err
		}
		d.Orders = append(d.Orders, o)
		for _, it := range o.Items {
			if it.Digital {
				continue
			}
			if it.Kind == "bundle" && len(it.Components) > 0 {
				for _, c := range it.Components {
					if !c.Digital {
						// A component names its variant in its name; the
						// catalog tells the option path to take off.
						variant := ""
						if v, err := cat.Variant(c.VariantID); err == nil && !v.Implicit() {
							variant = v.OptionPath()
						}
						lines[[3]string{productName(c.Name, variant), variant, c.SKU}] += c.Quantity * it.Quantity
					}
				}
				continue
			}
			variant := strings.Join(it.Options, ", ")
			lines[[3]string{productName(it.Name, variant), variant, it.SKU}] += it.Quantity
		}
	}
	for k, q := range lines {
		d.Packing = append(d.Packing, PackingLine{Product: k[0], Variant: k[1], SKU: k[2], Quantity: q})
		d.TotalQuantity += q
	}
	slices.SortFunc(d.Packing, func(a, b PackingLine) int {
		return cmp.Or(strings.Compare(a.Product, b.Product), strings.Compare(a.Variant, b.Variant), strings.Compare(a.SKU, b.SKU))
	})
	if d.Packing == nil {
		d.Packing = []PackingLine{}
	}
	return d, nil
}

// productName is a line's product name without the option path its name
// ends with ("Kaos (Merah, L)" is "Kaos").
func productName(name, variant string) string {
	if variant == "" {
		return name
	}
	return strings.TrimSuffix(name, " ("+variant+")")
}
