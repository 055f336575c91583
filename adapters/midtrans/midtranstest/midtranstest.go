// Package midtranstest is an in-process fake of Midtrans' Core API refund
// endpoint, for tests of code that refunds through [midtrans.Client]: it
// keeps settled payments, answers POST /v2/{order_id}/refund as Midtrans
// documents it (HTTP 200 with status_code "200" and transaction_status
// "refund" or "partial_refund"; status_code "412" for a refund above what
// is left, "404" for an unknown order, 401 for another server key) and
// treats a known refund_key as the same refund.
package midtranstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// Refund is one refund the fake accepted.
type Refund struct {
	Key    string
	Amount int64
	Reason string
	ID     int64
}

// Server is the fake Core API. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server
	key string

	mu       sync.Mutex
	gross    map[string]int64    // order id → settled amount
	refunds  map[string][]Refund // order id → accepted refunds
	failNext int                 // requests to answer 500 before handling
	requests int
	nextID   int64
}

// New starts a fake that accepts serverKey; stop it with Close.
func New(serverKey string) *Server {
	s := &Server{key: serverKey, gross: map[string]int64{}, refunds: map[string][]Refund{}, nextID: 5000}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Settle records a settled payment of gross for the order id.
func (s *Server) Settle(orderID string, gross int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gross[orderID] = gross
}

// FailNext makes the next n requests fail with HTTP 500 before they are
// handled (nothing refunded).
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// Refunds returns the refunds accepted for the order, in order.
func (s *Server) Refunds(orderID string) []Refund {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Refund(nil), s.refunds[orderID]...)
}

// Requests counts the refund requests received.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func answer(w http.ResponseWriter, status int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	rest, ok := strings.CutPrefix(r.URL.Path, "/v2/")
	orderID, isRefund := strings.CutSuffix(rest, "/refund")
	if r.Method != http.MethodPost || !ok || !isRefund || orderID == "" || strings.Contains(orderID, "/") {
		answer(w, http.StatusNotFound, map[string]any{"status_code": "404", "status_message": "not a refund request"})
		return
	}
	if user, _, ok := r.BasicAuth(); !ok || user != s.key {
		answer(w, http.StatusUnauthorized, map[string]any{"status_code": "401", "status_message": "Unknown Merchant server_key/id"})
		return
	}
	if s.failNext > 0 {
		s.failNext--
		answer(w, http.StatusInternalServerError, map[string]any{"status_code": "500", "status_message": "Sorry, we encountered internal server error"})
		return
	}
	var body struct {
		RefundKey string `json:"refund_key"`
		Amount    *int64 `json:"amount"`
		Reason    string `json:"reason"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || r.Header.Get("Content-Type") != "application/json" {
		answer(w, http.StatusOK, map[string]any{"status_code": "400", "status_message": "Bad request"})
		return
	}
	gross, known := s.gross[orderID]
	if !known {
		answer(w, http.StatusOK, map[string]any{"status_code": "404", "status_message": "The requested resource is not found"})
		return
	}
	var refunded int64
	var same *Refund
	for i, f := range s.refunds[orderID] {
		refunded += f.Amount
		if body.RefundKey != "" && f.Key == body.RefundKey {
			same = &s.refunds[orderID][i]
		}
	}
	amount := gross - refunded
	if body.Amount != nil {
		amount = *body.Amount
	}
	if same == nil {
		if amount <= 0 || refunded+amount > gross {
			answer(w, http.StatusOK, map[string]any{"status_code": "412", "status_message": "Merchant cannot modify the status of the transaction"})
			return
		}
		s.nextID++
		s.refunds[orderID] = append(s.refunds[orderID], Refund{Key: body.RefundKey, Amount: amount, Reason: body.Reason, ID: s.nextID})
		refunded += amount
		same = &s.refunds[orderID][len(s.refunds[orderID])-1]
	}
	status := "partial_refund"
	if refunded == gross {
		status = "refund"
	}
	answer(w, http.StatusOK, map[string]any{
		"status_code": "200", "status_message": "Success, refund request is approved",
		"order_id": orderID, "gross_amount": fmt.Sprintf("%d.00", gross), "currency": "IDR",
		"transaction_status": status, "refund_chargeback_id": same.ID,
		"refund_amount": fmt.Sprintf("%d.00", same.Amount), "refund_key": same.Key,
	})
}
