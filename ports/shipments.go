package ports

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
)

// Error codes of shipments.
const (
	CodeBookingNotFound       = "booking_not_found"
	CodeBookingNotCancellable = "booking_not_cancellable"
)

// Errors of [Shipments]. Compare with errors.Is.
var (
	// ErrBookingNotFound: the courier knows no such booking.
	ErrBookingNotFound = errs.E(errs.NotFound, CodeBookingNotFound, "ports: booking not found")
	// ErrBookingNotCancellable: the courier has the parcel (or the booking
	// is final), so the booking can no longer be cancelled.
	ErrBookingNotCancellable = errs.E(errs.Precondition, CodeBookingNotCancellable, "ports: the booking can no longer be cancelled")
)

// Party is a sender or a receiver of a parcel, as a courier prints it on
// the label.
type Party struct {
	Name    string
	Phone   string // international digits without "+" (6281234567890)
	Address string // street, number, village: what the courier walks to
	// Location is the district; its ID and postal codes are what a
	// courier routes by.
	Location shipping.Location
	// PostalCode is the address's own postal code, when known; "" uses
	// the location's first.
	PostalCode string
}

// Postal returns the party's postal code, or its location's first one.
func (p Party) Postal() string {
	if p.PostalCode != "" {
		return p.PostalCode
	}
	if len(p.Location.PostalCodes) > 0 {
		return p.Location.PostalCodes[0]
	}
	return ""
}

// BookingRequest books one order's parcel with a courier.
type BookingRequest struct {
	// Reference is the seller's reference for the parcel (the order
	// number): the courier prints it on the label and repeats it.
	Reference string
	Courier   string // courier code, as shipping.Option has it ("jne")
	Service   string // service code ("reg")
	Sender    Party  // the warehouse the parcel leaves from
	Receiver  Party
	Items     []RateItem
	// ChargeableGrams and Dimensions are the parcel as it was billed.
	ChargeableGrams int64
	Dimensions      shipping.Dimensions
	// COD is the amount the courier collects from the receiver; 0 for a
	// parcel that is paid for.
	COD money.Money
	// Insured asks for insurance on InsuredValue.
	Insured      bool
	InsuredValue money.Money
	Note         string // for the courier, e.g. "jangan dibanting"
}

// Validate checks what every courier needs: invalid_input naming the field
// for an empty courier, service or reference, a sender or receiver without
// name, phone, address or location, no items, an item with quantity ≤ 0
// or negative weight or value, a negative COD amount or insured value, or a
// chargeable weight ≤ 0.
func (r BookingRequest) Validate() error {
	bad := func(field, msg string) error {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: %s", msg).WithField(field)
	}
	switch {
	case strings.TrimSpace(r.Reference) == "":
		return bad("reference", "a booking needs a reference")
	case strings.TrimSpace(r.Courier) == "":
		return bad("courier", "a booking needs a courier")
	case strings.TrimSpace(r.Service) == "":
		return bad("service", "a booking needs a courier service")
	case len(r.Items) == 0:
		return bad("items", "a booking needs items")
	case r.ChargeableGrams <= 0:
		return bad("chargeable_grams", "a booking needs the chargeable weight")
	case r.COD < 0 || r.COD > money.MaxAmount:
		return bad("cod", "the COD amount must be a rupiah amount ≥ 0")
	case r.InsuredValue < 0 || r.InsuredValue > money.MaxAmount:
		return bad("insured_value", "the insured value must be a rupiah amount ≥ 0")
	}
	for _, p := range []struct {
		field string
		p     Party
	}{{"sender", r.Sender}, {"receiver", r.Receiver}} {
		switch {
		case strings.TrimSpace(p.p.Name) == "":
			return bad(p.field+".name", p.field+" needs a name")
		case strings.TrimSpace(p.p.Phone) == "":
			return bad(p.field+".phone", p.field+" needs a phone")
		case strings.TrimSpace(p.p.Address) == "":
			return bad(p.field+".address", p.field+" needs an address")
		case p.p.Location.ID == "" && p.p.Postal() == "":
			return bad(p.field+".location", p.field+" needs a location or a postal code")
		}
	}
	for i, it := range r.Items {
		f := "items[" + strconv.Itoa(i) + "]"
		switch {
		case it.Quantity <= 0:
			return bad(f+".quantity", "an item's quantity must be at least 1")
		case it.WeightGrams < 0:
			return bad(f+".weight", "an item's weight must not be negative")
		case it.Value < 0:
			return bad(f+".value", "an item's value must not be negative")
		}
	}
	return nil
}

// Label is what a shipping label needs from the courier beyond the order:
// the airway bill (printed as a barcode) and the courier's routing codes.
type Label struct {
	AirwayBill  string `json:"airway_bill"`
	RoutingCode string `json:"routing_code,omitempty"` // the sorting code couriers print large (e.g. "CGK-JKT01")
	Origin      string `json:"origin_code,omitempty"`
	Destination string `json:"destination_code,omitempty"`
}

// Booking is a courier's acceptance of a parcel.
type Booking struct {
	ID         string    // the courier's booking id, for cancelling it
	AirwayBill string    // resi
	Courier    string    // courier code
	Service    string    // service code
	Label      Label     // what the label prints
	BookedAt   time.Time // on the courier's clock
}

// PickupRequest asks a courier to collect booked parcels from the sender.
type PickupRequest struct {
	Bookings []string  // booking ids
	Date     time.Time // the day; only its date counts
	// From and To bound the time window, "HH:MM" (e.g. "09:00", "12:00").
	From, To string
	Address  string
	Contact  string // who hands the parcels over
	Phone    string
	Vehicle  string // "motor", "mobil" or "truk"
}

// Vehicles a pickup can come with.
var pickupVehicles = map[string]bool{"motor": true, "mobil": true, "truk": true}

// Validate checks a pickup request: invalid_input naming the field for no
// bookings, an empty or repeated booking id, a zero date, a window that is
// not two "HH:MM" times with From before To, an empty address, contact or
// phone, or a vehicle other than motor, mobil or truk.
func (r PickupRequest) Validate() error {
	bad := func(field, msg string) error {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: %s", msg).WithField(field)
	}
	if len(r.Bookings) == 0 {
		return bad("bookings", "a pickup needs at least one booking")
	}
	seen := map[string]bool{}
	for i, b := range r.Bookings {
		if strings.TrimSpace(b) == "" || seen[b] {
			return bad("bookings["+strconv.Itoa(i)+"]", "a pickup's bookings must be distinct and not empty")
		}
		seen[b] = true
	}
	if r.Date.IsZero() {
		return bad("date", "a pickup needs a date")
	}
	from, err1 := time.Parse("15:04", r.From)
	to, err2 := time.Parse("15:04", r.To)
	if err1 != nil || err2 != nil || !from.Before(to) {
		return bad("time_from", "a pickup window is two times HH:MM, the first before the second")
	}
	switch {
	case strings.TrimSpace(r.Address) == "":
		return bad("address", "a pickup needs an address")
	case strings.TrimSpace(r.Contact) == "":
		return bad("contact", "a pickup needs a contact person")
	case strings.TrimSpace(r.Phone) == "":
		return bad("phone", "a pickup needs the contact's phone")
	case !pickupVehicles[r.Vehicle]:
		return bad("vehicle", "a pickup vehicle is motor, mobil or truk")
	}
	return nil
}

// TrackRequest names a parcel to track.
type TrackRequest struct {
	AirwayBill string
	Courier    string // courier code; some couriers need it to find the airway bill
	BookingID  string // "" for a parcel booked elsewhere
}

// TrackingUpdate is what a courier pushed about one parcel: its events so
// far or the newest of them, and a new airway bill when the courier
// replaced it.
type TrackingUpdate struct {
	BookingID  string
	AirwayBill string
	Events     []checkout.TrackingEvent
}

// Shipments books parcels with a courier (or an aggregator), asks for
// pickups, and follows parcels.
type Shipments interface {
	// Book books the parcel and returns the booking with its airway bill.
	// Errors: invalid_input (see BookingRequest.Validate) before anything
	// is sent; ErrProviderRejected when the courier refuses it (no
	// service on the route); ErrProviderAuth; ErrProviderUnavailable.
	Book(ctx context.Context, req BookingRequest) (Booking, error)
	// CancelBooking cancels a booking the courier does not have yet.
	// Cancelling a cancelled booking again is not an error. Errors:
	// ErrBookingNotFound; ErrBookingNotCancellable once the parcel is
	// picked up (or the booking is otherwise final);
	// ErrProviderUnavailable, ErrProviderAuth.
	CancelBooking(ctx context.Context, bookingID string) error
	// RequestPickup asks the courier to collect the booked parcels and
	// returns the pickup's id. Errors: invalid_input (see
	// PickupRequest.Validate); ErrBookingNotFound for a booking it does not
	// know; ErrProviderRejected, ErrProviderUnavailable, ErrProviderAuth.
	RequestPickup(ctx context.Context, req PickupRequest) (string, error)
	// Track returns the parcel's tracking events so far, oldest first;
	// none yet is an empty list. Errors: invalid_input for an empty
	// airway bill; ErrNotFound when the courier knows no such airway
	// bill; ErrProviderUnavailable, ErrProviderAuth.
	Track(ctx context.Context, req TrackRequest) ([]checkout.TrackingEvent, error)
}

// TrackingPushes reads the tracking updates a courier pushes (a webhook).
type TrackingPushes interface {
	// VerifyPush authenticates a pushed request by its headers (header
	// returns a header's value by name, as http.Header.Get does) and reads
	// its body. A push about something other than tracking is no update
	// and no error. Errors: ErrInvalidSignature when the push is not the
	// courier's; ErrInvalidNotification when it is not as documented.
	VerifyPush(ctx context.Context, header func(name string) string, body []byte) ([]TrackingUpdate, error)
}

// CodePickupNotFound is the code of ErrPickupNotFound.
const CodePickupNotFound = "pickup_not_found"

// ErrPickupNotFound: the store has no such pickup.
var ErrPickupNotFound = errs.E(errs.NotFound, CodePickupNotFound, "ports: pickup not found")

// Pickup is a stored pickup request: the orders a courier collects in one
// visit, and when and where.
type Pickup struct {
	ID              string    `json:"id"`
	CourierPickupID string    `json:"courier_pickup_id"` // the courier's id of the pickup
	OrderIDs        []string  `json:"order_ids"`
	Date            time.Time `json:"date"` // the day, as midnight UTC
	From            string    `json:"time_from"`
	To              string    `json:"time_to"`
	Address         string    `json:"address"`
	Contact         string    `json:"contact"`
	Phone           string    `json:"phone"`
	Vehicle         string    `json:"vehicle"`
	CreatedAt       time.Time `json:"created_at"`
}

// Validate checks what every store needs of a pickup: invalid_input at
// id for an empty id, at order_ids for no orders.
func (p Pickup) Validate() error {
	if p.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a pickup needs an id").WithField("id")
	}
	if len(p.OrderIDs) == 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a pickup needs orders").WithField("order_ids")
	}
	return nil
}

// PickupFilter pages a listing of pickups.
type PickupFilter struct {
	Offset, Limit int // Limit 0 means no limit
}

// Pickups reads stored pickups.
type Pickups interface {
	// Pickup returns one by id: ErrPickupNotFound.
	Pickup(ctx context.Context, id string) (Pickup, error)
	// ListPickups returns the page f selects, newest first (by creation
	// time, then id), and the number of pickups before paging.
	ListPickups(ctx context.Context, f PickupFilter) ([]Pickup, int, error)
}
