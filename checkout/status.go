package checkout

import (
	"encoding/json"
	"time"

	"github.com/kasir-id/kasir/errs"
)

// CodeInvalidTransition is the code of a status change the life cycle does
// not allow.
const CodeInvalidTransition = "invalid_transition"

// Status is where an order is in its life cycle (see docs/orders.md).
type Status string

// The order statuses, with the Indonesian names sellers know them by.
const (
	StatusDraft           Status = "draft"
	StatusPendingPayment  Status = "pending_payment"   // waiting for a transfer, gateway or invoice payment
	StatusProcessing      Status = "processing"        // paid, or COD accepted ("Diajukan")
	StatusBooked          Status = "booked"            // booked with the courier, airway bill issued, waiting for pickup ("Siap Dikirim")
	StatusShipped         Status = "shipped"           // handed to the courier with an airway bill ("Dikirim")
	StatusDelivered       Status = "delivered"         // "Diterima"
	StatusReturnInTransit Status = "return_in_transit" // on its way back to the seller ("Retur Dalam Perjalanan")
	StatusReturned        Status = "returned"          // back with the seller ("Retur Diterima")
	StatusCancelled       Status = "cancelled"         // "Batal"
	StatusExpired         Status = "expired"           // unpaid past its expiry
)

// transitions is the life cycle: from each status, where it may go.
var transitions = map[Status][]Status{
	StatusDraft:          {StatusPendingPayment, StatusProcessing, StatusCancelled},
	StatusPendingPayment: {StatusProcessing, StatusCancelled, StatusExpired},
	StatusProcessing:     {StatusBooked, StatusShipped, StatusCancelled},
	// booked → processing: the booking was cancelled, the order stays.
	StatusBooked:          {StatusShipped, StatusProcessing, StatusCancelled},
	StatusShipped:         {StatusDelivered, StatusReturnInTransit, StatusReturned},
	StatusReturnInTransit: {StatusReturned},
}

// Statuses lists every status in life-cycle order.
func Statuses() []Status {
	return []Status{StatusDraft, StatusPendingPayment, StatusProcessing, StatusBooked, StatusShipped, StatusDelivered,
		StatusReturnInTransit, StatusReturned, StatusCancelled, StatusExpired}
}

// Valid reports whether s is a declared status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusPendingPayment, StatusProcessing, StatusBooked, StatusShipped, StatusDelivered,
		StatusReturnInTransit, StatusReturned, StatusCancelled, StatusExpired:
		return true
	}
	return false
}

// Final reports whether no transition leaves s.
func (s Status) Final() bool { return s.Valid() && len(transitions[s]) == 0 }

// CanBecome reports whether the life cycle allows s → to.
func (s Status) CanBecome(to Status) bool {
	for _, t := range transitions[s] {
		if t == to {
			return true
		}
	}
	return false
}

// ParseStatus reads a status name; an unknown one is invalid_input naming
// no field (the caller places it with errs.At).
func ParseStatus(v string) (Status, error) {
	s := Status(v)
	if !s.Valid() {
		return "", errs.Invalidf(errs.CodeInvalidInput, "checkout: unknown order status %q", v)
	}
	return s, nil
}

// StatusChange is one entry of an order's history: a change of status, or
// (From equal to To) a change to the order in its status, such as an edit
// or a refund. Reason is the seller's and stays internal; Note is what the
// buyer is told, if anything.
type StatusChange struct {
	From   Status    `json:"from"`
	To     Status    `json:"to"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// Lifecycle is an order's status with the history of how it got there.
// The zero value is a draft with no history. It changes only through
// [Lifecycle.Transition], which enforces the life cycle.
type Lifecycle struct {
	status  Status
	history []StatusChange
}

// NewLifecycle starts a life cycle at status (draft, pending_payment or
// processing, the statuses an order is placed in), recording the start.
// Other statuses are invalid_input.
func NewLifecycle(status Status, at time.Time, reason string) (Lifecycle, error) {
	if status != StatusDraft && status != StatusPendingPayment && status != StatusProcessing {
		return Lifecycle{}, errs.Invalidf(errs.CodeInvalidInput, "checkout: an order cannot start as %s", status).WithField("status")
	}
	return Lifecycle{status: status, history: []StatusChange{{From: StatusDraft, To: status, At: at, Reason: reason}}}, nil
}

// RestoreLifecycle rebuilds a stored life cycle for storage adapters. It
// checks that the history is a path through the life cycle that ends at
// status; otherwise the error is invalid_input.
func RestoreLifecycle(status Status, history []StatusChange) (Lifecycle, error) {
	cur := StatusDraft
	for i, h := range history {
		if h.From != cur || (h.To != cur && !cur.CanBecome(h.To)) {
			return Lifecycle{}, errs.Invalidf(errs.CodeInvalidInput, "checkout: history entry %d (%s → %s) does not follow the life cycle", i, h.From, h.To).WithField("history")
		}
		cur = h.To
	}
	if cur != status || !status.Valid() {
		return Lifecycle{}, errs.Invalidf(errs.CodeInvalidInput, "checkout: history ends at %s, not %s", cur, status).WithField("status")
	}
	return Lifecycle{status: status, history: append([]StatusChange(nil), history...)}, nil
}

// Status returns the current status; a zero Lifecycle is a draft.
func (l Lifecycle) Status() Status {
	if l.status == "" {
		return StatusDraft
	}
	return l.status
}

// History returns a copy of the recorded changes, oldest first.
func (l Lifecycle) History() []StatusChange { return append([]StatusChange(nil), l.history...) }

// BuyerHistory is the history as the buyer may read it: every change of
// status with its note to the buyer and never the seller's reason; changes
// within a status are shown only when they carry a note.
func (l Lifecycle) BuyerHistory() []StatusChange {
	out := make([]StatusChange, 0, len(l.history))
	for _, h := range l.history {
		if h.From == h.To && h.Note == "" {
			continue
		}
		h.Reason = ""
		out = append(out, h)
	}
	return out
}

// record adds a change within the current status (an edit, a refund).
func (l *Lifecycle) record(at time.Time, reason string) {
	s := l.Status()
	l.status = s
	l.history = append(l.history, StatusChange{From: s, To: s, At: at, Reason: reason})
}

// tell sets the note to the buyer of the latest change.
func (l *Lifecycle) tell(note string) {
	if n := len(l.history); n > 0 {
		l.history[n-1].Note = note
	}
}

// Transition moves the order to `to` at the given time, recording reason.
// A change the life cycle does not allow (including to the same status) is
// invalid_transition (kind Precondition) and leaves l as it was.
func (l *Lifecycle) Transition(to Status, at time.Time, reason string) error {
	from := l.Status()
	if !to.Valid() {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: unknown order status %q", to).WithField("to")
	}
	if !from.CanBecome(to) {
		return errs.E(errs.Precondition, CodeInvalidTransition, "checkout: an order that is "+string(from)+" cannot become "+string(to)).WithField("to")
	}
	l.status = to
	l.history = append(l.history, StatusChange{From: from, To: to, At: at, Reason: reason})
	return nil
}

// lifecycleJSON is the stored form of a Lifecycle.
type lifecycleJSON struct {
	Status  Status         `json:"status"`
	History []StatusChange `json:"history"`
}

// MarshalJSON stores the status and its history.
func (l Lifecycle) MarshalJSON() ([]byte, error) {
	return json.Marshal(lifecycleJSON{Status: l.Status(), History: l.History()})
}

// UnmarshalJSON restores a stored life cycle through [RestoreLifecycle], so
// a history that does not follow the life cycle is refused.
func (l *Lifecycle) UnmarshalJSON(b []byte) error {
	var v lifecycleJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r, err := RestoreLifecycle(v.Status, v.History)
	if err != nil {
		return err
	}
	*l = r
	return nil
}
