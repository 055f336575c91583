package biteship_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	bad := shipping.InsurancePolicy{Percent: money.MustRate("101")}
	tests := []struct {
		name  string
		edit  func(*biteship.Config)
		field string
	}{
		{"no_key", func(c *biteship.Config) { c.APIKey = "" }, "api_key"},
		{"key_with_newline", func(c *biteship.Config) { c.APIKey = "abc\ndef" }, "api_key"},
		{"key_with_space", func(c *biteship.Config) { c.APIKey = "Bearer abc" }, "api_key"},
		{"relative_base_url", func(c *biteship.Config) { c.BaseURL = "api.biteship.com" }, "base_url"},
		{"ftp_base_url", func(c *biteship.Config) { c.BaseURL = "ftp://api.biteship.com" }, "base_url"},
		{"base_url_with_credentials", func(c *biteship.Config) { c.BaseURL = "https://user:pw@api.biteship.com" }, "base_url"},
		{"negative_timeout", func(c *biteship.Config) { c.Timeout = -time.Second }, "timeout"},
		{"negative_backoff", func(c *biteship.Config) { c.RetryBackoff = -time.Second }, "retry_backoff"},
		{"bad_courier", func(c *biteship.Config) { c.Couriers = []string{"jne", "j&t"} }, "couriers[1]"},
		{"bad_terms_key", func(c *biteship.Config) { c.Terms = map[string]biteship.Terms{"jne:": {}} }, "terms[jne:]"},
		{"repeated_terms_key", func(c *biteship.Config) { c.Terms = map[string]biteship.Terms{"jne": {}, "JNE": {}} }, ""},
		{"cod_fee_over_100", func(c *biteship.Config) {
			c.Terms = map[string]biteship.Terms{"jne": {CODFeePercent: money.MustRate("100.5")}}
		}, "terms[jne].cod_fee_percent"},
		{"negative_cod_max", func(c *biteship.Config) { c.DefaultTerms.CODMax = -1 }, "default_terms.cod_max"},
		{"cashback_over_100", func(c *biteship.Config) { c.DefaultTerms.CashbackPercent = money.RateInt(150) }, "default_terms.cashback_percent"},
		{"bad_insurance", func(c *biteship.Config) { c.Terms = map[string]biteship.Terms{"jne:reg": {Insurance: &bad}} }, "terms[jne:reg].insurance.percent"},
		{"bad_weight_rule", func(c *biteship.Config) {
			c.Terms = map[string]biteship.Terms{"jne": {Weight: shipping.WeightRule{VolumetricDivisor: 6000, ToleranceGrams: 1000}}}
		}, "terms[jne].weight.tolerance_grams"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := biteship.Config{APIKey: testKey, Terms: testTerms()}
			tt.edit(&cfg)
			c, err := biteship.New(cfg)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Nil(t, c)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			if tt.field != "" {
				assert.Equal(t, tt.field, errs.Field(err))
			} else {
				assert.True(t, strings.HasPrefix(errs.Field(err), "terms["), errs.Field(err))
			}
		})
	}
}

func TestNewCopiesConfig(t *testing.T) {
	t.Parallel()
	f := newFake(t, always(http.StatusOK, ratesJSON(t)))
	policy := jneInsurance
	cfg := biteship.Config{APIKey: testKey, BaseURL: f.URL + "/", Couriers: []string{"jne"},
		Terms: map[string]biteship.Terms{"jne": {Insurance: &policy}}}
	c, err := biteship.New(cfg)
	require.NoError(t, err)
	cfg.Couriers[0] = "tiki"
	policy.AdminFee = 1
	cfg.Terms["sicepat"] = biteship.Terms{CODFeePercent: money.RateInt(50)}

	opts, err := c.Rates(context.Background(), rateRequest())
	require.NoError(t, err)
	got := f.last(t)
	assert.Equal(t, "/v1/rates/couriers", got.Path, "a trailing slash on the base URL is fine")
	assert.Equal(t, "jne", got.Body["couriers"])
	require.NotNil(t, opts[0].Insurance)
	assert.Equal(t, money.Money(5000), opts[0].Insurance.AdminFee)
	assert.True(t, opts[3].CODFeePercent.IsZero(), "sicepat terms added after New are not used")
}

// TestAPIKeyNeverShows scans every error a client can return, Biteship's
// messages echoing the key included, and every way to print a Config or a
// Client, for the API key.
func TestAPIKeyNeverShows(t *testing.T) {
	t.Parallel()
	echo := `{"success": false, "error": "Authentication for your key ` + testKey + ` has failed.", "code": 40000001}`
	scenarios := []struct {
		name string
		cfg  func(*biteship.Config)
		h    func(int32, http.ResponseWriter, *http.Request)
	}{
		{"auth_echoing_key", nil, always(http.StatusUnauthorized, echo)},
		{"rejected_echoing_key", nil, always(http.StatusBadRequest, `{"success": false, "error": "bad key `+testKey+`"}`)},
		{"server_error_echoing_key", nil, always(http.StatusInternalServerError, `{"success": false, "error": "`+testKey+`"}`)},
		{"rate_limited_echoing_key", nil, always(http.StatusTooManyRequests, `{"success": false, "message": "`+testKey+`"}`)},
		{"success_false_echoing_key", nil, always(http.StatusOK, `{"success": false, "error": "key `+testKey+`", "code": 40101001}`)},
		{"malformed_with_key", nil, always(http.StatusOK, `{"success": true, "pricing": "`+testKey)},
		{"bad_entry_with_key", nil, always(http.StatusOK, pricingJSON(t, entry(func(e map[string]any) { e["courier_service_code"] = testKey + " x" })))},
		{"bad_courier_with_key", nil, always(http.StatusOK, pricingJSON(t, entry(func(e map[string]any) { e["courier_code"] = testKey + "!" })))},
		{"fractional_price_of_key_courier", nil, always(http.StatusOK, pricingJSON(t, entry(func(e map[string]any) {
			e["courier_code"], e["courier_service_code"], e["price"] = testKey, testKey, json.Number("0.5")
		})))},
		{"bad_service_of_key_courier", nil, always(http.StatusOK, pricingJSON(t, entry(func(e map[string]any) {
			e["courier_code"], e["courier_service_code"] = testKey, ""
		})))},
		{"timeout", func(c *biteship.Config) {
			c.Timeout, c.MaxRetries = 20*time.Millisecond, -1
			c.HTTPClient = &http.Client{Transport: unanswered{}}
		}, func(int32, http.ResponseWriter, *http.Request) {}},
		{"redirect_loop", nil, func(_ int32, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path, http.StatusTemporaryRedirect)
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, sc.h)
			_, err := newClient(t, f, sc.cfg).Rates(context.Background(), rateRequest())
			require.Error(t, err)
			assert.Equal(t, testKey, f.last(t).Authorization, "the key was sent")
			for _, e := range chain(err) {
				assert.NotContains(t, e.Error(), testKey)
			}
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				assert.NotContains(t, fmt.Sprintf(verb, err), testKey, verb)
			}
			var ae *biteship.APIError
			if errors.As(err, &ae) {
				assert.NotContains(t, ae.Message, testKey)
			}
		})
	}

	t.Run("printing_config_and_client", func(t *testing.T) {
		t.Parallel()
		cfg := biteship.Config{APIKey: testKey, Terms: testTerms()}
		c, err := biteship.New(cfg)
		require.NoError(t, err)
		for _, v := range []any{cfg, &cfg, c} {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
				assert.NotContains(t, fmt.Sprintf(verb, v), testKey, "%s of %T", verb, v)
			}
			for _, h := range []func(*bytes.Buffer) slog.Handler{
				func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
				func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
			} {
				var buf bytes.Buffer
				slog.New(h(&buf)).Info("configured", "biteship", v)
				assert.NotContains(t, buf.String(), testKey, "slog of %T", v)
				assert.Contains(t, buf.String(), "biteship")
			}
		}
		b, err := json.Marshal(cfg)
		require.NoError(t, err)
		assert.NotContains(t, string(b), testKey)
		assert.Contains(t, cfg.String(), "[redacted]")
	})
}
