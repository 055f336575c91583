package webhook_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/kasir-id/kasir/adapters/webhook"
)

// A receiver checks each delivery before it trusts the body, and answers
// 2xx once the event is stored; a repeat carries the same event id.
func ExampleVerify() {
	const secret = "whsec_0123456789abcdef" // shown when the endpoint was registered
	seen := map[string]bool{}
	receive := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		if err := webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), 0); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		id := r.Header.Get(webhook.EventIDHeader)
		if !seen[id] {
			seen[id] = true
			fmt.Println("stored", r.Header.Get(webhook.EventTypeHeader), id)
		}
		w.WriteHeader(http.StatusNoContent)
	})

	// What a Dispatcher sends, twice, then a forgery.
	body := `{"id":"evt-1","type":"order.paid","order_id":"o-1","at":"2026-11-23T03:00:00Z"}`
	for _, sig := range []string{
		webhook.Sign(secret, time.Now(), []byte(body)),
		webhook.Sign(secret, time.Now(), []byte(body)),
		webhook.Sign("not the secret at all", time.Now(), []byte(body)),
	} {
		req := httptest.NewRequest(http.MethodPost, "/hooks/kasir", strings.NewReader(body))
		req.Header.Set(webhook.SignatureHeader, sig)
		req.Header.Set(webhook.EventIDHeader, "evt-1")
		req.Header.Set(webhook.EventTypeHeader, "order.paid")
		rec := httptest.NewRecorder()
		receive.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	// Output:
	// stored order.paid evt-1
	// 204
	// 204
	// 401
}
