package memory

import (
	"context"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// CaptureAbandoned implements [ports.Abandoned] under the store's lock:
// update runs with a copy and must not call the store. Errors:
// update's error unchanged; ports.ErrDuplicate; invalid_input for a nil
// checkout, an empty id or phone, or an update that changes the id.
func (s *Store) CaptureAbandoned(ctx context.Context, a *checkout.Abandoned, update func(*checkout.Abandoned) error) (*checkout.Abandoned, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	if a == nil || a.ID == "" || a.Phone == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "an abandoned checkout needs an id and a phone").WithField("id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var open *checkout.Abandoned
	for id := range s.byPhone[a.Phone] {
		if c := s.abandoned[id]; c.Status == checkout.AbandonedOpen && (open == nil || newerAbandoned(c, open)) {
			open = c
		}
	}
	if open == nil {
		if _, dup := s.abandoned[a.ID]; dup {
			return nil, withMessage(ports.ErrDuplicate, "memory: abandoned checkout %q exists", a.ID)
		}
		s.putAbandoned(a.Clone())
		return a.Clone(), nil
	}
	c := open.Clone()
	if err := update(c); err != nil {
		return nil, err
	}
	if c.ID != open.ID {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "an abandoned checkout's id cannot change").WithField("id")
	}
	s.putAbandoned(c.Clone())
	return c, nil
}

// newerAbandoned reports whether a sorts before b in a listing: created
// later, or at once with a greater id.
func newerAbandoned(a, b *checkout.Abandoned) bool {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c > 0
	}
	return a.ID > b.ID
}
