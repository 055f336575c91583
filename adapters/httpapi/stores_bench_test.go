package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kasir-id/kasir/ports"
)

// BenchmarkStoresAdminRequest compares one admin read (GET /v1/orders,
// an empty store) served by a one-store Handler with the admin token,
// with a store's API key (a look-up by hash per request), and by Stores
// under /s/{store} with the store's key (the store's record, its Service
// and its key read per request). Compare the ns/op as ratios of one run.
func BenchmarkStoresAdminRequest(b *testing.B) {
	single := newFixture(b)
	_, secret, err := single.keys.Create(b.Context(), "bench", ports.RoleReadOnly)
	if err != nil {
		b.Fatal(err)
	}
	multi := newStoresFixture(b, nil)
	owner := multi.addStore(b, "toko-a", "")
	run := func(b *testing.B, h http.Handler, path, token string) {
		for b.Loop() {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("%d %s", w.Code, w.Body)
			}
		}
	}
	b.Run("handler_admin_token", func(b *testing.B) { run(b, single.h, "/v1/orders", adminToken) })
	b.Run("handler_api_key", func(b *testing.B) { run(b, single.h, "/v1/orders", secret) })
	b.Run("stores_api_key", func(b *testing.B) { run(b, multi.h, "/s/toko-a/v1/orders", owner) })
}
