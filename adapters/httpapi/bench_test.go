package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"testing"
)

// BenchmarkHandler measures the JSON API's two hot routes in process, on
// the memory store (no network): a quote and a placed COD order, each
// decoded strictly, priced by the Service and encoded. Allocations per
// request are the figure to watch:
// go test -run x -bench Handler -benchmem ./adapters/httpapi
func BenchmarkHandler(b *testing.B) {
	b.Run("quote", func(b *testing.B) {
		f := newFixture(b)
		js, err := json.Marshal(quoteBody())
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			w := serveJSON(f, "/v1/quotes", js)
			if w.Code != 200 {
				b.Fatal(w.Code, w.Body.String())
			}
		}
	})
	b.Run("place_order", func(b *testing.B) {
		f := newFixture(b)
		if err := f.store.SetStock(b.Context(), "p-buku", 1_000_000_000); err != nil {
			b.Fatal(err)
		}
		body := orderBody()
		body["customer"] = map[string]any{"name": "Siti Aminah", "phone": "PHONE"}
		js, err := json.Marshal(body)
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			// A phone of its own per order: one phone may hold only so
			// many orders waiting for payment.
			i++
			one := bytes.Replace(js, []byte("PHONE"), []byte("0812"+strconv.Itoa(10_000_000+i)), 1)
			w := serveJSON(f, "/v1/orders", one)
			if w.Code != 201 {
				b.Fatal(w.Code, w.Body.String())
			}
		}
	})
}

func serveJSON(f *fixture, path string, body []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}
