package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerKeepsOrdersInPostgres runs the binary on PostgreSQL
// (KASIR_DATABASE_URL), restarts it, and checks that the orders and the
// stock they took outlive the process: a restart does not re-seed stock.
func TestServerKeepsOrdersInPostgres(t *testing.T) {
	dsn := os.Getenv("KASIR_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("set KASIR_TEST_POSTGRES=postgres://… to run the server on PostgreSQL")
	}
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	t.Parallel()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "server_test_" + hex.EncodeToString(b)
	pool, err := pgxpool.New(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := pool.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
		assert.NoError(t, err)
		pool.Close()
	})

	dataPath := filepath.Join(t.TempDir(), "store.json")
	require.NoError(t, os.WriteFile(dataPath, []byte(smallFile), 0o600))
	bin := buildServer(t)
	env := []string{"KASIR_DATABASE_URL=" + dsn, "KASIR_DATABASE_SCHEMA=" + schema}

	p := startServer(t, bin, dataPath, env...)
	assert.Contains(t, p.logText(), "storage=postgres")
	status, placed := call(t, http.MethodPost, p.base+"/v1/orders", "", "pg-1", orderRequest("TOPI", 1, "bank_transfer"))
	require.Equal(t, http.StatusCreated, status, "%v", placed)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	p.waitLog(t, regexp.MustCompile(`msg=stopped`))
	<-p.done

	p = startServer(t, bin, dataPath, env...)
	status, list := call(t, http.MethodGet, p.base+"/v1/orders", "secret", "", nil)
	require.Equal(t, http.StatusOK, status, "%v", list)
	assert.EqualValues(t, 1, list["total"])
	// Two TOPI were stocked and one is sold: the restart kept that.
	status, oos := call(t, http.MethodPost, p.base+"/v1/orders", "", "pg-2", orderRequest("TOPI", 2, "bank_transfer"))
	require.Equal(t, http.StatusConflict, status, "%v", oos)
	// The same key still gives the first order.
	status, again := call(t, http.MethodPost, p.base+"/v1/orders", "", "pg-1", orderRequest("TOPI", 1, "bank_transfer"))
	require.Equal(t, http.StatusOK, status, "%v", again)
	assert.Equal(t, placed["id"], again["id"])
}
