package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
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
	for _, path := range []string{"/v1/orders?limit=100", "/v1/orders/summary", "/v1/api-keys", "/v1/checkouts/abandoned", "/v1/products"} {
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
			for _, body := range []any{"{}", demoOrder("081211110003"), map[string]any{"orders": []any{demoOrder("081211110004")}}} {
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
	res := f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/quotes", body: demoQuote(), header: bearer(ownerA)})
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotContains(t, res.JSON(t)["breakdown"], "net_profit")
	res = f.do(t, req{method: http.MethodPost, path: "/s/toko-b/v1/quotes", body: demoQuote(), header: bearer(ownerB)})
	assert.Contains(t, res.JSON(t)["breakdown"], "net_profit", "the store's own key gets the seller's view")
}
