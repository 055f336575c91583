package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

func TestRequestIDInEveryAnswerAndLogLine(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.do(t, req{method: http.MethodGet, path: "/v1/products", header: map[string]string{"X-Request-Id": "chk-42.a_b:c"}})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "chk-42.a_b:c", res.Header.Get("X-Request-Id"), "a usable client id is kept")
	assert.Contains(t, f.log.String(), "request_id=chk-42.a_b:c")
	assert.Contains(t, f.log.String(), `level=INFO msg="httpapi: request" method=GET path=/v1/products pattern="GET /v1/products" status=200`,
		"an access log line at info")

	ids := map[string]bool{}
	for _, sent := range []string{"", "bad id with spaces", strings.Repeat("x", 65), "<script>"} {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: `{"price":1}`, header: map[string]string{"X-Request-Id": sent}})
		require.Equal(t, http.StatusBadRequest, res.Status, "errors carry an id too")
		id := res.Header.Get("X-Request-Id")
		assert.NotEmpty(t, id)
		assert.NotEqual(t, sent, id, "an unusable id is replaced")
		assert.False(t, ids[id], "ids are unique")
		ids[id] = true
		assert.Contains(t, f.log.String(), "request_id="+id)
	}
	res = f.do(t, req{method: http.MethodGet, path: "/nope"})
	assert.NotEmpty(t, res.Header.Get("X-Request-Id"), "even for an unknown route")
}

func TestCORS(t *testing.T) {
	t.Parallel()
	const shop = "https://toko.example"
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.AllowedOrigins = []string{shop} }))
	preflight := func(origin, method string) resp {
		return f.do(t, req{method: http.MethodOptions, path: "/v1/orders", header: map[string]string{
			"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type, idempotency-key"}})
	}

	res := preflight(shop, http.MethodPost)
	assert.Equal(t, http.StatusNoContent, res.Status)
	assert.Equal(t, shop, res.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, http.MethodPost, res.Header.Get("Access-Control-Allow-Methods"))
	assert.Contains(t, res.Header.Get("Access-Control-Allow-Headers"), "Idempotency-Key")
	assert.Contains(t, res.Header.Get("Access-Control-Allow-Headers"), "Content-Type")
	assert.Contains(t, res.Header.Values("Vary"), "Origin")

	for name, r := range map[string]resp{
		"other_origin":        preflight("https://evil.example", http.MethodPost),
		"method_not_served":   preflight(shop, http.MethodDelete),
		"origin_with_path":    preflight(shop+"/x", http.MethodPost),
		"origin_other_scheme": preflight("http://toko.example", http.MethodPost),
	} {
		assert.Equal(t, http.StatusNoContent, r.Status, name)
		assert.Empty(t, r.Header.Get("Access-Control-Allow-Methods"), name)
		if name != "method_not_served" {
			assert.Empty(t, r.Header.Get("Access-Control-Allow-Origin"), name)
		}
	}

	// The request itself: the origin is allowed and the page may read the
	// headers it needs; another origin gets no CORS headers.
	res = f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), header: map[string]string{"Origin": shop}})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, shop, res.Header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, res.Header.Get("Access-Control-Expose-Headers"), "X-Request-Id")
	res = f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), header: map[string]string{"Origin": "https://evil.example"}})
	assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))

	// Without AllowedOrigins no origin is allowed.
	none := newFixture(t)
	res = none.do(t, req{method: http.MethodOptions, path: "/v1/orders", header: map[string]string{"Origin": shop, "Access-Control-Request-Method": "POST"}})
	assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
	assert.Panics(t, func() {
		newFixture(t, withConfig(func(c *httpapi.Config) { c.AllowedOrigins = []string{"toko.example"} }))
	})
}

func TestRateLimitOnPublicWrites(t *testing.T) {
	t.Parallel()
	// One write an hour after a burst of two: the third is refused whatever
	// the machine's speed.
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.RateLimit, c.RateBurst = 1.0/3600, 2 }))
	place := func(remote string) resp {
		t.Helper()
		r := f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: orderBody(), remote: remote})
		return r
	}
	require.Equal(t, http.StatusCreated, place("192.0.2.1:1000").Status)
	res := f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), remote: "192.0.2.1:2000"})
	require.Equal(t, http.StatusOK, res.Status, "quotes count as public writes")
	before := f.state(t)
	res = place("192.0.2.1:3000")
	assert.Equal(t, http.StatusTooManyRequests, res.Status, "%s", res.Body)
	assert.Equal(t, "rate_limited", res.Err(t).Error.Code)
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	require.NoError(t, err)
	assert.Greater(t, secs, 3000, "the next token is about an hour away")
	assert.Equal(t, before, f.state(t), "a refused write changes nothing")

	// Other clients, reads and admin routes are not limited.
	assert.Equal(t, http.StatusCreated, place("192.0.2.2:1000").Status)
	assert.Equal(t, http.StatusOK, f.do(t, req{method: http.MethodGet, path: "/v1/products", remote: "192.0.2.1:1"}).Status)
	assert.Equal(t, http.StatusOK, f.do(t, req{method: http.MethodGet, path: "/v1/orders", admin: true, remote: "192.0.2.1:1"}).Status)

	// An IPv6 client is its /64 network.
	assert.Equal(t, http.StatusCreated, place("[2001:db8:1:2::1]:1000").Status)
	assert.Equal(t, http.StatusOK, f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), remote: "[2001:db8:1:2::ffff]:1"}).Status)
	assert.Equal(t, http.StatusTooManyRequests, f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), remote: "[2001:db8:1:2:aaaa::9]:1"}).Status,
		"another address of the same /64 counts with it")
	assert.Equal(t, http.StatusOK, f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody(), remote: "[2001:db8:1:3::1]:1"}).Status)

	// Without a RateLimit nothing is limited.
	open := newFixture(t)
	for range 5 {
		assert.Equal(t, http.StatusOK, open.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody()}).Status)
	}
}

// blockingCatalog answers only when the request's context ends, and
// remembers the deadline it was given.
type blockingCatalog struct {
	mu       sync.Mutex
	deadline time.Time
}

func (b *blockingCatalog) Catalog(ctx context.Context) (*catalog.Catalog, error) {
	d, _ := ctx.Deadline()
	b.mu.Lock()
	b.deadline = d
	b.mu.Unlock()
	<-ctx.Done()
	return nil, errs.Wrap(errs.Unavailable, errs.CodeUnavailable, ctx.Err(), "catalog: the request ended")
}

// TestEveryRequestHasADeadline: the Service and its ports get the
// request's deadline (Config.RequestTimeout), so a port that stalls answers
// 503 when it passes instead of hanging.
func TestEveryRequestHasADeadline(t *testing.T) {
	t.Parallel()
	src := &blockingCatalog{}
	f := newFixture(t, withCatalog(src), withConfig(func(c *httpapi.Config) { c.RequestTimeout = 50 * time.Millisecond }))
	before := time.Now()
	res := f.do(t, req{method: http.MethodPost, path: "/v1/quotes", body: quoteBody()})
	after := time.Now()
	assert.Equal(t, http.StatusServiceUnavailable, res.Status, "%s", res.Body)
	src.mu.Lock()
	deadline := src.deadline
	src.mu.Unlock()
	require.False(t, deadline.IsZero(), "the port got a deadline")
	assert.False(t, deadline.Before(before.Add(50*time.Millisecond)), "the deadline is RequestTimeout after the request came")
	assert.False(t, deadline.After(after.Add(50*time.Millisecond)))

	// Without a RequestTimeout the Handler adds no deadline of its own (the
	// example server always sets one, -request-timeout).
	src2 := &blockingCatalog{}
	g := newFixture(t, withCatalog(src2))
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client is gone: the handler does not wait
	_ = g.doContext(t, ctx, req{method: http.MethodGet, path: "/v1/products"})
	src2.mu.Lock()
	deadline = src2.deadline
	src2.mu.Unlock()
	assert.True(t, deadline.IsZero())
	assert.Panics(t, func() { newFixture(t, withConfig(func(c *httpapi.Config) { c.RequestTimeout = -1 })) })
}

// downStore is a store whose database does not answer.
type downStore struct{ *memory.Store }

func (downStore) Ping(context.Context) error {
	return errs.E(errs.Unavailable, errs.CodeUnavailable, "postgres: ping: connection refused")
}

func TestReadiness(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.do(t, req{method: http.MethodGet, path: "/readyz"})
	assert.Equal(t, http.StatusOK, res.Status)
	assert.JSONEq(t, `{"status":"ok"}`, string(res.Body))

	down := newFixture(t, withStore(func(s *memory.Store) ports.Store { return downStore{s} }))
	res = down.do(t, req{method: http.MethodGet, path: "/readyz"})
	assert.Equal(t, http.StatusServiceUnavailable, res.Status, "%s", res.Body)
	assert.Equal(t, "unavailable", res.Err(t).Error.Code)
	assert.NotContains(t, string(res.Body), "connection refused", "the cause goes to the log")
	res = down.do(t, req{method: http.MethodGet, path: "/healthz"})
	assert.Equal(t, http.StatusOK, res.Status, "liveness does not ask the store")
}
