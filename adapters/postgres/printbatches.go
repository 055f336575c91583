package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.PrintBatches = (*Store)(nil)

const batchColumns = `id, created_ns, created_by, size, order_ids, reprints, last_reprints`

// batchRow is a row of batchColumns as it is scanned.
type batchRow struct {
	b       ports.PrintBatch
	created int64
	last    []byte
}

func (r *batchRow) dest() []any {
	return []any{&r.b.ID, &r.created, &r.b.CreatedBy, &r.b.Size, &r.b.OrderIDs, &r.b.Reprints, &r.last}
}

// batch returns the scanned batch: internal when its reprints cannot be
// read.
func (r *batchRow) batch() (ports.PrintBatch, error) {
	b := r.b
	b.CreatedAt = fromNanos(&r.created)
	b.LastReprints = nil
	if err := json.Unmarshal(r.last, &b.LastReprints); err != nil {
		return ports.PrintBatch{}, corrupt("print batch", b.ID, err)
	}
	if len(b.LastReprints) == 0 {
		b.LastReprints = nil
	}
	return b.Clone(), nil
}

// CreatePrintBatch implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for a batch ports.PrintBatch.Validate refuses; an adapter
// error.
func (t *tx) CreatePrintBatch(ctx context.Context, b ports.PrintBatch) error {
	if err := t.check(); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}
	tag, err := t.exec(ctx, "create print batch", `INSERT INTO {s}.print_batches (store_id, id, created_ns, created_by, size, order_ids)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, t.s.store, b.ID, nanos(b.CreatedAt), b.CreatedBy, b.Size, b.OrderIDs)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: print batch %q exists", b.ID)
	}
	return nil
}

// ReprintBatch implements [ports.Tx]: it locks the batch's row until the
// unit ends, so concurrent reprints are counted one after another.
// Errors: ports.ErrPrintBatchNotFound; an adapter error.
func (t *tx) ReprintBatch(ctx context.Context, id string, r ports.Reprint) (ports.PrintBatch, error) {
	if err := t.check(); err != nil {
		return ports.PrintBatch{}, err
	}
	var row batchRow
	err := t.queryRow(ctx, "reprint batch", `SELECT `+batchColumns+` FROM {s}.print_batches WHERE store_id = $1 AND id = $2 FOR UPDATE`,
		[]any{t.s.store, id}, row.dest()...)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ports.PrintBatch{}, withMessage(ports.ErrPrintBatchNotFound, "postgres: no print batch %q", id)
	case err != nil:
		return ports.PrintBatch{}, err
	}
	b, err := row.batch()
	if err != nil {
		return ports.PrintBatch{}, err
	}
	b = b.WithReprint(r)
	last, err := json.Marshal(b.LastReprints)
	if err != nil {
		return ports.PrintBatch{}, err
	}
	if _, err := t.exec(ctx, "reprint batch", `UPDATE {s}.print_batches SET reprints = $3, last_reprints = $4 WHERE store_id = $1 AND id = $2`,
		t.s.store, id, b.Reprints, last); err != nil {
		return ports.PrintBatch{}, err
	}
	return b, nil
}

// PrintBatch implements [ports.PrintBatches]. Errors:
// ports.ErrPrintBatchNotFound; an adapter error.
func (s *Store) PrintBatch(ctx context.Context, id string) (ports.PrintBatch, error) {
	if s.inUnit(ctx) {
		return ports.PrintBatch{}, errInsideUnit
	}
	var row batchRow
	err := s.pool.QueryRow(ctx, s.q(`SELECT `+batchColumns+` FROM {s}.print_batches WHERE store_id = $1 AND id = $2`), s.store, id).Scan(row.dest()...)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ports.PrintBatch{}, withMessage(ports.ErrPrintBatchNotFound, "postgres: no print batch %q", id)
	case err != nil:
		return ports.PrintBatch{}, s.dbErr("print batch", err)
	}
	return row.batch()
}

// ListPrintBatches implements [ports.PrintBatches]: the page reads
// through the index print_batches_newest. Errors: an adapter error.
func (s *Store) ListPrintBatches(ctx context.Context, offset, limit int) ([]ports.PrintBatch, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	var lim *int64
	if limit > 0 {
		n := int64(limit)
		lim = &n
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT `+batchColumns+` FROM {s}.print_batches WHERE store_id = $1
		ORDER BY created_ns DESC, id DESC LIMIT $2 OFFSET $3`), s.store, lim, int64(max(offset, 0)))
	if err != nil {
		return nil, 0, s.dbErr("print batches", err)
	}
	var out []ports.PrintBatch
	var row batchRow
	if _, err := pgx.ForEachRow(rows, row.dest(), func() error {
		b, err := row.batch()
		out = append(out, b)
		return err
	}); err != nil {
		if errs.Code(err) == errs.CodeInternal { // a batch that cannot be read
			return nil, 0, err
		}
		return nil, 0, s.dbErr("print batches", err)
	}
	var total int
	if err := s.pool.QueryRow(ctx, s.q(`SELECT count(*) FROM {s}.print_batches WHERE store_id = $1`), s.store).Scan(&total); err != nil {
		return nil, 0, s.dbErr("print batches", err)
	}
	return out, total, nil
}
