package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/ports"
)

// Stock adjustments over HTTP: staff count and receive stock, each row
// audited under the key's name; read-only keys read the trail but change
// nothing; refusals are coded and change nothing; the trail pages.
func TestStockAdjustmentRoutes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, staff, err := f.keys.Create(t.Context(), "Rina (gudang)", ports.RoleStaff)
	require.NoError(t, err)
	_, reader, err := f.keys.Create(t.Context(), "akuntan", ports.RoleReadOnly)
	require.NoError(t, err)
	level := func(t *testing.T, sku string) float64 {
		t.Helper()
		res := f.do(t, req{method: http.MethodGet, path: "/v1/products"})
		require.Equal(t, http.StatusOK, res.Status)
		for _, p := range res.JSON(t)["data"].([]any) {
			for _, v := range p.(map[string]any)["variants"].([]any) {
				if v := v.(map[string]any); v["sku"] == sku {
					return v["stock"].(float64)
				}
			}
		}
		t.Fatalf("no variant %s", sku)
		return 0
	}
	before := level(t, "VAS-01")

	res := f.do(t, req{method: http.MethodPost, path: "/v1/stock/adjustments", header: bearer(staff), body: map[string]any{"sku": "VAS-01", "add": 4, "reason": "kiriman supplier"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	row := res.JSON(t)
	assert.Equal(t, "Rina (gudang)", row["actor"], "the actor is the key's name")
	assert.Equal(t, before, row["before"])
	assert.Equal(t, before+4, row["after"])
	assert.NotContains(t, row, "warehouse_id")
	assert.Equal(t, before+4, level(t, "VAS-01"), "the next read has the new level")

	res = f.do(t, req{method: http.MethodPost, path: "/v1/stock/adjustments", admin: true, body: map[string]any{"sku": "VAS-01", "set": 2, "reason": "stock opname"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	assert.Equal(t, "admin-token", res.JSON(t)["actor"])

	res = f.do(t, req{method: http.MethodPost, path: "/v1/stock/adjustments", header: bearer(reader), body: map[string]any{"sku": "VAS-01", "set": 9, "reason": "x"}})
	assert.Equal(t, http.StatusForbidden, res.Status, "read_only may not adjust")

	// Kept per warehouse from now on: the single level is refused.
	require.NoError(t, f.store.SetWarehouseStock(t.Context(), "gudang-bdg", map[string]int64{"p-kaca": 5}))
	for _, bad := range []struct {
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{map[string]any{"sku": "VAS-01", "add": 1, "reason": "x"}, http.StatusUnprocessableEntity, ports.CodeKeptPerWarehouse, "warehouse_id"},
		{map[string]any{"warehouse_id": "gudang-sby", "sku": "VAS-01", "add": 1, "reason": "x"}, http.StatusUnprocessableEntity, "invalid_input", "warehouse_id"},
		{map[string]any{"warehouse_id": "gudang-bdg", "sku": "VAS-01", "add": -6, "reason": "rusak"}, http.StatusUnprocessableEntity, "invalid_input", "units"},
		{map[string]any{"warehouse_id": "gudang-bdg", "sku": "VAS-01", "set": 1, "add": 1, "reason": "x"}, http.StatusUnprocessableEntity, "invalid_input", "set"},
		{map[string]any{"warehouse_id": "gudang-bdg", "sku": "NOPE", "add": 1, "reason": "x"}, http.StatusUnprocessableEntity, "unknown_sku", "sku"},
		{map[string]any{"warehouse_id": "gudang-bdg", "sku": "VAS-01", "add": 1}, http.StatusUnprocessableEntity, "invalid_input", "reason"},
		{map[string]any{"warehouse_id": "gudang-bdg", "sku": "VAS-01", "add": 1, "reason": "x", "actor": "someone else"}, http.StatusBadRequest, "unknown_field", "actor"},
	} {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/stock/adjustments", header: bearer(staff), body: bad.body})
		require.Equal(t, bad.status, res.Status, "%v: %s", bad.body, res.Body)
		assert.Equal(t, bad.code, res.Err(t).Error.Code, "%v", bad.body)
		assert.Equal(t, bad.field, res.Err(t).Error.Field, "%v", bad.body)
	}
	assert.Equal(t, float64(5), level(t, "VAS-01"), "refusals change nothing")
	res = f.do(t, req{method: http.MethodPost, path: "/v1/stock/adjustments", header: bearer(staff), body: map[string]any{"warehouse_id": "gudang-bdg", "sku": "VAS-01", "add": -1, "reason": "pecah"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	assert.Equal(t, "gudang-bdg", res.JSON(t)["warehouse_id"])
	assert.Equal(t, float64(4), level(t, "VAS-01"))

	// The trail, newest first, a row at a time.
	var reasons []any
	path := "/v1/stock/adjustments?limit=1"
	for range 5 {
		res = f.do(t, req{method: http.MethodGet, path: path, header: bearer(reader)})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		page := res.JSON(t)
		for _, r := range page["data"].([]any) {
			reasons = append(reasons, r.(map[string]any)["reason"])
		}
		next, ok := page["next_before"].(float64)
		if !ok {
			break
		}
		path = fmt.Sprintf("/v1/stock/adjustments?limit=1&before=%d", int64(next))
	}
	assert.Equal(t, []any{"pecah", "stock opname", "kiriman supplier"}, reasons)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/stock/adjustments?warehouse_id=gudang-bdg", header: bearer(reader)})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Len(t, res.JSON(t)["data"], 1)
	for _, q := range []string{"limit=-1", "before=x", "before=-2"} {
		res = f.do(t, req{method: http.MethodGet, path: "/v1/stock/adjustments?" + q, admin: true})
		assert.Equal(t, http.StatusBadRequest, res.Status, q)
		assert.Equal(t, "invalid_query", res.Err(t).Error.Code, q)
	}
}
