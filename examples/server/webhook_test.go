package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/webhook"
)

// TestServerSendsSignedWebhooks runs the binary with a webhook endpoint
// from the environment and checks that a placed order reaches it signed,
// and that the delivery log shows it.
func TestServerSendsSignedWebhooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	t.Parallel()
	const secret = "whsec_server_test_0123456789"
	var mu sync.Mutex
	var got []map[string]any
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		if err := webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), 0); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var e map[string]any
		require.NoError(t, json.Unmarshal(body, &e))
		mu.Lock()
		got = append(got, e)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer rcv.Close()

	dataPath := filepath.Join(t.TempDir(), "store.json")
	require.NoError(t, os.WriteFile(dataPath, []byte(smallFile), 0o600))
	p := startServer(t, buildServer(t), dataPath, "KASIR_WEBHOOK_URL="+rcv.URL+"/hooks", "KASIR_WEBHOOK_SECRET="+secret)

	status, cod := call(t, http.MethodPost, p.base+"/v1/orders", "", "order-cod", orderRequest("KAOS-HITAM-M", 1, "cod"))
	require.Equal(t, http.StatusCreated, status, "%v", cod)
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1
	}, 10*time.Second, 10*time.Millisecond, "the order event reaches the endpoint")
	mu.Lock()
	assert.Equal(t, "order.placed", got[0]["type"])
	assert.Equal(t, cod["id"], got[0]["order_id"])
	assert.NotEmpty(t, got[0]["id"])
	mu.Unlock()

	// The dispatcher logs the attempt once the endpoint's answer is in.
	require.Eventually(t, func() bool {
		status, log := call(t, http.MethodGet, p.base+"/v1/webhook-deliveries", "secret", "", nil)
		require.Equal(t, http.StatusOK, status, "%v", log)
		entries := log["data"].([]any)
		return len(entries) == 1 && entries[0].(map[string]any)["outcome"] == "delivered"
	}, 10*time.Second, 10*time.Millisecond, "the delivery log shows the delivery")

	status, eps := call(t, http.MethodGet, p.base+"/v1/webhook-endpoints", "secret", "", nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, eps["data"], 1)
	assert.NotContains(t, eps["data"].([]any)[0], "secret")
}

// TestEachStoreSendsItsOwnWebhooks runs the binary serving two stores,
// each with a webhook endpoint registered through its own admin routes:
// each receiver gets the events of its store's orders and never the other
// store's, and each store's delivery log shows its own deliveries.
func TestEachStoreSendsItsOwnWebhooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	t.Parallel()
	type receiver struct {
		mu     sync.Mutex
		orders []string
		stores []string
		srv    *httptest.Server
	}
	newReceiver := func() *receiver {
		rc := &receiver{}
		rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var e map[string]any
			if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			rc.mu.Lock()
			rc.orders = append(rc.orders, e["order_id"].(string))
			rc.stores = append(rc.stores, e["store"].(string))
			rc.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		}))
		t.Cleanup(rc.srv.Close)
		return rc
	}
	got := func(rc *receiver) ([]string, []string) {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		return slices.Clone(rc.orders), slices.Clone(rc.stores)
	}
	rcvDefault, rcvB := newReceiver(), newReceiver()

	dataPath := filepath.Join(t.TempDir(), "store.json")
	require.NoError(t, os.WriteFile(dataPath, []byte(smallFile), 0o600))
	p := startServerArgs(t, buildServer(t), []string{"-data", dataPath, "-expire-every", "100ms"}, "KASIR_PLATFORM_KEY=kunci-platform")
	status, body := call(t, http.MethodPost, p.base+"/v1/platform/stores", "kunci-platform", "", map[string]any{"id": "toko-b", "name": "Toko B"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, body = call(t, http.MethodPost, p.base+"/v1/platform/stores/toko-b/api-keys", "kunci-platform", "", map[string]any{"name": "pemilik", "role": "owner"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	owner := body["secret"].(string)
	status, body = call(t, http.MethodPut, p.base+"/s/toko-b/v1/config", owner, "", json.RawMessage(smallFile))
	require.Equal(t, http.StatusOK, status, "%v", body)

	status, body = call(t, http.MethodPost, p.base+"/v1/webhook-endpoints", "secret", "", map[string]any{"url": rcvDefault.srv.URL + "/hooks"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, body = call(t, http.MethodPost, p.base+"/s/toko-b/v1/webhook-endpoints", owner, "", map[string]any{"url": rcvB.srv.URL + "/hooks"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, body = call(t, http.MethodGet, p.base+"/s/toko-b/v1/webhook-endpoints", owner, "", nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, body["data"], 1, "store B sees its own endpoint only")

	status, a := call(t, http.MethodPost, p.base+"/v1/orders", "", "order-a", orderRequest("KAOS-HITAM-M", 1, "cod"))
	require.Equal(t, http.StatusCreated, status, "%v", a)
	status, b := call(t, http.MethodPost, p.base+"/s/toko-b/v1/orders", "", "order-b", orderRequest("KAOS-HITAM-M", 1, "cod"))
	require.Equal(t, http.StatusCreated, status, "%v", b)

	require.Eventually(t, func() bool {
		da, _ := got(rcvDefault)
		db, _ := got(rcvB)
		return len(da) >= 1 && len(db) >= 1
	}, 15*time.Second, 20*time.Millisecond, "each store's order event reaches its receiver")
	time.Sleep(300 * time.Millisecond) // anything misdirected would arrive by now
	orders, stores := got(rcvDefault)
	assert.Equal(t, []string{a["id"].(string)}, slices.Compact(orders))
	assert.Equal(t, []string{"default"}, slices.Compact(stores))
	orders, stores = got(rcvB)
	assert.Equal(t, []string{b["id"].(string)}, slices.Compact(orders))
	assert.Equal(t, []string{"toko-b"}, slices.Compact(stores))

	require.Eventually(t, func() bool {
		status, log := call(t, http.MethodGet, p.base+"/s/toko-b/v1/webhook-deliveries", owner, "", nil)
		require.Equal(t, http.StatusOK, status, "%v", log)
		entries := log["data"].([]any)
		return len(entries) >= 1 && entries[0].(map[string]any)["order_id"] == b["id"]
	}, 10*time.Second, 20*time.Millisecond, "store B's delivery log shows its delivery")
}
