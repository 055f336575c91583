package whatsapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/kasir-id/kasir/adapters/whatsapp"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

func ExampleChecker_Registered() {
	// A stand-in for the checking service: numbers ending in 0 are on
	// WhatsApp.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer rahasia" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var req struct{ Phone string }
		_ = json.NewDecoder(r.Body).Decode(&req)
		_ = json.NewEncoder(w).Encode(map[string]any{"phone": req.Phone, "registered": req.Phone[len(req.Phone)-1] == '0'})
	}))
	defer srv.Close()

	wa, err := whatsapp.New(whatsapp.Config{Endpoint: srv.URL, Token: "rahasia", Timeout: 3 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	for _, input := range []string{"0812-3456-7890", "+62 812 3456 7891"} {
		phone, err := checkout.ParseMobile(input)
		if err != nil {
			fmt.Println(err)
			return
		}
		on, err := wa.Registered(ctx, phone.MSISDN())
		fmt.Println(phone.MSISDN(), on, err)
	}

	wrong, _ := whatsapp.New(whatsapp.Config{Endpoint: srv.URL, Token: "salah"})
	_, err = wrong.Registered(ctx, "6281234567890")
	fmt.Println(errs.Code(err), errs.KindOf(err).String(), errors.Is(err, ports.ErrProviderAuth))
	fmt.Println(err)
	// Output:
	// 6281234567890 true <nil>
	// 6281234567891 false <nil>
	// provider_unauthorized unavailable true
	// whatsapp: checker refused the credentials (HTTP 401)
}
