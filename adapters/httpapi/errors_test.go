package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// TestRefusedOrdersChangeNothing sends orders that must be refused and
// checks the status, the code, the field, and that stock, vouchers, held
// amounts and orders are as they were.
func TestRefusedOrdersChangeNothing(t *testing.T) {
	t.Parallel()
	line := func(l map[string]any) []any { return []any{l} }
	cases := []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"malformed_json", `{"lines": [`, http.StatusBadRequest, "invalid_json", ""},
		{"not_json", `lines=1`, http.StatusBadRequest, "invalid_json", ""},
		{"empty_body", ``, http.StatusBadRequest, "invalid_json", ""},
		{"array_body", `[{"payment_method":"cod"}]`, http.StatusBadRequest, "invalid_type", ""},
		{"trailing_data", `{"payment_method":"cod"} {"payment_method":"cod"}`, http.StatusBadRequest, "invalid_json", ""},
		{"client_price", with(orderBody(), "lines", line(map[string]any{"sku": "BUKU-01", "quantity": 1, "price": 1})), http.StatusBadRequest, "unknown_field", "lines[0].price"},
		{"client_total", with(orderBody(), "grand_total", 1000), http.StatusBadRequest, "unknown_field", "grand_total"},
		{"idempotency_key_in_body", with(orderBody(), "IdempotencyKey", "k"), http.StatusBadRequest, "unknown_field", "IdempotencyKey"},
		{"quantity_in_capitals", with(orderBody(), "lines", line(map[string]any{"sku": "BUKU-01", "quantity": 1, "QUANTITY": 9})), http.StatusBadRequest, "unknown_field", "lines[0].QUANTITY"},
		{"duplicate_key", `{"lines":[{"sku":"BUKU-01","quantity":1,"quantity":9}]}`, http.StatusBadRequest, "duplicate_field", "lines[0].quantity"},
		{"quantity_as_string", with(orderBody(), "lines", line(map[string]any{"sku": "BUKU-01", "quantity": "1"})), http.StatusBadRequest, "invalid_type", "lines[0].quantity"},
		{"fractional_quantity", with(orderBody(), "lines", line(map[string]any{"sku": "BUKU-01", "quantity": 1.5})), http.StatusBadRequest, "invalid_type", "lines[0].quantity"},
		{"unknown_method", with(orderBody(), "payment_method", "cash"), http.StatusUnprocessableEntity, errs.CodeInvalidInput, "payment_method"},
		{"negative_quantity", with(orderBody(), "lines", line(map[string]any{"sku": "BUKU-01", "quantity": -1})), http.StatusUnprocessableEntity, catalog.CodeInvalidQuantity, "lines[0].quantity"},
		{"out_of_stock", with(orderBody(), "lines", line(map[string]any{"sku": "BUKU-01", "quantity": 11})), http.StatusConflict, catalog.CodeOutOfStock, "lines[0]"},
		{"voucher_quota", with(orderBody(), "product_voucher", "SEKALI"), http.StatusConflict, pricing.CodeVoucherQuotaExhausted, "product_voucher"},
		{"price_changed", with(orderBody(), "expected_grand_total", 113000), http.StatusConflict, "price_changed", "expected_grand_total"},
		{"invalid_phone", with(orderBody(), "customer", map[string]any{"name": "Siti", "phone": "0812-ABC"}), http.StatusUnprocessableEntity, checkout.CodeInvalidPhone, "customer.phone"},
		{"unknown_service", with(orderBody(), "service", "YES"), http.StatusUnprocessableEntity, "shipping_option_not_found", "service"},
		{"cod_not_collected", with(with(orderBody(), "courier", "sicepat"), "service", "BEST"), http.StatusUnprocessableEntity, "cod_not_available", "payment_method"},
		{"cod_excluded_destination", with(orderBody(), "address", map[string]any{"line": "Jl. Raya Abepura 1", "location_id": "jpr-abepura"}), http.StatusUnprocessableEntity, "cod_not_available", "payment_method"},
		{"cod_digital", with(orderBody(), "lines", line(map[string]any{"sku": "EBOOK-01", "quantity": 1})), http.StatusUnprocessableEntity, pricing.CodeCODNotAllowed, "payment_method"},
		{"expired_voucher", with(orderBody(), "product_voucher", "LAMA"), http.StatusUnprocessableEntity, pricing.CodeVoucherExpired, "product_voucher"},
		{"unknown_sku", with(orderBody(), "lines", line(map[string]any{"sku": "NOPE", "quantity": 1})), http.StatusUnprocessableEntity, catalog.CodeUnknownSKU, "lines[0].sku"},
		{"unknown_voucher", with(orderBody(), "product_voucher", "GRATIS"), http.StatusUnprocessableEntity, pricing.CodeVoucherNotFound, "product_voucher"},
		{"empty_cart", with(orderBody(), "lines", []any{}), http.StatusUnprocessableEntity, "empty_cart", "lines"},
		{"too_large", with(orderBody(), "notes", strings.Repeat("x", 2<<20)), http.StatusRequestEntityTooLarge, "body_too_large", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.placeOrder(t, with(orderBody(), "product_voucher", "SEKALI")) // uses SEKALI up and holds stock
			f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
			before := f.state(t)
			res := f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: c.body})
			assert.Equal(t, c.status, res.Status, "%s", res.Body)
			e := res.Err(t)
			assert.Equal(t, c.code, e.Error.Code, "%s", res.Body)
			assert.Equal(t, c.field, e.Error.Field, "%s", res.Body)
			assert.NotEmpty(t, e.Error.Message)
			assert.Equal(t, before, f.state(t), "a refused order changes nothing")
		})
	}
}

// TestBodyLimitIsConfigurable: MaxBodyBytes bounds every body.
func TestBodyLimitIsConfigurable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.MaxBodyBytes = 64 }))
	res := f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody()})
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
	e := res.Err(t)
	assert.Equal(t, "body_too_large", e.Error.Code)
	assert.Equal(t, "The request is too large.", e.Error.Message)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: `{"lines":[]}`})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "a small body is read")
}

func TestAdminToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for name, auth := range map[string]string{
		"missing":      "",
		"wrong":        "Bearer salah",
		"prefix":       "Bearer " + adminToken[:len(adminToken)-1],
		"longer":       "Bearer " + adminToken + "x",
		"other_scheme": "Basic " + adminToken,
		"no_scheme":    adminToken,
	} {
		res := f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: map[string]string{"Authorization": auth}})
		assert.Equal(t, http.StatusUnauthorized, res.Status, name)
		assert.Equal(t, "unauthorized", res.Err(t).Error.Code, name)
		assert.Equal(t, `Bearer realm="kasir"`, res.Header.Get("WWW-Authenticate"), name)
	}
	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders", header: map[string]string{"Authorization": "bearer " + adminToken}})
	assert.Equal(t, http.StatusOK, res.Status, "the scheme is case-insensitive")

	// A refused admin request changes nothing, even with a valid body.
	f.placeOrder(t, orderBody())
	before := f.state(t)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/batch", body: map[string]any{"orders": []any{orderBody()}}})
	assert.Equal(t, http.StatusUnauthorized, res.Status)
	assert.Equal(t, before, f.state(t))
}

func TestAdminRoutesClosedWithoutToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.AdminToken = "" }))
	for _, rt := range httpapi.Routes() {
		if !rt.Admin {
			continue
		}
		path := strings.NewReplacer("{id}", "x").Replace(rt.Path)
		for _, auth := range []string{"", "Bearer ", "Bearer  ", "Bearer x"} {
			res := f.do(t, req{method: rt.Method, path: path, body: "{}", header: map[string]string{"Authorization": auth}})
			assert.Equal(t, http.StatusUnauthorized, res.Status, "%s %s %q", rt.Method, path, auth)
		}
	}
}

func TestUnknownRouteAndMethod(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.do(t, req{method: http.MethodGet, path: "/v1/nothing"})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "not_found", res.Err(t).Error.Code)

	res = f.do(t, req{method: http.MethodDelete, path: "/v1/orders"})
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "method_not_allowed", res.Err(t).Error.Code)
	assert.Equal(t, "GET, HEAD, POST", res.Header.Get("Allow"))

	res = f.do(t, req{method: http.MethodPut, path: "/v1/orders/abc"})
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "GET, HEAD, PATCH", res.Header.Get("Allow"))

	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders/abc", admin: true})
	assert.Equal(t, http.StatusNotFound, res.Status)
	e := res.Err(t)
	assert.Equal(t, "order_not_found", e.Error.Code)
	assert.Empty(t, e.Error.Field)
}

func TestProviderDownIs503(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.couriers.Fail(errs.Wrap(errs.Unavailable, ports.CodeProviderUnavailable, errors.New("dial tcp 10.1.2.3:443: i/o timeout"), "biteship: rates request failed"))
	before := f.state(t)
	for _, path := range []string{"/v1/quotes", "/v1/shipping-options", "/v1/orders"} {
		body := quoteBody()
		if path == "/v1/orders" {
			body = orderBody()
		}
		res := f.do(t, req{method: http.MethodPost, path: path, body: body})
		assert.Equal(t, http.StatusServiceUnavailable, res.Status, path)
		e := res.Err(t)
		assert.Equal(t, "provider_unavailable", e.Error.Code, path)
		assert.NotContains(t, string(res.Body), "10.1.2.3", "the provider's answer is not shown")
	}
	assert.Equal(t, before, f.state(t))
	assert.Contains(t, f.log.String(), "10.1.2.3", "it goes to the log")

	// The gateway failing while an order is placed is refused the same way.
	f.couriers.Fail(nil)
	f.gateway.Fail(ports.ErrProviderUnavailable)
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: with(orderBody(), "payment_method", "gateway")})
	assert.Equal(t, http.StatusServiceUnavailable, res.Status)
	assert.Equal(t, before, f.state(t))
}

// brokenCatalog fails as a database would: with an error that has no code.
type brokenCatalog struct{ panics bool }

func (b brokenCatalog) Catalog(context.Context) (*catalog.Catalog, error) {
	if b.panics {
		panic("catalog: nil map write at products.go:42")
	}
	return nil, errors.New("postgres: connection refused to db-internal:5432 (password=hunter2)")
}

func TestUncodedErrorIs500WithTheRealErrorLogged(t *testing.T) {
	t.Parallel()
	f := newFixture(t, withCatalog(brokenCatalog{}))
	before := f.state(t)
	for _, rq := range []req{
		{method: http.MethodGet, path: "/v1/products"},
		{method: http.MethodPost, path: "/v1/quotes", body: quoteBody()},
		{method: http.MethodPost, path: "/v1/orders", body: orderBody()},
	} {
		res := f.do(t, rq)
		assert.Equal(t, http.StatusInternalServerError, res.Status, rq.path)
		e := res.Err(t)
		assert.Equal(t, "internal", e.Error.Code)
		assert.Equal(t, "Something went wrong on our side. Please try again later.", e.Error.Message)
		assert.NotContains(t, string(res.Body), "postgres")
		assert.NotContains(t, string(res.Body), "hunter2")
	}
	assert.Equal(t, before, f.state(t))
	log := f.log.String()
	assert.Contains(t, log, "level=ERROR")
	assert.Contains(t, log, "postgres: connection refused to db-internal:5432")
	assert.Contains(t, log, "path=/v1/quotes")
}

func TestPanicIsRecovered(t *testing.T) {
	t.Parallel()
	f := newFixture(t, withCatalog(brokenCatalog{panics: true}))
	res := f.do(t, req{method: http.MethodGet, path: "/v1/products"})
	assert.Equal(t, http.StatusInternalServerError, res.Status)
	e := res.Err(t)
	assert.Equal(t, "internal", e.Error.Code)
	assert.NotContains(t, string(res.Body), "products.go")
	assert.Contains(t, f.log.String(), "httpapi: panic serving request")
	assert.Contains(t, f.log.String(), "nil map write at products.go:42")

	// The handler keeps serving.
	res = f.do(t, req{method: http.MethodGet, path: "/healthz"})
	assert.Equal(t, http.StatusOK, res.Status)
}

func TestStatusOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err    error
		status int
	}{
		{errors.New("boom"), http.StatusInternalServerError},
		{errs.E(errs.Other, errs.CodeInternal, "x"), http.StatusInternalServerError},
		{&catalog.OutOfStockError{VariantID: "v"}, http.StatusConflict},
		{&shipping.NoWarehouseError{}, http.StatusUnprocessableEntity},
		{errs.E(errs.Conflict, "order_changed", "x"), http.StatusConflict},
		{errs.E(errs.Conflict, "not_awaiting_payment", "x"), http.StatusConflict},
		{errs.E(errs.Conflict, payment.CodeUniqueCodeExhausted, "x"), http.StatusConflict},
		{errs.E(errs.Precondition, checkout.CodeInvalidTransition, "x"), http.StatusUnprocessableEntity},
		{errs.E(errs.Precondition, checkout.CodeOrderNotEditable, "x"), http.StatusUnprocessableEntity},
		{catalog.ErrProductUnavailable, http.StatusUnprocessableEntity},
		{ports.ErrDuplicate, http.StatusConflict},
		{ports.ErrAmountHeld, http.StatusConflict},
		{ports.ErrProviderBadResponse, http.StatusServiceUnavailable},
		{ports.ErrInvalidNotification, http.StatusUnprocessableEntity},
		{ports.ErrOrderNotFound, http.StatusNotFound},
		{errs.At("location_id", ports.ErrLocationNotFound), http.StatusUnprocessableEntity}, // the Service places it at the body's location_id
		{ports.ErrLocationNotFound, http.StatusNotFound},                                    // a bare one is about the URL
		{ports.ErrProviderAuth, http.StatusServiceUnavailable},
		{ports.ErrInvalidSignature, http.StatusUnauthorized},
		{ports.ErrProviderRejected, http.StatusUnprocessableEntity},
		{errs.Invalidf(httpapi.CodeInvalidJSON, "x"), http.StatusBadRequest},
	}
	for _, c := range cases {
		assert.Equal(t, c.status, httpapi.StatusOf(c.err), "%v", c.err)
	}
}

// TestStatusOfKinds pins the kind → status table: every kind a coded error
// can have, with and without a field.
func TestStatusOfKinds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind              errs.Kind
		status, withField int
	}{
		{errs.Other, http.StatusInternalServerError, http.StatusInternalServerError},
		{errs.Invalid, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity},
		{errs.NotFound, http.StatusNotFound, http.StatusUnprocessableEntity},
		{errs.Conflict, http.StatusConflict, http.StatusConflict},
		{errs.Precondition, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity},
		{errs.Unavailable, http.StatusServiceUnavailable, http.StatusServiceUnavailable},
		{errs.Unauthorized, http.StatusUnauthorized, http.StatusUnauthorized},
	}
	pinned := map[errs.Kind]bool{}
	for _, c := range cases {
		err := errs.E(c.kind, "some_code", "x")
		assert.Equal(t, c.status, httpapi.StatusOf(err), "%v", c.kind)
		assert.Equal(t, c.withField, httpapi.StatusOf(err.WithField("lines[0]")), "%v with a field", c.kind)
		pinned[c.kind] = true
	}
	for k := errs.Kind(0); k.Valid(); k++ {
		assert.True(t, pinned[k], "kind %v has no row", k)
	}
}

func TestNewRefusesMisuse(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	require.Panics(t, func() { httpapi.New(nil, httpapi.Config{}) })
	require.Panics(t, func() { httpapi.New(f.svc, httpapi.Config{MaxBodyBytes: -1}) })
}

// TestEveryBodyIsStrictJSON: every route that reads a JSON body refuses a
// body not sent as application/json (415), a key given twice and a field
// name in another case (400), and changes nothing.
func TestEveryBodyIsStrictJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	o := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
	body := `{"payment_method":"cod","payment_method":"cod"}`
	doc := loadOpenAPI(t)
	for _, rt := range httpapi.Routes() {
		if (rt.Method != http.MethodPost && rt.Method != http.MethodPatch) || strings.HasPrefix(rt.Path, "/v1/webhooks/") {
			// The providers' webhooks are read raw, as each sends them.
			continue
		}
		path := strings.NewReplacer("{id}", o.ID).Replace(rt.Path)
		t.Run(rt.Method+path, func(t *testing.T) {
			assert.Contains(t, doc.Paths[rt.Path][strings.ToLower(rt.Method)].Responses, "415", "the OpenAPI document lists 415")
			before := f.state(t)
			for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/jsonx"} {
				if strings.HasPrefix(rt.Path, "/v1/imports/") && (ct == "text/plain" || strings.HasPrefix(ct, "multipart/")) {
					continue // imports take chat text and uploads too (admin routes: the bearer token keeps other origins out)
				}
				if rt.Path == "/v1/remittances" && strings.HasPrefix(ct, "multipart/") {
					continue // remittances take uploads too
				}
				res := f.do(t, req{method: rt.Method, path: path, admin: rt.Admin, body: `{}`, header: map[string]string{"Content-Type": ct}})
				assert.Equal(t, http.StatusUnsupportedMediaType, res.Status, "%q: %s", ct, res.Body)
				assert.Equal(t, "unsupported_media_type", res.Err(t).Error.Code)
			}
			res := f.do(t, req{method: rt.Method, path: path, admin: rt.Admin, body: body, header: map[string]string{"Content-Type": "application/json; charset=utf-8"}})
			assert.Equal(t, http.StatusBadRequest, res.Status, "%s", res.Body)
			assert.Contains(t, []string{"duplicate_field", "unknown_field"}, res.Err(t).Error.Code, "%s", res.Body)
			res = f.do(t, req{method: rt.Method, path: path, admin: rt.Admin, body: `{"PAYMENT_METHOD":"cod"}`})
			assert.Equal(t, http.StatusBadRequest, res.Status, "%s", res.Body)
			assert.Equal(t, "unknown_field", res.Err(t).Error.Code, "%s", res.Body)
			assert.Equal(t, before, f.state(t), "a refused body changes nothing")
		})
	}
}
