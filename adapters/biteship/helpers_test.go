package biteship_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/require"
)

// testKey is the API key the tests configure; no error or output may show it.
const testKey = "biteship_test.eyJTOPSECRETKEYdoNotLeakMe"

// fake is an httptest server standing in for Biteship. It records every
// request it gets and answers through handle.
type fake struct {
	*httptest.Server
	calls atomic.Int32

	mu   sync.Mutex
	seen []seenRequest
}

// seenRequest is what the fake recorded of one request.
type seenRequest struct {
	Method, Path, Authorization, ContentType string
	Body                                     map[string]any
}

// newFake starts a fake whose handle gets the 1-based number of the call.
func newFake(t *testing.T, handle func(n int32, w http.ResponseWriter, r *http.Request)) *fake {
	t.Helper()
	f := &fake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.calls.Add(1)
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		f.mu.Lock()
		f.seen = append(f.seen, seenRequest{
			Method: r.Method, Path: r.URL.Path,
			Authorization: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"),
			Body: body,
		})
		f.mu.Unlock()
		handle(n, w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// last returns the last request the fake recorded.
func (f *fake) last(t *testing.T) seenRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.NotEmpty(t, f.seen, "Biteship got no request")
	return f.seen[len(f.seen)-1]
}

// reply writes a JSON answer.
func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// always answers every call with status and body.
func always(status int, body string) func(int32, http.ResponseWriter, *http.Request) {
	return func(_ int32, w http.ResponseWriter, _ *http.Request) { reply(w, status, body) }
}

// ratesJSON is the documented success answer in testdata.
func ratesJSON(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/rates.json")
	require.NoError(t, err)
	return string(b)
}

// pricingJSON builds a success answer holding the given pricing entries.
func pricingJSON(t testing.TB, entries ...map[string]any) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"success": true, "object": "courier_pricing", "pricing": entries})
	require.NoError(t, err)
	return string(b)
}

// entry returns a documented JNE REG pricing entry changed by edit.
func entry(edit func(map[string]any)) map[string]any {
	e := map[string]any{
		"available_collection_method":      []string{"pickup"},
		"available_for_cash_on_delivery":   true,
		"available_for_proof_of_delivery":  false,
		"available_for_instant_waybill_id": true,
		"available_for_insurance":          true,
		"company":                          "jne",
		"courier_name":                     "JNE",
		"courier_code":                     "jne",
		"courier_service_name":             "Reguler",
		"courier_service_code":             "reg",
		"description":                      "Layanan reguler",
		"duration":                         "1 - 2 days",
		"shipment_duration_range":          "1 - 2",
		"shipment_duration_unit":           "days",
		"service_type":                     "standard",
		"shipping_type":                    "parcel",
		"price":                            json.Number("30000"),
		"type":                             "reg",
	}
	if edit != nil {
		edit(e)
	}
	return e
}

// The seller's terms the tests configure (the examples of docs/shipping.md).
var (
	jneInsurance     = shipping.InsurancePolicy{Percent: money.MustRate("0.2"), AdminFee: 5000}
	sicepatInsurance = shipping.InsurancePolicy{Percent: money.MustRate("0.3"), Base: shipping.GrandTotal, AvailableAbove: 500_000}
	otherInsurance   = shipping.InsurancePolicy{Percent: money.MustRate("0.5")}
	jtrWeight        = shipping.WeightRule{VolumetricDivisor: 4000, ToleranceGrams: 300, MinimumKg: 10}
)

func testTerms() map[string]biteship.Terms {
	return map[string]biteship.Terms{
		"jne": {
			CODFeePercent: money.MustRate("2.8"), CODMax: 5_000_000,
			CashbackPercent: money.MustRate("25"), Insurance: &jneInsurance,
		},
		"JNE:JTR": {Weight: jtrWeight},
		"sicepat": {CODFeePercent: money.MustRate("3"), CODMax: 3_000_000, Insurance: &sicepatInsurance, Return: sicepatReturn},
	}
}

// sicepatReturn charges half the price for a return, and the COD fee.
var sicepatReturn = func() pricing.ReturnTerms {
	r, err := pricing.NewReturnTerms(money.RateInt(50), true)
	if err != nil {
		panic(err)
	}
	return r
}()

// newClient returns a client of f with quick retries and the test terms,
// changed by edit.
func newClient(t *testing.T, f *fake, edit func(*biteship.Config)) *biteship.Client {
	t.Helper()
	cfg := biteship.Config{
		APIKey:       testKey,
		BaseURL:      f.URL,
		Timeout:      5 * time.Second,
		RetryBackoff: time.Millisecond,
		Terms:        testTerms(),
		DefaultTerms: biteship.Terms{CODFeePercent: money.MustRate("2.5"), Insurance: &otherInsurance},
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := biteship.New(cfg)
	require.NoError(t, err)
	return c
}

// rateRequest is a two-line parcel from Jakarta Selatan to Bandung, where
// COD is available.
func rateRequest() ports.RateRequest {
	return ports.RateRequest{
		Origin:      shipping.Location{ID: "IDNP6IDNC148IDND836", City: "Jakarta Selatan", PostalCodes: []string{"12440"}},
		Destination: shipping.Location{ID: "IDNP9IDNC23IDND262", City: "Bandung", PostalCodes: []string{"40115"}, COD: true},
		Items: []ports.RateItem{
			{Name: "Kaos Polos Hitam L", SKU: "KAOS-HTM-L", Value: 85_000, WeightGrams: 250, Quantity: 2,
				Dimensions: shipping.Dimensions{LengthCm: 30, WidthCm: 20, HeightCm: 3}},
			{Name: "Stiker", Value: 5_000, WeightGrams: 10, Quantity: 1},
		},
		GoodsValue: 175_000,
	}
}

// chain returns err and every error it wraps, following both Unwrap forms.
func chain(err error) []error {
	if err == nil {
		return nil
	}
	out := []error{err}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		out = append(out, chain(u.Unwrap())...)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			out = append(out, chain(e)...)
		}
	}
	return out
}

// apiErr returns the *biteship.APIError in err's chain.
func apiErr(t *testing.T, err error) *biteship.APIError {
	t.Helper()
	var ae *biteship.APIError
	require.True(t, errors.As(err, &ae), "no *biteship.APIError in %v", err)
	return ae
}

// unanswered is a transport for a Biteship that does not answer in time,
// whatever the machine's load: it always delivers the request to the fake
// (detached from the attempt's deadline, so the fake records it), throws
// the fake's answer away, and returns only when the attempt's context
// ends, with its error, as the real transport does.
type unanswered struct{}

func (unanswered) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r.Clone(context.WithoutCancel(r.Context())))
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// signalRead is the default transport that closes read once the client
// has read and closed the first answer's body.
type signalRead struct {
	read chan struct{}
	once sync.Once
}

func (s *signalRead) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &closeSignal{ReadCloser: resp.Body, close: func() { s.once.Do(func() { close(s.read) }) }}
	return resp, nil
}

type closeSignal struct {
	io.ReadCloser
	close func()
}

func (c *closeSignal) Close() error {
	err := c.ReadCloser.Close()
	c.close()
	return err
}
