package httpapi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/payment"
)

// exampleService is a store selling one e-book by invoice, on the memory
// adapters, at 23 November 2026, 10:00 WIB.
func exampleService() *kasir.Service {
	cat, err := catalog.New([]catalog.ProductSpec{
		{ID: "p-ebook", Name: "E-book Resep", SKU: "EBOOK-01", Status: catalog.Published, Digital: true, Price: 50000, Stock: 100},
	}, nil)
	if err != nil {
		panic(err)
	}
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
	if err != nil {
		panic(err)
	}
	locs, err := memory.NewLocations(nil, nil, nil)
	if err != nil {
		panic(err)
	}
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locs,
		Clock: kasirtest.NewManualClock(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		StoreName:      "Toko Resep",
		PaymentMethods: []payment.Method{payment.Invoice},
		InvoiceTerms:   payment.Terms{Days: 14},
	}))
	if err != nil {
		panic(err)
	}
	return svc
}

func send(h http.Handler, method, path, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// The handler prices a cart from the catalog; a body that carries a price
// is refused before the Service sees it.
func Example() {
	h := httpapi.New(exampleService(), httpapi.Config{
		AdminToken: "rahasia",
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, nil)),
	})

	w := send(h, http.MethodPost, "/v1/quotes", `{"lines":[{"sku":"EBOOK-01","quantity":2}],"payment_method":"invoice"}`)
	var q struct {
		Breakdown struct {
			Subtotal   int64 `json:"subtotal"`
			GrandTotal int64 `json:"grand_total"`
		} `json:"breakdown"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &q); err != nil {
		panic(err)
	}
	fmt.Println(w.Code, q.Breakdown.Subtotal, q.Breakdown.GrandTotal)

	w = send(h, http.MethodPost, "/v1/quotes", `{"lines":[{"sku":"EBOOK-01","quantity":2,"price":1}],"payment_method":"invoice"}`)
	fmt.Print(w.Code, " ", w.Body.String())
	// Output:
	// 200 100000 100000
	// 400 {"error":{"code":"unknown_field","message":"The request has a field that is not accepted here. Prices and totals are always computed by the server.","field":"lines[0].price","detail":"unknown field \"price\": only documented fields are read, with their names spelled exactly"}}
}

// An order placed twice with one Idempotency-Key is one order; the admin
// listing needs the bearer token.
func Example_placeOrder() {
	h := httpapi.New(exampleService(), httpapi.Config{AdminToken: "rahasia"})
	order := `{"lines":[{"sku":"EBOOK-01","quantity":1}],"payment_method":"invoice",
		"customer":{"name":"Siti Aminah","phone":"0812-3456-7890"}}`

	for range 2 {
		w := send(h, http.MethodPost, "/v1/orders", order, "Idempotency-Key", "form-123")
		var o struct {
			Number  string `json:"number"`
			Status  string `json:"status"`
			Payment struct {
				Amount  int64  `json:"amount"`
				DueDate string `json:"due_date"`
			} `json:"payment"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &o); err != nil {
			panic(err)
		}
		fmt.Println(w.Code, o.Number, o.Status, o.Payment.Amount, o.Payment.DueDate)
	}

	w := send(h, http.MethodGet, "/v1/orders/summary", "")
	fmt.Println(w.Code)
	w = send(h, http.MethodGet, "/v1/orders/summary?status=pending_payment", "", "Authorization", "Bearer rahasia")
	var sum struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &sum); err != nil {
		panic(err)
	}
	fmt.Println(w.Code, sum.Total)
	// Output:
	// 201 INV20261123-0001 pending_payment 50000 2026-12-07T03:00:00Z
	// 200 INV20261123-0001 pending_payment 50000 2026-12-07T03:00:00Z
	// 401
	// 200 1
}
