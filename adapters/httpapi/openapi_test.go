package httpapi_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/pricing"
)

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI    string                          `json:"openapi"`
	Paths      map[string]map[string]openAPIOp `json:"paths"`
	Components struct {
		Schemas   map[string]*schema `json:"schemas"`
		Responses map[string]any     `json:"responses"`
	} `json:"components"`
}

type openAPIOp struct {
	Security  []map[string][]string  `json:"security"`
	Role      string                 `json:"x-kasir-role"`
	Servers   []struct{ URL string } `json:"servers"`
	Responses map[string]struct {
		Ref     string `json:"$ref"`
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 any                `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	Items                *schema            `json:"items"`
	AdditionalProperties *bool              `json:"additionalProperties"`
	OneOf                []*schema          `json:"oneOf"`
	Required             []string           `json:"required"`
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var d openAPIDoc
	require.NoError(t, json.Unmarshal(httpapi.OpenAPI(), &d))
	return d
}

// resolve follows a $ref to a component schema.
func (d openAPIDoc) resolve(t *testing.T, s *schema) *schema {
	t.Helper()
	for s != nil && s.Ref != "" {
		name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
		require.True(t, ok, "ref %s", s.Ref)
		s = d.Components.Schemas[name]
		require.NotNil(t, s, "ref %s does not resolve", name)
	}
	return s
}

func TestOpenAPIDocumentsEveryRouteAndNoOther(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	assert.True(t, strings.HasPrefix(d.OpenAPI, "3.1"), d.OpenAPI)

	registered := map[string]bool{}
	for _, rt := range append(httpapi.Routes(), httpapi.PlatformRoutes()...) {
		key := rt.Method + " " + rt.Path
		require.False(t, registered[key], "%s registered twice", key)
		registered[key] = true
		op, ok := d.Paths[rt.Path][strings.ToLower(rt.Method)]
		if !assert.True(t, ok, "%s is served but not documented", key) {
			continue
		}
		if rt.Limited {
			assert.Contains(t, op.Responses, "429", "%s is rate limited", key)
		} else {
			assert.NotContains(t, op.Responses, "429", "%s is not rate limited", key)
		}
		switch {
		case rt.Platform:
			assert.Equal(t, []map[string][]string{{"platformKey": {}}}, op.Security, "%s needs the platform key", key)
			assert.Contains(t, op.Responses, "401", key)
			assert.Equal(t, []struct{ URL string }{{"/"}}, op.Servers, "%s is served at the root only", key)
		case rt.Admin:
			assert.Equal(t, []map[string][]string{{"adminToken": {}}}, op.Security, "%s needs the admin token", key)
			assert.Contains(t, op.Responses, "401", key)
			assert.Contains(t, op.Responses, "403", key)
			assert.Equal(t, string(rt.NeedsRole()), op.Role, "%s: x-kasir-role must be the route's NeedsRole", key)
		default:
			assert.Empty(t, op.Security, "%s is public", key)
			assert.Empty(t, op.Role, "%s is public", key)
		}
	}
	var documented []string
	for path, ops := range d.Paths {
		for method := range ops {
			key := strings.ToUpper(method) + " " + path
			documented = append(documented, key)
			assert.True(t, registered[key], "%s is documented but not served", key)
		}
	}
	assert.Len(t, documented, len(registered))
}

func TestOpenAPIServedAndEveryRouteAnswers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.do(t, req{method: http.MethodGet, path: "/openapi.json"})
	require.Equal(t, http.StatusOK, res.Status)
	assert.JSONEq(t, string(httpapi.OpenAPI()), string(res.Body))

	// Every route reaches its endpoint: none answers as an unknown route.
	for _, rt := range httpapi.Routes() {
		path := strings.NewReplacer("{id}", "x", "{secret_slug}", "x").Replace(rt.Path)
		res := f.do(t, req{method: rt.Method, path: path, admin: rt.Admin, body: "{}"})
		assert.NotEqual(t, http.StatusMethodNotAllowed, res.Status, "%s %s", rt.Method, path)
		if res.Status == http.StatusNotFound {
			assert.NotEqual(t, "not_found", res.Err(t).Error.Code, "%s %s is not routed", rt.Method, path)
		}
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	t.Parallel()
	raw := string(httpapi.OpenAPI())
	d := loadOpenAPI(t)
	for _, part := range strings.Split(raw, `"$ref": "`)[1:] {
		ref := part[:strings.IndexByte(part, '"')]
		switch {
		case strings.HasPrefix(ref, "#/components/schemas/"):
			assert.Contains(t, d.Components.Schemas, strings.TrimPrefix(ref, "#/components/schemas/"))
		case strings.HasPrefix(ref, "#/components/responses/"):
			assert.Contains(t, d.Components.Responses, strings.TrimPrefix(ref, "#/components/responses/"))
		default:
			t.Errorf("unexpected ref %s", ref)
		}
	}
}

// jsonNames lists the JSON field names encoding/json reads for a struct
// type, embedded structs included.
func jsonNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && name == "" {
			out = append(out, jsonNames(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func propertyNames(s *schema) []string {
	var out []string
	for k := range s.Properties {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOpenAPIRequestSchemasAreTheGoTypes: a request schema names exactly
// the fields the handler decodes, and says that others are refused.
func TestOpenAPIRequestSchemasAreTheGoTypes(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	for name, v := range map[string]any{
		"LineRequest":         catalog.LineRequest{},
		"CustomerInput":       kasir.CustomerInput{},
		"AddressInput":        kasir.AddressInput{},
		"QuoteRequest":        kasir.QuoteRequest{},
		"OrderRequest":        kasir.OrderRequest{},
		"OrderChange":         kasir.OrderChange{},
		"TransitionRequest":   kasir.TransitionRequest{},
		"PaymentConfirmation": kasir.PaymentConfirmation{},
		"AbandonedRequest":    kasir.AbandonedRequest{},
		"FollowUpRequest":     kasir.FollowUpRequest{},
		"WithdrawalRequest":   kasir.WithdrawalRequest{},
		"PickupRequest":       kasir.PickupRequest{},
		"RefundRequest":       kasir.RefundRequest{},
		"ProcurementRequest":  kasir.ProcurementRequest{},
		"ProcurementItem":     kasir.ProcurementItem{},
		"ProcurementCourier":  kasir.ProcurementCourier{},
		"TermPayment":         kasir.TermPayment{},
	} {
		s := d.Components.Schemas[name]
		require.NotNil(t, s, name)
		assert.Equal(t, jsonNames(reflect.TypeOf(v)), propertyNames(s), name)
		if assert.NotNil(t, s.AdditionalProperties, name) {
			assert.False(t, *s.AdditionalProperties, "%s refuses unknown fields", name)
		}
	}
	assert.Equal(t, jsonNames(reflect.TypeOf(pricing.Quote{})), propertyNames(d.Components.Schemas["SellerBreakdown"]))
	// A batch row is an order request plus its own idempotency key.
	row := append(jsonNames(reflect.TypeOf(kasir.OrderRequest{})), "idempotency_key")
	sort.Strings(row)
	assert.Equal(t, row, propertyNames(d.Components.Schemas["BatchOrderRequest"]))
}

// undocumented reports every key of v the schema does not document, with
// its path.
func (d openAPIDoc) undocumented(t *testing.T, s *schema, v any, path string) []string {
	s = d.resolve(t, s)
	if s == nil {
		return nil
	}
	if len(s.OneOf) > 0 {
		// Documented when one of the alternatives documents every key.
		var best []string
		for i, alt := range s.OneOf {
			u := d.undocumented(t, alt, v, path)
			if i == 0 || len(u) < len(best) {
				best = u
			}
		}
		return best
	}
	var out []string
	switch x := v.(type) {
	case map[string]any:
		if s.Properties == nil {
			return nil // a free-form object
		}
		for k, sub := range x {
			ps, ok := s.Properties[k]
			if !ok {
				out = append(out, path+"."+k)
				continue
			}
			out = append(out, d.undocumented(t, ps, sub, path+"."+k)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, d.undocumented(t, s.Items, e, path+"[]")...)
		}
	}
	return out
}

// TestOpenAPIDocumentsRealAnswers checks every field of real answers
// against the schema their route documents.
func TestOpenAPIDocumentsRealAnswers(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	f := newFixture(t)
	f.whatsapp.Register("6281234567890")
	transfer := f.placeOrder(t, with(with(orderBody(), "payment_method", "bank_transfer"), "product_voucher", "HEMAT10"))
	f.placeOrder(t, with(orderBody(), "payment_method", "gateway"))
	f.placeOrder(t, with(orderBody(), "bundles", []any{map[string]any{"price_option_id": "po-2kaos", "quantity": 1}}))
	ab := f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned", body: map[string]any{"name": "Budi", "phone": "081311112222", "lines": []any{map[string]any{"sku": "BUKU-01", "quantity": 1}}}})
	abID := ab.JSON(t)["id"].(string)
	f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned/" + abID + "/follow-ups", admin: true, body: map[string]any{"channel": "sms"}})
	noRoute := quoteBody()
	delete(noRoute, "courier")
	delete(noRoute, "service")

	for _, c := range []struct {
		rq       req
		template string
		status   string
	}{
		{req{method: http.MethodGet, path: "/healthz"}, "/healthz", "200"},
		{req{method: http.MethodGet, path: "/v1/products"}, "/v1/products", "200"},
		{req{method: http.MethodGet, path: "/v1/products/p-kaos"}, "/v1/products/{id}", "200"},
		{req{method: http.MethodGet, path: "/v1/locations"}, "/v1/locations", "200"},
		{req{method: http.MethodPost, path: "/v1/shipping-options", body: noRoute}, "/v1/shipping-options", "200"},
		{req{method: http.MethodPost, path: "/v1/quotes", body: with(quoteBody(), "insurance", true)}, "/v1/quotes", "200"},
		{req{method: http.MethodPost, path: "/v1/vouchers/eligible", body: quoteBody()}, "/v1/vouchers/eligible", "200"},
		{req{method: http.MethodPost, path: "/v1/orders", body: with(orderBody(), "notes", "titip di satpam")}, "/v1/orders", "201"},
		{req{method: http.MethodGet, path: "/v1/public/orders/" + transfer.Slug}, "/v1/public/orders/{secret_slug}", "200"},
		{req{method: http.MethodPost, path: "/v1/checkouts/abandoned", body: map[string]any{"name": "Siti", "phone": "081234567890", "email": "siti@example.com", "notes": "x"}}, "/v1/checkouts/abandoned", "201"},
		{req{method: http.MethodGet, path: "/v1/phone?number=081234567890"}, "/v1/phone", "200"},
		{req{method: http.MethodGet, path: "/v1/orders", admin: true}, "/v1/orders", "200"},
		{req{method: http.MethodGet, path: "/v1/orders/summary", admin: true}, "/v1/orders/summary", "200"},
		{req{method: http.MethodGet, path: "/v1/orders/" + transfer.ID, admin: true}, "/v1/orders/{id}", "200"},
		{req{method: http.MethodPost, path: "/v1/orders/batch", admin: true, body: map[string]any{"orders": []any{orderBody(), with(orderBody(), "lines", []any{})}}}, "/v1/orders/batch", "200"},
		{req{method: http.MethodGet, path: "/v1/checkouts/abandoned", admin: true}, "/v1/checkouts/abandoned", "200"},
		{req{method: http.MethodPost, path: "/v1/orders/" + transfer.ID + "/payment-confirmation", admin: true, body: map[string]any{"reference": "BCA-1"}}, "/v1/orders/{id}/payment-confirmation", "200"},
		{req{method: http.MethodPost, path: "/v1/orders", body: with(orderBody(), "price", 1)}, "/v1/orders", "400"},
		{req{method: http.MethodPost, path: "/v1/quotes", body: with(quoteBody(), "payment_method", "invoice")}, "/v1/quotes", "200"},
	} {
		res := f.do(t, c.rq)
		require.Equal(t, c.status, strconv.Itoa(res.Status), "%s %s: %s", c.rq.method, c.rq.path, res.Body)
		op := d.Paths[c.template][strings.ToLower(c.rq.method)]
		r, ok := op.Responses[c.status]
		require.True(t, ok, "%s %s does not document %s", c.rq.method, c.template, c.status)
		s := &schema{Ref: "#/components/schemas/Error"}
		if r.Ref == "" {
			s = r.Content["application/json"].Schema
		}
		var v any
		require.NoError(t, json.Unmarshal(res.Body, &v))
		assert.Empty(t, d.undocumented(t, s, v, ""), "%s %s answers fields its schema does not have", c.rq.method, c.template)
	}
}
