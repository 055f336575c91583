package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for a logger and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRunExitStatus(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, patched(t, "vouchers[1].kind", "bundle"), 0o600))
	tests := []struct {
		name string
		args []string
		exit int
		says string
	}{
		{"unknown_flag", []string{"-bogus"}, 2, "flag provided but not defined"},
		{"stray_argument", []string{"store.json"}, 2, "unexpected arguments"},
		{"log_format", []string{"-log-format", "xml"}, 2, "-log-format"},
		{"log_level", []string{"-log-level", "loud"}, 2, "-log-level"},
		{"max_body", []string{"-max-body", "0"}, 2, "-max-body"},
		{"request_timeout", []string{"-request-timeout", "0s"}, 2, "-request-timeout"},
		{"startup_timeout", []string{"-startup-timeout", "-1s"}, 2, "-startup-timeout"},
		{"allowed_origin_not_an_origin", []string{"-allowed-origins", "https://toko.example,toko.example"}, 2, "-allowed-origins"},
		{"order_page_not_a_url", []string{"-order-page-url", "toko.example/pesanan"}, 2, "-order-page-url"},
		{"rate_limit_negative", []string{"-rate-limit", "-1"}, 2, "-rate-limit"},
		{"rate_burst_zero", []string{"-rate-burst", "0"}, 2, "-rate-burst"},
		{"track_every_negative", []string{"-track-every", "-1s"}, 2, "-track-every"},
		{"sim_speed_below_one", []string{"-sim-speed", "0.5"}, 2, "-sim-speed"},
		{"sim_speed_nan", []string{"-sim-speed", "NaN"}, 2, "-sim-speed"},
		{"sim_return_percent", []string{"-sim-return-percent", "101"}, 2, "-sim-return-percent"},
		{"help", []string{"-h"}, 0, "-admin-token"},
		{"missing_data_file", []string{"-data", filepath.Join(dir, "nope.json")}, 1, "no such file"},
		{"bad_data_file", []string{"-data", bad}, 1, "vouchers[1].kind"},
		{"bad_address", []string{"-addr", "127.0.0.1:99999"}, 1, "server failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out syncBuffer
			assert.Equal(t, tt.exit, run(t.Context(), tt.args, env(nil), &out))
			assert.Contains(t, out.String(), tt.says)
			assert.NotContains(t, out.String(), "msg=listening")
		})
	}
}

// TestRunServesUntilCancelled runs the server in process with JSON logs
// on the embedded demo store and stops it through its context.
func TestRunServesUntilCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"-addr", "127.0.0.1:0", "-log-format", "json"}, env(map[string]string{"KASIR_ADMIN_TOKEN": "from-env"}), &out)
	}()

	var addr string
	require.Eventually(t, func() bool {
		for line := range strings.Lines(out.String()) {
			var rec struct{ Msg, Addr, Store string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				addr = rec.Addr
				assert.Equal(t, "Toko Kopi Nusantara", rec.Store)
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond, "no listening line:\n%s", out.String())

	res, err := http.Get("http://" + addr + "/v1/orders")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/v1/orders", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer from-env")
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode, "KASIR_ADMIN_TOKEN is the admin token")

	cancel()
	select {
	case code := <-exit:
		assert.Equal(t, 0, code, out.String())
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}
	assert.Contains(t, out.String(), `"msg":"stopped"`)
	assert.NotContains(t, out.String(), "from-env", "the admin token is never logged")
}

// startRun runs the server in process on a free port with args and the
// environment vars, and returns its address; it stops with the test.
func startRun(t *testing.T, args []string, vars map[string]string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var out syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-track-every", "0"}, args...), env(vars), &out)
	}()
	t.Cleanup(func() {
		cancel()
		<-exit
	})
	var addr string
	require.Eventually(t, func() bool {
		m := regexp.MustCompile(`msg=listening addr=(\S+)`).FindStringSubmatch(out.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	}, 10*time.Second, 10*time.Millisecond, "no listening line:\n%s", out.String())
	return addr, &out
}

// TestRunFlagsReachTheAPI: -allowed-origins, -rate-limit and -rate-burst
// configure the API; every answer has a request id that the access log
// names, and /readyz answers.
func TestRunFlagsReachTheAPI(t *testing.T) {
	t.Parallel()
	addr, out := startRun(t, []string{"-allowed-origins", "https://toko.example", "-rate-limit", "0.001", "-rate-burst", "2"}, nil)
	base := "http://" + addr

	pre, err := http.NewRequest(http.MethodOptions, base+"/v1/orders", nil)
	require.NoError(t, err)
	pre.Header.Set("Origin", "https://toko.example")
	pre.Header.Set("Access-Control-Request-Method", "POST")
	res, err := http.DefaultClient.Do(pre)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNoContent, res.StatusCode)
	assert.Equal(t, "https://toko.example", res.Header.Get("Access-Control-Allow-Origin"))

	quote := `{"lines":[{"sku":"TOPI","quantity":1}],"payment_method":"bank_transfer"}`
	var statuses []int
	for range 3 {
		res, err := http.Post(base+"/v1/quotes", "application/json", strings.NewReader(quote))
		require.NoError(t, err)
		res.Body.Close()
		statuses = append(statuses, res.StatusCode)
		id := res.Header.Get("X-Request-Id")
		require.NotEmpty(t, id)
		assert.Eventually(t, func() bool { return strings.Contains(out.String(), "request_id="+id) }, 10*time.Second, 10*time.Millisecond)
	}
	assert.NotEqual(t, http.StatusTooManyRequests, statuses[0])
	assert.NotEqual(t, http.StatusTooManyRequests, statuses[1])
	assert.Equal(t, http.StatusTooManyRequests, statuses[2], "the third write within the burst of 2 is refused")

	res, err = http.Get(base + "/readyz")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
}

// TestRunStartupTimeout: a database that accepts connections but never
// answers makes start-up fail within -startup-timeout, not hang.
func TestRunStartupTimeout(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				_ = c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	var out syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(t.Context(), []string{"-addr", "127.0.0.1:0", "-startup-timeout", "300ms"},
			env(map[string]string{"KASIR_DATABASE_URL": "postgres://kasir:pw@" + ln.Addr().String() + "/kasir?sslmode=disable"}), &out)
	}()
	select {
	case code := <-exit:
		assert.Equal(t, 1, code)
	case <-time.After(time.Minute):
		t.Fatal("start-up still waits for a database that does not answer")
	}
	assert.Contains(t, out.String(), "-startup-timeout")
	assert.NotContains(t, out.String(), "msg=listening")
	assert.NotContains(t, out.String(), ":pw@", "the password is never logged")
}

func TestNewServiceEnvironment(t *testing.T) {
	t.Parallel()
	const (
		midtransKey = "SB-Mid-server-secretKEY123"
		biteshipKey = "biteship_test.secretKEY456"
		waToken     = "wa-check-secretTOKEN789"
		hookSecret  = "biteship-hook-secretVALUE012"
	)
	tests := []struct {
		name    string
		path    string // a store field to patch, or ""
		value   any
		env     map[string]string
		methods []payment.Method
		err     string
		logs    string
	}{
		{name: "offline", methods: []payment.Method{payment.COD, payment.BankTransfer}, logs: `shipping="rate card" courier=simcourier gateway=none`},
		{name: "midtrans_adds_gateway", env: map[string]string{"MIDTRANS_SERVER_KEY": midtransKey},
			methods: []payment.Method{payment.COD, payment.BankTransfer, payment.Gateway}, logs: "gateway=midtrans"},
		{name: "midtrans_sandbox", env: map[string]string{"MIDTRANS_SERVER_KEY": midtransKey, "MIDTRANS_SANDBOX": "1"},
			methods: []payment.Method{payment.COD, payment.BankTransfer, payment.Gateway}, logs: `gateway="midtrans sandbox"`},
		{name: "midtrans_default_methods", path: "store.payment_methods", value: remove, env: map[string]string{"MIDTRANS_SERVER_KEY": midtransKey},
			methods: []payment.Method{payment.COD, payment.BankTransfer, payment.Gateway}},
		{name: "midtrans_gateway_listed", path: "store.payment_methods", value: []any{"gateway", "cod"}, env: map[string]string{"MIDTRANS_SERVER_KEY": midtransKey},
			methods: []payment.Method{payment.Gateway, payment.COD}},
		{name: "midtrans_sandbox_unreadable", env: map[string]string{"MIDTRANS_SERVER_KEY": midtransKey, "MIDTRANS_SANDBOX": "ya"}, err: "MIDTRANS_SANDBOX"},
		{name: "midtrans_key_malformed", env: map[string]string{"MIDTRANS_SERVER_KEY": "has space " + midtransKey}, err: "MIDTRANS_SERVER_KEY"},
		{name: "gateway_without_midtrans", path: "store.payment_methods", value: []any{"cod", "gateway"}, err: "MIDTRANS_SERVER_KEY is not set"},
		{name: "biteship", env: map[string]string{"BITESHIP_API_KEY": biteshipKey},
			methods: []payment.Method{payment.COD, payment.BankTransfer}, logs: "shipping=biteship courier=biteship"},
		{name: "biteship_webhook", env: map[string]string{"BITESHIP_API_KEY": biteshipKey, "BITESHIP_WEBHOOK_HEADER": "X-Kasir-Hook", "BITESHIP_WEBHOOK_SECRET": hookSecret},
			methods: []payment.Method{payment.COD, payment.BankTransfer}, logs: "courier=biteship"},
		{name: "biteship_webhook_secret_without_header", env: map[string]string{"BITESHIP_API_KEY": biteshipKey, "BITESHIP_WEBHOOK_SECRET": hookSecret}, err: "BITESHIP_API_KEY"},
		{name: "biteship_key_malformed", env: map[string]string{"BITESHIP_API_KEY": "has space " + biteshipKey}, err: "BITESHIP_API_KEY"},
		{name: "require_whatsapp_warns", path: "store.require_whatsapp", value: true,
			methods: []payment.Method{payment.COD, payment.BankTransfer}, logs: "WHATSAPP_CHECK_URL is not"},
		{name: "whatsapp_check", path: "store.require_whatsapp", value: true,
			env:     map[string]string{"WHATSAPP_CHECK_URL": "https://wa.example.test/check", "WHATSAPP_CHECK_TOKEN": waToken},
			methods: []payment.Method{payment.COD, payment.BankTransfer}, logs: "whatsapp_check=http"},
		{name: "whatsapp_check_bad_url", env: map[string]string{"WHATSAPP_CHECK_URL": "ftp://wa"}, err: "WHATSAPP_CHECK_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := []byte(smallFile)
			if tt.path != "" {
				data = patched(t, tt.path, tt.value)
			}
			_, err := storefile.Parse(bytes.NewReader(data))
			require.NoError(t, err)
			var logs syncBuffer
			var svc *kasir.Service
			cfg, err := parseConfig(nil, env(tt.env), io.Discard)
			if err == nil {
				var closeStore func()
				_, svc, _, _, closeStore, err = newService(t.Context(), data, cfg, slog.New(slog.NewTextHandler(&logs, nil)))
				if err == nil {
					defer closeStore()
				}
			}
			for _, key := range []string{midtransKey, biteshipKey, waToken, hookSecret} {
				assert.NotContains(t, logs.String(), key, "a key in the log")
				if err != nil {
					assert.NotContains(t, err.Error(), key, "a key in the error")
				}
			}
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.methods, svc.PaymentMethods())
			assert.Contains(t, logs.String(), tt.logs)
		})
	}
}

func TestLogEvents(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	ev := logEvents{log: slog.New(slog.NewTextHandler(&logs, nil))}
	require.NoError(t, ev.Publish(t.Context(), ports.Event{
		Type: ports.EventOrderPlaced, OrderID: "o-1", OrderNumber: "INV20261123-0001",
		From: checkout.StatusDraft, To: checkout.StatusProcessing, Reason: "placed",
	}))
	assert.Contains(t, logs.String(), `msg="order event" type=order.placed order_id=o-1 order_number=INV20261123-0001 from=draft to=processing reason=placed`)
}

func TestLogEventsBelowTheLevel(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	ev := logEvents{log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	require.NoError(t, ev.Publish(t.Context(), ports.Event{Type: ports.EventOrderPlaced, OrderID: "o-1"}))
	assert.Empty(t, logs.String(), "-log-level warn: order events are not logged")
}

// BenchmarkLogEventsAtWarn is the event log's cost per event under
// -log-level warn (how the load command runs the server).
func BenchmarkLogEventsAtWarn(b *testing.B) {
	ev := logEvents{log: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	e := ports.Event{Type: ports.EventOrderPlaced, OrderID: "o-1", OrderNumber: "INV20261123-0001",
		From: checkout.StatusDraft, To: checkout.StatusProcessing}
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		_ = ev.Publish(ctx, e)
	}
}

// countingExpirer counts ExpireUnpaid calls and expires one order on each.
type countingExpirer struct {
	calls atomic.Int64
	err   error
}

func (c *countingExpirer) ExpireUnpaid(context.Context) ([]*checkout.Order, error) {
	c.calls.Add(1)
	return []*checkout.Order{{ID: "o-1"}}, c.err
}

func TestExpireLoop(t *testing.T) {
	t.Parallel()
	for _, fail := range []bool{false, true} {
		exp := &countingExpirer{}
		if fail {
			exp.err = errors.New("store down")
		}
		var logs syncBuffer
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() {
			expireLoop(ctx, exp, time.Millisecond, slog.New(slog.NewTextHandler(&logs, nil)))
			close(done)
		}()
		require.Eventually(t, func() bool { return exp.calls.Load() >= 3 }, 10*time.Second, time.Millisecond,
			"the loop keeps calling ExpireUnpaid, errors or not")
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the loop did not stop with its context")
		}
		assert.Contains(t, logs.String(), "expired unpaid orders")
		if fail {
			assert.Contains(t, logs.String(), "store down")
		}
	}
}

// TestEveryRequestHasADeadlineByDefault: without flags, the API gives every
// request the 10 s deadline; -request-timeout changes it.
func TestEveryRequestHasADeadlineByDefault(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 10*time.Second, handlerConfig(cfg, slog.Default()).RequestTimeout)
	cfg, err = parseConfig([]string{"-request-timeout", "3s"}, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 3*time.Second, handlerConfig(cfg, slog.Default()).RequestTimeout)
}

// TestOrderPageURL: -order-page-url is the page an invoice's QR code
// opens; without it invoices have none.
func TestOrderPageURL(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Empty(t, handlerConfig(cfg, slog.Default()).OrderPageURL)
	cfg, err = parseConfig([]string{"-order-page-url", "https://toko.example/pesanan/{slug}"}, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "https://toko.example/pesanan/{slug}", handlerConfig(cfg, slog.Default()).OrderPageURL)
}

// TestMountRoutesTheAPIAndThePages: the JSON API keeps /v1 and its
// probes, under /s/{store} too; every other path is a page.
func TestMountRoutesTheAPIAndThePages(t *testing.T) {
	who := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, name) })
	}
	h := mount(who("api"), who("pages"))
	for path, want := range map[string]string{
		"/v1/products": "api", "/v1/orders/x": "api", "/healthz": "api", "/readyz": "api", "/openapi.json": "api",
		"/": "pages", "/beli/p-1": "pages", "/o/slug": "pages", "/admin/pesanan": "pages", "/v1x": "pages",
		"/s/toko-b/v1/products": "api", "/s/default/v1/orders": "api", "/s/toko-b/healthz": "api",
		"/s/toko-b/": "pages", "/s/toko-b/beli/p-1": "pages", "/s/toko-b/admin/masuk": "pages", "/s/toko-b": "pages",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		assert.Equal(t, want, rec.Body.String(), path)
	}
}
