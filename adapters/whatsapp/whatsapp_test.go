package whatsapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kasir-id/kasir/adapters/whatsapp"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	token  = "s3cr3t-T0KEN-value"
	msisdn = "6281234567890"
)

// serve starts a checker service answering status and body, and returns
// a Checker for it.
func serve(t *testing.T, handler http.HandlerFunc) *whatsapp.Checker {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	c, err := whatsapp.New(whatsapp.Config{Endpoint: srv.URL + "/v1/check", Token: token, HTTPClient: srv.Client()})
	require.NoError(t, err)
	return c
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func TestRegistered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"registered", `{"phone":"6281234567890","registered":true}`, true},
		{"not_registered", `{"phone":"6281234567890","registered":false}`, false},
		{"without_phone", `{"registered":true}`, true},
		{"flag_as_number", `{"registered":0}`, false},
		{"top_level_is_wa", `{"is_wa":1}`, true},
		{"seed_003_shape", `{"meta":{"message":"Successfully checking number","code":200,"status":"success"},"data":{"phone_number":6281234567890,"is_wa":true,"message":"registered"}}`, true},
		{"seed_003_shape_not_registered", `{"meta":{"code":200,"status":"success"},"data":{"phone_number":6281234567890,"is_wa":false,"message":"not registered"}}`, false},
		{"phone_with_plus", `{"phone":"+62 812-3456-7890","registered":true}`, true},
		{"extra_fields", `{"phone":"6281234567890","registered":true,"checked_at":"2025-01-01T00:00:00Z"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			c := serve(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				assert.Equal(t, http.MethodPost, r.Method)
				assert.Equal(t, "/v1/check", r.URL.Path)
				assert.Equal(t, "Bearer "+token, r.Header.Get("Authorization"))
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				var body map[string]any
				assert.NoError(t, json.NewDecoder(r.Body).Decode(&body))
				assert.Equal(t, map[string]any{"phone": msisdn}, body)
				answer(http.StatusOK, tt.body)(w, r)
			})
			got, err := c.Registered(context.Background(), msisdn)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

func TestRegisteredWithoutToken(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(func() http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			_, has := r.Header["Authorization"]
			assert.False(t, has, "no token, no Authorization header")
			answer(http.StatusOK, `{"registered":true}`)(w, r)
		}
	}())
	t.Cleanup(srv.Close)
	c, err := whatsapp.New(whatsapp.Config{Endpoint: srv.URL})
	require.NoError(t, err)
	got, err := c.Registered(context.Background(), msisdn)
	require.NoError(t, err)
	assert.True(t, got)
}

// echo answers status with a body that quotes the request's credentials,
// as a careless service might: they must still stay out of errors.
func echo(status int, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		answer(status, strings.ReplaceAll(format, "AUTH", r.Header.Get("Authorization")))(w, r)
	}
}

func TestRegisteredFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    error
		message string
	}{
		{"server_error", echo(http.StatusInternalServerError, `{"error":"AUTH broke"}`), ports.ErrProviderUnavailable, "HTTP 500"},
		{"unavailable", echo(http.StatusServiceUnavailable, `AUTH`), ports.ErrProviderUnavailable, "HTTP 503"},
		{"bad_request", echo(http.StatusBadRequest, `{"message":"AUTH invalid"}`), ports.ErrProviderUnavailable, "HTTP 400"},
		{"redirect_without_location", echo(http.StatusFound, ``), ports.ErrProviderUnavailable, "HTTP 302"},
		{"unauthorized", echo(http.StatusUnauthorized, `{"message":"token AUTH expired"}`), ports.ErrProviderAuth, "HTTP 401"},
		{"forbidden", echo(http.StatusForbidden, `{"message":"AUTH"}`), ports.ErrProviderAuth, "HTTP 403"},
		{"malformed_json", echo(http.StatusOK, `{"registered": AUTH`), ports.ErrProviderUnavailable, "not a JSON object"},
		{"html", echo(http.StatusOK, `<html>AUTH</html>`), ports.ErrProviderUnavailable, "not a JSON object"},
		{"empty_body", echo(http.StatusOK, ``), ports.ErrProviderUnavailable, "not a JSON object"},
		{"json_array", echo(http.StatusOK, `[true]`), ports.ErrProviderUnavailable, "not a JSON object"},
		{"no_flag", echo(http.StatusOK, `{"phone":"6281234567890","token":"AUTH"}`), ports.ErrProviderUnavailable, "no registered or is_wa flag"},
		{"flag_as_string", echo(http.StatusOK, `{"registered":"AUTH"}`), ports.ErrProviderUnavailable, "no registered or is_wa flag"},
		{"flag_out_of_range", echo(http.StatusOK, `{"is_wa":2}`), ports.ErrProviderUnavailable, "no registered or is_wa flag"},
		{"seed_shape_without_data", echo(http.StatusOK, `{"meta":{"code":500,"status":"error","message":"AUTH"},"data":null}`), ports.ErrProviderUnavailable, "no registered or is_wa flag"},
		{"another_number", echo(http.StatusOK, `{"phone":"6289876543210","registered":true}`), ports.ErrProviderUnavailable, "another number"},
		{"seed_shape_another_number", echo(http.StatusOK, `{"data":{"phone_number":6289876543210,"is_wa":true}}`), ports.ErrProviderUnavailable, "another number"},
		{"oversized", echo(http.StatusOK, `{"registered":true,"pad":"`+strings.Repeat("x", 70<<10)+`"}`), ports.ErrProviderUnavailable, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := serve(t, tt.handler)
			got, err := c.Registered(context.Background(), msisdn)
			require.ErrorIs(t, err, tt.want)
			require.ErrorIs(t, err, errs.Unavailable)
			assert.False(t, got)
			assert.Contains(t, err.Error(), tt.message)
			assert.True(t, strings.HasPrefix(err.Error(), "whatsapp: "), err.Error())
			assert.NotContains(t, err.Error(), token)
		})
	}
}

// hang answers only when the client gives the request up, or when the
// returned release is called; register release with t.Cleanup after the
// server, so it runs before the server's Close waits for the handler.
func hang(arrived chan<- struct{}) (http.HandlerFunc, func()) {
	done := make(chan struct{})
	return func(w http.ResponseWriter, r *http.Request) {
		// The server notices a client going away only once the body is read.
		_, _ = io.Copy(io.Discard, r.Body)
		if arrived != nil {
			arrived <- struct{}{}
		}
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}, func() { close(done) }
}

func TestRegisteredTimeout(t *testing.T) {
	t.Parallel()
	h, release := hang(nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(release)
	c, err := whatsapp.New(whatsapp.Config{Endpoint: srv.URL, Token: token, Timeout: 20 * time.Millisecond})
	require.NoError(t, err)
	_, err = c.Registered(context.Background(), msisdn)
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "in time")
	assert.NotContains(t, err.Error(), token)
	assert.NotContains(t, err.Error(), srv.URL, "the endpoint is not quoted")
}

func TestRegisteredContextCancelled(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{}, 1)
	h, release := hang(arrived)
	c := serve(t, h)
	t.Cleanup(release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := c.Registered(ctx, msisdn)
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "cancelled")

	// Already cancelled: nothing is sent.
	var calls atomic.Int32
	c = serve(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	_, err = c.Registered(ctx, msisdn)
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, calls.Load())
}

func TestRegisteredUnreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now
	c, err := whatsapp.New(whatsapp.Config{Endpoint: "http://" + addr + "/check?key=" + token, Token: token})
	require.NoError(t, err)
	_, err = c.Registered(context.Background(), msisdn)
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	assert.Contains(t, err.Error(), "cannot reach the checker")
	assert.NotContains(t, err.Error(), token)
}

// TestTokenNotInTransportErrors has a "server" answer garbage that
// contains the token: Go's HTTP client quotes such garbage in its error.
func TestTokenNotInTransportErrors(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			_, _ = conn.Read(buf)
			_, _ = io.WriteString(conn, "HTTP/1.1 "+token+" nonsense\r\n\r\n")
			_ = conn.Close()
		}
	}()
	c, err := whatsapp.New(whatsapp.Config{Endpoint: "http://" + ln.Addr().String(), Token: token})
	require.NoError(t, err)
	_, err = c.Registered(context.Background(), msisdn)
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	assert.Contains(t, err.Error(), "[redacted]", "the cause is kept, without the token")
	assert.NotContains(t, err.Error(), token)
}

func TestRegisteredRejectsBadNumbers(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := serve(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	for _, n := range []string{"", "+6281234567890", "081234567890", "62 81234567890", "62-812", "123456", "6281234567890123", "62812abc"} {
		_, err := c.Registered(context.Background(), n)
		require.ErrorIs(t, err, errs.Invalid, "%q", n)
		assert.Equal(t, checkout.CodeInvalidPhone, errs.Code(err), "%q", n)
		assert.Equal(t, "phone", errs.Field(err), "%q", n)
	}
	assert.Zero(t, calls.Load(), "nothing is sent for a malformed number")
}

func TestNewRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   whatsapp.Config
		field string
	}{
		{"no_endpoint", whatsapp.Config{}, "endpoint"},
		{"relative_endpoint", whatsapp.Config{Endpoint: "/v1/check"}, "endpoint"},
		{"no_host", whatsapp.Config{Endpoint: "https:///v1/check"}, "endpoint"},
		{"other_scheme", whatsapp.Config{Endpoint: "ftp://wa.example.com/check"}, "endpoint"},
		{"malformed_endpoint", whatsapp.Config{Endpoint: "http://wa.example.com/%zz"}, "endpoint"},
		{"token_with_newline", whatsapp.Config{Endpoint: "https://wa.example.com", Token: token + "\r\nX-Evil: 1"}, "token"},
		{"token_with_space", whatsapp.Config{Endpoint: "https://wa.example.com", Token: "two " + token}, "token"},
		{"negative_timeout", whatsapp.Config{Endpoint: "https://wa.example.com", Timeout: -time.Second}, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := whatsapp.New(tt.cfg)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Nil(t, c)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
			assert.NotContains(t, err.Error(), token)
		})
	}
}

func TestRegisteredConcurrent(t *testing.T) {
	t.Parallel()
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Phone string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		// numbers ending in an even digit are registered
		even := (body.Phone[len(body.Phone)-1]-'0')%2 == 0
		_ = json.NewEncoder(w).Encode(map[string]any{"phone": body.Phone, "registered": even})
	})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			n := "62812345678" + string(rune('0'+i%10))
			got, err := c.Registered(context.Background(), n)
			if assert.NoError(t, err) {
				assert.Equal(t, i%2 == 0, got, n)
			}
		})
	}
	wg.Wait()
}

func TestErrorsKeepTheirCause(t *testing.T) {
	t.Parallel()
	c := serve(t, answer(http.StatusOK, `{"registered":`))
	_, err := c.Registered(context.Background(), msisdn)
	var syntax *json.SyntaxError
	assert.True(t, errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
}
