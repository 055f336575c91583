package midtrans_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kasir-id/kasir/adapters/midtrans"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serverKey is a made-up sandbox key. Tests never print it: they compare
// it with == and report only whether it matched.
const serverKey = "SB-Mid-server-kasirTEST0123456789abcdef"

// assertNoSecret fails when err, printed any way, holds the server key in
// any form.
func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	forms := []string{
		serverKey,
		base64.StdEncoding.EncodeToString([]byte(serverKey + ":")),
		base64.StdEncoding.EncodeToString([]byte(serverKey)),
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		for _, f := range forms {
			if strings.Contains(s, f) {
				t.Errorf("an error reveals the server key (%d-byte form)", len(f))
			}
		}
	}
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now(context.Context) time.Time { return c.t }

func gatewayRequest() payment.GatewayRequest {
	return payment.GatewayRequest{
		OrderID:     "ord_01J9Z",
		OrderNumber: "INV20261123-0001",
		Amount:      109_000,
		Items: []payment.GatewayItem{
			{ID: "KAOS-M", Name: "Kaos Polos M", Price: 50_000, Quantity: 2},
			{ID: "shipping", Name: "Ongkir JNE REG", Price: 14_000, Quantity: 1},
			{ID: "voucher", Name: "Diskon HEMAT5", Price: -5_000, Quantity: 1},
		},
		Customer:        payment.GatewayCustomer{Name: "Budi Santoso", Phone: "+6281234567890", Email: "budi@example.com"},
		EnabledPayments: []string{"bca_va", "qris"},
		ExpiryMinutes:   24 * 60,
	}
}

// snapBody is the request body as the fake Snap reads it.
type snapBody struct {
	TransactionDetails *struct {
		OrderID     string `json:"order_id"`
		GrossAmount int64  `json:"gross_amount"`
	} `json:"transaction_details"`
	ItemDetails []struct {
		ID       string `json:"id"`
		Price    int64  `json:"price"`
		Quantity int64  `json:"quantity"`
		Name     string `json:"name"`
	} `json:"item_details"`
	CustomerDetails *struct {
		FirstName string `json:"first_name"`
		Email     string `json:"email"`
		Phone     string `json:"phone"`
	} `json:"customer_details"`
	EnabledPayments []string `json:"enabled_payments"`
	Expiry          *struct {
		StartTime *string `json:"start_time"`
		Unit      string  `json:"unit"`
		Duration  int     `json:"duration"`
	} `json:"expiry"`
}

// fakeSnap is a Snap endpoint that checks the documented request and
// answers with reply.
type fakeSnap struct {
	t     *testing.T
	calls atomic.Int32
	mu    sync.Mutex
	last  snapBody
	raw   map[string]json.RawMessage
	reply func(n int, w http.ResponseWriter, r *http.Request) // n counts calls from 1
}

func (f *fakeSnap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.calls.Add(1))
	t := f.t
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/snap/v1/transactions", r.URL.Path)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	user, pass, ok := r.BasicAuth()
	assert.True(t, ok, "Basic auth")
	assert.True(t, user == serverKey, "the Basic auth user name must be the server key")
	assert.Empty(t, pass, "the Basic auth password must be empty")
	data, err := io.ReadAll(r.Body)
	assert.NoError(t, err)
	var body snapBody
	assert.NoError(t, json.Unmarshal(data, &body))
	var raw map[string]json.RawMessage
	assert.NoError(t, json.Unmarshal(data, &raw))
	f.mu.Lock()
	f.last, f.raw = body, raw
	f.mu.Unlock()
	f.reply(n, w, r)
}

func (f *fakeSnap) request() (snapBody, map[string]json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last, f.raw
}

func created(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_, _ = io.WriteString(w, `{"token":"66e4fa55-fdac-4ef9-91b5-733b97d1b862","redirect_url":"https://app.sandbox.midtrans.com/snap/v4/redirection/66e4fa55-fdac-4ef9-91b5-733b97d1b862"}`)
}

func answer(status int, body string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// newSnap starts a fake Snap and a Client pointed at it; edit may change
// the Config.
func newSnap(t *testing.T, reply func(int, http.ResponseWriter, *http.Request), edit func(*midtrans.Config)) (*fakeSnap, *midtrans.Client) {
	t.Helper()
	f := &fakeSnap{t: t, reply: reply}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	cfg := midtrans.Config{ServerKey: serverKey, BaseURL: srv.URL + "/", RetryWait: time.Millisecond}
	if edit != nil {
		edit(&cfg)
	}
	c, err := midtrans.New(cfg)
	require.NoError(t, err)
	return f, c
}

func TestCreatePaymentSendsTheDocumentedRequest(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 2, 30, 0, 123, time.UTC) // 09:30 WIB
	f, c := newSnap(t, func(_ int, w http.ResponseWriter, _ *http.Request) { created(w) },
		func(cfg *midtrans.Config) { cfg.Clock = fixedClock{now} })
	link, err := c.CreatePayment(t.Context(), gatewayRequest())
	require.NoError(t, err)

	assert.Equal(t, "66e4fa55-fdac-4ef9-91b5-733b97d1b862", link.Token)
	assert.Equal(t, "https://app.sandbox.midtrans.com/snap/v4/redirection/66e4fa55-fdac-4ef9-91b5-733b97d1b862", link.URL)
	assert.True(t, link.ExpiresAt.Equal(time.Date(2026, 11, 24, 2, 30, 0, 0, time.UTC)), "expires at %s", link.ExpiresAt)
	assert.EqualValues(t, 1, f.calls.Load())

	body, _ := f.request()
	require.NotNil(t, body.TransactionDetails)
	assert.Equal(t, "ord_01J9Z", body.TransactionDetails.OrderID)
	assert.EqualValues(t, 109_000, body.TransactionDetails.GrossAmount)
	require.Len(t, body.ItemDetails, 3)
	var sum int64
	for _, it := range body.ItemDetails {
		sum += it.Price * it.Quantity
	}
	assert.Equal(t, body.TransactionDetails.GrossAmount, sum, "item_details must add up to gross_amount")
	assert.Equal(t, "KAOS-M", body.ItemDetails[0].ID)
	assert.Equal(t, "Kaos Polos M", body.ItemDetails[0].Name)
	assert.EqualValues(t, 50_000, body.ItemDetails[0].Price)
	assert.EqualValues(t, 2, body.ItemDetails[0].Quantity)
	assert.EqualValues(t, -5_000, body.ItemDetails[2].Price, "a discount is a negative item")
	require.NotNil(t, body.CustomerDetails)
	assert.Equal(t, "Budi Santoso", body.CustomerDetails.FirstName)
	assert.Equal(t, "budi@example.com", body.CustomerDetails.Email)
	assert.Equal(t, "+6281234567890", body.CustomerDetails.Phone)
	assert.Equal(t, []string{"bca_va", "qris"}, body.EnabledPayments)
	require.NotNil(t, body.Expiry)
	require.NotNil(t, body.Expiry.StartTime)
	assert.Equal(t, "2026-11-23 09:30:00 +0700", *body.Expiry.StartTime)
	assert.Equal(t, "minutes", body.Expiry.Unit)
	assert.Equal(t, 24*60, body.Expiry.Duration)
}

func TestCreatePaymentOptionalParts(t *testing.T) {
	t.Parallel()
	t.Run("expiry_without_clock_has_no_start_time", func(t *testing.T) {
		t.Parallel()
		f, c := newSnap(t, func(_ int, w http.ResponseWriter, _ *http.Request) { created(w) }, nil)
		link, err := c.CreatePayment(t.Context(), gatewayRequest())
		require.NoError(t, err)
		body, _ := f.request()
		require.NotNil(t, body.Expiry)
		assert.Nil(t, body.Expiry.StartTime, "start_time is left to Midtrans")
		assert.Equal(t, 24*60, body.Expiry.Duration)
		assert.True(t, link.ExpiresAt.IsZero(), "the expiry is not known without a start time")
	})
	t.Run("minimal_request", func(t *testing.T) {
		t.Parallel()
		f, c := newSnap(t, func(_ int, w http.ResponseWriter, _ *http.Request) { created(w) },
			func(cfg *midtrans.Config) { cfg.Clock = fixedClock{time.Now()} })
		link, err := c.CreatePayment(t.Context(), payment.GatewayRequest{OrderID: "o-1", Amount: 10_000})
		require.NoError(t, err)
		assert.True(t, link.ExpiresAt.IsZero(), "no expiry asked, none known")
		body, raw := f.request()
		require.NotNil(t, body.TransactionDetails)
		assert.EqualValues(t, 10_000, body.TransactionDetails.GrossAmount)
		for _, k := range []string{"item_details", "customer_details", "enabled_payments", "expiry"} {
			assert.NotContains(t, raw, k)
		}
	})
	t.Run("long_item_names_cut_to_50_characters", func(t *testing.T) {
		t.Parallel()
		f, c := newSnap(t, func(_ int, w http.ResponseWriter, _ *http.Request) { created(w) }, nil)
		req := gatewayRequest()
		long := strings.Repeat("Kaos ", 8) + "Katun Combed 30s Warna Hitam Ukuran XL" // 78 characters
		req.Items[0].Name = strings.Repeat("é", 60)
		req.Items[1].Name = long
		req.Items[1].ID = strings.Repeat("S", 60)
		_, err := c.CreatePayment(t.Context(), req)
		require.NoError(t, err)
		body, _ := f.request()
		require.Len(t, body.ItemDetails, 3)
		assert.Equal(t, strings.Repeat("é", 50), body.ItemDetails[0].Name, "cut by characters, not bytes")
		assert.True(t, utf8.ValidString(body.ItemDetails[0].Name))
		assert.Equal(t, long[:50], body.ItemDetails[1].Name)
		assert.Equal(t, strings.Repeat("S", 50), body.ItemDetails[1].ID)
	})
}

func TestCreatePaymentRefusesBeforeCalling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*payment.GatewayRequest)
		field string
	}{
		{"items_do_not_add_up", func(r *payment.GatewayRequest) { r.Amount = 110_000 }, "items"},
		{"unique_code_left_out_of_items", func(r *payment.GatewayRequest) { r.Amount += 123 }, "items"},
		{"no_order_id", func(r *payment.GatewayRequest) { r.OrderID = "" }, "order_id"},
		{"order_id_with_slash", func(r *payment.GatewayRequest) { r.OrderID = "INV/2026/0001" }, "order_id"},
		{"order_id_with_space", func(r *payment.GatewayRequest) { r.OrderID = "INV 1" }, "order_id"},
		{"order_id_too_long", func(r *payment.GatewayRequest) { r.OrderID = strings.Repeat("a", 51) }, "order_id"},
		{"phone_not_e164", func(r *payment.GatewayRequest) { r.Customer.Phone = "081234567890" }, "customer.phone"},
		{"phone_with_spaces", func(r *payment.GatewayRequest) { r.Customer.Phone = "+62 812 3456 7890" }, "customer.phone"},
		{"zero_amount", func(r *payment.GatewayRequest) { r.Amount, r.Items = 0, nil }, "amount"},
		{"negative_expiry", func(r *payment.GatewayRequest) { r.ExpiryMinutes = -1 }, "expiry_minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, c := newSnap(t, func(_ int, w http.ResponseWriter, _ *http.Request) { created(w) }, nil)
			req := gatewayRequest()
			tt.edit(&req)
			_, err := c.CreatePayment(t.Context(), req)
			require.Error(t, err)
			assertNoSecret(t, err)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tt.field, errs.Field(err))
			assert.Zero(t, f.calls.Load(), "Snap must not be called")
		})
	}
	t.Run("fifty_character_order_id_is_accepted", func(t *testing.T) {
		t.Parallel()
		f, c := newSnap(t, func(_ int, w http.ResponseWriter, _ *http.Request) { created(w) }, nil)
		req := gatewayRequest()
		req.OrderID = strings.Repeat("a", 45) + "-_~.9"
		_, err := c.CreatePayment(t.Context(), req)
		require.NoError(t, err)
		assert.EqualValues(t, 1, f.calls.Load())
	})
}

func TestCreatePaymentErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		reply    func(int, http.ResponseWriter, *http.Request)
		target   error
		kind     errs.Kind
		calls    int32
		messages []string // the *APIError messages, when one is expected
	}{
		{"unauthorized", answer(401, `{"error_messages":["Access denied due to unauthorized transaction, please check client or server key","Visit https://snap-docs.midtrans.com/#request-headers for more details"]}`),
			ports.ErrProviderAuth, errs.Unavailable, 1,
			[]string{"Access denied due to unauthorized transaction, please check client or server key", "Visit https://snap-docs.midtrans.com/#request-headers for more details"}},
		{"bad_request", answer(400, `{"error_messages":["transaction_details.gross_amount is not equal to the sum of item_details"]}`),
			ports.ErrProviderRejected, errs.Invalid, 1,
			[]string{"transaction_details.gross_amount is not equal to the sum of item_details"}},
		{"duplicate_order_id", answer(400, `{"error_messages":["transaction_details.order_id sudah digunakan"]}`),
			ports.ErrProviderRejected, errs.Invalid, 1, []string{"transaction_details.order_id sudah digunakan"}},
		{"bad_request_not_json", answer(400, `<html>Bad Request</html>`), ports.ErrProviderRejected, errs.Invalid, 1, nil},
		{"server_error_every_time", answer(500, `{"error_messages":["Sorry, we encountered internal server error. We will fix this soon."]}`),
			ports.ErrProviderUnavailable, errs.Unavailable, 3,
			[]string{"Sorry, we encountered internal server error. We will fix this soon."}},
		{"bad_gateway_html", answer(502, `<html>502 Bad Gateway</html>`), ports.ErrProviderUnavailable, errs.Unavailable, 3, nil},
		{"rate_limited", answer(429, `{"error_messages":["too many requests"]}`), ports.ErrProviderUnavailable, errs.Unavailable, 3, []string{"too many requests"}},
		{"malformed_json", answer(201, `{"token":`), ports.ErrProviderUnavailable, errs.Unavailable, 1, nil},
		{"no_token", answer(201, `{"redirect_url":"https://app.sandbox.midtrans.com/snap/v4/redirection/x"}`), ports.ErrProviderUnavailable, errs.Unavailable, 1, nil},
		{"key_echoed_in_message", answer(400, `{"error_messages":["bad key `+serverKey+` and `+base64.StdEncoding.EncodeToString([]byte(serverKey+":"))+`"]}`),
			ports.ErrProviderRejected, errs.Invalid, 1, []string{"bad key [redacted] and [redacted]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, c := newSnap(t, tt.reply, nil)
			_, err := c.CreatePayment(t.Context(), gatewayRequest())
			require.Error(t, err)
			assertNoSecret(t, err)
			require.ErrorIs(t, err, tt.target)
			assert.ErrorIs(t, err, tt.kind)
			assert.Equal(t, tt.calls, f.calls.Load(), "attempts")
			if tt.messages != nil {
				var api *midtrans.APIError
				require.ErrorAs(t, err, &api)
				assert.Equal(t, tt.messages, api.Messages)
				assert.Contains(t, err.Error(), tt.messages[0])
			}
		})
	}
}

func TestCreatePaymentRetries(t *testing.T) {
	t.Parallel()
	t.Run("server_error_then_created", func(t *testing.T) {
		t.Parallel()
		f, c := newSnap(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n < 3 {
				answer(503, `{"error_messages":["service unavailable"]}`)(n, w, r)
				return
			}
			created(w)
		}, nil)
		link, err := c.CreatePayment(t.Context(), gatewayRequest())
		require.NoError(t, err)
		assert.NotEmpty(t, link.Token)
		assert.EqualValues(t, 3, f.calls.Load())
	})
	t.Run("timeout_every_time", func(t *testing.T) {
		t.Parallel()
		f, c := newSnap(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, func(cfg *midtrans.Config) { cfg.Timeout = 150 * time.Millisecond; cfg.MaxRetries = 1 })
		_, err := c.CreatePayment(t.Context(), gatewayRequest())
		require.ErrorIs(t, err, ports.ErrProviderUnavailable)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assertNoSecret(t, err)
		// Under load an attempt may time out before the fake's handler
		// runs: the fake sees at most the two attempts made.
		assert.LessOrEqual(t, f.calls.Load(), int32(2))
		assert.GreaterOrEqual(t, f.calls.Load(), int32(1))
	})
	t.Run("negative_max_retries_sends_once", func(t *testing.T) {
		t.Parallel()
		f, c := newSnap(t, answer(500, `{}`), func(cfg *midtrans.Config) { cfg.MaxRetries = -1 })
		_, err := c.CreatePayment(t.Context(), gatewayRequest())
		require.ErrorIs(t, err, ports.ErrProviderUnavailable)
		assert.EqualValues(t, 1, f.calls.Load())
	})
	t.Run("cancelled_context_stops_retrying", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		f, c := newSnap(t, func(n int, w http.ResponseWriter, r *http.Request) {
			cancel()
			answer(500, `{}`)(n, w, r)
		}, func(cfg *midtrans.Config) { cfg.RetryWait = time.Hour })
		_, err := c.CreatePayment(ctx, gatewayRequest())
		require.ErrorIs(t, err, ports.ErrProviderUnavailable)
		assert.ErrorIs(t, err, context.Canceled)
		assert.EqualValues(t, 1, f.calls.Load())
	})
	t.Run("unreachable", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close() // nothing listens there any more
		c, err := midtrans.New(midtrans.Config{ServerKey: serverKey, BaseURL: url, RetryWait: time.Millisecond})
		require.NoError(t, err)
		_, err = c.CreatePayment(t.Context(), gatewayRequest())
		require.ErrorIs(t, err, ports.ErrProviderUnavailable)
		assert.Equal(t, ports.CodeProviderUnavailable, errs.Code(err))
		assertNoSecret(t, err)
	})
}

func TestCreatePaymentConcurrently(t *testing.T) {
	t.Parallel()
	f, c := newSnap(t, func(_ int, w http.ResponseWriter, _ *http.Request) { created(w) }, nil)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			_, err := c.CreatePayment(t.Context(), gatewayRequest())
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.EqualValues(t, 16, f.calls.Load())
}

// roundTrip answers every request without a network, recording its URL.
type roundTrip struct {
	mu   sync.Mutex
	urls []string
}

func (rt *roundTrip) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.urls = append(rt.urls, r.URL.String())
	rt.mu.Unlock()
	return &http.Response{
		StatusCode: http.StatusCreated,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"token":"t","redirect_url":"https://example.invalid/t"}`)),
		Request:    r,
	}, nil
}

func TestNewHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  midtrans.Config
		want string
	}{
		{"sandbox", midtrans.Config{Sandbox: true}, "https://app.sandbox.midtrans.com/snap/v1/transactions"},
		{"production", midtrans.Config{}, "https://app.midtrans.com/snap/v1/transactions"},
		{"base_url_overrides", midtrans.Config{Sandbox: true, BaseURL: "http://127.0.0.1:8080/mock"}, "http://127.0.0.1:8080/mock/snap/v1/transactions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := &roundTrip{}
			tt.cfg.ServerKey = serverKey
			tt.cfg.HTTPClient = &http.Client{Transport: rt}
			c, err := midtrans.New(tt.cfg)
			require.NoError(t, err)
			_, err = c.CreatePayment(t.Context(), gatewayRequest())
			require.NoError(t, err)
			assert.Equal(t, []string{tt.want}, rt.urls)
		})
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   midtrans.Config
		field string
	}{
		{"no_server_key", midtrans.Config{}, "server_key"},
		{"server_key_with_space", midtrans.Config{ServerKey: serverKey + " "}, "server_key"},
		{"server_key_with_newline", midtrans.Config{ServerKey: serverKey + "\n"}, "server_key"},
		{"relative_base_url", midtrans.Config{ServerKey: serverKey, BaseURL: "app.midtrans.com"}, "base_url"},
		{"base_url_with_user_info", midtrans.Config{ServerKey: serverKey, BaseURL: "https://" + serverKey + "@app.midtrans.com"}, "base_url"},
		{"ftp_base_url", midtrans.Config{ServerKey: serverKey, BaseURL: "ftp://app.midtrans.com"}, "base_url"},
		{"negative_timeout", midtrans.Config{ServerKey: serverKey, Timeout: -time.Second}, "timeout"},
		{"negative_retry_wait", midtrans.Config{ServerKey: serverKey, RetryWait: -time.Second}, "retry_wait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := midtrans.New(tt.cfg)
			require.Error(t, err)
			assert.Nil(t, c)
			assertNoSecret(t, err)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
		})
	}
}

func TestPrintingNeverShowsTheKey(t *testing.T) {
	t.Parallel()
	cfg := midtrans.Config{ServerKey: serverKey, Sandbox: true, Timeout: time.Second}
	c, err := midtrans.New(cfg)
	require.NoError(t, err)
	type wrapper struct {
		Midtrans midtrans.Config
		Client   *midtrans.Client
	}
	var out []string
	for _, v := range []any{cfg, &cfg, c, *c, wrapper{cfg, c}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out = append(out, fmt.Sprintf(verb, v))
		}
	}
	var buf strings.Builder
	// slog's handlers render values their own way; check both.
	slog.New(slog.NewTextHandler(&buf, nil)).Info("configured", "midtrans", cfg)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("configured", "midtrans", cfg)
	out = append(out, buf.String())
	for i, s := range out {
		if strings.Contains(s, serverKey) {
			t.Errorf("printed form %d reveals the server key", i)
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", cfg), "ServerKey:[redacted]")
	assert.Contains(t, fmt.Sprintf("%+v", cfg), "Sandbox:true")
	assert.Contains(t, buf.String(), "server_key")
}

func TestRedactedErrorsStillUnwrap(t *testing.T) {
	t.Parallel()
	// An error from the transport stays reachable through the redaction.
	c, err := midtrans.New(midtrans.Config{ServerKey: serverKey, MaxRetries: -1, HTTPClient: &http.Client{
		Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errTransport }),
	}})
	require.NoError(t, err)
	_, err = c.CreatePayment(t.Context(), gatewayRequest())
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	assert.ErrorIs(t, err, errTransport)
	assertNoSecret(t, err)
}

var errTransport = errors.New("dial tcp: connection refused (key " + serverKey + ")")

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
