package httpapi_test

import (
	"context"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// memPlatform is a ports.Platform of memory stores, one per store id.
type memPlatform struct {
	mu     sync.Mutex
	stores map[string]*memory.Store
}

func (p *memPlatform) ForStore(id string) (ports.Store, error) {
	if err := ports.ValidateStoreID(id); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stores == nil {
		p.stores = map[string]*memory.Store{}
	}
	s, ok := p.stores[id]
	if !ok {
		var err error
		if s, err = memory.NewStore(); err != nil {
			return nil, err
		}
		p.stores[id] = s
	}
	return s, nil
}

func (p *memPlatform) CreateStore(context.Context, ports.StoreInfo) error { return nil }
func (p *memPlatform) UpdateStore(context.Context, ports.StoreInfo) error { return nil }
func (p *memPlatform) StoreInfo(_ context.Context, id string) (ports.StoreInfo, error) {
	return ports.StoreInfo{ID: id}, nil
}
func (p *memPlatform) StoreByHost(context.Context, string) (ports.StoreInfo, error) {
	return ports.StoreInfo{}, ports.ErrStoreNotFound
}
func (p *memPlatform) ListStores(context.Context, int, int) ([]ports.StoreInfo, int, error) {
	return nil, 0, nil
}

// managedFixture serves the default store of a new platform through
// NewStores; the store has no configuration until a test imports one.
func managedFixture(t *testing.T) *fixture {
	t.Helper()
	p := &memPlatform{}
	stores, err := kasir.NewStores(kasir.StoresDeps{Platform: p, Format: storefile.Format{},
		Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{}})
	require.NoError(t, err)
	return &fixture{h: httpapi.NewStores(httpapi.StoresConfig{Platform: p, Service: stores.Service,
		Config: httpapi.Config{AdminToken: adminToken, Stores: stores}})}
}

func demoFile(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../../examples/server/demo.json")
	require.NoError(t, err)
	return data
}

func gayoQuote() map[string]any {
	return map[string]any{
		"lines":   []any{map[string]any{"sku": "GAYO-250-BIJI", "quantity": 2}},
		"courier": "jne", "service": "REG", "payment_method": "cod", "location_id": "jaksel-kebayoran-baru",
	}
}

func unitPrice(t *testing.T, f *fixture) float64 {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: gayoQuote()})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	return res.JSON(t)["items"].([]any)[0].(map[string]any)["unit_price"].(float64)
}

func TestManageImportThenServe(t *testing.T) {
	t.Parallel()
	f := managedFixture(t)
	res := f.do(t, req{method: http.MethodGet, path: "/v1/products"})
	require.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, ports.CodeConfigNotFound, res.Err(t).Error.Code)

	res = f.do(t, req{method: http.MethodPut, path: "/v1/config", body: demoFile(t)})
	require.Equal(t, http.StatusUnauthorized, res.Status, "management needs the admin token")
	res = f.do(t, req{method: http.MethodPut, path: "/v1/config", admin: true, body: `{"store":{"name":"X"},"bogus":1}`})
	require.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "bogus", res.Err(t).Error.Field)
	res = f.do(t, req{method: http.MethodPut, path: "/v1/config", admin: true, body: demoFile(t)})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, `"1"`, res.Header.Get("ETag"))
	assert.Equal(t, float64(1), res.JSON(t)["version"])

	res = f.do(t, req{method: http.MethodGet, path: "/v1/products"})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(85000), unitPrice(t, f))
}

func TestManageProductEditsTakeEffect(t *testing.T) {
	t.Parallel()
	f := managedFixture(t)
	require.Equal(t, http.StatusOK, f.do(t, req{method: http.MethodPut, path: "/v1/config", admin: true, body: demoFile(t)}).Status)

	res := f.do(t, req{method: http.MethodGet, path: "/v1/config/products", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	gayo := res.JSON(t)["value"].([]any)[0].(map[string]any)
	require.Equal(t, "kopi-gayo", gayo["id"])

	variant := gayo["variants"].([]any)[0].(map[string]any)
	variant["price"] = -1
	res = f.do(t, req{method: http.MethodPut, path: "/v1/config/products/kopi-gayo", admin: true, body: gayo})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "products[0].variants[0].price", res.Err(t).Error.Field)

	variant["price"] = 91000
	res = f.do(t, req{method: http.MethodPut, path: "/v1/config/products/kopi-gayo", admin: true, body: gayo, header: map[string]string{"If-Match": `"1"`}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, float64(2), res.JSON(t)["version"])
	assert.Equal(t, float64(91000), unitPrice(t, f), "the next quote has the new price")

	res = f.do(t, req{method: http.MethodPut, path: "/v1/config/products/kopi-gayo", admin: true, body: gayo, header: map[string]string{"If-Match": `"1"`}})
	require.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, ports.CodeVersionConflict, res.Err(t).Error.Code)

	res = f.do(t, req{method: http.MethodPut, path: "/v1/config/products/other-id", admin: true, body: gayo})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "id", res.Err(t).Error.Field)

	res = f.do(t, req{method: http.MethodPut, path: "/v1/config/products/kopi-gayo/status", admin: true, body: map[string]any{"status": "draft"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, http.StatusNotFound, f.do(t, req{method: http.MethodGet, path: "/v1/products/kopi-gayo"}).Status, "a draft is not listed")
	res = f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: gayoQuote()})
	assert.Equal(t, "product_unavailable", res.Err(t).Error.Code, "a draft is not sold")

	res = f.do(t, req{method: http.MethodGet, path: "/v1/config/versions", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Len(t, res.JSON(t)["data"], 3)
}

func TestManageSettingsAndVouchers(t *testing.T) {
	t.Parallel()
	f := managedFixture(t)
	require.Equal(t, http.StatusOK, f.do(t, req{method: http.MethodPut, path: "/v1/config", admin: true, body: demoFile(t)}).Status)

	res := f.do(t, req{method: http.MethodPut, path: "/v1/config/store", admin: true, body: map[string]any{"name": "Kopi", "cod": map[string]any{"fee_percent": "101"}}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "store.cod.fee_percent", res.Err(t).Error.Field)
	res = f.do(t, req{method: http.MethodPut, path: "/v1/config/bank_accounts", admin: true, body: []any{map[string]any{"bank_code": "BCA", "account_number": "12", "account_name": "Kopi"}}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Err(t).Error.Field, "bank_accounts[0]")

	res = f.do(t, req{method: http.MethodPut, path: "/v1/vouchers/KOPI5", admin: true, body: map[string]any{"kind": "product", "type": "fixed", "value": 5000}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, "KOPI5", res.JSON(t)["code"])
	res = f.do(t, req{method: http.MethodPut, path: "/v1/vouchers/KOPI6", admin: true, body: map[string]any{"kind": "product", "type": "fixed", "value": 5000, "skus": []any{"NOPE"}}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "skus[0]", res.Err(t).Error.Field)

	order := with(with(gayoQuote(), "product_voucher", "KOPI5"), "customer", map[string]any{"name": "Budi", "phone": "081298765432"})
	delete(order, "location_id")
	order["address"] = map[string]any{"line": "Jl. Senopati 1", "location_id": "jaksel-kebayoran-baru"}
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: order})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/vouchers/kopi5", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(1), res.JSON(t)["used"])

	res = f.do(t, req{method: http.MethodPut, path: "/v1/vouchers/KOPI5/active", admin: true, body: map[string]any{}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "active", res.Err(t).Error.Field)
	res = f.do(t, req{method: http.MethodPut, path: "/v1/vouchers/KOPI5/active", admin: true, body: map[string]any{"active": false}})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, false, res.JSON(t)["active"])
	res = f.do(t, req{method: http.MethodGet, path: "/v1/vouchers", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotEmpty(t, res.JSON(t)["data"])

	// The export imports back, on the version it was read at.
	res = f.do(t, req{method: http.MethodGet, path: "/v1/config", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	etag := res.Header.Get("ETag")
	res = f.do(t, req{method: http.MethodPut, path: "/v1/config", admin: true, body: res.Body, header: map[string]string{"If-Match": etag}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/vouchers/KOPI5", admin: true})
	assert.Equal(t, false, res.JSON(t)["active"], "the export kept the voucher inactive")
	assert.Equal(t, float64(1), res.JSON(t)["used"], "and its uses")
}
