package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkSchema fails when the answer has fields its route's schema does
// not document.
func checkSchema(t *testing.T, d openAPIDoc, path, method, status string, res resp) {
	t.Helper()
	op := d.Paths[path][strings.ToLower(method)]
	r, ok := op.Responses[status]
	require.True(t, ok, "%s %s does not document %s", method, path, status)
	s := &schema{Ref: "#/components/schemas/Error"}
	if r.Ref == "" {
		s = r.Content["application/json"].Schema
	}
	var v any
	require.NoError(t, json.Unmarshal(res.Body, &v))
	assert.Empty(t, d.undocumented(t, s, v, ""), "%s %s answers fields its schema does not have", method, path)
}

func TestRefundRoutes(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	f := newFixture(t)
	o := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
	base := "/v1/orders/" + o.ID
	refund := func(amount int64, ref, key string) resp {
		rq := req{method: http.MethodPost, path: base + "/refunds", admin: true,
			body: map[string]any{"amount": amount, "reason": "stok habis", "method": "manual_transfer", "reference": ref}}
		if key != "" {
			rq.header = map[string]string{"Idempotency-Key": key}
		}
		return f.do(t, rq)
	}

	res := refund(1000, "TRF-0", "")
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "order_not_refundable", res.Err(t).Error.Code, "not paid yet")
	res = f.do(t, req{method: http.MethodPost, path: base + "/payment-confirmation", admin: true, body: map[string]any{"reference": "BCA-1"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res = f.do(t, req{method: http.MethodPost, path: base + "/transitions", admin: true, body: map[string]any{"to": "cancelled", "reason": "stok habis"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)

	res = refund(40000, "TRF-1", "rf-1")
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	checkSchema(t, d, "/v1/orders/{id}/refunds", http.MethodPost, "201", res)
	var first struct {
		Refund struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"refund"`
		Order struct {
			Payment struct {
				Status   string `json:"status"`
				Refunded int64  `json:"refunded"`
			} `json:"payment"`
		} `json:"order"`
	}
	res.Decode(t, &first)
	assert.Equal(t, "succeeded", first.Refund.Status)
	assert.Equal(t, "partially_refunded", first.Order.Payment.Status)
	assert.Equal(t, int64(40000), first.Order.Payment.Refunded)

	again := refund(40000, "TRF-1", "rf-1")
	require.Equal(t, http.StatusCreated, again.Status, "%s", again.Body)
	assert.Equal(t, first.Refund.ID, again.JSON(t)["refund"].(map[string]any)["id"], "the same key is the same refund")

	over := refund(o.Payment.Amount-40000+1, "TRF-2", "")
	require.Equal(t, http.StatusConflict, over.Status, "%s", over.Body)
	e := over.Err(t)
	assert.Equal(t, "refund_exceeds_paid", e.Error.Code)
	assert.Equal(t, "amount", e.Error.Field)
	checkSchema(t, d, "/v1/orders/{id}/refunds", http.MethodPost, "409", over)

	res = f.do(t, req{method: http.MethodPost, path: base + "/refunds", admin: true, body: map[string]any{"amount": 1, "reason": "x", "method": "manual_transfer"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "reference", res.Err(t).Error.Field)

	list := f.do(t, req{method: http.MethodGet, path: base + "/refunds", admin: true})
	require.Equal(t, http.StatusOK, list.Status, "%s", list.Body)
	checkSchema(t, d, "/v1/orders/{id}/refunds", http.MethodGet, "200", list)
	assert.Len(t, list.JSON(t)["data"], 1, "the refused refund was not recorded")

	res = f.do(t, req{method: http.MethodPost, path: base + "/restock", admin: true, body: map[string]any{}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "order_not_returned", res.Err(t).Error.Code)

	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders/nope/refunds", admin: true})
	assert.Equal(t, http.StatusNotFound, res.Status)
}
