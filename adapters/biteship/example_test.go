package biteship_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// A stand-in for api.biteship.com answering as Biteship documents.
func exampleBiteship() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "biteship_test.example" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"success": false, "error": "Authorization failed", "code": 40101001}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{
  "success": true,
  "object": "courier_pricing",
  "pricing": [
    {"courier_name": "JNE", "courier_code": "jne", "courier_service_name": "Reguler", "courier_service_code": "reg",
     "shipment_duration_range": "1 - 2", "shipment_duration_unit": "days", "price": 30000,
     "available_for_cash_on_delivery": true, "available_for_insurance": true},
    {"courier_name": "SiCepat", "courier_code": "sicepat", "courier_service_name": "Besok Sampai Tujuan", "courier_service_code": "best",
     "shipment_duration_range": "1", "shipment_duration_unit": "days", "price": 42000,
     "available_for_cash_on_delivery": false, "available_for_insurance": true}
  ]
}`)
	}))
}

func ExampleClient_Rates() {
	srv := exampleBiteship()
	defer srv.Close()

	c, err := biteship.New(biteship.Config{
		APIKey:  "biteship_test.example", // os.Getenv("BITESHIP_API_KEY") in real use
		BaseURL: srv.URL,                 // leave empty for https://api.biteship.com
		Terms: map[string]biteship.Terms{
			"jne": {
				CODFeePercent: money.MustRate("2.8"),
				Insurance:     &shipping.InsurancePolicy{Percent: money.MustRate("0.2"), AdminFee: 5000},
			},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	opts, err := c.Rates(context.Background(), ports.RateRequest{
		Origin:      shipping.Location{ID: "IDNP6IDNC148IDND836"},                 // a Biteship area id
		Destination: shipping.Location{PostalCodes: []string{"40115"}, COD: true}, // or a postal code
		Items:       []ports.RateItem{{Name: "Kaos Polos", Value: 85_000, WeightGrams: 250, Quantity: 2}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range opts {
		fmt.Printf("%s %q %s, %d–%d days, COD %t", o.Key(), o.Name, o.Price, o.EtdMinDays, o.EtdMaxDays, o.COD)
		if o.Insurance != nil {
			ins, _ := o.Insurance.Premium(170_000, 200_000)
			fmt.Printf(", insurance %s", ins.Fee)
		}
		fmt.Println()
	}
	// Output:
	// jne:reg "JNE Reguler" Rp30.000, 1–2 days, COD true, insurance Rp5.340
	// sicepat:best "SiCepat Besok Sampai Tujuan" Rp42.000, 1–1 days, COD false
}

func ExampleClient_Rates_errors() {
	srv := exampleBiteship()
	defer srv.Close()

	c, err := biteship.New(biteship.Config{APIKey: "biteship_test.revoked", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.Rates(context.Background(), ports.RateRequest{
		Origin:      shipping.Location{ID: "IDNP6IDNC148IDND836"},
		Destination: shipping.Location{ID: "IDNP9IDNC23IDND262"},
		Items:       []ports.RateItem{{Name: "Kaos Polos", Value: 85_000, WeightGrams: 250, Quantity: 1}},
	})
	fmt.Println(errors.Is(err, ports.ErrProviderAuth), errs.Code(err), errs.KindOf(err).String())
	var ae *biteship.APIError
	if errors.As(err, &ae) {
		fmt.Println(ae.StatusCode, ae.Code, ae.Message)
	}
	fmt.Println(err)
	// Output:
	// true provider_unauthorized unavailable
	// 401 40101001 Authorization failed
	// biteship: the API key was refused: biteship: HTTP 401 (code 40101001): Authorization failed
}
