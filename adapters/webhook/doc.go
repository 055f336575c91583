// Package webhook sends order events to the seller's own HTTP endpoints:
// a [Dispatcher] is the ports.Events sink that a kasir.Relay delivers the
// store's outbox to, and the ports.Webhooks registry of endpoints and of
// the log of every delivery attempt.
//
// # What an endpoint receives
//
// Each event is one POST with the event as JSON:
//
//	POST /hooks/kasir HTTP/1.1
//	Content-Type: application/json
//	Kasir-Event-Id: 6f1c…
//	Kasir-Event-Type: order.paid
//	Kasir-Signature: t=1732330800,v1=<64 lower-case hex digits>
//
//	{"id":"6f1c…","type":"order.paid","order_id":"…","order_number":"INV20261123-0001",
//	 "from":"pending_payment","to":"processing","at":"2026-11-23T03:00:00Z","reason":"…"}
//
// The event types (Kasir-Event-Type, and "type" in the body), with from
// and to the order's statuses before and after:
//
//	order.placed          an order was placed
//	order.paid            a payment arrived (pending_payment → processing)
//	order.changed         the order was edited, or its airway bill corrected
//	order.cancelled       cancelled (a booking with the courier cancelled first)
//	order.expired         unpaid past its deadline
//	order.refunded        a paid order's money went back, in full or in part
//	order.booked          booked with the courier (processing → booked, with its airway bill)
//	order.picked_up       the courier has the parcel, or the seller shipped it (→ shipped)
//	order.delivered       the courier delivered it (→ delivered)
//	order.return_started  the parcel is on its way back (→ return_in_transit)
//	order.returned        the parcel is back with the seller (→ returned)
//	order.transitioned    any other move (a booking cancelled: booked → processing)
//
// A courier's tracking can move an order through several statuses at once
// (a delivery reported before the pickup scan): each move is its own event,
// in order.
//
// The signature is the lower-case hex HMAC-SHA256, keyed by the endpoint's
// secret, of the timestamp t (Unix seconds), a full stop and the raw body.
// To check a delivery, a receiver computes the same over the body it read
// (before decoding it), compares in constant time, and refuses a
// timestamp far from its clock; in Go, [Verify] does all three. An event
// may arrive more than once (a retry, or a relay that crashed after
// sending it), always with the same id: a receiver drops a repeat by it.
//
// Answer 2xx once the event is stored. Anything else, or no answer within
// the attempt timeout, is tried again after 1 s, 2 s, 4 s … (at most a
// minute apart) until the retry time (five minutes by default) is over;
// the delivery log says which attempts failed and why.
package webhook
