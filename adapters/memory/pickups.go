package memory

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.Pickups = (*Store)(nil)

// clonePickup copies a pickup's slice.
func clonePickup(p ports.Pickup) ports.Pickup {
	p.OrderIDs = slices.Clone(p.OrderIDs)
	return p
}

// CreatePickup implements [ports.Tx]; it stores a copy. Errors:
// ports.ErrDuplicate; invalid_input from ports.Pickup.Validate.
func (t *tx) CreatePickup(_ context.Context, p ports.Pickup) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if t.s.pickups == nil {
		t.s.pickups = map[string]ports.Pickup{}
	}
	if _, dup := t.s.pickups[p.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: pickup %q exists", p.ID)
	}
	t.s.pickups[p.ID] = clonePickup(p)
	t.onRollback(func() { delete(t.s.pickups, p.ID) })
	return nil
}

// Pickup implements [ports.Pickups]: a copy. Errors: ports.ErrPickupNotFound.
func (s *Store) Pickup(ctx context.Context, id string) (ports.Pickup, error) {
	if s.inUnit(ctx) {
		return ports.Pickup{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.pickups[id]
	if !ok {
		return ports.Pickup{}, withMessage(ports.ErrPickupNotFound, "memory: no pickup %q", id)
	}
	return clonePickup(p), nil
}

// ListPickups implements [ports.Pickups]. It sorts the store's pickups,
// which are few (one a day or so) beside its orders.
func (s *Store) ListPickups(ctx context.Context, f ports.PickupFilter) ([]ports.Pickup, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	s.mu.RLock()
	all := slices.Collect(maps.Values(s.pickups))
	s.mu.RUnlock()
	slices.SortFunc(all, func(a, b ports.Pickup) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(b.ID, a.ID))
	})
	total := len(all)
	lo := min(max(f.Offset, 0), total)
	hi := total
	if f.Limit > 0 {
		hi = min(lo+f.Limit, total)
	}
	out := make([]ports.Pickup, 0, hi-lo)
	for _, p := range all[lo:hi] {
		out = append(out, clonePickup(p))
	}
	return out, total, nil
}
