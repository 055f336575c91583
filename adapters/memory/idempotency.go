package memory

import (
	"context"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// Idempotency implements [ports.Tx]. Errors: ports.ErrNotFound.
func (t *tx) Idempotency(_ context.Context, key string) (ports.IdempotencyRecord, error) {
	if err := t.check(); err != nil {
		return ports.IdempotencyRecord{}, err
	}
	rec, ok := t.s.idempotency[key]
	if !ok {
		return ports.IdempotencyRecord{}, withMessage(ports.ErrNotFound, "memory: no idempotency record for key %q", key)
	}
	return rec, nil
}

// PutIdempotency implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for an empty key.
func (t *tx) PutIdempotency(_ context.Context, rec ports.IdempotencyRecord) error {
	if err := t.check(); err != nil {
		return err
	}
	if rec.Key == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "memory: an idempotency record needs a key").WithField("key")
	}
	if _, dup := t.s.idempotency[rec.Key]; dup {
		return withMessage(ports.ErrDuplicate, "memory: idempotency key %q is already used", rec.Key)
	}
	t.s.idempotency[rec.Key] = rec
	t.onRollback(func() { delete(t.s.idempotency, rec.Key) })
	return nil
}
