package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
)

// mintKey makes a key of the store with the owner's key and returns its
// secret.
func (f *storesFixture) mintKey(t testing.TB, store, owner, name, role string) string {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/s/" + store + "/v1/api-keys", header: bearer(owner), body: map[string]any{"name": name, "role": role}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	return res.JSON(t)["secret"].(string)
}

// TestConfigAuthorIsTheKeysName: a configuration saved with an API key
// names the key as its author, one saved with the admin token
// httpapi.AdminTokenName; the client cannot choose either.
func TestConfigAuthorIsTheKeysName(t *testing.T) {
	t.Parallel()
	f := newStoresFixture(t, nil)
	owner := f.addStore(t, "toko-a", "")
	staff := f.mintKey(t, "toko-a", owner, "gudang-1", "staff")

	res := f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/config/products", header: bearer(staff)})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	gayo := res.JSON(t)["value"].([]any)[0].(map[string]any)
	res = f.do(t, req{method: http.MethodPut, path: "/s/toko-a/v1/config/products/" + gayo["id"].(string), header: bearer(staff), body: gayo})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, "gudang-1", res.JSON(t)["author"])
	res = f.do(t, req{method: http.MethodPut, path: "/s/toko-a/v1/config/products/" + gayo["id"].(string) + "/status", header: bearer(owner), body: map[string]any{"status": "draft"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, "pemilik", res.JSON(t)["author"])

	res = f.do(t, req{method: http.MethodGet, path: "/s/toko-a/v1/config/versions", header: bearer(staff)})
	require.Equal(t, http.StatusOK, res.Status)
	var authors []any
	for _, v := range res.JSON(t)["data"].([]any) {
		authors = append(authors, v.(map[string]any)["author"])
	}
	assert.Equal(t, []any{"pemilik", "gudang-1", "test"}, authors, "newest first")

	// The admin token is the default store's owner.
	f.configure(t, "default")
	res = f.do(t, req{method: http.MethodPut, path: "/v1/config/products/" + gayo["id"].(string) + "/status", admin: true, body: map[string]any{"status": "draft"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, httpapi.AdminTokenName, res.JSON(t)["author"])
}
