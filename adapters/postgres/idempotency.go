package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// Idempotency implements [ports.Tx]. It first takes an advisory lock on the
// key, held until the unit ends, so concurrent units with one key run one
// after another: the second sees the first's record. Keys compare exactly.
// Errors: ports.ErrNotFound; an adapter error.
func (t *tx) Idempotency(ctx context.Context, key string) (ports.IdempotencyRecord, error) {
	rec := ports.IdempotencyRecord{Key: key}
	var created *int64
	err := t.lockThen(ctx, "idempotency", key, `SELECT request_hash, order_id, created_ns FROM {s}.idempotency WHERE store_id = $2 AND key = $1`,
		[]any{key, t.s.store}, scanOne(&rec.RequestHash, &rec.OrderID, &created))
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.IdempotencyRecord{}, withMessage(ports.ErrNotFound, "postgres: no idempotency record for key %q", key)
	}
	if err != nil {
		return ports.IdempotencyRecord{}, err
	}
	rec.CreatedAt = fromNanos(created)
	return rec, nil
}

// PutIdempotency implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for an empty key; an adapter error.
func (t *tx) PutIdempotency(ctx context.Context, rec ports.IdempotencyRecord) error {
	if err := t.check(); err != nil {
		return err
	}
	if rec.Key == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: an idempotency record needs a key").WithField("key")
	}
	key := rec.Key
	return t.holdBack("put idempotency", `INSERT INTO {s}.idempotency (store_id, key, request_hash, order_id, created_ns)
		VALUES ($5, $1, $2, $3, $4)`, func(pg *pgconn.PgError) error {
		if pg.Code != sqlUniqueViolation {
			return nil
		}
		return withMessage(ports.ErrDuplicate, "postgres: idempotency key %q is already used", key)
	}, rec.Key, rec.RequestHash, rec.OrderID, nullNanos(rec.CreatedAt), t.s.store)
}
