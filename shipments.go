package kasir

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// Error codes of fulfilment.
const (
	// CodeNoShipments (kind Unavailable): no courier is plugged in to book
	// or track parcels (Deps.Shipments is nil).
	CodeNoShipments = "shipments_not_configured"
	// CodeNotInPickup (kind Precondition): an order cannot join a pickup:
	// it is not booked, or is in another pickup already.
	CodeNotInPickup = "order_not_ready_for_pickup"
	// CodeUnknownCourierPush (kind NotFound): no courier webhook is
	// configured under the name.
	CodeUnknownCourierPush = "unknown_courier_webhook"
	// CodeBookingChanged (kind Conflict): the order's booking changed
	// while it was being cancelled; a retry may succeed.
	CodeBookingChanged = "booking_changed"
)

// MaxBookOrders is the most orders one BookMany or RequestPickup takes.
const MaxBookOrders = 500

func (s *Service) shipments() (ports.Shipments, error) {
	if s.deps.Shipments == nil {
		return nil, errs.E(errs.Unavailable, CodeNoShipments, "kasir: no courier is plugged in to book or track parcels")
	}
	return s.deps.Shipments, nil
}

// phoneDigits is a phone as couriers want it: international digits
// without "+" (6281234567890), also for a number the settings write
// nationally ("0812-3456-7890"); one that does not parse keeps its digits.
func phoneDigits(p string) string {
	if ph, err := checkout.ParsePhone(p); err == nil {
		return ph.MSISDN()
	}
	return ports.Digits(p)
}

// bookingRequest builds the courier's request for an order.
func (s *Service) bookingRequest(ctx context.Context, o *checkout.Order) (ports.BookingRequest, error) {
	sh := o.Shipment
	origin, err := s.deps.Locations.Location(ctx, sh.OriginID)
	if err != nil {
		return ports.BookingRequest{}, err
	}
	dest, err := s.deps.Locations.Location(ctx, o.Address.LocationID)
	if err != nil {
		return ports.BookingRequest{}, err
	}
	f := s.settings.Fulfilment
	sender := ports.Party{Name: cmp.Or(f.SenderName, s.settings.StoreName), Phone: phoneDigits(cmp.Or(f.SenderPhone, s.settings.CustomerServicePhone)),
		Address: cmp.Or(f.SenderAddress, origin.District+", "+origin.City), Location: origin}
	req := ports.BookingRequest{
		Reference: o.Number, Courier: sh.Courier, Service: sh.Service, Sender: sender,
		Receiver: ports.Party{Name: o.Customer.Name, Phone: phoneDigits(o.Customer.Phone), Address: o.Address.Line,
			Location: dest, PostalCode: o.Address.PostalCode},
		ChargeableGrams: sh.ChargeableGrams, Insured: sh.Insured, InsuredValue: o.Items.GoodsValue(), Note: o.Notes,
	}
	if o.Payment.Method == payment.COD {
		req.COD = o.Payment.Amount
	}
	for _, it := range o.Items {
		if !it.Digital {
			req.Items = append(req.Items, ports.RateItem{Name: it.Name, SKU: it.SKU, Value: it.UnitPrice, WeightGrams: it.UnitWeight, Quantity: it.Quantity, Dimensions: it.Dimensions})
		}
	}
	return req, nil
}

// Book books an order's parcel with the courier (Deps.Shipments) and
// moves it from processing to booked with the airway bill the courier
// gives. The courier is asked first; if the order changed meanwhile (it
// was cancelled, or booked by another call), the new booking is cancelled
// again and the order's state is the answer. Errors: order_not_found,
// order_not_bookable, shipments_not_configured, the courier's errors
// (provider_rejected, provider_unavailable …).
func (s *Service) Book(ctx context.Context, id string) (*checkout.Order, error) {
	if err := checkout.IDText.Check("id", id); err != nil {
		return nil, err
	}
	sh, err := s.shipments()
	if err != nil {
		return nil, err
	}
	o, err := s.deps.Store.Order(ctx, strings.TrimSpace(id))
	if err != nil {
		return nil, err
	}
	if err := o.Bookable(); err != nil {
		return nil, err
	}
	req, err := s.bookingRequest(ctx, o)
	if err != nil {
		return nil, err
	}
	b, err := sh.Book(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.update(ctx, o.ID, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if err := o.Bookable(); err != nil {
			return "", "", err
		}
		reason := "booked with " + b.Courier + " (" + b.ID + ")"
		ev, err := transition(ctx, tx, o, checkout.StatusBooked, now, reason, b.AirwayBill)
		if err != nil {
			return "", "", err
		}
		at := b.BookedAt
		if at.IsZero() {
			at = now
		}
		o.Booking = &checkout.Booking{ID: b.ID, Courier: b.Courier, Service: b.Service, BookedAt: at,
			RoutingCode: b.Label.RoutingCode, OriginCode: b.Label.Origin, DestinationCode: b.Label.Destination}
		return ev, reason, nil
	})
	if err != nil {
		if cerr := sh.CancelBooking(context.WithoutCancel(ctx), b.ID); cerr != nil {
			s.log.ErrorContext(ctx, "kasir: a booking the order did not take could not be cancelled", "order", o.ID, "booking", b.ID, "err", cerr)
		}
		return nil, err
	}
	return out, nil
}

// BookResult is one row of [Service.BookMany]: the order booked, or why
// not.
type BookResult struct {
	OrderID string          `json:"order_id"`
	Order   *checkout.Order `json:"order,omitempty"`
	Err     error           `json:"-"`
}

// BookMany books each order as [Service.Book] does and reports a result
// per id, in order; one order that fails does not stop the others.
// Errors (for the whole call): invalid_input at order_ids for none or more
// than MaxBookOrders; shipments_not_configured.
func (s *Service) BookMany(ctx context.Context, ids []string) ([]BookResult, error) {
	if len(ids) == 0 || len(ids) > MaxBookOrders {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: book 1–%d orders at once", MaxBookOrders).WithField("order_ids")
	}
	if _, err := s.shipments(); err != nil {
		return nil, err
	}
	out := make([]BookResult, len(ids))
	for i, id := range ids {
		o, err := s.Book(ctx, id)
		out[i] = BookResult{OrderID: id, Order: o, Err: errs.At("order_ids["+itoa(i)+"]", err)}
	}
	return out, nil
}

// cancelBooking cancels the order's booking with the courier when it has
// one that stands: booking_not_cancellable when the courier has the
// parcel.
func (s *Service) cancelBooking(ctx context.Context, o *checkout.Order) error {
	if !o.Booked() {
		return nil
	}
	sh, err := s.shipments()
	if err != nil {
		return err
	}
	err = sh.CancelBooking(ctx, o.Booking.ID)
	if errors.Is(err, ports.ErrBookingNotFound) {
		s.log.WarnContext(ctx, "kasir: the courier does not know the booking being cancelled", "order", o.ID, "booking", o.Booking.ID)
		return nil
	}
	return err
}

// voidBooking marks the order's booking cancelled at `at` and keeps its
// airway bill in the corrections, as the parcel will not travel on it.
func voidBooking(o *checkout.Order, at time.Time) {
	if !o.Booked() {
		return
	}
	o.Booking.CancelledAt = at
	if o.AirwayBill != "" {
		o.AirwayBills = append(o.AirwayBills, checkout.AirwayBillChange{Old: o.AirwayBill, At: at, Reason: "booking cancelled"})
		o.AirwayBill = ""
	}
}

// CancelBooking cancels a booked order's booking with the courier and
// moves the order back to processing, to be booked again (or shipped by
// hand). Errors: order_not_found; invalid_transition for an order that is
// not booked; booking_not_cancellable when the courier has the parcel
// (the order is then unchanged); the courier's errors.
func (s *Service) CancelBooking(ctx context.Context, id, reason string) (*checkout.Order, error) {
	o, err := s.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.Status() != checkout.StatusBooked {
		// Not Transition's error: a pending order may become processing,
		// which is no cancelled booking.
		return nil, errs.E(errs.Precondition, checkout.CodeInvalidTransition, "kasir: order "+o.Number+" is "+string(o.Status())+", not booked")
	}
	return s.Transition(ctx, id, TransitionRequest{To: checkout.StatusProcessing, Reason: cmp.Or(strings.TrimSpace(reason), "booking cancelled")})
}

// CorrectAirwayBill replaces an order's airway bill (a typo, or the
// courier issued another), keeping the old one in the order's
// corrections and history. Errors: order_not_found, no_airway_bill,
// invalid_input at airway_bill.
func (s *Service) CorrectAirwayBill(ctx context.Context, id, awb, reason string) (*checkout.Order, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).add(checkout.IDText, "airway_bill", awb).add(checkout.NoteText, "reason", reason).check(); err != nil {
		return nil, err
	}
	return s.update(ctx, id, func(_ context.Context, _ ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		changed, err := o.CorrectAirwayBill(awb, now, strings.TrimSpace(reason))
		if err != nil || !changed {
			return "", "", err
		}
		return ports.EventOrderChanged, "airway bill corrected", nil
	})
}

// RecordTracking applies a parcel's tracking events to the order (see
// docs/fulfilment.md): each event new to the order is kept, with its
// outcome; one that moves the order moves it through the life cycle (a
// delivery reported before the pickup scan ships the order first), with
// the event of each move; the same event again changes nothing; one that
// does not fit the order's life cycle is kept, logged, and not applied.
// Errors: order_not_found.
func (s *Service) RecordTracking(ctx context.Context, id string, events []checkout.TrackingEvent) (*checkout.Order, error) {
	if err := checkout.IDText.Check("id", id); err != nil {
		return nil, err
	}
	return s.update(ctx, id, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		return s.applyTracking(ctx, tx, o, events, now)
	})
}

// applyTracking is RecordTracking inside a unit of work.
func (s *Service) applyTracking(ctx context.Context, tx ports.Tx, o *checkout.Order, events []checkout.TrackingEvent, now time.Time) (ports.EventType, string, error) {
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b checkout.TrackingEvent) int {
		switch {
		case a.At.IsZero() || b.At.IsZero():
			return 0
		}
		return a.At.Compare(b.At)
	})
	changed := false
	for _, e := range evs {
		if !e.Status.Valid() || o.HasTracking(e) {
			continue
		}
		path, outcome, note := o.TrackingPlan(e)
		for _, to := range path {
			from := o.Status()
			reason := "tracking: " + e.Text
			ev, err := transition(ctx, tx, o, to, now, reason, "")
			if err != nil {
				return "", "", err
			}
			if err := s.record(ctx, tx, ports.Event{Type: ev, OrderID: o.ID, OrderNumber: o.Number, From: from, To: to, At: now, Reason: reason}); err != nil {
				return "", "", err
			}
		}
		switch outcome {
		case checkout.TrackingIgnored:
			s.log.WarnContext(ctx, "kasir: tracking event not applied", "order", o.ID, "number", o.Number, "status", o.Status(),
				"parcel_status", e.Status, "text", e.Text, "why", note)
		case checkout.TrackingStale:
			s.log.DebugContext(ctx, "kasir: late tracking event kept", "order", o.ID, "status", o.Status(), "parcel_status", e.Status)
		}
		o.KeepTracking(e, now, outcome, note)
		changed = true
	}
	if !changed {
		return "", "", nil
	}
	return evRecorded, "", nil
}

// courierOf is the courier code tracking asks with.
func courierOf(o *checkout.Order) string {
	if o.Booking != nil && o.Booking.Courier != "" {
		return o.Booking.Courier
	}
	if o.Shipment != nil {
		return o.Shipment.Courier
	}
	return ""
}

// TrackOrder asks the courier for the order's tracking and applies it as
// [Service.RecordTracking] does. Errors: order_not_found; no_airway_bill;
// shipments_not_configured; the courier's errors (not_found for an airway
// bill it does not know).
func (s *Service) TrackOrder(ctx context.Context, id string) (*checkout.Order, error) {
	sh, err := s.shipments()
	if err != nil {
		return nil, err
	}
	o, err := s.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.AirwayBill == "" {
		return nil, errs.E(errs.Precondition, checkout.CodeNoAirwayBill, "kasir: order "+o.Number+" has no airway bill to track")
	}
	req := ports.TrackRequest{AirwayBill: o.AirwayBill, Courier: courierOf(o)}
	if o.Booked() {
		req.BookingID = o.Booking.ID
	}
	evs, err := sh.Track(ctx, req)
	if err != nil {
		return nil, err
	}
	return s.update(ctx, o.ID, func(ctx context.Context, tx ports.Tx, cur *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if cur.AirwayBill != req.AirwayBill {
			return "", "", nil // corrected meanwhile: these events are of another parcel
		}
		return s.applyTracking(ctx, tx, cur, evs, now)
	})
}

// PollReport is what one [Service.PollTracking] run did.
type PollReport struct {
	Checked int `json:"checked"` // orders whose tracking was asked for
	Moved   int `json:"moved"`   // orders whose status changed
	Failed  int `json:"failed"`  // orders the courier could not answer for
}

// trackedStatuses are the statuses of orders whose parcel is travelling.
var trackedStatuses = []checkout.Status{checkout.StatusBooked, checkout.StatusShipped, checkout.StatusReturnInTransit}

// PollTracking asks the courier for the tracking of every order whose
// parcel is travelling (booked, shipped, return in transit, with an
// airway bill) and applies it, for couriers without webhooks. The host
// runs it periodically (the example server does, every few minutes). A
// courier failure for one order is logged and counted, and the run goes
// on. Errors: shipments_not_configured; a store error.
func (s *Service) PollTracking(ctx context.Context) (PollReport, error) {
	var rep PollReport
	if _, err := s.shipments(); err != nil {
		return rep, err
	}
	var ids []string
	for offset := 0; ; offset += 100 {
		os, total, err := s.deps.Store.ListOrders(ctx, ports.OrderFilter{Statuses: trackedStatuses, Offset: offset, Limit: 100})
		if err != nil {
			return rep, err
		}
		for _, o := range os {
			if o.AirwayBill != "" {
				ids = append(ids, o.ID)
			}
		}
		if len(os) < 100 || offset+100 >= total {
			break
		}
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		before, err := s.deps.Store.Order(ctx, id)
		if err != nil {
			return rep, err
		}
		rep.Checked++
		o, err := s.TrackOrder(ctx, id)
		if err != nil {
			rep.Failed++
			s.log.WarnContext(ctx, "kasir: tracking poll failed for an order", "order", id, "airway_bill", before.AirwayBill, "err", err)
			continue
		}
		if o.Status() != before.Status() {
			rep.Moved++
		}
	}
	return rep, nil
}

// PushReport is what one courier push did.
type PushReport struct {
	Updates int `json:"updates"` // parcels the push was about
	Applied int `json:"applied"` // of them, orders found and updated
}

// HandleCourierPush verifies a courier's webhook (the courier named as in
// Deps.CourierPushes) and applies its tracking updates to the orders of
// their airway bills, as [Service.RecordTracking] does. An update with
// an airway bill no order has, but the booking id of a booked order whose
// parcel travels, is the courier replacing the airway bill: the order
// takes the new one (the old kept in its corrections, event
// order.changed) and the events. An update no order matches is logged
// and acknowledged, so that the courier does not send it again.
// Errors:
// unknown_courier; invalid_signature; invalid_notification.
func (s *Service) HandleCourierPush(ctx context.Context, courier string, header func(string) string, body []byte) (PushReport, error) {
	var rep PushReport
	v, ok := s.deps.CourierPushes[courier]
	if !ok || v == nil {
		return rep, errs.E(errs.NotFound, CodeUnknownCourierPush, "kasir: no courier webhook is configured as "+courier)
	}
	ups, err := v.VerifyPush(ctx, header, body)
	if err != nil {
		return rep, err
	}
	for _, u := range ups {
		rep.Updates++
		o, err := s.orderOfParcel(ctx, u)
		if err != nil {
			if errors.Is(err, ports.ErrOrderNotFound) {
				s.log.WarnContext(ctx, "kasir: courier push for no order", "courier", courier, "airway_bill", u.AirwayBill, "booking", u.BookingID)
				continue
			}
			return rep, err
		}
		_, err = s.update(ctx, o.ID, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
			return s.applyPush(ctx, tx, o, u, now)
		})
		if err != nil {
			return rep, err
		}
		rep.Applied++
	}
	return rep, nil
}

// applyPush applies one pushed update to its order inside a unit of work:
// an airway bill the courier issued for the order's booking replaces the
// order's (kept in its corrections, event order.changed), then the events
// apply as RecordTracking applies them.
func (s *Service) applyPush(ctx context.Context, tx ports.Tx, o *checkout.Order, u ports.TrackingUpdate, now time.Time) (ports.EventType, string, error) {
	awb := strings.TrimSpace(u.AirwayBill)
	corrected := false
	if awb != "" && awb != o.AirwayBill && o.Booked() && o.Booking.ID == u.BookingID {
		old := o.AirwayBill
		changed, err := o.CorrectAirwayBill(awb, now, "the courier issued airway bill "+awb)
		if err != nil {
			return "", "", err
		}
		if changed {
			corrected = true
			s.log.InfoContext(ctx, "kasir: the courier issued another airway bill", "order", o.ID, "old", old, "new", awb)
			if err := s.record(ctx, tx, ports.Event{Type: ports.EventOrderChanged, OrderID: o.ID, OrderNumber: o.Number,
				From: o.Status(), To: o.Status(), At: now, Reason: "airway bill corrected"}); err != nil {
				return "", "", err
			}
		}
	}
	ev, reason, err := s.applyTracking(ctx, tx, o, u.Events, now)
	if err != nil || !corrected {
		return ev, reason, err
	}
	return evRecorded, "", nil // the correction's event, and tracking's own
}

// orderOfParcel finds the order a tracking update is about: by its
// airway bill, or else by the courier's booking id among the orders whose
// parcel travels (the courier replaced the airway bill); order_not_found
// when none.
func (s *Service) orderOfParcel(ctx context.Context, u ports.TrackingUpdate) (*checkout.Order, error) {
	if awb := strings.TrimSpace(u.AirwayBill); awb != "" {
		os, _, err := s.deps.Store.ListOrders(ctx, ports.OrderFilter{Query: awb, Limit: 20})
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			if o.AirwayBill == awb {
				return o, nil
			}
		}
	}
	if strings.TrimSpace(u.BookingID) == "" {
		return nil, ports.ErrOrderNotFound
	}
	for offset := 0; ; offset += 100 {
		os, total, err := s.deps.Store.ListOrders(ctx, ports.OrderFilter{Statuses: trackedStatuses, Offset: offset, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			if o.Booked() && o.Booking.ID == u.BookingID {
				return o, nil
			}
		}
		if len(os) < 100 || offset+100 >= total {
			return nil, ports.ErrOrderNotFound
		}
	}
}
