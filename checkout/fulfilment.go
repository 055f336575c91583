package checkout

import (
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
)

// Fulfilment error codes.
const (
	// CodeNotBookable (kind Precondition): only a processing order with a
	// courier service can be booked.
	CodeNotBookable = "order_not_bookable"
	// CodeNoAirwayBill (kind Precondition): the order has no airway bill
	// to track or correct.
	CodeNoAirwayBill = "no_airway_bill"
)

// Booking is the courier's booking of an order's parcel: what the label
// prints and what cancelling or a pickup needs.
type Booking struct {
	ID              string    `json:"id"` // the courier's booking id
	Courier         string    `json:"courier"`
	Service         string    `json:"service"`
	BookedAt        time.Time `json:"booked_at"`
	RoutingCode     string    `json:"routing_code,omitempty"`
	OriginCode      string    `json:"origin_code,omitempty"`
	DestinationCode string    `json:"destination_code,omitempty"`
	// PickupID is kasir's id of the pickup the parcel is in; "" before a
	// pickup is requested.
	PickupID string `json:"pickup_id,omitempty"`
	// CancelledAt is when the booking was cancelled; zero while it stands.
	CancelledAt time.Time `json:"cancelled_at,omitzero"`
}

// Tracking outcomes: what an event did to the order.
const (
	TrackingApplied = "applied" // it moved the order, or agreed with its status
	TrackingStale   = "stale"   // the order was already past it (it came late)
	TrackingIgnored = "ignored" // it does not fit the order's life cycle; not applied
)

// TrackingRecord is a tracking event as the order keeps it: the courier's
// event, when kasir received it, and what it did.
type TrackingRecord struct {
	TrackingEvent
	ReceivedAt time.Time `json:"received_at"`
	Outcome    string    `json:"outcome"`
	Note       string    `json:"note,omitempty"` // why it was not applied
}

// AirwayBillChange is a correction of an order's airway bill.
type AirwayBillChange struct {
	Old    string    `json:"old"`
	New    string    `json:"new"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

// Bookable returns order_not_bookable (kind Precondition) unless the order
// is processing and ships with a courier service, and was not imported
// from a marketplace (an external order's courier is booked there).
func (o *Order) Bookable() error {
	if o.External != nil {
		return errs.E(errs.Precondition, CodeNotBookable, "checkout: order "+o.Number+" was sold on "+o.External.Source+", whose courier booking it keeps; it is not booked through kasir")
	}
	if o.Status() != StatusProcessing || o.Shipment == nil || o.Shipment.Courier == "" {
		return errs.E(errs.Precondition, CodeNotBookable, "checkout: order "+o.Number+" is "+string(o.Status())+"; only a processing order with a courier service can be booked")
	}
	return nil
}

// Booked reports whether the order has a booking that stands.
func (o *Order) Booked() bool { return o.Booking != nil && o.Booking.CancelledAt.IsZero() }

// LastTracking returns the latest tracking event the order kept (by the
// courier's time, the later received first on a tie), or nil when none.
func (o *Order) LastTracking() *TrackingRecord {
	if len(o.Tracking) == 0 {
		return nil
	}
	last := o.Tracking[0]
	for _, r := range o.Tracking[1:] {
		if !r.At.Before(last.At) {
			last = r
		}
	}
	return &last
}

// HasTracking reports whether the order already keeps the event. An event
// without a time (a courier that pushes a status without one) matches a
// kept event with the same status, code and text at any time.
func (o *Order) HasTracking(e TrackingEvent) bool {
	if e.At.IsZero() {
		return slices.ContainsFunc(o.Tracking, func(r TrackingRecord) bool {
			return r.Status == e.Status && r.Code == e.Code && r.Text == e.Text
		})
	}
	k := e.Key()
	return slices.ContainsFunc(o.Tracking, func(r TrackingRecord) bool { return r.Key() == k })
}

// trackingStatuses are the statuses tracking events move an order
// between.
var trackingStatuses = map[Status]bool{StatusBooked: true, StatusShipped: true, StatusDelivered: true, StatusReturnInTransit: true, StatusReturned: true}

// target is the order status a parcel status moves an order to, or "".
func target(p ParcelStatus) Status {
	switch p {
	case ParcelPickedUp, ParcelInTransit:
		return StatusShipped
	case ParcelDelivered:
		return StatusDelivered
	case ParcelReturnInTransit:
		return StatusReturnInTransit
	case ParcelReturned:
		return StatusReturned
	}
	return ""
}

// pathTo returns the shortest list of statuses that leads from `from` to
// `to` through the life cycle, moving only among the tracking statuses,
// or nil when there is none.
func pathTo(from, to Status) []Status {
	type step struct {
		s    Status
		path []Status
	}
	queue, seen := []step{{s: from}}, map[Status]bool{from: true}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, next := range transitions[cur.s] {
			if seen[next] || !trackingStatuses[next] {
				continue
			}
			p := append(slices.Clone(cur.path), next)
			if next == to {
				return p
			}
			seen[next] = true
			queue = append(queue, step{next, p})
		}
	}
	return nil
}

// TrackingPlan says what a tracking event does to the order: the
// statuses it moves it through (none when it agrees with the status or is
// not applied), its outcome (TrackingApplied, TrackingStale or
// TrackingIgnored) and, when not applied, why.
//
// An event moves an order that is booked, shipped or returning along the
// life cycle towards the event's status, through the statuses between (a
// delivery reported before the pickup scan ships the order, then delivers
// it). An event of a status the order is already past (a pickup scan that
// arrives after the delivery) is stale; one that contradicts the order (a
// delivery of a returned parcel, a courier's cancellation, any event of an
// order that is not with a courier) is ignored. Information events apply
// to a booked or shipped order without moving it.
func (o *Order) TrackingPlan(e TrackingEvent) (path []Status, outcome, note string) {
	from := o.Status()
	if from != StatusBooked && from != StatusShipped && from != StatusReturnInTransit && from != StatusDelivered && from != StatusReturned {
		return nil, TrackingIgnored, "the order is " + string(from) + ", not with a courier"
	}
	to := target(e.Status)
	switch {
	case e.Status == ParcelCancelled:
		return nil, TrackingIgnored, "the courier reports the booking cancelled"
	case to == "" || to == from:
		if from.Final() && e.Status == ParcelInfo {
			return nil, TrackingStale, "the order is already " + string(from)
		}
		return nil, TrackingApplied, ""
	}
	if p := pathTo(from, to); p != nil {
		return p, TrackingApplied, ""
	}
	if pathTo(to, from) != nil || (to == StatusShipped && from != StatusBooked) {
		return nil, TrackingStale, "the order is already " + string(from)
	}
	return nil, TrackingIgnored, "a " + string(e.Status) + " event does not fit an order that is " + string(from)
}

// KeepTracking adds the event to the order's tracking with its outcome,
// received at `at`; an event without a time is dated `at`.
func (o *Order) KeepTracking(e TrackingEvent, at time.Time, outcome, note string) {
	if e.At.IsZero() {
		e.At = at
	}
	o.Tracking = append(o.Tracking, TrackingRecord{TrackingEvent: e, ReceivedAt: at, Outcome: outcome, Note: note})
	o.UpdatedAt = at
}

// CorrectAirwayBill replaces the order's airway bill, keeping the old one
// in AirwayBills and a change in the history with the reason. The same
// airway bill again changes nothing and reports false. Errors:
// no_airway_bill (kind Precondition) when the order has none yet;
// invalid_input at airway_bill for an empty one.
func (o *Order) CorrectAirwayBill(awb string, at time.Time, reason string) (bool, error) {
	awb = strings.TrimSpace(awb)
	if awb == "" {
		return false, errs.Invalidf(errs.CodeInvalidInput, "checkout: an airway bill is required").WithField("airway_bill")
	}
	if o.AirwayBill == "" {
		return false, errs.E(errs.Precondition, CodeNoAirwayBill, "checkout: order "+o.Number+" has no airway bill to correct")
	}
	if awb == o.AirwayBill {
		return false, nil
	}
	o.AirwayBills = append(o.AirwayBills, AirwayBillChange{Old: o.AirwayBill, New: awb, At: at, Reason: reason})
	if reason == "" {
		reason = "airway bill corrected"
	}
	o.Lifecycle.record(at, reason+" ("+o.AirwayBill+" → "+awb+")")
	o.AirwayBill = awb
	o.UpdatedAt = at
	return true, nil
}
