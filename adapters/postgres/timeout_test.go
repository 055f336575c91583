package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// stall holds the lock of a stock row in a transaction of its own, so a
// unit reserving that variant waits, as on a stalled database. The lock
// is released when t ends, or after a minute as a safety net so that a
// store without timeouts fails the test instead of hanging it.
func stall(t *testing.T, s *postgres.Store, variant string) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, s.SetStock(ctx, variant, 5))
	lockTx, err := testPool(t).Begin(ctx)
	require.NoError(t, err)
	var n int64
	require.NoError(t, lockTx.QueryRow(ctx, `SELECT available FROM `+pgx.Identifier{s.SchemaName(), "stock"}.Sanitize()+
		` WHERE variant_id = $1 FOR UPDATE`, variant).Scan(&n))
	release := func() { _ = lockTx.Rollback(ctx) }
	safety := time.AfterFunc(time.Minute, release)
	t.Cleanup(func() {
		safety.Stop()
		release()
	})
}

func reserve(ctx context.Context, s *postgres.Store, variant string) error {
	return s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.ReserveStock(ctx, []catalog.Need{{VariantID: variant, Quantity: 1}})
	})
}

func TestStatementTimeoutEndsAStalledCall(t *testing.T) {
	base := newStore(t)
	s, err := postgres.Open(t.Context(), testDSN(t), postgres.Schema(base.SchemaName()), postgres.StatementTimeout(200*time.Millisecond))
	require.NoError(t, err)
	defer s.Close()
	stall(t, base, "kaos")

	err = reserve(t.Context(), s, "kaos") // no deadline of its own
	require.Error(t, err)
	assert.Equal(t, errs.CodeUnavailable, errs.Code(err), "%v", err)
	assert.ErrorIs(t, err, errs.Unavailable)
}

func TestRequestDeadlineEndsAStalledCall(t *testing.T) {
	s := newStore(t) // the shared pool: no statement timeout
	stall(t, s, "kaos")
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	err := reserve(ctx, s, "kaos")
	require.Error(t, err)
	assert.Equal(t, errs.CodeUnavailable, errs.Code(err), "%v", err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)

	// A unit whose request already ended does not start, with the same
	// coded error.
	err = reserve(ctx, s, "kaos")
	assert.Equal(t, errs.CodeUnavailable, errs.Code(err), "%v", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
