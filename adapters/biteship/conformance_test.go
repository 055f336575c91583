package biteship_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
)

// fakeService is one service the tariff fake offers.
type fakeService struct {
	courier, courierName, service, serviceName string
	perKg, minKg                               int64
	cod                                        bool
}

// fakeServices are what the tariff fake prices every route with.
var fakeServices = []fakeService{
	{"jne", "JNE", "reg", "Reguler", 9_000, 1, true},
	{"jne", "JNE", "yes", "Yakin Esok Sampai (YES)", 18_000, 1, false},
	{"jne", "JNE", "jtr", "Trucking (JTR)", 4_000, 10, false},
	{"sicepat", "SiCepat", "best", "Besok Sampai Tujuan", 12_000, 1, true},
	{"anteraja", "AnterAja", "same_day", "Same Day", 20_000, 1, true},
}

// newTariffFake starts a stand-in for Biteship's rates API that, like
// Biteship, answers only for the couriers asked for and prices each
// service by the parcel's weight (whole kilograms, rounded up, never below
// the service's minimum). It repeats the first service in its answer, as
// the client must cope with. It does not answer an uncovered route with
// Biteship's 400, as the conformance suite does not ask for one.
func newTariffFake(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/rates/couriers" || r.Header.Get("Authorization") != testKey {
			reply(w, http.StatusUnauthorized, `{"success": false, "error": "Authentication for your key has failed.", "code": 40000001}`)
			return
		}
		var body struct {
			Couriers string `json:"couriers"`
			Items    []struct {
				Weight   int64 `json:"weight"`
				Quantity int64 `json:"quantity"`
			} `json:"items"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			reply(w, http.StatusBadRequest, `{"success": false, "error": "Invalid body", "code": 40001001}`)
			return
		}
		var grams int64
		for _, it := range body.Items {
			grams += it.Weight * it.Quantity
		}
		asked := strings.Split(body.Couriers, ",")
		entries := []map[string]any{}
		for _, s := range fakeServices {
			if !slices.Contains(asked, s.courier) {
				continue
			}
			kg := max((grams+999)/1000, s.minKg)
			entries = append(entries, entry(func(e map[string]any) {
				e["courier_code"], e["courier_name"] = s.courier, s.courierName
				e["courier_service_code"], e["courier_service_name"] = s.service, s.serviceName
				e["available_for_cash_on_delivery"] = s.cod
				e["price"] = kg * s.perKg
			}))
		}
		if len(entries) > 0 {
			entries = append(entries, entries[0])
		}
		answer, err := json.Marshal(map[string]any{"success": true, "object": "courier_pricing", "pricing": entries})
		if err != nil {
			reply(w, http.StatusInternalServerError, `{"success": false, "error": "Internal server error"}`)
			return
		}
		reply(w, http.StatusOK, string(answer))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCouriersConformance(t *testing.T) {
	t.Parallel()
	srv := newTariffFake(t)
	req := rateRequest()
	req.GoodsValue = 175_000
	// Biteship answers a route it does not cover with a 400
	// (ports.ErrProviderRejected), not an empty list, so Route.Unserved is
	// left out.
	portstest.TestCouriers(t, func(t testing.TB) ports.Couriers {
		c, err := biteship.New(biteship.Config{
			APIKey:       testKey,
			BaseURL:      srv.URL,
			Couriers:     []string{"jne", "sicepat", "anteraja"},
			Timeout:      5 * time.Second,
			RetryBackoff: time.Millisecond,
			Terms:        testTerms(),
			DefaultTerms: biteship.Terms{CODFeePercent: money.MustRate("2.5"), Insurance: &otherInsurance},
		})
		require.NoError(t, err)
		return c
	}, portstest.Route{Request: req})
}
