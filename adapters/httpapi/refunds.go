package httpapi

import (
	"net/http"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
)

// refundView is a refund as the seller's admin reads it.
type refundView struct {
	ID        string                `json:"id"`
	OrderID   string                `json:"order_id"`
	Amount    money.Money           `json:"amount"`
	Reason    string                `json:"reason"`
	Method    checkout.RefundMethod `json:"method"`
	Reference string                `json:"reference,omitempty"`
	Status    checkout.RefundStatus `json:"status"`
	Error     string                `json:"error,omitempty"`
	CreatedAt time.Time             `json:"created_at"`
	UpdatedAt time.Time             `json:"updated_at"`
}

func viewRefund(r checkout.Refund) refundView {
	return refundView{ID: r.ID, OrderID: r.OrderID, Amount: r.Amount, Reason: r.Reason, Method: r.Method,
		Reference: r.Reference, Status: r.Status, Error: r.Error, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// refundResultView is the answer to a refund: the refund and the order
// after it.
type refundResultView struct {
	Refund refundView  `json:"refund"`
	Order  sellerOrder `json:"order"`
}

// refundOrder: POST /v1/orders/{id}/refunds {amount, reason, method,
// reference}, with an optional Idempotency-Key header → 201 the refund
// and the order.
func (h *Handler) refundOrder(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.RefundRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	req.Key = r.Header.Get(IdempotencyKeyHeader)
	res, err := h.svc.Refund(r.Context(), r.PathValue("id"), req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, refundResultView{Refund: viewRefund(res.Refund), Order: viewSellerOrder(res.Order)}, nil
}

// listRefunds: GET /v1/orders/{id}/refunds → {"data": [refund…]}, oldest
// first.
func (h *Handler) listRefunds(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	rs, err := h.svc.Refunds(r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	out := make([]refundView, len(rs))
	for i, x := range rs {
		out[i] = viewRefund(x)
	}
	return http.StatusOK, map[string]any{"data": out}, nil
}

// restockRequest is the body of POST /v1/orders/{id}/restock.
type restockRequest struct {
	Reason string `json:"reason,omitempty"`
}

// restockOrder: POST /v1/orders/{id}/restock {reason} → 200 the order,
// its units back in stock.
func (h *Handler) restockOrder(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req restockRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	o, err := h.svc.RestockReturned(r.Context(), r.PathValue("id"), req.Reason)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewSellerOrder(o), nil
}
