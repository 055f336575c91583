package webui_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/ports"
)

// TestBuyerPostsAreRateLimited: past the burst, placing an order and
// keeping an abandoned checkout are answered 429 with Retry-After and a
// page in the visitor's language, and change nothing; another client is
// not held back.
func TestBuyerPostsAreRateLimited(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{RateLimit: 0.001, RateBurst: 3,
		ClientKey: func(r *http.Request) string { return r.Header.Get("X-Test-Client") }})
	post := func(client, path string, v url.Values) (*http.Response, string) {
		req, err := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(v.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Test-Client", client)
		res, err := noRedirect.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, string(b)
	}
	left := url.Values{"name": {"Sari"}, "phone": {"081234567890"}, "product": {"p-kaos"}}
	for i := range 3 {
		res, _ := post("a", "/tinggal", left)
		require.Equal(t, http.StatusNoContent, res.StatusCode, "post %d", i)
	}
	res, body := post("a", "/tinggal", left)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	require.NoError(t, err)
	assert.Positive(t, secs)
	assert.Contains(t, body, "Terlalu banyak permintaan")
	res, body = post("a", "/beli/p-kaos?lang=en", orderForm("Sari", "cod", "k-1"))
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Contains(t, body, "Too many requests")
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	assert.Zero(t, page.Total, "a refused post places nothing")

	res, _ = post("b", "/beli/p-kaos", orderForm("Sari", "cod", "k-2"))
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "another client orders")
}

// TestSignInIsRateLimited: a client guessing tokens is held back after
// Config.SignInsPerMinute attempts, even with the right token then, while
// many clients at once each get their own attempts.
func TestSignInIsRateLimited(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{SignInsPerMinute: 3,
		ClientKey: func(r *http.Request) string { return r.Header.Get("X-Test-Client") }})
	try := func(client, token string) int {
		req, err := http.NewRequest(http.MethodPost, s.srv.URL+"/admin/masuk", strings.NewReader(url.Values{"token": {token}}.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Test-Client", client)
		res, err := noRedirect.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	for range 3 {
		assert.Equal(t, http.StatusUnauthorized, try("guesser", "salah"))
	}
	assert.Equal(t, http.StatusTooManyRequests, try("guesser", adminToken))

	var wg sync.WaitGroup
	codes := make([]int, 20)
	for i := range codes {
		wg.Go(func() { codes[i] = try("client-"+strconv.Itoa(i), adminToken) })
	}
	wg.Wait()
	for i, c := range codes {
		assert.Equal(t, http.StatusSeeOther, c, "client %d", i)
	}
}

func TestNewRefusesBadRateLimits(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	for _, cfg := range []webui.Config{{RateLimit: -1}, {RateLimit: 2, RateBurst: 0}} {
		_, err := webui.New(s.fx.Service, cfg)
		assert.Error(t, err)
	}
}
