package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// CreateAbandoned implements [ports.Abandoned]; it stores a copy. Errors:
// ports.ErrDuplicate; invalid_input for a nil checkout or an empty id.
func (s *Store) CreateAbandoned(ctx context.Context, a *checkout.Abandoned) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if a == nil || a.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: an abandoned checkout needs an id").WithField("id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.abandoned[a.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: abandoned checkout %q exists", a.ID)
	}
	s.putAbandoned(a.Clone())
	return nil
}

// putAbandoned stores a, keeping byPhone in step; the caller holds the
// lock.
func (s *Store) putAbandoned(a *checkout.Abandoned) {
	if old, ok := s.abandoned[a.ID]; ok && old.Phone != a.Phone {
		delete(s.byPhone[old.Phone], a.ID)
		if len(s.byPhone[old.Phone]) == 0 {
			delete(s.byPhone, old.Phone)
		}
	}
	s.abandoned[a.ID] = a
	if s.byPhone[a.Phone] == nil {
		s.byPhone[a.Phone] = map[string]bool{}
	}
	s.byPhone[a.Phone][a.ID] = true
}

// Abandoned implements [ports.Abandoned]: a copy. Errors:
// ports.ErrAbandonedNotFound.
func (s *Store) Abandoned(ctx context.Context, id string) (*checkout.Abandoned, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.abandoned[id]
	if !ok {
		return nil, abandonedNotFound(id)
	}
	return a.Clone(), nil
}

// UpdateAbandoned implements [ports.Abandoned]. fn runs under the store's
// lock with a copy and must not call the store. Errors:
// ports.ErrAbandonedNotFound; fn's error unchanged (nothing is stored, as
// when fn panics); invalid_input when fn changes the id.
func (s *Store) UpdateAbandoned(ctx context.Context, id string, fn func(*checkout.Abandoned) error) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.abandoned[id]
	if !ok {
		return abandonedNotFound(id)
	}
	c := a.Clone()
	if err := fn(c); err != nil {
		return err
	}
	if c.ID != id {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: an abandoned checkout's id cannot change").WithField("id")
	}
	s.putAbandoned(c.Clone())
	return nil
}

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

// ListAbandoned implements [ports.Abandoned]: copies of the page f selects,
// newest first (by creation time, then id, both descending), and the total
// before paging. Limit 0 means no limit. Errors: invalid_input for a
// negative offset or limit.
func (s *Store) ListAbandoned(ctx context.Context, f ports.AbandonedFilter) ([]*checkout.Abandoned, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: offset and limit must not be negative").WithField("offset")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var found []*checkout.Abandoned
	match := func(a *checkout.Abandoned) {
		if (f.Status == "" || a.Status == f.Status) && (f.Phone == "" || a.Phone == f.Phone) {
			found = append(found, a)
		}
	}
	if f.Phone != "" {
		for id := range s.byPhone[f.Phone] {
			match(s.abandoned[id])
		}
	} else {
		for _, a := range s.abandoned {
			match(a)
		}
	}
	slices.SortFunc(found, func(a, b *checkout.Abandoned) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	total := len(found)
	page := found[min(f.Offset, total):]
	if f.Limit > 0 && len(page) > f.Limit {
		page = page[:f.Limit]
	}
	out := make([]*checkout.Abandoned, len(page))
	for i, a := range page {
		out[i] = a.Clone()
	}
	return out, total, nil
}

// ConvertAbandoned implements [ports.Abandoned]: every open checkout with
// the phone becomes converted to the order at `at`. An empty phone marks
// none. It returns how many it marked and no error.
func (s *Store) ConvertAbandoned(ctx context.Context, phone, orderID string, at time.Time) (int, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	if phone == "" {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id := range s.byPhone[phone] {
		a := s.abandoned[id]
		if a.Status != checkout.AbandonedOpen {
			continue
		}
		c := a.Clone()
		c.Status = checkout.AbandonedConverted
		c.OrderID = orderID
		c.ConvertedAt = at
		c.UpdatedAt = at
		s.abandoned[id] = c
		n++
	}
	return n, nil
}

func abandonedNotFound(id string) error {
	return withMessage(ports.ErrAbandonedNotFound, "memory: abandoned checkout %q not found", id)
}
