package memory

import (
	"context"
	"slices"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.PrintBatches = (*Store)(nil)

// printBatches keeps a store's print batches: by id, and ids oldest first
// (ports.NewestBatchFirst reversed) for listings.
type printBatches struct {
	byID   map[string]ports.PrintBatch
	oldest []ports.PrintBatch // id and creation time only, sorted
}

// CreatePrintBatch implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for a batch ports.PrintBatch.Validate refuses.
func (t *tx) CreatePrintBatch(_ context.Context, b ports.PrintBatch) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}
	pb := &t.s.batches
	if _, dup := pb.byID[b.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: print batch %q exists", b.ID)
	}
	if pb.byID == nil {
		pb.byID = map[string]ports.PrintBatch{}
	}
	pb.byID[b.ID] = b.Clone()
	key := ports.PrintBatch{ID: b.ID, CreatedAt: b.CreatedAt}
	i, _ := slices.BinarySearchFunc(pb.oldest, key, func(a, b ports.PrintBatch) int { return ports.NewestBatchFirst(b, a) })
	pb.oldest = slices.Insert(pb.oldest, i, key)
	t.onRollback(func() {
		delete(pb.byID, b.ID)
		pb.oldest = slices.Delete(pb.oldest, i, i+1)
	})
	return nil
}

// ReprintBatch implements [ports.Tx]. Errors: ports.ErrPrintBatchNotFound.
func (t *tx) ReprintBatch(_ context.Context, id string, r ports.Reprint) (ports.PrintBatch, error) {
	if err := t.check(); err != nil {
		return ports.PrintBatch{}, err
	}
	pb := &t.s.batches
	old, ok := pb.byID[id]
	if !ok {
		return ports.PrintBatch{}, withMessage(ports.ErrPrintBatchNotFound, "memory: no print batch %q", id)
	}
	b := old.WithReprint(r)
	pb.byID[id] = b
	t.onRollback(func() { pb.byID[id] = old })
	return b.Clone(), nil
}

// PrintBatch implements [ports.PrintBatches]. Errors:
// ports.ErrPrintBatchNotFound.
func (s *Store) PrintBatch(ctx context.Context, id string) (ports.PrintBatch, error) {
	if s.inUnit(ctx) {
		return ports.PrintBatch{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.batches.byID[id]
	if !ok {
		return ports.PrintBatch{}, withMessage(ports.ErrPrintBatchNotFound, "memory: no print batch %q", id)
	}
	return b.Clone(), nil
}

// ListPrintBatches implements [ports.PrintBatches]: a page costs its own
// batches.
func (s *Store) ListPrintBatches(ctx context.Context, offset, limit int) ([]ports.PrintBatch, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all := s.batches.oldest
	total := len(all)
	var out []ports.PrintBatch
	for i := total - 1 - max(offset, 0); i >= 0 && (limit <= 0 || len(out) < limit); i-- {
		out = append(out, s.batches.byID[all[i].ID].Clone())
	}
	return out, total, nil
}
