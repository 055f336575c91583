package postgres

import (
	"context"
)

// NextSequence implements [ports.Tx]. The sequence's row stays locked until
// the unit ends, and a rolled-back unit gives its numbers back. Errors: an
// adapter error.
func (t *tx) NextSequence(ctx context.Context, name string) (int64, error) {
	var n int64
	err := t.queryRow(ctx, "next sequence", `INSERT INTO {s}.sequences AS q (store_id, name, value) VALUES ($2, $1, 1)
		ON CONFLICT (store_id, name) DO UPDATE SET value = q.value + 1 RETURNING value`, []any{name, t.s.store}, &n)
	return n, err
}
