package kasir_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
)

// postgresStore returns a migrated store in a schema of its own, dropped
// after the test, or skips t, naming what would have run, when
// KASIR_TEST_POSTGRES is not set.
func postgresStore(t *testing.T, what string) *postgres.Store {
	t.Helper()
	dsn := os.Getenv("KASIR_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("set KASIR_TEST_POSTGRES=postgres://… to run " + what + " on PostgreSQL")
	}
	ctx := t.Context()
	b := make([]byte, 8)
	_, err := rand.Read(b)
	require.NoError(t, err)
	schema := "kasir_test_" + hex.EncodeToString(b)
	pool, err := pgxpool.New(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	store, err := postgres.New(ctx, pool, postgres.Schema(schema))
	require.NoError(t, err)
	require.NoError(t, store.Migrate(ctx))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if conn, err := pgx.Connect(ctx, dsn); err == nil {
			_, _ = conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
			_ = conn.Close(ctx)
		}
	})
	return store
}
