package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzRequestBodies sends arbitrary bodies to every route that reads one,
// public and admin: the answer is never a 500, an error answer always has a
// code, and a refused order changes nothing. Seeded with valid and broken
// bodies; run longer with
// go test -run x -fuzz FuzzRequestBodies -fuzztime 60s ./adapters/httpapi
func FuzzRequestBodies(f *testing.F) {
	for _, b := range []any{orderBody(), quoteBody(), with(orderBody(), "payment_method", "bank_transfer"),
		with(orderBody(), "lines", []any{map[string]any{"sku": "BUKU-01", "quantity": -3}}),
		with(orderBody(), "expected_grand_total", 1), with(orderBody(), "product_voucher", "HEMAT10"),
		map[string]any{"orders": []any{orderBody(), map[string]any{}}},
		map[string]any{"to": "shipped", "airway_bill": "JNE1"},
		map[string]any{"name": "Siti", "phone": "08123456789"}} {
		js, err := json.Marshal(b)
		require.NoError(f, err)
		f.Add(string(js))
	}
	for _, s := range []string{"", "{", "null", "[]", `{"lines":[{"sku":1}]}`, `{"lines":[{"sku":"BUKU-01","quantity":1e99}]}`,
		`{"customer":{"phone":"+62 812-3456-7890xyz"}}`, "\x00\xff"} {
		f.Add(s)
	}
	routes := []struct {
		method, path string
		admin        bool
	}{
		{http.MethodPost, "/v1/orders", false},
		{http.MethodPost, "/v1/quotes", false},
		{http.MethodPost, "/v1/shipping-options", false},
		{http.MethodPost, "/v1/vouchers/eligible", false},
		{http.MethodPost, "/v1/checkouts/abandoned", false},
		{http.MethodPost, "/v1/orders/batch", true},
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, body string) {
		for _, r := range routes {
			before := fx.state(t)
			res := fx.do(t, req{method: r.method, path: r.path, body: body, admin: r.admin})
			if res.Status >= 400 {
				require.Equal(t, before, fx.state(t), "%s %s refused %q but changed the store", r.method, r.path, body)
			}
			if res.Status >= 500 {
				t.Fatalf("%s %s answered %d to %q: %s", r.method, r.path, res.Status, body, res.Body)
			}
			if res.Status >= 400 {
				res.Err(t)
			}
		}
	})
}
