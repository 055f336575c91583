package memory

import (
	"context"
	"slices"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// outbox is the store's events in the order they were appended. The
// store's lock guards it; its zero value is empty.
type outbox struct {
	// events are those from seq base+1 on, by seq: the delivered events
	// before the oldest undelivered one are dropped.
	events []*outboxEntry
	base   int64
	ids    map[string]struct{} // event ids taken
}

type outboxEntry struct {
	ev        ports.OutboxEvent
	available time.Time // not claimable before (a lease or a retry)
	delivered bool
}

// AppendEvent implements [ports.Tx]: the event is undone with the unit.
// Its Store becomes the store's id.
// Errors: invalid_input for an empty id or type; ports.ErrDuplicate when
// the id is taken.
func (t *tx) AppendEvent(_ context.Context, e ports.Event) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := checkEvent(e); err != nil {
		return err
	}
	e.Store = t.s.id
	ob := &t.s.outbox
	if _, dup := ob.ids[e.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: event %q exists", e.ID)
	}
	if ob.ids == nil {
		ob.ids = map[string]struct{}{}
	}
	ob.ids[e.ID] = struct{}{}
	ob.events = append(ob.events, &outboxEntry{ev: ports.OutboxEvent{Event: e, Seq: ob.base + int64(len(ob.events)) + 1}})
	t.onRollback(func() {
		delete(ob.ids, e.ID)
		ob.events = ob.events[:len(ob.events)-1]
	})
	return nil
}

// checkEvent refuses an event the outbox cannot keep.
func checkEvent(e ports.Event) error {
	switch {
	case e.ID == "":
		return errs.Invalidf(errs.CodeInvalidInput, "an event needs an id").WithField("id")
	case e.Type == "":
		return errs.Invalidf(errs.CodeInvalidInput, "an event needs a type").WithField("type")
	}
	return nil
}

// checkClaim refuses a claim with no lease or no room.
func checkClaim(c ports.Claim) error {
	if c.Lease <= 0 || c.Limit <= 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "a claim needs a lease and a limit above 0").WithField("lease")
	}
	return nil
}

// ClaimEvents implements [ports.Outbox].
func (s *Store) ClaimEvents(ctx context.Context, c ports.Claim) ([]ports.OutboxEvent, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	if err := checkClaim(c); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ports.OutboxEvent
	blocked := map[string]bool{} // orders with an older undelivered event
	for _, en := range s.outbox.events {
		if len(out) == c.Limit {
			break
		}
		if en.delivered {
			continue
		}
		order := en.ev.OrderID
		head := !blocked[order]
		blocked[order] = true
		if !head || (c.OrderID != "" && order != c.OrderID) || en.available.After(c.Now) {
			continue
		}
		en.available = c.Now.Add(c.Lease)
		en.ev.Attempts++
		out = append(out, en.ev)
	}
	return out, nil
}

// entry returns the outbox entry of seq, nil for a delivered event already
// dropped; the caller holds the lock.
func (s *Store) entry(seq int64) (*outboxEntry, error) {
	ob := &s.outbox
	switch {
	case seq < 1 || seq > ob.base+int64(len(ob.events)):
		return nil, withMessage(ports.ErrNotFound, "memory: no event %d in the outbox", seq)
	case seq <= ob.base:
		return nil, nil
	}
	return ob.events[seq-ob.base-1], nil
}

// MarkDelivered implements [ports.Outbox].
func (s *Store) MarkDelivered(ctx context.Context, seq int64, _ time.Time) error {
	return s.changeEntry(ctx, seq, func(en *outboxEntry) {
		en.delivered = true
		ob := &s.outbox
		n := 0
		for n < len(ob.events) && ob.events[n].delivered {
			n++
		}
		ob.events = slices.Delete(ob.events, 0, n)
		ob.base += int64(n)
	})
}

// DeferEvent implements [ports.Outbox].
func (s *Store) DeferEvent(ctx context.Context, seq int64, at time.Time) error {
	return s.changeEntry(ctx, seq, func(en *outboxEntry) {
		if !en.delivered {
			en.available = at
		}
	})
}

// changeEntry runs change on the entry of seq under the lock; a delivered
// event already dropped is left as it is.
func (s *Store) changeEntry(ctx context.Context, seq int64, change func(*outboxEntry)) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	en, err := s.entry(seq)
	if err != nil || en == nil {
		return err
	}
	change(en)
	return nil
}
