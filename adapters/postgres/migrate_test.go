package postgres_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ports"
)

// tableExists reports whether the store's schema has the table.
func tableExists(t *testing.T, s *postgres.Store, table string) bool {
	t.Helper()
	var ok bool
	require.NoError(t, testPool(t).QueryRow(t.Context(), `SELECT to_regclass($1) IS NOT NULL`,
		pgx.Identifier{s.SchemaName(), table}.Sanitize()).Scan(&ok))
	return ok
}

// usable checks that the migrated store keeps stock and events.
func usable(t *testing.T, s *postgres.Store, wantStock int64) {
	t.Helper()
	ctx := t.Context()
	lv, err := s.StockLevels(ctx, []string{"kaos-m"})
	require.NoError(t, err)
	assert.Equal(t, wantStock, lv["kaos-m"], "stock survives the migration")
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.AppendEvent(ctx, ports.Event{ID: "evt-1", Type: ports.EventOrderPlaced, OrderID: "o1"})
	}))
	evs, err := s.ClaimEvents(ctx, ports.Claim{Now: placed, Lease: time.Second, Limit: 10})
	require.NoError(t, err)
	assert.Len(t, evs, 1)
}

func TestMigrateAnEmptyDatabase(t *testing.T) {
	t.Parallel()
	s := unmigratedStore(t)
	ctx := t.Context()
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Zero(t, v)

	require.NoError(t, s.Migrate(ctx))
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, postgres.LatestSchemaVersion(), v)
	assert.GreaterOrEqual(t, v, int64(3))
	require.NoError(t, s.SetStock(ctx, "kaos-m", 7))
	usable(t, s, 7)
}

func TestMigrateFromVersion1(t *testing.T) {
	t.Parallel()
	s := unmigratedStore(t)
	ctx := t.Context()
	require.NoError(t, s.MigrateTo(ctx, 1))
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), v)
	assert.True(t, tableExists(t, s, "orders"))
	assert.False(t, tableExists(t, s, "outbox"), "version 1 has no outbox")
	insertStockRow(t, s, "kaos-m", 4)

	require.NoError(t, s.Migrate(ctx))
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, postgres.LatestSchemaVersion(), v)
	usable(t, s, 4)
}

// TestMigrateADatabaseFromBeforeVersioning brings a database that the
// unversioned Migrate made (the version 1 statements, no version table)
// under versioning, keeping its data.
func TestMigrateADatabaseFromBeforeVersioning(t *testing.T) {
	t.Parallel()
	s := unmigratedStore(t)
	ctx := t.Context()
	sql, err := os.ReadFile("migrations/00001_initial.sql")
	require.NoError(t, err)
	old := strings.NewReplacer("{s}", pgx.Identifier{s.SchemaName()}.Sanitize(),
		"{max_quantity}", strconv.FormatInt(catalog.MaxQuantity, 10)).Replace(string(sql))
	_, err = testPool(t).Exec(ctx, old)
	require.NoError(t, err)
	insertStockRow(t, s, "kaos-m", 9)
	insertOrderRow(t, s, richOrder(t, "o1"))
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Zero(t, v, "no version recorded before versioning")

	require.NoError(t, s.Migrate(ctx))
	v, err = s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, postgres.LatestSchemaVersion(), v)
	usable(t, s, 9)
	_, total, err := s.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, total, "orders survive the migration")
}

// TestMigrateToManyStores: the records of a schema from before stores
// (version 6) belong to the default store after version 7, counters
// included, and another store starts empty beside them.
func TestMigrateToManyStores(t *testing.T) {
	t.Parallel()
	s := unmigratedStore(t)
	ctx := t.Context()
	require.NoError(t, s.MigrateTo(ctx, 6))
	insertStockRow(t, s, "kaos-m", 6)
	insertOrderRow(t, s, richOrder(t, "o1"))
	_, err := testPool(t).Exec(ctx, "INSERT INTO "+pgx.Identifier{s.SchemaName()}.Sanitize()+".sequences (name, value) VALUES ('orders', 41)")
	require.NoError(t, err)

	require.NoError(t, s.Migrate(ctx))
	assert.Equal(t, ports.DefaultStore, s.StoreID())
	usable(t, s, 6)
	counts, err := s.CountByStatus(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, map[checkout.Status]int{checkout.StatusShipped: 1}, counts, "the counters are the default store's")
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		n, err := tx.NextSequence(ctx, "orders")
		assert.Equal(t, int64(42), n)
		return err
	}))

	other, err := s.ForStore("toko-lain")
	require.NoError(t, err)
	lv, err := other.StockLevels(ctx, []string{"kaos-m"})
	require.NoError(t, err)
	assert.Equal(t, int64(0), lv["kaos-m"])
	counts, err = other.CountByStatus(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Empty(t, counts)
	require.NoError(t, other.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.CreateOrder(ctx, richOrder(t, "o1")) // the same id, number and slug
	}))
	_, total, err := other.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, total)
	_, total, err = s.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, total)
}
