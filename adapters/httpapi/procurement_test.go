package httpapi_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/procurement"
)

// procurementStores is a platform of three demo sellers with procurement
// served, and each seller's owner key.
func procurementStores(t *testing.T) (*storesFixture, map[string]string) {
	t.Helper()
	f := newStoresFixture(t, nil)
	p, err := kasir.NewProcurement(f.stores, f.p, kasir.ProcurementConfig{
		Platform: procurement.Platform{Name: "PaDi", FeeFixed: 2500, FeePercent: money.MustRate("1.5"),
			PPNPercent: money.RateInt(12), DPPFactor: money.MustRate("11/12"), PPh23Percent: money.RateInt(2)},
	})
	require.NoError(t, err)
	f.h = httpapi.NewStores(httpapi.StoresConfig{
		Config:   httpapi.Config{AdminToken: adminToken, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		Platform: f.p, Service: f.stores.Service, PlatformKey: platformKey, Clock: f.clock, Procurement: p,
	})
	keys := map[string]string{}
	for _, id := range []string{"seller-a", "seller-b", "seller-c"} {
		keys[id] = f.addStore(t, id, "")
	}
	return f, keys
}

func purchaseBody() map[string]any {
	return map[string]any{
		"buyer_account_id": "dinas-pu", "purchase_request": "PR/117", "payment_term_days": 30,
		"items": []any{
			map[string]any{"seller": "seller-a", "sku": "GAYO-1KG-BIJI", "quantity": 2},
			map[string]any{"seller": "seller-b", "sku": "GAYO-250-BIJI", "quantity": 3},
			map[string]any{"seller": "seller-c", "sku": "GAYO-250-BUBUK", "quantity": 1},
		},
		"couriers": map[string]any{
			"seller-a": map[string]any{"courier": "jne", "service": "REG"},
			"seller-b": map[string]any{"courier": "jne", "service": "REG"},
			"seller-c": map[string]any{"courier": "jne", "service": "REG"},
		},
	}
}

func TestProcurementRoutes(t *testing.T) {
	t.Parallel()
	f, keys := procurementStores(t)
	pk := bearer(platformKey)

	// Buyer accounts: the platform key only.
	account := map[string]any{"id": "dinas-pu", "company_name": "Dinas PU", "npwp": "00.123.456.7-429.000", "kind": "klpd",
		"addresses": []any{map[string]any{"line": "Jl. Senopati 1", "location_id": "jaksel-kebayoran-baru", "postal_code": "12160"}}}
	res := f.do(t, req{method: http.MethodPost, path: "/v1/platform/buyer-accounts", header: bearer(keys["seller-a"]), body: account})
	assert.Equal(t, http.StatusUnauthorized, res.Status, "a seller's key is no platform key")
	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/buyer-accounts", header: pk, body: account})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/buyer-accounts", header: pk, body: account})
	assert.Equal(t, http.StatusConflict, res.Status)
	bad := map[string]any{"company_name": "X", "npwp": "00.123.456.7-429.000", "kind": "kementerian", "addresses": []any{}}
	res = f.do(t, req{method: http.MethodPut, path: "/v1/platform/buyer-accounts/x", header: pk, body: bad})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, procurement.CodeUnknownBuyerKind, res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/platform/buyer-accounts", header: pk})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(1), res.JSON(t)["total"])

	// Quote, then place twice with one key: one purchase.
	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/procurement/quotes", header: pk, body: purchaseBody()})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var quoted struct {
		CheckoutID string `json:"checkout_id"`
		Orders     []struct{ Store string }
		Totals     map[string]money.Money
	}
	res.Decode(t, &quoted)
	assert.Empty(t, quoted.CheckoutID)
	require.Len(t, quoted.Orders, 3)

	place := func(key string, body map[string]any) resp {
		h := bearer(platformKey)
		h["Idempotency-Key"] = key
		return f.do(t, req{method: http.MethodPost, path: "/v1/platform/procurement/purchases", header: h, body: body})
	}
	res = place("po-1", purchaseBody())
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	var placed struct {
		CheckoutID string `json:"checkout_id"`
		Orders     []struct {
			Store string
			Order struct {
				ID          string
				Status      string
				Procurement struct {
					CheckoutID string      `json:"checkout_id"`
					Payable    money.Money `json:"payable"`
					Overdue    *bool       `json:"overdue"`
				}
			}
		}
		Totals map[string]money.Money
	}
	res.Decode(t, &placed)
	require.Len(t, placed.Orders, 3)
	documented(t, res, "/v1/platform/procurement/purchases", "post", "201")
	assert.Equal(t, quoted.Totals, placed.Totals, "placing prices as quoting did")
	again := place("po-1", purchaseBody())
	require.Equal(t, http.StatusOK, again.Status, "%s", again.Body)
	assert.Equal(t, "true", again.Header.Get(httpapi.ReplayedHeader))
	assert.Equal(t, placed.CheckoutID, again.JSON(t)["checkout_id"])
	other := purchaseBody()
	other["purchase_request"] = "PR/118"
	res = place("po-1", other)
	assert.Equal(t, http.StatusConflict, res.Status)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/platform/procurement/purchases?buyer_account_id=dinas-pu", header: pk})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(1), res.JSON(t)["total"])

	// Each seller sees its own order, and only its own.
	a, b := placed.Orders[0], placed.Orders[1]
	res = f.do(t, req{method: http.MethodGet, path: "/s/seller-a/v1/orders/" + a.Order.ID, header: bearer(keys["seller-a"])})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	documented(t, res, "/v1/orders/{id}", "get", "200")
	pr := res.JSON(t)["procurement"].(map[string]any)
	assert.Equal(t, placed.CheckoutID, pr["checkout_id"])
	assert.Equal(t, false, pr["overdue"])
	res = f.do(t, req{method: http.MethodGet, path: "/s/seller-a/v1/orders/" + b.Order.ID, header: bearer(keys["seller-a"])})
	assert.Equal(t, http.StatusNotFound, res.Status, "seller b's order is not in seller a's store")
	res = f.do(t, req{method: http.MethodGet, path: "/s/seller-b/v1/orders/" + b.Order.ID, header: bearer(keys["seller-a"])})
	assert.Equal(t, http.StatusForbidden, res.Status, "seller a's key opens no other store")
	res = f.do(t, req{method: http.MethodGet, path: "/v1/platform/procurement/purchases/" + placed.CheckoutID, header: bearer(keys["seller-a"])})
	assert.Equal(t, http.StatusUnauthorized, res.Status, "the whole purchase is the platform's")

	// Payments on terms, then overdue.
	payB := func(amount money.Money) resp {
		return f.do(t, req{method: http.MethodPost, path: "/s/seller-b/v1/orders/" + b.Order.ID + "/term-payments", header: bearer(keys["seller-b"]),
			body: map[string]any{"amount": amount, "reference": "SP2D"}})
	}
	res = payB(100000)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res = payB(b.Order.Procurement.Payable)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, procurement.CodePaymentExceedsPayable, res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodPost, path: "/s/seller-a/v1/orders/" + b.Order.ID + "/term-payments", header: bearer(keys["seller-a"]),
		body: map[string]any{"amount": 1000}})
	assert.Equal(t, http.StatusNotFound, res.Status, "seller a cannot pay into seller b's order")

	res = f.do(t, req{method: http.MethodGet, path: "/s/seller-b/v1/procurement/orders?due=soon&within_days=31", header: bearer(keys["seller-b"])})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, float64(1), res.JSON(t)["total"])
	f.clock.Advance(40 * 24 * time.Hour)
	res = f.do(t, req{method: http.MethodGet, path: "/s/seller-b/v1/procurement/orders", header: bearer(keys["seller-b"])})
	require.Equal(t, http.StatusOK, res.Status)
	documented(t, res, "/v1/procurement/orders", "get", "200")
	body := res.JSON(t)
	require.Equal(t, float64(1), body["total"])
	o := body["data"].([]any)[0].(map[string]any)
	assert.Equal(t, b.Order.ID, o["id"])
	assert.Equal(t, true, o["procurement"].(map[string]any)["overdue"])
	assert.Equal(t, float64(b.Order.Procurement.Payable-100000), o["procurement"].(map[string]any)["outstanding"])
	res = f.do(t, req{method: http.MethodGet, path: "/s/seller-a/v1/procurement/orders", header: bearer(keys["seller-a"])})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, float64(1), res.JSON(t)["total"], "seller a's own order is overdue too, and only it")
	res = f.do(t, req{method: http.MethodGet, path: "/s/seller-a/v1/procurement/orders?due=later", header: bearer(keys["seller-a"])})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)

	// Bad input names the seller and the line.
	unknown := purchaseBody()
	unknown["items"].([]any)[1].(map[string]any)["seller"] = "seller-z"
	res = f.do(t, req{method: http.MethodPost, path: "/v1/platform/procurement/quotes", header: pk, body: unknown})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, procurement.CodeUnknownSeller, res.Err(t).Error.Code)
	assert.Equal(t, "items[1].seller", res.Err(t).Error.Field)
}

// TestProcurementRoutesWithoutProcurement: a deployment that serves no
// procurement answers its routes 404.
func TestProcurementRoutesWithoutProcurement(t *testing.T) {
	t.Parallel()
	f := newStoresFixture(t, nil)
	res := f.do(t, req{method: http.MethodGet, path: "/v1/platform/buyer-accounts", header: bearer(platformKey)})
	assert.Equal(t, http.StatusNotFound, res.Status)
}

// documented checks that every field of an answer is in the schema its
// route documents.
func documented(t *testing.T, res resp, path, method, status string) {
	t.Helper()
	d := loadOpenAPI(t)
	r, ok := d.Paths[path][method].Responses[status]
	require.True(t, ok, "%s %s documents no %s", method, path, status)
	var v any
	require.NoError(t, json.Unmarshal(res.Body, &v))
	assert.Empty(t, d.undocumented(t, r.Content["application/json"].Schema, v, ""), "%s %s answers fields its schema does not have", method, path)
}
