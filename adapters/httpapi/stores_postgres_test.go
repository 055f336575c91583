package httpapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/ports"
)

// pgProcess is one server process on the shared PostgreSQL schema: its own
// pool, platform, stores and HTTP server.
type pgProcess struct {
	pg  *postgres.Store
	srv *httptest.Server
}

func startPGProcess(t *testing.T, dsn, schema string) *pgProcess {
	t.Helper()
	pg, err := postgres.Open(t.Context(), dsn, postgres.Schema(schema))
	require.NoError(t, err)
	t.Cleanup(pg.Close)
	require.NoError(t, pg.Migrate(t.Context()))
	platform := pg.Platform()
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	stores, err := kasir.NewStores(kasir.StoresDeps{Platform: platform, Format: storefile.Format{}, Clock: memory.SystemClock{}, IDs: memory.IDs{}},
		kasir.WithLogger(discard))
	require.NoError(t, err)
	srv := httptest.NewServer(httpapi.NewStores(httpapi.StoresConfig{
		Config:   httpapi.Config{Logger: discard, RequestTimeout: time.Minute},
		Platform: platform, Service: stores.Service, PlatformKey: platformKey,
	}))
	t.Cleanup(srv.Close)
	return &pgProcess{pg: pg, srv: srv}
}

// call sends a request to the process and returns the status and the
// decoded body.
func (p *pgProcess) call(t testing.TB, method, path, secret string, body any, header ...string) (int, map[string]any) {
	var rd io.Reader
	if body != nil {
		js, err := json.Marshal(body)
		if err != nil {
			t.Error(err)
			return 0, nil
		}
		rd = bytes.NewReader(js)
	}
	r, err := http.NewRequestWithContext(context.Background(), method, p.srv.URL+path, rd)
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if secret != "" {
		r.Header.Set("Authorization", "Bearer "+secret)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	res, err := p.srv.Client().Do(r)
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

// TestStoresTwoProcessesOnPostgreSQL: two server processes on one
// PostgreSQL schema serve two stores; buyers order from both stores
// through both processes while each store's own keys work its orders
// (a staff key made through one process cancels orders through the
// other). Each store ends with exactly its own orders and stock, a key
// of one store is refused on the other's routes by either process, and a
// key revoked through one process is refused by the other at once.
func TestStoresTwoProcessesOnPostgreSQL(t *testing.T) {
	dsn := os.Getenv("KASIR_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("set KASIR_TEST_POSTGRES=postgres://… to run the PostgreSQL test of two server processes")
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "kasir_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), dsn)
		if err == nil {
			_, _ = conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
			_ = conn.Close(context.Background())
		}
	})
	procs := []*pgProcess{startPGProcess(t, dsn, schema), startPGProcess(t, dsn, schema)}
	config, stock := demoStore(t)
	stores := []string{"toko-a", "toko-b"}
	owner := map[string]string{}
	for i, id := range stores {
		p := procs[i]
		status, _ := p.call(t, http.MethodPost, "/v1/platform/stores", platformKey, map[string]any{"id": id, "name": "Toko " + id})
		require.Equal(t, http.StatusCreated, status)
		st, err := p.pg.ForStore(id)
		require.NoError(t, err)
		_, err = st.PutConfig(t.Context(), 0, ports.StoreConfig{Data: config, Author: "test", SavedAt: time.Now()})
		require.NoError(t, err)
		require.NoError(t, st.SeedStockIfAbsent(t.Context(), stock))
		status, key := procs[1-i].call(t, http.MethodPost, "/v1/platform/stores/"+id+"/api-keys", platformKey, map[string]any{"name": "pemilik", "role": "owner"})
		require.Equal(t, http.StatusCreated, status, "the other process mints the first owner key")
		owner[id] = key["secret"].(string)
	}

	const buyers = 8 // per store and process
	var mu sync.Mutex
	placed := map[string][]string{}
	staff := map[string]string{}
	var wg sync.WaitGroup
	for s, id := range stores {
		for pi, p := range procs {
			for n := range buyers {
				wg.Go(func() {
					order := demoOrder(fmt.Sprintf("+62812%d%d%06d", s, pi, n))
					order["lines"] = []any{map[string]any{"sku": "GAYO-250-BIJI", "quantity": 1}}
					status, o := p.call(t, http.MethodPost, "/s/"+id+"/v1/orders", "", order, "Idempotency-Key", fmt.Sprintf("k%d%d%d", s, pi, n))
					if assert.Equal(t, http.StatusCreated, status, "%s via process %d: %v", id, pi, o) {
						mu.Lock()
						placed[id] = append(placed[id], o["id"].(string))
						mu.Unlock()
					}
				})
			}
		}
		// Meanwhile the owner makes a staff key through the other process.
		wg.Go(func() {
			status, k := procs[1-s].call(t, http.MethodPost, "/s/"+id+"/v1/api-keys", owner[id], map[string]any{"name": "staf", "role": "staff"})
			if assert.Equal(t, http.StatusCreated, status) {
				mu.Lock()
				staff[id] = k["secret"].(string)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	require.Len(t, placed["toko-a"], 2*buyers)
	require.Len(t, placed["toko-b"], 2*buyers)

	// Each store's staff cancel a quarter of its orders, alternating
	// processes, while buyers keep ordering: a cancel gives its unit back.
	cancelled := map[string]int{}
	for s, id := range stores {
		for i, oid := range placed[id] {
			if i%4 != 0 {
				continue
			}
			wg.Go(func() {
				status, o := procs[i%2].call(t, http.MethodPost, "/s/"+id+"/v1/orders/"+oid+"/transitions", staff[id],
					map[string]any{"to": "cancelled", "reason": "pembeli batal"})
				assert.Equal(t, http.StatusOK, status, "%v", o)
			})
			cancelled[id]++
		}
		other := stores[1-s]
		for pi, p := range procs {
			wg.Go(func() {
				status, _ := p.call(t, http.MethodGet, "/s/"+other+"/v1/orders", staff[id], nil)
				assert.Equal(t, http.StatusForbidden, status, "%s's key on %s via process %d", id, other, pi)
				status, _ = p.call(t, http.MethodPost, "/s/"+other+"/v1/orders/"+placed[other][0]+"/transitions", owner[id],
					map[string]any{"to": "cancelled", "reason": "x"})
				assert.Equal(t, http.StatusForbidden, status)
			})
		}
	}
	wg.Wait()

	for _, id := range stores {
		for pi, p := range procs {
			status, page := p.call(t, http.MethodGet, "/s/"+id+"/v1/orders?limit=100", owner[id], nil)
			require.Equal(t, http.StatusOK, status)
			var got []string
			for _, o := range page["data"].([]any) {
				got = append(got, o.(map[string]any)["id"].(string))
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(placed[id]))
			assert.Equal(t, want, got, "%s via process %d lists exactly its own orders", id, pi)
		}
		st, err := procs[0].pg.ForStore(id)
		require.NoError(t, err)
		levels, err := st.StockLevels(t.Context(), []string{"kopi-gayo-250-biji"})
		require.NoError(t, err)
		assert.Equal(t, stock["kopi-gayo-250-biji"]-int64(2*buyers)+int64(cancelled[id]), levels["kopi-gayo-250-biji"], "%s's stock", id)
	}

	// A key revoked through one process is refused by the other from the
	// next request on.
	status, list := procs[0].call(t, http.MethodGet, "/s/toko-a/v1/api-keys", owner["toko-a"], nil)
	require.Equal(t, http.StatusOK, status)
	var staffID string
	for _, k := range list["data"].([]any) {
		if k.(map[string]any)["role"] == "staff" {
			staffID = k.(map[string]any)["id"].(string)
		}
	}
	require.NotEmpty(t, staffID)
	status, _ = procs[1].call(t, http.MethodGet, "/s/toko-a/v1/orders", staff["toko-a"], nil)
	require.Equal(t, http.StatusOK, status, "the staff key works in process 2")
	status, _ = procs[0].call(t, http.MethodDelete, "/s/toko-a/v1/api-keys/"+staffID, owner["toko-a"], nil)
	require.Equal(t, http.StatusOK, status)
	status, _ = procs[1].call(t, http.MethodGet, "/s/toko-a/v1/orders", staff["toko-a"], nil)
	assert.Equal(t, http.StatusUnauthorized, status, "revoked through process 1, refused by process 2 at once")
	status, _ = procs[1].call(t, http.MethodGet, "/s/toko-b/v1/orders", staff["toko-b"], nil)
	assert.Equal(t, http.StatusOK, status, "the other store's keys are untouched")
}
