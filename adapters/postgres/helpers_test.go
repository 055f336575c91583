package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
)

// envDSN names the environment variable with the test database's DSN.
const envDSN = "KASIR_TEST_POSTGRES"

const skipMessage = "set KASIR_TEST_POSTGRES=postgres://… to run the PostgreSQL adapter tests"

// The pool every test shares; each store lives in a schema of its own.
var (
	poolOnce sync.Once
	pool     *pgxpool.Pool
	poolErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if pool != nil {
		pool.Close()
	}
	os.Exit(code)
}

// testDSN returns the test database's DSN, or skips t when none is set.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(envDSN)
	if dsn == "" {
		t.Skip(skipMessage)
	}
	return dsn
}

// testPool returns the shared pool (at most 10 connections), or skips t
// when no database is set.
func testPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	dsn := testDSN(t)
	poolOnce.Do(func() {
		cfg, err := pgxpool.ParseConfig(dsn)
		if err != nil {
			poolErr = err
			return
		}
		cfg.MaxConns = 10
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		pool, poolErr = pgxpool.NewWithConfig(ctx, cfg)
		if poolErr == nil {
			poolErr = pool.Ping(ctx)
		}
	})
	require.NoError(t, poolErr, "connecting to %s", envDSN)
	return pool
}

// schemaName returns a new random schema name.
func schemaName(t testing.TB) string {
	t.Helper()
	b := make([]byte, 8)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return "kasir_test_" + hex.EncodeToString(b)
}

// newStore returns a migrated, empty store in a fresh schema that is
// dropped when t ends.
func newStore(t testing.TB) *postgres.Store {
	t.Helper()
	s := unmigratedStore(t)
	require.NoError(t, s.Migrate(t.Context()))
	return s
}

// unmigratedStore returns a store on a fresh schema name that nothing has
// created yet; the schema is dropped when t ends.
func unmigratedStore(t testing.TB) *postgres.Store {
	t.Helper()
	p := testPool(t)
	name := schemaName(t)
	s, err := postgres.New(t.Context(), p, postgres.Schema(name))
	require.NoError(t, err)
	t.Cleanup(func() { dropSchema(t, p, name) })
	return s
}

func dropSchema(t testing.TB, p *pgxpool.Pool, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := p.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE")
	if err != nil {
		t.Errorf("dropping schema %s: %v", name, err)
	}
}

// explain returns the plan PostgreSQL makes for sql with args, one line of
// EXPLAIN's answer per line.
func explain(t testing.TB, ctx context.Context, sql string, args ...any) string {
	t.Helper()
	rows, err := testPool(t).Query(ctx, "EXPLAIN "+sql, args...)
	require.NoError(t, err)
	var plan []string
	for rows.Next() {
		var line string
		require.NoError(t, rows.Scan(&line))
		plan = append(plan, line)
	}
	require.NoError(t, rows.Err())
	return strings.Join(plan, "\n")
}
