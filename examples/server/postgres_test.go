package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serverSchema skips the test without KASIR_TEST_POSTGRES (and, when it
// runs the server binary, under -short), runs it in parallel, and gives
// the database's URL, a schema of its own named prefix and random hex
// (dropped after the test) and a pool on the database.
func serverSchema(t *testing.T, prefix string, binary bool) (dsn, schema string, pool *pgxpool.Pool) {
	t.Helper()
	dsn = os.Getenv("KASIR_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("set KASIR_TEST_POSTGRES=postgres://… to run the server on PostgreSQL")
	}
	if binary && testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	t.Parallel()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema = prefix + hex.EncodeToString(b)
	pool, err := pgxpool.New(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := pool.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
		assert.NoError(t, err)
		pool.Close()
	})
	return dsn, schema, pool
}

// TestServerKeepsOrdersInPostgres runs the binary on PostgreSQL
// (KASIR_DATABASE_URL), restarts it, and checks that the orders and the
// stock they took outlive the process: a restart does not re-seed stock.
func TestServerKeepsOrdersInPostgres(t *testing.T) {
	dsn, schema, _ := serverSchema(t, "server_test_", true)

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

// stallingProxy forwards loopback connections to the database until
// stall is called; from then on it forwards nothing, as a database that
// hangs.
type stallingProxy struct {
	ln      net.Listener
	stalled chan struct{}
	once    sync.Once
}

func newStallingProxy(t *testing.T, target string) *stallingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &stallingProxy{ln: ln, stalled: make(chan struct{})}
	var conns sync.WaitGroup
	t.Cleanup(func() {
		_ = ln.Close()
		p.stall()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			db, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			t.Cleanup(func() { _ = c.Close(); _ = db.Close() })
			conns.Add(2)
			go func() { defer conns.Done(); p.pipe(db, c) }()
			go func() { defer conns.Done(); p.pipe(c, db) }()
		}
	}()
	return p
}

func (p *stallingProxy) stall() { p.once.Do(func() { close(p.stalled) }) }

func (p *stallingProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		select {
		case <-p.stalled:
			return // hold what was read: nothing arrives any more
		default:
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestStalledDatabase: once PostgreSQL stops answering, /readyz says 503,
// requests that need the store answer 503 when -request-timeout passes
// instead of hanging, and /healthz still says the process lives.
func TestStalledDatabase(t *testing.T) {
	dsn, schema, _ := serverSchema(t, "stall_test_", false)
	cfg, err := pgxpool.ParseConfig(dsn)
	require.NoError(t, err)
	proxy := newStallingProxy(t, net.JoinHostPort(cfg.ConnConfig.Host, strconv.Itoa(int(cfg.ConnConfig.Port))))
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	u.Host = proxy.ln.Addr().String()

	addr, _ := startRun(t, []string{"-request-timeout", "1s", "-rate-limit", "0"},
		map[string]string{"KASIR_DATABASE_URL": u.String(), "KASIR_DATABASE_SCHEMA": schema})
	base := "http://" + addr
	status, _ := call(t, http.MethodGet, base+"/readyz", "", "", nil)
	require.Equal(t, http.StatusOK, status)

	proxy.stall()
	status, body := call(t, http.MethodGet, base+"/readyz", "", "", nil)
	assert.Equal(t, http.StatusServiceUnavailable, status, "%v", body)
	status, body = call(t, http.MethodPost, base+"/v1/orders", "", "stall-1", orderRequest("GAYO-250-BIJI", 1, "bank_transfer"))
	assert.Equal(t, http.StatusServiceUnavailable, status, "%v", body)
	status, _ = call(t, http.MethodGet, base+"/healthz", "", "", nil)
	assert.Equal(t, http.StatusOK, status, "liveness does not ask the store")
}

// TestServerConfigChangesReachAnotherProcess: two server processes on one
// database; a price saved through one is quoted by the other on its next
// request, a buyer quoted the old total gets price_changed, and a restart
// serves the stored configuration instead of importing the file again.
func TestServerConfigChangesReachAnotherProcess(t *testing.T) {
	dsn, schema, _ := serverSchema(t, "server_test_", true)
	dataPath := filepath.Join(t.TempDir(), "store.json")
	require.NoError(t, os.WriteFile(dataPath, []byte(smallFile), 0o600))
	bin := buildServer(t)
	env := []string{"KASIR_DATABASE_URL=" + dsn, "KASIR_DATABASE_SCHEMA=" + schema}

	a := startServer(t, bin, dataPath, env...)
	assert.Contains(t, a.logText(), "data file imported")
	bp := startServer(t, bin, dataPath, env...)
	assert.Contains(t, bp.logText(), "stored configuration served")

	quote := orderRequest("TOPI", 1, "bank_transfer")
	quote["location_id"] = "jaksel"
	delete(quote, "address")
	price := func(base string) (float64, float64) {
		status, q := call(t, http.MethodPost, base+"/v1/quotes", "", "", quote)
		require.Equal(t, http.StatusOK, status, "%v", q)
		return q["items"].([]any)[0].(map[string]any)["unit_price"].(float64), q["breakdown"].(map[string]any)["grand_total"].(float64)
	}
	p, shown := price(bp.base)
	assert.Equal(t, float64(50000), p)

	topi := map[string]any{"id": "topi", "name": "Topi", "sku": "TOPI", "status": "published", "weight_grams": 100, "price": 55000, "stock": 2}
	status, saved := call(t, http.MethodPut, a.base+"/v1/config/products/topi", "secret", "", topi)
	require.Equal(t, http.StatusOK, status, "%v", saved)
	assert.EqualValues(t, 2, saved["version"])

	p, _ = price(bp.base)
	assert.Equal(t, float64(55000), p, "the other process quotes the new price")
	order := orderRequest("TOPI", 1, "bank_transfer")
	order["expected_grand_total"] = shown
	status, refused := call(t, http.MethodPost, bp.base+"/v1/orders", "", "cfg-1", order)
	require.Equal(t, http.StatusConflict, status, "%v", refused)
	assert.Equal(t, "price_changed", refused["error"].(map[string]any)["code"])

	require.NoError(t, a.cmd.Process.Signal(syscall.SIGTERM))
	<-a.done
	a = startServer(t, bin, dataPath, env...)
	p, _ = price(a.base)
	assert.Equal(t, float64(55000), p, "a restart serves the stored configuration, not the file")
}
