package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/ports"
)

// placeIn places demoOrder in a store and returns its id and slug.
func (f *storesFixture) placeIn(t testing.TB, store, phone string) (id, slug string) {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/s/" + store + "/v1/orders", body: demoOrder(phone),
		header: map[string]string{"Idempotency-Key": "order-" + store + phone}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	m := res.JSON(t)
	return m["id"].(string), m["slug"].(string)
}

// snapshot is what a store's owner can read of everything it holds.
func (f *storesFixture) snapshot(t testing.TB, store, owner string) string {
	t.Helper()
	var b strings.Builder
	for _, path := range []string{"/v1/orders?limit=100", "/v1/orders/summary", "/v1/api-keys", "/v1/checkouts/abandoned", "/v1/products", "/v1/stock/adjustments", "/v1/config/versions"} {
		res := f.do(t, req{method: http.MethodGet, path: "/s/" + store + path, header: bearer(owner)})
		require.Equal(t, http.StatusOK, res.Status, "%s: %s", path, res.Body)
		fmt.Fprintf(&b, "%s\n%s\n", path, res.Body)
	}
	return b.String()
}

// TestStoreIsolationOnEveryAdminRoute tries a key of store A, of every
// role, on every admin route of store B (the route table, so a new route
// is tried as soon as it is added), with store A's order id and slug in
// the path: each is refused 403 and store B holds what it held. Store
// A's order is not found under store B.
func TestStoreIsolationOnEveryAdminRoute(t *testing.T) {
	t.Parallel()
	f := newStoresFixture(t, nil)
	ownerA := f.addStore(t, "toko-a", "")
	ownerB := f.addStore(t, "toko-b", "")
	keysA := map[ports.Role]string{ports.RoleOwner: ownerA}
	for _, role := range []ports.Role{ports.RoleStaff, ports.RoleReadOnly} {
		res := f.do(t, req{method: http.MethodPost, path: "/s/toko-a/v1/api-keys", header: bearer(ownerA), body: map[string]any{"name": string(role), "role": role}})
		require.Equal(t, http.StatusCreated, res.Status)
		keysA[role] = res.JSON(t)["secret"].(string)
	}
	idA, slugA := f.placeIn(t, "toko-a", "081211110001")
	idB, _ := f.placeIn(t, "toko-b", "081211110002")
	res := f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/stock/adjustments", header: bearer(ownerB),
		body: map[string]any{"sku": "GAYO-250-BIJI", "add": 5, "reason": "kiriman"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	before := f.snapshot(t, "toko-b", ownerB)
	require.Contains(t, before, idB)
	require.NotContains(t, before, idA)

	tried := 0
	for _, rt := range httpapi.Routes() {
		if !rt.Admin {
			continue
		}
		path := "/s/toko-b" + strings.NewReplacer("{id}", idA, "{secret_slug}", slugA).Replace(rt.Path)
		for role, secret := range keysA {
			for _, body := range []any{"{}", demoOrder("081211110003"), map[string]any{"orders": []any{demoOrder("081211110004")}},
				map[string]any{"sku": "GAYO-250-BIJI", "set": 0, "reason": "habis"}} {
				res := f.do(t, req{method: rt.Method, path: path, body: body, header: bearer(secret)})
				require.Equal(t, http.StatusForbidden, res.Status, "%s key of toko-a on %s %s: %s", role, rt.Method, path, res.Body)
				assert.Equal(t, httpapi.CodeForbidden, res.Err(t).Error.Code)
				tried++
			}
		}
	}
	require.Positive(t, tried)
	assert.Equal(t, before, f.snapshot(t, "toko-b", ownerB), "store B is unchanged")

	// Store A's order, looked up under store B with B's own key, or on B's
	// public pages, is not found.
	for _, path := range []string{"/v1/orders/" + idA, "/v1/orders/" + idA + "/invoice", "/v1/public/orders/" + slugA, "/v1/public/orders/" + slugA + "/invoice"} {
		res := f.do(t, req{method: http.MethodGet, path: "/s/toko-b" + path, header: bearer(ownerB)})
		assert.Equal(t, http.StatusNotFound, res.Status, path)
		assert.Equal(t, ports.CodeOrderNotFound, res.Err(t).Error.Code, path)
		res = f.do(t, req{method: http.MethodGet, path: "/s/toko-a" + path, header: bearer(ownerA)})
		assert.Equal(t, http.StatusOK, res.Status, "under its own store: %s", path)
	}
	// A key of store A gets the buyer's view of store B's public routes.
	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/quotes", body: demoQuote(), header: bearer(ownerA)})
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotContains(t, res.JSON(t)["breakdown"], "net_profit")
	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/quotes", body: demoQuote(), header: bearer(ownerB)})
	assert.Contains(t, res.JSON(t)["breakdown"], "net_profit", "the store's own key gets the seller's view")
}

// TestStoreIsolationOfFulfilment: a store's bookings, pickups, tracking
// and courier pushes are its own. Store A books an order and asks for its
// pickup; store B's owner cannot read its tracking or its pickup, books
// nothing of A's, polls none of A's parcels, and a push of A's parcel to
// B's webhook changes nothing, while the same push to A's moves A's order.
func TestStoreIsolationOfFulfilment(t *testing.T) {
	t.Parallel()
	f := newStoresFixture(t, nil)
	ownerA := f.addStore(t, "toko-a", "")
	ownerB := f.addStore(t, "toko-b", "")
	idA, _ := f.placeIn(t, "toko-a", "081211110011")
	res := f.do(t, req{method: http.MethodPost, path: "/s/toko-a/v1/orders/" + idA + "/booking", body: "{}", header: bearer(ownerA)})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	awb := res.JSON(t)["airway_bill"].(string)
	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-a/v1/pickups", header: bearer(ownerA), body: map[string]any{
		"order_ids": []string{idA}, "date": "2026-11-24", "time_from": "09:00", "time_to": "12:00", "address": "Gudang A"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	pickupA := res.JSON(t)["id"].(string)
	f.clock.Advance(50 * time.Hour) // the parcel is delivered by now
	before := f.snapshot(t, "toko-a", ownerA)

	for _, c := range []struct {
		method, path, code string
		body               any
	}{
		{http.MethodGet, "/v1/orders/" + idA + "/tracking", ports.CodeOrderNotFound, nil},
		{http.MethodPost, "/v1/orders/" + idA + "/tracking/refresh", ports.CodeOrderNotFound, "{}"},
		{http.MethodPost, "/v1/orders/" + idA + "/booking", ports.CodeOrderNotFound, "{}"},
		{http.MethodPost, "/v1/orders/" + idA + "/booking/cancel", ports.CodeOrderNotFound, "{}"},
		{http.MethodPut, "/v1/orders/" + idA + "/airway-bill", ports.CodeOrderNotFound, map[string]any{"airway_bill": "X1"}},
		{http.MethodGet, "/v1/pickups/" + pickupA, ports.CodePickupNotFound, nil},
	} {
		res := f.do(t, req{method: c.method, path: "/s/toko-b" + c.path, body: c.body, header: bearer(ownerB)})
		assert.Equal(t, http.StatusNotFound, res.Status, "%s %s: %s", c.method, c.path, res.Body)
		assert.Equal(t, c.code, res.Err(t).Error.Code, "%s %s", c.method, c.path)
	}
	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/orders/bookings", body: map[string]any{"order_ids": []string{idA}}, header: bearer(ownerB)})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Contains(t, string(res.Body), `"code":"order_not_found"`)
	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/pickups", header: bearer(ownerB), body: map[string]any{
		"order_ids": []string{idA}, "date": "2026-11-25", "time_from": "09:00", "time_to": "12:00", "address": "Gudang B"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, ports.CodeOrderNotFound, res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-b/v1/pickups", header: bearer(ownerB)})
	require.Equal(t, http.StatusOK, res.Status)
	assert.JSONEq(t, `{"data":[],"total":0,"offset":0,"limit":50}`, string(res.Body))

	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/tracking/poll", body: "{}", header: bearer(ownerB)})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.JSONEq(t, `{"checked":0,"moved":0,"failed":0}`, string(res.Body), "store B polls its own parcels only")
	token, push, err := f.sim.Push(t.Context(), awb)
	require.NoError(t, err)
	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/webhooks/couriers/simcourier", body: string(push), header: map[string]string{simcourier.HeaderToken: token}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.JSONEq(t, `{"updates":1,"applied":0}`, string(res.Body), "store B has no order of that airway bill")
	assert.Equal(t, before, f.snapshot(t, "toko-a", ownerA), "store A is unchanged")

	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-a/v1/webhooks/couriers/simcourier", body: string(push), header: map[string]string{simcourier.HeaderToken: token}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.JSONEq(t, `{"updates":1,"applied":1}`, string(res.Body))
	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/orders/" + idA + "/tracking", header: bearer(ownerA)})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "delivered", res.JSON(t)["status"])
}
