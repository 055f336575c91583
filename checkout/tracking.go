package checkout

import (
	"strings"
	"time"
)

// ParcelStatus is what a courier's tracking event says of a parcel, in
// kasir's words; the courier's own text stays on the event. The zero value
// is an event that says nothing kasir acts on (a scan at a sorting centre
// the courier does not mark as in transit, a note).
type ParcelStatus string

// The parcel statuses a courier's tracking events map to.
const (
	ParcelInfo            ParcelStatus = ""                  // nothing kasir acts on
	ParcelPickedUp        ParcelStatus = "picked_up"         // the courier has the parcel
	ParcelInTransit       ParcelStatus = "in_transit"        // on its way to the buyer
	ParcelDelivered       ParcelStatus = "delivered"         // the buyer received it ("Diterima")
	ParcelReturnInTransit ParcelStatus = "return_in_transit" // on its way back to the seller
	ParcelReturned        ParcelStatus = "returned"          // back with the seller ("Retur Diterima")
	ParcelCancelled       ParcelStatus = "cancelled"         // the booking was cancelled
)

// ParcelStatuses lists the parcel statuses that say something, in the order
// a parcel goes through them.
func ParcelStatuses() []ParcelStatus {
	return []ParcelStatus{ParcelPickedUp, ParcelInTransit, ParcelDelivered, ParcelReturnInTransit, ParcelReturned, ParcelCancelled}
}

// Valid reports whether p is a declared parcel status (ParcelInfo
// included).
func (p ParcelStatus) Valid() bool {
	switch p {
	case ParcelInfo, ParcelPickedUp, ParcelInTransit, ParcelDelivered, ParcelReturnInTransit, ParcelReturned, ParcelCancelled:
		return true
	}
	return false
}

// TrackingEvent is one event of a parcel's tracking, as the courier
// reported it: its own status code and text, the time and the place, and
// the parcel status kasir reads from it.
type TrackingEvent struct {
	Status ParcelStatus `json:"status,omitempty"`
	Code   string       `json:"code,omitempty"` // the courier's status code, e.g. "picked" or "DELIVERED"
	Text   string       `json:"text"`           // the courier's own words, e.g. "Paket diterima oleh YANTI"
	At     time.Time    `json:"at"`
	Place  string       `json:"place,omitempty"`
}

// Key identifies the event: the same event reported twice (by a webhook
// and a poll, or a courier that repeats itself) has the same key.
func (e TrackingEvent) Key() string {
	return string(e.Status) + "|" + strings.TrimSpace(e.Code) + "|" + strings.TrimSpace(e.Text) + "|" +
		e.At.UTC().Format(time.RFC3339Nano) + "|" + strings.TrimSpace(e.Place)
}
