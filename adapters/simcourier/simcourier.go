package simcourier

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// Compile-time checks.
var (
	_ ports.Shipments      = (*Courier)(nil)
	_ ports.TrackingPushes = (*Courier)(nil)
)

// HeaderToken is the header a push carries its token in.
const HeaderToken = "X-Simcourier-Token"

// DefaultToken is the push token when [Config.Token] is empty.
const DefaultToken = "simcourier-demo-token"

// Timeline is when a parcel's events happen, counted from its booking.
type Timeline struct {
	PickedUp      time.Duration // the courier collects it
	InTransit     time.Duration // it leaves the origin's hub
	Delivered     time.Duration // the buyer receives it (parcels that are not returned)
	ReturnStarted time.Duration // it heads back (parcels that are returned)
	Returned      time.Duration // it is back with the seller
}

// DefaultTimeline is the timeline of a [Config] that sets none: picked up
// after 4 hours, in transit after 12, delivered after 48; a returned
// parcel heads back after 72 hours and is back after 120.
func DefaultTimeline() Timeline {
	return Timeline{PickedUp: 4 * time.Hour, InTransit: 12 * time.Hour, Delivered: 48 * time.Hour,
		ReturnStarted: 72 * time.Hour, Returned: 120 * time.Hour}
}

// validate checks that the steps come one after another.
func (t Timeline) validate() error {
	if t.PickedUp < 0 || t.InTransit <= t.PickedUp || t.Delivered <= t.InTransit || t.ReturnStarted <= t.InTransit || t.Returned <= t.ReturnStarted {
		return errs.Invalidf(errs.CodeInvalidInput, "simcourier: the timeline's steps must come one after another").WithField("timeline")
	}
	return nil
}

// Config configures a [Courier]. Clock is required.
type Config struct {
	Clock ports.Clock
	// Prefix starts every airway bill; "SIM" when empty.
	Prefix string
	// Timeline is when events happen; DefaultTimeline() when zero.
	Timeline Timeline
	// ReturnPercent is the share of parcels that come back (0–100),
	// chosen by a hash of the airway bill.
	ReturnPercent int
	// Return names airway bills that come back, whatever ReturnPercent
	// says.
	Return []string
	// Token is what a push carries in HeaderToken; DefaultToken when
	// empty.
	Token string
}

// Courier is the simulated courier. Make one with [New]; it is safe for
// concurrent use.
type Courier struct {
	clock    ports.Clock
	prefix   string
	timeline Timeline
	percent  int
	token    string

	mu       sync.Mutex
	seq      int
	pickups  int
	bookings map[string]*parcel // booking id → parcel
	byAWB    map[string]*parcel
	returns  map[string]bool // airway bills named to come back
}

// parcel is one booking.
type parcel struct {
	booking     ports.Booking
	origin      string // city names, for the events' places
	destination string
	receiver    string
	cancelledAt time.Time
	pickupID    string
}

// New returns a simulated courier. Errors are invalid_input naming the
// field: no clock, a ReturnPercent outside 0–100, a timeline whose steps
// do not come one after another, a prefix with anything but letters and
// digits.
func New(cfg Config) (*Courier, error) {
	if cfg.Clock == nil {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "simcourier: a clock is required").WithField("clock")
	}
	if cfg.ReturnPercent < 0 || cfg.ReturnPercent > 100 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "simcourier: the return percent must be 0–100").WithField("return_percent")
	}
	tl := cfg.Timeline
	if tl == (Timeline{}) {
		tl = DefaultTimeline()
	}
	if err := tl.validate(); err != nil {
		return nil, err
	}
	prefix := cfg.Prefix
	if prefix == "" {
		prefix = "SIM"
	}
	for _, r := range prefix {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "simcourier: the airway bill prefix holds letters and digits only").WithField("prefix")
		}
	}
	token := cfg.Token
	if token == "" {
		token = DefaultToken
	}
	c := &Courier{clock: cfg.Clock, prefix: prefix, timeline: tl, percent: cfg.ReturnPercent, token: token,
		bookings: map[string]*parcel{}, byAWB: map[string]*parcel{}, returns: map[string]bool{}}
	for _, awb := range cfg.Return {
		c.returns[awb] = true
	}
	return c, nil
}

// Return makes the named parcels come back instead of being delivered
// (those already delivered stay delivered).
func (c *Courier) Return(airwayBills ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, awb := range airwayBills {
		c.returns[awb] = true
	}
}

// returned reports whether the parcel comes back. c.mu is held.
func (c *Courier) returned(awb string) bool {
	if c.returns[awb] {
		return true
	}
	if c.percent == 0 {
		return false
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(awb))
	return int(h.Sum32()%100) < c.percent
}

// Book books the parcel: the next airway bill and booking id, with a label
// routed by the receiver's postal code. Errors: invalid_input from
// req.Validate; the context's error when ctx has ended.
func (c *Courier) Book(ctx context.Context, req ports.BookingRequest) (ports.Booking, error) {
	if err := ctx.Err(); err != nil {
		return ports.Booking{}, err
	}
	if err := req.Validate(); err != nil {
		return ports.Booking{}, err
	}
	now := c.clock.Now(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	awb := fmt.Sprintf("%s%010d", c.prefix, c.seq)
	b := ports.Booking{
		ID: fmt.Sprintf("BK%06d", c.seq), AirwayBill: awb,
		Courier: strings.ToLower(req.Courier), Service: strings.ToLower(req.Service), BookedAt: now,
		Label: ports.Label{AirwayBill: awb, Origin: area(req.Sender), Destination: area(req.Receiver),
			RoutingCode: area(req.Sender) + "-" + area(req.Receiver)},
	}
	p := &parcel{booking: b, origin: place(req.Sender), destination: place(req.Receiver), receiver: strings.TrimSpace(req.Receiver.Name)}
	c.bookings[b.ID] = p
	c.byAWB[awb] = p
	return b, nil
}

// area is a short routing code for a party: its postal code's first three
// digits, or its location id.
func area(p ports.Party) string {
	if pc := p.Postal(); len(pc) >= 3 {
		return pc[:3]
	}
	return strings.ToUpper(p.Location.ID)
}

// place names where a party is, as events show it.
func place(p ports.Party) string {
	switch {
	case p.Location.City != "":
		return strings.ToUpper(p.Location.City)
	case p.Location.District != "":
		return strings.ToUpper(p.Location.District)
	}
	return strings.ToUpper(p.Location.ID)
}

// CancelBooking cancels a booking the courier has not picked up.
// Cancelling it again changes nothing. Errors: ports.ErrBookingNotFound;
// ports.ErrBookingNotCancellable once the pickup time has come.
func (c *Courier) CancelBooking(ctx context.Context, bookingID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := c.clock.Now(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.bookings[bookingID]
	switch {
	case !ok:
		return errs.Wrap(errs.NotFound, ports.CodeBookingNotFound, ports.ErrBookingNotFound, "simcourier: no booking "+bookingID)
	case !p.cancelledAt.IsZero():
		return nil
	case !now.Before(p.booking.BookedAt.Add(c.timeline.PickedUp)):
		return errs.Wrap(errs.Precondition, ports.CodeBookingNotCancellable, ports.ErrBookingNotCancellable, "simcourier: parcel "+p.booking.AirwayBill+" is picked up")
	}
	p.cancelledAt = now
	return nil
}

// RequestPickup records a pickup of the bookings and returns its id.
// Errors: invalid_input from req.Validate; ports.ErrBookingNotFound for an
// unknown booking; ports.ErrProviderRejected for a cancelled one.
func (c *Courier) RequestPickup(ctx context.Context, req ports.PickupRequest) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := req.Validate(); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, id := range req.Bookings {
		p, ok := c.bookings[id]
		if !ok {
			return "", errs.At("bookings["+fmt.Sprint(i)+"]", errs.Wrap(errs.NotFound, ports.CodeBookingNotFound, ports.ErrBookingNotFound, "simcourier: no booking "+id))
		}
		if !p.cancelledAt.IsZero() {
			return "", errs.At("bookings["+fmt.Sprint(i)+"]", errs.Wrap(errs.Invalid, ports.CodeProviderRejected, ports.ErrProviderRejected, "simcourier: booking "+id+" is cancelled"))
		}
	}
	c.pickups++
	id := fmt.Sprintf("PU%06d", c.pickups)
	for _, b := range req.Bookings {
		c.bookings[b].pickupID = id
	}
	return id, nil
}

// Track returns the parcel's events up to now, oldest first. Errors:
// invalid_input for an empty airway bill; ports.ErrNotFound for one the
// courier never issued.
func (c *Courier) Track(ctx context.Context, req ports.TrackRequest) ([]checkout.TrackingEvent, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.AirwayBill) == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "simcourier: an airway bill is required").WithField("airway_bill")
	}
	now := c.clock.Now(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.byAWB[strings.TrimSpace(req.AirwayBill)]
	if !ok {
		return nil, errs.Wrap(errs.NotFound, ports.CodeNotFound, ports.ErrNotFound, "simcourier: no parcel "+req.AirwayBill)
	}
	return c.events(p, now), nil
}

// events is the parcel's timeline up to now. c.mu is held.
func (c *Courier) events(p *parcel, now time.Time) []checkout.TrackingEvent {
	b, tl := p.booking.BookedAt, c.timeline
	all := []checkout.TrackingEvent{
		{Status: checkout.ParcelPickedUp, Code: "PICKUP", Text: "Paket telah di-pickup oleh kurir", At: b.Add(tl.PickedUp), Place: p.origin},
		{Status: checkout.ParcelInTransit, Code: "TRANSIT", Text: "Paket dalam perjalanan menuju " + p.destination, At: b.Add(tl.InTransit), Place: p.origin},
	}
	if c.returned(p.booking.AirwayBill) {
		all = append(all,
			checkout.TrackingEvent{Status: checkout.ParcelReturnInTransit, Code: "RETURN", Text: "Paket dalam perjalanan kembali ke pengirim", At: b.Add(tl.ReturnStarted), Place: p.destination},
			checkout.TrackingEvent{Status: checkout.ParcelReturned, Code: "RETURNED", Text: "Paket retur diterima pengirim", At: b.Add(tl.Returned), Place: p.origin})
	} else {
		all = append(all, checkout.TrackingEvent{Status: checkout.ParcelDelivered, Code: "DELIVERED", Text: "Paket diterima oleh " + p.receiver, At: b.Add(tl.Delivered), Place: p.destination})
	}
	var out []checkout.TrackingEvent
	if !p.cancelledAt.IsZero() {
		all = []checkout.TrackingEvent{{Status: checkout.ParcelCancelled, Code: "CANCELLED", Text: "Booking dibatalkan", At: p.cancelledAt, Place: p.origin}}
	}
	for _, e := range all {
		if !e.At.After(now) {
			out = append(out, e)
		}
	}
	if out == nil {
		out = []checkout.TrackingEvent{}
	}
	return out
}

// push is the body of a push: one parcel and its events so far.
type push struct {
	BookingID  string                   `json:"booking_id"`
	AirwayBill string                   `json:"airway_bill"`
	Events     []checkout.TrackingEvent `json:"events"`
}

// Push returns the token and body the courier would push to a webhook
// about the parcel now: its events so far. Errors: ports.ErrNotFound for
// an airway bill it never issued.
func (c *Courier) Push(ctx context.Context, airwayBill string) (token string, body []byte, err error) {
	evs, err := c.Track(ctx, ports.TrackRequest{AirwayBill: airwayBill})
	if err != nil {
		return "", nil, err
	}
	c.mu.Lock()
	id := c.byAWB[airwayBill].booking.ID
	c.mu.Unlock()
	body, err = json.Marshal(push{BookingID: id, AirwayBill: airwayBill, Events: evs})
	return c.token, body, err
}

// VerifyPush reads a push made by [Courier.Push]: the token in HeaderToken
// must be the configured one (ports.ErrInvalidSignature otherwise) and the
// body a push with an airway bill and events of known parcel statuses
// (ports.ErrInvalidNotification otherwise).
func (c *Courier) VerifyPush(_ context.Context, header func(string) string, body []byte) ([]ports.TrackingUpdate, error) {
	if subtle.ConstantTimeCompare([]byte(header(HeaderToken)), []byte(c.token)) != 1 {
		return nil, errs.Wrap(errs.Unauthorized, ports.CodeInvalidSignature, ports.ErrInvalidSignature, "simcourier: push token invalid")
	}
	var p push
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, errs.Wrap(errs.Invalid, ports.CodeInvalidNotification, fmt.Errorf("%w: %w", ports.ErrInvalidNotification, err), "simcourier: malformed push")
	}
	if strings.TrimSpace(p.AirwayBill) == "" || slices.ContainsFunc(p.Events, func(e checkout.TrackingEvent) bool { return !e.Status.Valid() || e.At.IsZero() }) {
		return nil, errs.Wrap(errs.Invalid, ports.CodeInvalidNotification, ports.ErrInvalidNotification, "simcourier: push without airway bill, or with an unknown status or no time")
	}
	return []ports.TrackingUpdate{{BookingID: p.BookingID, AirwayBill: p.AirwayBill, Events: p.Events}}, nil
}
