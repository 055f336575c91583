package biteship_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRatesSendsDocumentedRequest(t *testing.T) {
	t.Parallel()
	f := newFake(t, always(http.StatusOK, pricingJSON(t)))
	c := newClient(t, f, nil)
	req := rateRequest()
	req.Couriers = []string{"JNE", "sicepat", "jne"}
	opts, err := c.Rates(context.Background(), req)
	require.NoError(t, err)
	assert.NotNil(t, opts, "no service is an empty list, not nil")
	assert.Empty(t, opts)

	got := f.last(t)
	assert.Equal(t, http.MethodPost, got.Method)
	assert.Equal(t, "/v1/rates/couriers", got.Path)
	assert.Equal(t, testKey, got.Authorization, "the raw key, without a Bearer prefix")
	assert.Equal(t, "application/json", got.ContentType)

	b := got.Body
	assert.Equal(t, "IDNP6IDNC148IDND836", b["origin_area_id"])
	assert.Equal(t, "IDNP9IDNC23IDND262", b["destination_area_id"])
	assert.NotContains(t, b, "origin_postal_code")
	assert.NotContains(t, b, "destination_postal_code")
	assert.Equal(t, "jne,sicepat", b["couriers"], "lower-cased, de-duplicated, comma-separated")
	items, ok := b["items"].([]any)
	require.True(t, ok, "items must be an array: %v", b["items"])
	require.Len(t, items, 2)
	assert.Equal(t, map[string]any{
		"name": "Kaos Polos Hitam L", "sku": "KAOS-HTM-L", "value": 85000.0,
		"length": 30.0, "width": 20.0, "height": 3.0, "weight": 250.0, "quantity": 2.0,
	}, items[0])
	assert.Equal(t, map[string]any{"name": "Stiker", "value": 5000.0, "weight": 10.0, "quantity": 1.0}, items[1],
		"unknown dimensions and an empty SKU are left out")
}

func TestRatesLocatesOriginAndDestination(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  func(*biteship.Config)
		req  func(*ports.RateRequest)
		want map[string]any
	}{
		{"area_ids_by_default", nil, nil,
			map[string]any{"origin_area_id": "IDNP6IDNC148IDND836", "destination_area_id": "IDNP9IDNC23IDND262"}},
		{"postal_codes_when_configured", func(c *biteship.Config) { c.UsePostalCodes = true }, nil,
			map[string]any{"origin_postal_code": 12440.0, "destination_postal_code": 40115.0}},
		{"postal_code_without_id", nil, func(r *ports.RateRequest) { r.Destination.ID = "" },
			map[string]any{"origin_area_id": "IDNP6IDNC148IDND836", "destination_postal_code": 40115.0}},
		{"id_without_postal_codes", func(c *biteship.Config) { c.UsePostalCodes = true }, func(r *ports.RateRequest) { r.Origin.PostalCodes = nil },
			map[string]any{"origin_area_id": "IDNP6IDNC148IDND836", "destination_postal_code": 40115.0}},
		{"configured_origin_for_an_empty_one", func(c *biteship.Config) { c.Origin = shipping.Location{ID: "IDNGUDANG"} },
			func(r *ports.RateRequest) { r.Origin = shipping.Location{} },
			map[string]any{"origin_area_id": "IDNGUDANG", "destination_area_id": "IDNP9IDNC23IDND262"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, always(http.StatusOK, pricingJSON(t)))
			c := newClient(t, f, tt.cfg)
			req := rateRequest()
			if tt.req != nil {
				tt.req(&req)
			}
			_, err := c.Rates(context.Background(), req)
			require.NoError(t, err)
			got := map[string]any{}
			for _, k := range []string{"origin_area_id", "destination_area_id", "origin_postal_code", "destination_postal_code"} {
				if v, ok := f.last(t).Body[k]; ok {
					got[k] = v
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRatesAsksDefaultCouriers(t *testing.T) {
	t.Parallel()
	f := newFake(t, always(http.StatusOK, pricingJSON(t)))
	_, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
	require.NoError(t, err)
	assert.Equal(t, strings.Join(biteship.DefaultCouriers(), ","), f.last(t).Body["couriers"])

	f2 := newFake(t, always(http.StatusOK, pricingJSON(t)))
	_, err = newClient(t, f2, func(c *biteship.Config) { c.Couriers = []string{"Lion", "sap"} }).Rates(context.Background(), rateRequest())
	require.NoError(t, err)
	assert.Equal(t, "lion,sap", f2.last(t).Body["couriers"])
}

func TestRatesMapsPricing(t *testing.T) {
	t.Parallel()
	f := newFake(t, always(http.StatusOK, ratesJSON(t)))
	opts, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
	require.NoError(t, err)

	jneIns, sicepatIns := jneInsurance, sicepatInsurance
	want := []shipping.Option{
		{Courier: "jne", Service: "reg", Name: "JNE Reguler", Price: 30_000, EtdMinDays: 1, EtdMaxDays: 2,
			COD: true, CODFeePercent: money.MustRate("2.8"), CODMax: 5_000_000,
			CashbackPercent: money.MustRate("25"), Insurance: &jneIns, Weight: shipping.DefaultWeightRule()},
		{Courier: "jne", Service: "yes", Name: "JNE Yakin Esok Sampai (YES)", Price: 54_000, EtdMinDays: 1, EtdMaxDays: 1,
			CashbackPercent: money.MustRate("25"), Insurance: &jneIns, Weight: shipping.DefaultWeightRule()},
		{Courier: "jne", Service: "jtr", Name: "JNE Trucking (JTR)", Price: 60_000, EtdMinDays: 3, EtdMaxDays: 4,
			Weight: jtrWeight}, // "jne:jtr" terms win over "jne": no insurance policy configured
		{Courier: "sicepat", Service: "best", Name: "SiCepat Besok Sampai Tujuan", Price: 42_000, EtdMinDays: 1, EtdMaxDays: 1,
			COD: true, CODFeePercent: money.MustRate("3"), CODMax: 3_000_000, Insurance: &sicepatIns, Weight: shipping.DefaultWeightRule(),
			Return: sicepatReturn}, // the others: the default return terms
		{Courier: "anteraja", Service: "same_day", Name: "AnterAja Same Day", Price: 22_500, EtdMinDays: 0, EtdMaxDays: 1,
			COD: true, CODFeePercent: money.MustRate("2.5"), Weight: shipping.DefaultWeightRule()}, // not insurable: no policy
	}
	assert.Equal(t, want, opts)
	for _, o := range opts {
		assert.NoError(t, o.Validate(), o.Key())
	}
	// each option has its own policy: changing one changes neither the client's nor another's
	opts[0].Insurance.AdminFee = 1
	assert.Equal(t, money.Money(5000), opts[1].Insurance.AdminFee)
	again, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
	require.NoError(t, err)
	assert.Equal(t, money.Money(5000), again[0].Insurance.AdminFee)
}

func TestRatesCashOnDelivery(t *testing.T) {
	t.Parallel()
	keys := func(opts []shipping.Option) []string {
		out := []string{}
		for _, o := range opts {
			if o.COD {
				out = append(out, o.Key()+" cod")
			} else {
				out = append(out, o.Key())
			}
		}
		return out
	}
	tests := []struct {
		name    string
		destCOD bool
		onlyCOD bool
		want    []string
	}{
		{"all_services", true, false, []string{"jne:reg cod", "jne:yes", "jne:jtr", "sicepat:best cod", "anteraja:same_day cod"}},
		{"only_cod", true, true, []string{"jne:reg cod", "sicepat:best cod", "anteraja:same_day cod"}},
		{"destination_without_cod", false, false, []string{"jne:reg", "jne:yes", "jne:jtr", "sicepat:best", "anteraja:same_day"}},
		{"only_cod_where_none", false, true, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, always(http.StatusOK, ratesJSON(t)))
			req := rateRequest()
			req.Destination.COD, req.COD = tt.destCOD, tt.onlyCOD
			opts, err := newClient(t, f, nil).Rates(context.Background(), req)
			require.NoError(t, err)
			require.NotNil(t, opts, "no service is an empty list, not nil")
			assert.Equal(t, tt.want, keys(opts))
			for _, o := range opts {
				if !o.COD {
					assert.True(t, o.CODFeePercent.IsZero(), "%s: a COD fee without COD", o.Key())
					assert.Zero(t, o.CODMax, o.Key())
				}
			}
		})
	}
}

func TestRatesReadsDeliveryEstimate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rng, unit        string
		wantMin, wantMax int
	}{
		{"1 - 2", "days", 1, 2},
		{"2-3", "days", 2, 3},
		{"1", "days", 1, 1},
		{"3", "day", 3, 3},
		{"1 - 3", "hours", 0, 1},
		{"6 - 30", "hours", 0, 2},
		{"24 - 48", "hours", 1, 2},
		{"", "days", 0, 0},
		{"2 - 1", "days", 0, 0},
		{"soon", "days", 0, 0},
		{"1 - 2", "weeks", 0, 0},
		{"1 - 400", "days", 0, 0},
		{"-1", "days", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.rng+"_"+tt.unit, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, always(http.StatusOK, pricingJSON(t, entry(func(e map[string]any) {
				e["shipment_duration_range"], e["shipment_duration_unit"] = tt.rng, tt.unit
			}))))
			opts, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
			require.NoError(t, err)
			require.Len(t, opts, 1)
			assert.Equal(t, [2]int{tt.wantMin, tt.wantMax}, [2]int{opts[0].EtdMinDays, opts[0].EtdMaxDays})
		})
	}
}

func TestRatesAcceptsWholePrices(t *testing.T) {
	t.Parallel()
	f := newFake(t, always(http.StatusOK, pricingJSON(t,
		entry(func(e map[string]any) { e["price"] = json.Number("30000.0") }),
		entry(func(e map[string]any) { e["courier_service_code"], e["price"] = "yes", json.Number("0") }),
		entry(func(e map[string]any) { e["price"] = json.Number("99999") }), // repeats jne:reg: dropped
	)))
	opts, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
	require.NoError(t, err)
	require.Len(t, opts, 2)
	assert.Equal(t, money.Money(30_000), opts[0].Price)
	assert.Equal(t, money.Money(0), opts[1].Price)
}

func TestRatesRejectsUnusableAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
	}{
		{"malformed_json", `{"success": true, "pricing": [`},
		{"html", `<html><body>Bad gateway</body></html>`},
		{"pricing_not_a_list", `{"success": true, "pricing": {"price": 1}}`},
		{"fractional_price", pricingJSON(t, entry(func(e map[string]any) { e["price"] = json.Number("15000.5") }))},
		{"negative_price", pricingJSON(t, entry(func(e map[string]any) { e["price"] = json.Number("-9000") }))},
		{"missing_price", pricingJSON(t, entry(func(e map[string]any) { delete(e, "price") }))},
		{"price_not_a_number", pricingJSON(t, entry(func(e map[string]any) { e["price"] = "gratis" }))},
		{"huge_price", pricingJSON(t, entry(func(e map[string]any) { e["price"] = json.Number("1e30") }))},
		{"no_courier_code", pricingJSON(t, entry(func(e map[string]any) { e["courier_code"] = "" }))},
		{"courier_code_with_comma", pricingJSON(t, entry(func(e map[string]any) { e["courier_code"] = "jne,tiki" }))},
		{"service_code_with_space", pricingJSON(t, entry(func(e map[string]any) { e["courier_service_code"] = "re g" }))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, always(http.StatusOK, tt.body))
			opts, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
			require.Error(t, err)
			assert.Nil(t, opts)
			require.ErrorIs(t, err, ports.ErrProviderUnavailable)
			assert.Equal(t, ports.CodeProviderBadResponse, errs.Code(err))
			assert.Equal(t, errs.Unavailable, errs.KindOf(err))
			assert.Equal(t, int32(1), f.calls.Load(), "a bad answer is not retried")
		})
	}
}

func TestRatesRetriesServerErrors(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		switch n {
		case 1:
			reply(w, http.StatusInternalServerError, `{"success": false, "error": "Internal server error", "code": 50000001}`)
		case 2:
			w.WriteHeader(http.StatusBadGateway) // a proxy's answer: no JSON
		default:
			reply(w, http.StatusOK, ratesJSON(t))
		}
	})
	opts, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
	require.NoError(t, err)
	assert.Len(t, opts, 5)
	assert.Equal(t, int32(3), f.calls.Load())
}

func TestRatesGivesUpAfterMaxRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		maxRetries int
		calls      int32
	}{
		{"default", 0, biteship.DefaultMaxRetries + 1},
		{"four", 4, 5},
		{"none", -1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, always(http.StatusServiceUnavailable, `{"success": false, "error": "Service unavailable", "code": 50300001}`))
			c := newClient(t, f, func(c *biteship.Config) { c.MaxRetries = tt.maxRetries })
			_, err := c.Rates(context.Background(), rateRequest())
			require.ErrorIs(t, err, ports.ErrProviderUnavailable)
			assert.Equal(t, ports.CodeProviderUnavailable, errs.Code(err))
			assert.Equal(t, errs.Unavailable, errs.KindOf(err))
			assert.Equal(t, tt.calls, f.calls.Load())
			ae := apiErr(t, err)
			assert.Equal(t, http.StatusServiceUnavailable, ae.StatusCode)
			assert.Equal(t, int64(50300001), ae.Code)
			assert.Equal(t, "Service unavailable", ae.Message)
		})
	}
}

func TestRatesMapsClientErrorsWithoutRetry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		body    string
		want    error
		message string // Biteship's message, kept in the error
	}{
		{"no_coverage", http.StatusBadRequest, `{"success": false, "error": "No courier available for this route", "code": 40001010}`,
			ports.ErrProviderRejected, "No courier available for this route"},
		{"invalid_area", http.StatusBadRequest, `{"success": false, "error": "Invalid destination area id", "code": 40001002}`,
			ports.ErrProviderRejected, "Invalid destination area id"},
		{"not_found", http.StatusNotFound, `{"success": false, "error": "The request is not exist"}`,
			ports.ErrProviderRejected, "The request is not exist"},
		{"unprocessable_without_body", http.StatusUnprocessableEntity, ``, ports.ErrProviderRejected, "unprocessable entity"},
		{"unauthorized", http.StatusUnauthorized, `{"success": false, "error": "Authorization failed", "code": 40101001}`,
			ports.ErrProviderAuth, "Authorization failed"},
		{"forbidden", http.StatusForbidden, `{"success": false, "error": "There's no match token for this key", "code": 40301001}`,
			ports.ErrProviderAuth, "no match token"},
		{"bad_key_as_400", http.StatusBadRequest, `{"success": false, "error": "Authentication for your key has failed.", "code": 40000001}`,
			ports.ErrProviderAuth, "Authentication for your key has failed."},
		{"rate_limited", http.StatusTooManyRequests, `{"success": false, "error": "Too many requests"}`,
			ports.ErrProviderUnavailable, "Too many requests"},
		{"ok_status_success_false", http.StatusOK, `{"success": false, "error": "Required parameter is missing", "code": 40001001}`,
			ports.ErrProviderRejected, "Required parameter is missing"},
		{"ok_status_auth_code", http.StatusOK, `{"success": false, "error": "No account found with associated key", "code": "40101002"}`,
			ports.ErrProviderAuth, "No account found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, always(tt.status, tt.body))
			_, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
			require.ErrorIs(t, err, tt.want)
			assert.Equal(t, tt.want.(*errs.Error).Code, errs.Code(err))
			assert.Contains(t, err.Error(), tt.message)
			assert.Equal(t, tt.status, apiErr(t, err).StatusCode)
			assert.Equal(t, int32(1), f.calls.Load(), "a 4xx is not retried")
		})
	}
}

func TestRatesTimesOut(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(int32, http.ResponseWriter, *http.Request) {})
	c := newClient(t, f, func(c *biteship.Config) {
		c.Timeout, c.MaxRetries = 20*time.Millisecond, 1
		c.HTTPClient = &http.Client{Transport: unanswered{}}
	})
	_, err := c.Rates(context.Background(), rateRequest())
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, ports.CodeProviderUnavailable, errs.Code(err))
	assert.Contains(t, err.Error(), "timed out after 2 attempts")
	assert.Equal(t, int32(2), f.calls.Load(), "each attempt reached Biteship and was not answered in time")
}

func TestRatesStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	f := newFake(t, always(http.StatusInternalServerError, `{"success": false, "error": "Internal server error"}`))
	answered := make(chan struct{})
	c := newClient(t, f, func(c *biteship.Config) {
		c.RetryBackoff, c.MaxRetries = time.Hour, 5
		c.HTTPClient = &http.Client{Transport: &signalRead{read: answered}}
	})
	// ctx ends once the client has read the first (failed) answer: it is
	// then waiting an hour to retry, and the wait gives way to ctx.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-answered
		cancel()
	}()
	_, err := c.Rates(ctx, rateRequest())
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	require.ErrorIs(t, err, context.Canceled, "the backoff gives way to ctx")
	assert.Contains(t, err.Error(), "gave up waiting to retry")
	assert.Equal(t, int32(1), f.calls.Load())

	cancelled, stop := context.WithCancel(context.Background())
	stop()
	_, err = c.Rates(cancelled, rateRequest())
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(1), f.calls.Load(), "no request once ctx is done")
}

func TestRatesRetriesNetworkFailures(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n == 1 { // drop the connection without an answer
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		reply(w, http.StatusOK, ratesJSON(t))
	})
	opts, err := newClient(t, f, nil).Rates(context.Background(), rateRequest())
	require.NoError(t, err)
	assert.Len(t, opts, 5)
	assert.Equal(t, int32(2), f.calls.Load())
}

func TestRatesChecksRequestFirst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*ports.RateRequest)
		field string
	}{
		{"no_items", func(r *ports.RateRequest) { r.Items = nil }, "items"},
		{"zero_quantity", func(r *ports.RateRequest) { r.Items[1].Quantity = 0 }, "items[1].quantity"},
		{"negative_weight", func(r *ports.RateRequest) { r.Items[0].WeightGrams = -1 }, "items[0].weight_grams"},
		{"negative_value", func(r *ports.RateRequest) { r.Items[0].Value = -1 }, "items[0].value"},
		{"negative_dimension", func(r *ports.RateRequest) { r.Items[0].Dimensions.HeightCm = -3 }, "items[0].dimensions.height_cm"},
		{"nowhere_to", func(r *ports.RateRequest) { r.Destination = shipping.Location{COD: true} }, "destination"},
		{"nowhere_from", func(r *ports.RateRequest) { r.Origin = shipping.Location{} }, "origin"},
		{"bad_postal_code", func(r *ports.RateRequest) { r.Destination.ID, r.Destination.PostalCodes = "", []string{"4011"} }, "destination.postal_codes[0]"},
		{"bad_courier", func(r *ports.RateRequest) { r.Couriers = []string{"jne", "si cepat"} }, "couriers[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, always(http.StatusOK, ratesJSON(t)))
			req := rateRequest()
			tt.edit(&req)
			_, err := newClient(t, f, nil).Rates(context.Background(), req)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
			assert.Zero(t, f.calls.Load(), "nothing is sent for an invalid request")
		})
	}
}

func TestRatesConcurrently(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n%3 == 0 {
			reply(w, http.StatusInternalServerError, `{"success": false, "error": "flaky"}`)
			return
		}
		reply(w, http.StatusOK, ratesJSON(t))
	})
	c := newClient(t, f, func(c *biteship.Config) { c.MaxRetries = 10 })
	var wg sync.WaitGroup
	errc := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			opts, err := c.Rates(context.Background(), rateRequest())
			if err == nil && len(opts) != 5 {
				err = errors.New("wrong number of options")
			}
			errc <- err
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		assert.NoError(t, err)
	}
}
