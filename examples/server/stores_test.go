package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestManyStores runs the binary with a platform key: the platform
// creates a store and mints its owner key, whose routes answer under
// /s/{store} at once (the checkout once its configuration is saved),
// while the data file's store keeps serving with and without the prefix.
func TestManyStores(t *testing.T) {
	t.Parallel()
	p := startServer(t, buildServer(t), "demo.json", "KASIR_PLATFORM_KEY=kunci-platform")

	status, _ := call(t, http.MethodPost, p.base+"/v1/platform/stores", "", "", map[string]any{"id": "toko-b", "name": "Toko B"})
	assert.Equal(t, http.StatusUnauthorized, status, "the platform routes need the platform key")
	status, body := call(t, http.MethodPost, p.base+"/v1/platform/stores", "kunci-platform", "", map[string]any{"id": "toko-b", "name": "Toko B"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, body = call(t, http.MethodPost, p.base+"/v1/platform/stores/toko-b/api-keys", "kunci-platform", "", map[string]any{"name": "pemilik", "role": "owner"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	owner, _ := body["secret"].(string)
	require.True(t, strings.HasPrefix(owner, "ksr_toko-b_"), owner)

	status, _ = call(t, http.MethodGet, p.base+"/s/toko-b/v1/api-keys", owner, "", nil)
	assert.Equal(t, http.StatusOK, status, "the new store's owner manages its keys")
	status, body = call(t, http.MethodGet, p.base+"/s/toko-b/v1/products", "", "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "config_not_found", body["error"].(map[string]any)["code"], "no checkout before a configuration is saved")
	status, _ = call(t, http.MethodGet, p.base+"/s/toko-b/v1/orders", "secret", "", nil)
	assert.Equal(t, http.StatusUnauthorized, status, "the admin token is the default store's only")

	for _, path := range []string{"/v1/products", "/s/default/v1/products"} {
		status, _ = call(t, http.MethodGet, p.base+path, "", "", nil)
		assert.Equal(t, http.StatusOK, status, path)
	}
	status, _ = call(t, http.MethodGet, p.base+"/s/default/v1/orders", "secret", "", nil)
	assert.Equal(t, http.StatusOK, status)
	status, _ = call(t, http.MethodGet, p.base+"/s/default/v1/orders", owner, "", nil)
	assert.Equal(t, http.StatusForbidden, status, "a key of toko-b on the default store")
	status, body = call(t, http.MethodGet, p.base+"/s/toko-none/v1/products", "", "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "store_not_found", body["error"].(map[string]any)["code"])

	// The store's pages: not found until its configuration is saved, then
	// under /s/toko-b/ with its name, and its dashboard opens with its own
	// key only.
	res, err := http.Get(p.base + "/s/toko-b/")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	var doc map[string]any
	raw, err := os.ReadFile("demo.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &doc))
	doc["store"].(map[string]any)["name"] = "Toko B Bandung"
	status, body = call(t, http.MethodPut, p.base+"/s/toko-b/v1/config", owner, "", doc)
	require.Equal(t, http.StatusOK, status, "%v", body)
	res, err = http.Get(p.base + "/s/toko-b/")
	require.NoError(t, err)
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(page), "Toko B Bandung")
	assert.Contains(t, string(page), `href="/s/toko-b/beli/kopi-gayo"`)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for tok, want := range map[string]int{owner: http.StatusSeeOther, "secret": http.StatusUnauthorized} {
		res, err = noFollow.PostForm(p.base+"/s/toko-b/admin/masuk", url.Values{"token": {tok}})
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, want, res.StatusCode)
	}
}
