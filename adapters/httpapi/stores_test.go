package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

const platformKey = "kunci-platform-rahasia"

// storesFixture serves many stores of one platform, each configured with
// the example server's demo store, with the store management routes.
type storesFixture struct {
	p      *memory.Platform
	stores *kasir.Stores
	clock  *kasirtest.ManualClock
	sim    *simcourier.Courier // every store's courier
	h      http.Handler
}

func newStoresFixture(t testing.TB, cfg func(*httpapi.StoresConfig)) *storesFixture {
	t.Helper()
	f := &storesFixture{p: memory.NewPlatform(), clock: kasirtest.NewManualClock(start)}
	var err error
	f.sim, err = simcourier.New(simcourier.Config{Clock: f.clock})
	require.NoError(t, err)
	f.stores, err = kasir.NewStores(kasir.StoresDeps{Platform: f.p, Format: storefile.Format{}, Clock: f.clock, IDs: memory.IDs{},
		Shipments: f.sim, CourierPushes: map[string]ports.TrackingPushes{"simcourier": f.sim}},
		kasir.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	require.NoError(t, err)
	sc := httpapi.StoresConfig{
		Config:   httpapi.Config{AdminToken: adminToken, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Stores: f.stores},
		Platform: f.p, Service: f.stores.Service, PlatformKey: platformKey, Clock: f.clock,
	}
	if cfg != nil {
		cfg(&sc)
	}
	f.h = httpapi.NewStores(sc)
	return f
}

// demoStore is the example server's demo data file: its configuration
// document and its stock.
func demoStore(t testing.TB) ([]byte, map[string]int64) {
	t.Helper()
	data, err := os.ReadFile("../../examples/server/demo.json")
	require.NoError(t, err)
	config, _, err := storefile.Format{}.ParseFile(data)
	require.NoError(t, err)
	setup, err := storefile.Format{}.ParseConfig(config)
	require.NoError(t, err)
	return config, setup.Catalog.InitialStock().Levels()
}

// configure saves the demo configuration and stock for the store.
func (f *storesFixture) configure(t testing.TB, id string) {
	t.Helper()
	st, err := f.p.ForStore(id)
	require.NoError(t, err)
	config, stock := demoStore(t)
	_, err = st.PutConfig(t.Context(), 0, ports.StoreConfig{Data: config, Author: "test", SavedAt: start})
	require.NoError(t, err)
	require.NoError(t, st.SeedStockIfAbsent(t.Context(), stock))
}

// addStore creates a configured store through the platform routes and
// mints its owner key, which it returns.
func (f *storesFixture) addStore(t testing.TB, id, host string) string {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/v1/platform/stores", header: bearer(platformKey),
		body: map[string]any{"id": id, "name": "Toko " + id, "host": host}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	f.configure(t, id)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/stores/" + id + "/api-keys", header: bearer(platformKey),
		body: map[string]any{"name": "pemilik", "role": "owner"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	secret, _ := res.JSON(t)["secret"].(string)
	require.True(t, strings.HasPrefix(secret, "ksr_"+id+"_"), secret)
	return secret
}

func (f *storesFixture) do(t testing.TB, rq req) resp {
	t.Helper()
	var body io.Reader
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		js, err := json.Marshal(b)
		require.NoError(t, err)
		body = bytes.NewReader(js)
	}
	r := httptest.NewRequest(rq.method, rq.path, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if rq.admin {
		r.Header.Set("Authorization", "Bearer "+adminToken)
	}
	for k, v := range rq.header {
		if k == "Host" {
			r.Host = v
			continue
		}
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// demoQuote is a quote of the demo store's coffee.
func demoQuote() map[string]any {
	return map[string]any{
		"lines":   []any{map[string]any{"sku": "GAYO-250-BIJI", "quantity": 2}},
		"courier": "jne", "service": "REG", "payment_method": "cod", "location_id": "jaksel-kebayoran-baru",
	}
}

// demoOrder is demoQuote as an order.
func demoOrder(phone string) map[string]any {
	b := demoQuote()
	delete(b, "location_id")
	b["customer"] = map[string]any{"name": "Budi", "phone": phone}
	b["address"] = map[string]any{"line": "Jl. Senopati 1", "location_id": "jaksel-kebayoran-baru"}
	return b
}

func TestStoresPlatformRoutes(t *testing.T) {
	t.Parallel()
	f := newStoresFixture(t, nil)
	for name, h := range map[string]map[string]string{
		"none": nil, "wrong": bearer("salah"), "admin_token": bearer(adminToken),
	} {
		res := f.do(t, req{method: http.MethodGet, path: "/v1/platform/stores", header: h})
		assert.Equal(t, http.StatusUnauthorized, res.Status, name)
		assert.Equal(t, `Bearer realm="kasir platform"`, res.Header.Get("WWW-Authenticate"), name)
	}
	owner := f.addStore(t, "toko-a", "toko-a.example")
	res := f.do(t, req{method: http.MethodGet, path: "/v1/platform/stores", header: bearer(owner)})
	assert.Equal(t, http.StatusUnauthorized, res.Status, "a store's owner is no platform admin")

	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/stores", header: bearer(platformKey),
		body: map[string]any{"id": "toko-a", "name": "Lagi"}})
	assert.Equal(t, http.StatusConflict, res.Status, "a taken id: %s", res.Body)
	for field, body := range map[string]map[string]any{
		"id":   {"id": "Toko A", "name": "x"},
		"name": {"id": "toko-x", "name": " "},
		"host": {"id": "toko-x", "name": "x", "host": "bukan host!"},
	} {
		res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/stores", header: bearer(platformKey), body: body})
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status, field)
		assert.Equal(t, field, res.Err(t).Error.Field, field)
	}

	res = f.do(t, req{method: http.MethodGet, path: "/v1/platform/stores?limit=10", header: bearer(platformKey)})
	require.Equal(t, http.StatusOK, res.Status)
	var list struct {
		Data  []ports.StoreInfo
		Total int
	}
	res.Decode(t, &list)
	require.Len(t, list.Data, 2)
	assert.Equal(t, 2, list.Total)
	assert.Equal(t, ports.DefaultStore, list.Data[0].ID, "the default store is listed from the start")
	assert.Equal(t, "toko-a.example", list.Data[1].Host)

	res = f.do(t, req{method: http.MethodPatch, path: "/v1/platform/stores/toko-a", header: bearer(platformKey),
		body: map[string]any{"name": "Toko A Baru"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, "Toko A Baru", res.JSON(t)["name"])
	assert.Equal(t, "toko-a.example", res.JSON(t)["host"], "an absent field is kept")
	res = f.do(t, req{method: http.MethodGet, path: "/v1/platform/stores/toko-none", header: bearer(platformKey)})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, ports.CodeStoreNotFound, res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/stores/toko-none/api-keys", header: bearer(platformKey),
		body: map[string]any{"name": "x", "role": "owner"}})
	assert.Equal(t, http.StatusNotFound, res.Status, "no key for a store that does not exist")
	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/platform/stores", header: bearer(platformKey)})
	assert.Equal(t, http.StatusNotFound, res.Status, "the platform routes are not a store's")
}

func TestStoresRouting(t *testing.T) {
	t.Parallel()
	f := newStoresFixture(t, func(c *httpapi.StoresConfig) { c.Hosts = true })
	f.configure(t, ports.DefaultStore)
	ownerA := f.addStore(t, "toko-a", "toko-a.example")
	ownerB := f.addStore(t, "toko-b", "")

	for _, path := range []string{"/s/toko-a/v1/quotes", "/s/toko-b/v1/quotes", "/v1/quotes"} {
		res := f.do(t, req{method: http.MethodPost, path: path, body: demoQuote()})
		require.Equal(t, http.StatusOK, res.Status, "%s: %s", path, res.Body)
		assert.InDelta(t, 170000, res.JSON(t)["breakdown"].(map[string]any)["subtotal"], 0, path)
	}
	for _, path := range []string{"/s/toko-none/v1/products", "/s/Toko-A/v1/products", "/s//v1/products"} {
		res := f.do(t, req{method: http.MethodGet, path: path})
		assert.Equal(t, http.StatusNotFound, res.Status, path)
		assert.Equal(t, ports.CodeStoreNotFound, res.Err(t).Error.Code, path)
	}
	res := f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/nothing"})
	assert.Equal(t, httpapi.CodeNotFound, res.Err(t).Error.Code, "an unknown route under a store")

	// Each store's admin routes take its own keys; the admin token is the
	// default store's.
	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/api-keys", header: bearer(ownerA)})
	assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-b/v1/orders", header: bearer(ownerB)})
	assert.Equal(t, http.StatusOK, res.Status)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders", admin: true})
	assert.Equal(t, http.StatusOK, res.Status)
	res = f.do(t, req{method: http.MethodGet, path: "/s/default/v1/orders", admin: true})
	assert.Equal(t, http.StatusOK, res.Status)
	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/orders", admin: true})
	assert.Equal(t, http.StatusUnauthorized, res.Status, "the admin token opens no other store")

	// A host name serves its store without the prefix.
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: map[string]string{"Host": "Toko-A.example:8080", "Authorization": "Bearer " + ownerA}})
	assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: map[string]string{"Host": "lain.example", "Authorization": "Bearer " + ownerA}})
	assert.Equal(t, http.StatusForbidden, res.Status, "an unknown host is the default store's")

	// A disabled store answers nothing until enabled again.
	res = f.do(t, req{method: http.MethodPatch, path: "/v1/platform/stores/toko-a", header: bearer(platformKey), body: map[string]any{"disabled": true}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	for _, rq := range []req{
		{method: http.MethodPost, path: "/s/toko-a/v1/quotes", body: demoQuote()},
		{method: http.MethodGet, path: "/s/toko-a/v1/orders", header: bearer(ownerA)},
	} {
		res = f.do(t, rq)
		assert.Equal(t, http.StatusNotFound, res.Status, rq.path)
		assert.Equal(t, ports.CodeStoreNotFound, res.Err(t).Error.Code, rq.path)
	}
	res = f.do(t, req{method: http.MethodPatch, path: "/v1/platform/stores/toko-a", header: bearer(platformKey), body: map[string]any{"disabled": false}})
	require.Equal(t, http.StatusOK, res.Status)
	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/orders", header: bearer(ownerA)})
	assert.Equal(t, http.StatusOK, res.Status)
}

func TestStoresNewStoreServesItsKeysBeforeItsConfiguration(t *testing.T) {
	t.Parallel()
	f := newStoresFixture(t, nil)
	res := f.do(t, req{method: http.MethodPost, path: "/v1/platform/stores", header: bearer(platformKey), body: map[string]any{"id": "baru", "name": "Toko Baru"}})
	require.Equal(t, http.StatusCreated, res.Status)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/stores/baru/api-keys", header: bearer(platformKey), body: map[string]any{"name": "pemilik", "role": "owner"}})
	require.Equal(t, http.StatusCreated, res.Status)
	owner := res.JSON(t)["secret"].(string)

	res = f.do(t, req{method: http.MethodPost, path: "/s/baru/v1/api-keys", header: bearer(owner), body: map[string]any{"name": "staf", "role": "staff"}})
	assert.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodGet, path: "/s/baru/v1/products"})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, ports.CodeConfigNotFound, res.Err(t).Error.Code, "no configuration yet")
	res = f.do(t, req{method: http.MethodGet, path: "/s/baru/v1/orders"})
	assert.Equal(t, http.StatusUnauthorized, res.Status, "credentials are checked first")

	f.configure(t, "baru")
	res = f.do(t, req{method: http.MethodGet, path: "/s/baru/v1/products"})
	assert.Equal(t, http.StatusOK, res.Status, "served once configured, without a restart")
}
