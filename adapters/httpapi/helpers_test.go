package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// The fixture is kasirtest's, shared with the root package's service
// tests: the memory store, a fixed courier, fakes and a manual clock.

// start is the fixture's "now": 23 November 2026, 10:00 WIB.
var start = kasirtest.Start

const adminToken = "rahasia-admin-123"

// syncBuffer is a log sink safe for the handler's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type fixture struct {
	svc      *kasir.Service
	store    *memory.Store
	clock    *kasirtest.ManualClock
	gateway  *kasirtest.Gateway
	whatsapp *kasirtest.WhatsApp
	couriers *kasirtest.Couriers
	log      *syncBuffer
	fx       *kasirtest.Fixture
	keys     *kasir.Keys // the store's API keys (Config.Keys)
	h        http.Handler
}

type fixtureConfig struct {
	catalog ports.CatalogSource // nil: the test catalog
	cfg     httpapi.Config
	store   func(*memory.Store) ports.Store // nil: the memory store itself
}

func withStore(wrap func(*memory.Store) ports.Store) fixtureOpt {
	return func(fc *fixtureConfig) { fc.store = wrap }
}

type fixtureOpt func(*fixtureConfig)

func withCatalog(c ports.CatalogSource) fixtureOpt {
	return func(fc *fixtureConfig) { fc.catalog = c }
}

func withConfig(f func(*httpapi.Config)) fixtureOpt {
	return func(fc *fixtureConfig) { f(&fc.cfg) }
}

func newFixture(t testing.TB, opts ...fixtureOpt) *fixture {
	t.Helper()
	fc := fixtureConfig{cfg: httpapi.Config{AdminToken: adminToken, Webhooks: newFakeWebhooks()}}
	for _, o := range opts {
		o(&fc)
	}
	kopts := []kasirtest.Option{kasirtest.WithServiceOptions(kasir.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))}
	if fc.catalog != nil {
		kopts = append(kopts, kasirtest.WithCatalog(fc.catalog))
	}
	if fc.store != nil {
		kopts = append(kopts, kasirtest.WithStore(fc.store))
	}
	fx := kasirtest.New(t, kopts...)
	if fc.cfg.Keys == nil {
		// The store's API keys: tests mint keys with f.keys.
		keys, err := kasir.NewKeys(ports.DefaultStore, fx.Store, fx.Clock)
		require.NoError(t, err)
		fc.cfg.Keys = keys
	}
	f := &fixture{svc: fx.Service, store: fx.Store, clock: fx.Clock, gateway: fx.Gateway, whatsapp: fx.WhatsApp,
		couriers: fx.Couriers, log: &syncBuffer{}, fx: fx}
	if fc.cfg.Logger == nil {
		fc.cfg.Logger = slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	f.keys = fc.cfg.Keys
	f.h = httpapi.New(f.svc, fc.cfg)
	return f
}

// state is everything an order can change (kasirtest.State).
type state = kasirtest.State

func (f *fixture) state(t testing.TB) state {
	t.Helper()
	return f.fx.Snapshot(t)
}

// req describes one request to the handler.
type req struct {
	method, path string
	body         any // string and []byte are sent as they are; anything else as JSON
	admin        bool
	header       map[string]string
	remote       string // the client's address; "" is httptest's 192.0.2.1:1234
}

// resp is an answer: its status, headers and body.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (r resp) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), "body: %s", r.Body)
	return m
}

// Decode decodes the body into v.
func (r resp) Decode(t testing.TB, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Body, v), "body: %s", r.Body)
}

// errorBody is the error answer.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
		Detail  string `json:"detail"`
	} `json:"error"`
}

func (r resp) Err(t testing.TB) errorBody {
	t.Helper()
	var e errorBody
	r.Decode(t, &e)
	require.NotEmpty(t, e.Error.Code, "not an error answer: %s", r.Body)
	return e
}

func (f *fixture) do(t testing.TB, rq req) resp {
	t.Helper()
	return f.doContext(t, context.Background(), rq)
}

// doContext is do with the request's context.
func (f *fixture) doContext(t testing.TB, ctx context.Context, rq req) resp {
	t.Helper()
	var body io.Reader
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		require.NoError(t, err)
		body = bytes.NewReader(js)
	}
	r := httptest.NewRequestWithContext(ctx, rq.method, rq.path, body)
	if rq.remote != "" {
		r.RemoteAddr = rq.remote
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if rq.admin {
		r.Header.Set("Authorization", "Bearer "+adminToken)
	}
	for k, v := range rq.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// orderBody is a valid COD order for one Buku Resep to Kebayoran Baru by
// JNE REG, as a checkout form sends it.
func orderBody() map[string]any {
	return map[string]any{
		"lines":          []any{map[string]any{"sku": "BUKU-01", "quantity": 1}},
		"courier":        "jne",
		"service":        "REG",
		"payment_method": "cod",
		"customer":       map[string]any{"name": "Siti Aminah", "phone": "0812-3456-7890", "email": "siti@example.com"},
		"address":        map[string]any{"line": "Jl. Melawai Raya No. 5", "location_id": "jkt-kebayoran-baru", "postal_code": "12110"},
	}
}

// quoteBody is orderBody's quote request.
func quoteBody() map[string]any {
	b := orderBody()
	delete(b, "address")
	b["location_id"] = "jkt-kebayoran-baru"
	return b
}

// with returns a copy of b with key set to v.
func with(b map[string]any, key string, v any) map[string]any {
	c := make(map[string]any, len(b)+1)
	for k, x := range b {
		c[k] = x
	}
	c[key] = v
	return c
}

// orderView is the part of an order answer the tests read.
type orderView struct {
	ID        string         `json:"id"`
	Number    string         `json:"number"`
	Slug      string         `json:"slug"`
	Status    string         `json:"status"`
	History   []any          `json:"history"`
	Breakdown map[string]any `json:"breakdown"`
	Payment   struct {
		Method       string           `json:"method"`
		Amount       int64            `json:"amount"`
		UniqueCode   int              `json:"unique_code"`
		BankAccounts []map[string]any `json:"bank_accounts"`
		PaymentURL   string           `json:"payment_url"`
		ExpiresAt    string           `json:"expires_at"`
	} `json:"payment"`
}

// placeOrder places orderBody (changed by the options) and returns it.
func (f *fixture) placeOrder(t testing.TB, body map[string]any) orderView {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: body})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	var o orderView
	res.Decode(t, &o)
	return o
}
