package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
