package checkout

import (
	"slices"
	"time"

	"github.com/kasir-id/kasir/catalog"
)

// AbandonedStatus is where an abandoned checkout stands.
type AbandonedStatus string

// Abandoned checkout statuses.
const (
	AbandonedOpen      AbandonedStatus = "open"      // the buyer has not ordered yet
	AbandonedConverted AbandonedStatus = "converted" // the buyer's phone has since ordered
)

// FollowUp is one attempt to bring a buyer back, e.g. a WhatsApp message.
type FollowUp struct {
	At      time.Time `json:"at"`
	Channel string    `json:"channel"` // "whatsapp", "sms", "call", "email" …
	Note    string    `json:"note,omitempty"`
	By      string    `json:"by,omitempty"` // who followed up
}

// Abandoned is a checkout form where the buyer left a name and phone but did
// not order (see docs/orders.md). It converts when that phone places an order.
type Abandoned struct {
	ID          string                `json:"id"`
	Name        string                `json:"name"`
	Phone       string                `json:"phone"` // E.164
	Email       string                `json:"email,omitempty"`
	Lines       []catalog.LineRequest `json:"lines,omitempty"`
	Notes       string                `json:"notes,omitempty"`
	Status      AbandonedStatus       `json:"status"`
	CreatedAt   time.Time             `json:"created_at"`
	UpdatedAt   time.Time             `json:"updated_at"`
	OrderID     string                `json:"order_id,omitempty"` // the order it converted to
	ConvertedAt time.Time             `json:"converted_at,omitzero"`
	FollowUps   []FollowUp            `json:"follow_ups,omitempty"`
}

// Clone returns a deep copy.
func (a *Abandoned) Clone() *Abandoned {
	c := *a
	c.Lines = slices.Clone(a.Lines)
	c.FollowUps = slices.Clone(a.FollowUps)
	return &c
}
