package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
)

// orderPage is a listing answer.
type orderPage struct {
	Data   []orderView `json:"data"`
	Total  int         `json:"total"`
	Offset int         `json:"offset"`
	Limit  int         `json:"limit"`
}

func TestListOrdersAndSummary(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cod := f.placeOrder(t, orderBody())
	f.clock.Advance(24 * time.Hour) // 24 November
	transfer := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
	budi := with(orderBody(), "customer", map[string]any{"name": "Budi Santoso", "phone": "0813-1111-2222"})
	invoice := f.placeOrder(t, with(budi, "payment_method", "invoice"))

	list := func(q string) orderPage {
		t.Helper()
		res := f.do(t, req{method: http.MethodGet, path: "/v1/orders?" + q, admin: true})
		require.Equal(t, http.StatusOK, res.Status, "%s: %s", q, res.Body)
		var p orderPage
		res.Decode(t, &p)
		return p
	}
	ids := func(p orderPage) []string {
		var out []string
		for _, o := range p.Data {
			out = append(out, o.ID)
		}
		return out
	}

	all := list("")
	assert.Equal(t, 3, all.Total)
	assert.Equal(t, []string{invoice.ID, transfer.ID, cod.ID}, ids(all), "newest first")
	assert.Equal(t, httpapi.DefaultPageLimit, all.Limit)
	assert.Equal(t, httpapi.MaxPageLimit, list("limit=100000").Limit, "a page is at most MaxPageLimit")

	assert.Equal(t, []string{cod.ID}, ids(list("status=processing")))
	assert.ElementsMatch(t, []string{cod.ID, transfer.ID, invoice.ID}, ids(list("status=processing,pending_payment")))
	assert.ElementsMatch(t, []string{cod.ID, transfer.ID, invoice.ID}, ids(list("status=processing&status=pending_payment")))
	assert.Equal(t, []string{cod.ID}, ids(list("to=2026-11-23")), "a date as to includes its whole day (WIB)")
	assert.Equal(t, []string{invoice.ID, transfer.ID}, ids(list("from=2026-11-24")))
	assert.Equal(t, []string{cod.ID}, ids(list("from=2026-11-23T00:00:00%2B07:00&to="+url.QueryEscape(start.Add(time.Minute).Format(time.RFC3339)))))
	assert.Equal(t, []string{transfer.ID}, ids(list("payment_method=bank_transfer")))
	assert.Equal(t, []string{invoice.ID}, ids(list("q=budi")))
	assert.Equal(t, []string{invoice.ID}, ids(list("q=0813-1111")))

	paged := list("limit=1&offset=1")
	assert.Equal(t, 3, paged.Total, "the total is before paging")
	assert.Equal(t, []string{transfer.ID}, ids(paged))
	assert.Equal(t, 1, paged.Limit)
	assert.Equal(t, 1, paged.Offset)

	for q, want := range map[string]struct {
		status      int
		code, field string
	}{
		"status=lost":         {http.StatusUnprocessableEntity, "invalid_input", "status[0]"},
		"offset=-1":           {http.StatusBadRequest, "invalid_query", "offset"},
		"limit=-5":            {http.StatusBadRequest, "invalid_query", "limit"},
		"limit=ten":           {http.StatusBadRequest, "invalid_query", "limit"},
		"from=yesterday":      {http.StatusBadRequest, "invalid_query", "from"},
		"payment_method=cash": {http.StatusUnprocessableEntity, "invalid_input", "payment_method"},
	} {
		res := f.do(t, req{method: http.MethodGet, path: "/v1/orders?" + q, admin: true})
		e := res.Err(t)
		assert.Equal(t, want.status, res.Status, q)
		assert.Equal(t, want.code, e.Error.Code, q)
		assert.Equal(t, want.field, e.Error.Field, q)
	}

	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders/summary", admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var sum struct {
		Data  map[string]int `json:"data"`
		Total int            `json:"total"`
	}
	res.Decode(t, &sum)
	assert.Equal(t, 3, sum.Total)
	assert.Equal(t, 1, sum.Data["processing"])
	assert.Equal(t, 2, sum.Data["pending_payment"])
	assert.Contains(t, sum.Data, "cancelled", "every status is counted, 0 included")
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders/summary?payment_method=cod", admin: true})
	res.Decode(t, &sum)
	assert.Equal(t, 1, sum.Total)
}

func TestAdminOrderView(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	o := f.placeOrder(t, orderBody())
	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + o.ID, admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	m := res.JSON(t)
	assert.Equal(t, o.Number, m["number"])
	sh := m["shipment"].(map[string]any)
	assert.Equal(t, "gudang-bdg", sh["warehouse_id"], "the admin view names the warehouse")
}

func TestChangeOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	o := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
	res := f.do(t, req{method: http.MethodPatch, path: "/v1/orders/" + o.ID, admin: true,
		body: map[string]any{"courier": "sicepat", "service": "BEST", "additional_cost": 2000, "reason": "pembeli minta cepat"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var c orderView
	res.Decode(t, &c)
	assert.InDelta(t, 20000, c.Breakdown["shipping_cost"], 0)
	assert.InDelta(t, 2000, c.Breakdown["additional_cost"], 0)
	assert.InDelta(t, 100000+20000+2000+c.Payment.UniqueCode, c.Breakdown["grand_total"], 0, "re-quoted in full")
	assert.Equal(t, []int64{c.Payment.Amount}, heldAmounts(f.state(t).Held))

	before := f.state(t)
	for _, b := range []struct {
		body   any
		status int
		code   string
	}{
		{map[string]any{"grand_total": 1}, http.StatusBadRequest, "unknown_field"},
		{map[string]any{"additional_cost": -1}, http.StatusUnprocessableEntity, "invalid_input"},
		{map[string]any{"product_voucher": "LAMA"}, http.StatusUnprocessableEntity, "voucher_expired"},
	} {
		res = f.do(t, req{method: http.MethodPatch, path: "/v1/orders/" + o.ID, admin: true, body: b.body})
		assert.Equal(t, b.status, res.Status, "%v: %s", b.body, res.Body)
		assert.Equal(t, b.code, res.Err(t).Error.Code)
	}
	assert.Equal(t, before, f.state(t))
	res = f.do(t, req{method: http.MethodPatch, path: "/v1/orders/missing", admin: true, body: map[string]any{}})
	assert.Equal(t, http.StatusNotFound, res.Status)
}

func heldAmounts[T ~int64](ms []T) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = int64(m)
	}
	return out
}

func TestTransitions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	o := f.placeOrder(t, orderBody())
	path := "/v1/orders/" + o.ID + "/transitions"
	for _, c := range []struct {
		body   any
		status int
		code   string
		field  string
	}{
		{map[string]any{"to": "delivered"}, http.StatusUnprocessableEntity, "invalid_transition", "to"},
		{map[string]any{"to": "shipped"}, http.StatusUnprocessableEntity, "airway_bill_required", "airway_bill"},
		{map[string]any{"to": "lost"}, http.StatusUnprocessableEntity, "invalid_input", "to"},
		{map[string]any{"to": "shipped", "awb": "x"}, http.StatusBadRequest, "unknown_field", "awb"},
	} {
		res := f.do(t, req{method: http.MethodPost, path: path, admin: true, body: c.body})
		assert.Equal(t, c.status, res.Status, "%v: %s", c.body, res.Body)
		e := res.Err(t)
		assert.Equal(t, c.code, e.Error.Code, "%v", c.body)
		assert.Equal(t, c.field, e.Error.Field, "%v", c.body)
	}
	f.clock.Advance(time.Hour)
	res := f.do(t, req{method: http.MethodPost, path: path, admin: true, body: map[string]any{"to": "shipped", "airway_bill": "JNE0012345", "reason": "pickup"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	m := res.JSON(t)
	assert.Equal(t, "shipped", m["status"])
	assert.Equal(t, "JNE0012345", m["airway_bill"])
	h := m["history"].([]any)
	require.Len(t, h, 2)
	assert.Equal(t, map[string]any{"from": "processing", "to": "shipped", "at": "2026-11-23T04:00:00Z", "reason": "pickup"}, h[1])

	before := f.state(t)
	res = f.do(t, req{method: http.MethodPost, path: path, admin: true, body: map[string]any{"to": "cancelled"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "a shipped order cannot be cancelled")
	assert.Equal(t, before, f.state(t))
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/missing/transitions", admin: true, body: map[string]any{"to": "cancelled"}})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "order_not_found", res.Err(t).Error.Code)
}

func TestCancelGivesBackStock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before := f.state(t)
	o := f.placeOrder(t, with(with(orderBody(), "payment_method", "bank_transfer"), "product_voucher", "HEMAT10"))
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/transitions", admin: true, body: map[string]any{"to": "cancelled", "reason": "pembeli batal"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	after := f.state(t)
	after.Orders = before.Orders
	assert.Equal(t, before, after)
}

func TestPaymentConfirmation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	o := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
	path := "/v1/orders/" + o.ID + "/payment-confirmation"
	res := f.do(t, req{method: http.MethodPost, path: path, admin: true, body: map[string]any{"amount": o.Payment.Amount - 1}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "payment_amount_mismatch", res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodPost, path: path, admin: true, body: map[string]any{"paid_at": "kemarin"}})
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "invalid_type", res.Err(t).Error.Code)

	f.clock.Advance(2 * time.Hour)
	res = f.do(t, req{method: http.MethodPost, path: path, admin: true, body: map[string]any{"amount": o.Payment.Amount, "reference": "BCA-778"}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	m := res.JSON(t)
	assert.Equal(t, "processing", m["status"])
	p := m["payment"].(map[string]any)
	assert.Equal(t, "2026-11-23T05:00:00Z", p["paid_at"])
	assert.Equal(t, "BCA-778", p["reference"])
	assert.Empty(t, f.state(t).Held, "a paid transfer frees its amount")

	res = f.do(t, req{method: http.MethodPost, path: path, admin: true, body: map[string]any{}})
	assert.Equal(t, http.StatusConflict, res.Status, "confirming twice")
	assert.Equal(t, "not_awaiting_payment", res.Err(t).Error.Code)
}

func TestBatchOrders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	bad := with(orderBody(), "lines", []any{map[string]any{"sku": "NOPE", "quantity": 1}})
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/batch", admin: true,
		body: map[string]any{"orders": []any{orderBody(), bad, with(orderBody(), "payment_method", "bank_transfer")}}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	var out struct {
		Results []struct {
			Index int        `json:"index"`
			Order *orderView `json:"order"`
			Error *struct {
				Code    string `json:"code"`
				Message string `json:"message"`
				Field   string `json:"field"`
			} `json:"error"`
		} `json:"results"`
		Placed int `json:"placed"`
		Failed int `json:"failed"`
	}
	res.Decode(t, &out)
	require.Len(t, out.Results, 3)
	assert.Equal(t, 2, out.Placed)
	assert.Equal(t, 1, out.Failed)
	for i, r := range out.Results {
		assert.Equal(t, i, r.Index)
	}
	require.NotNil(t, out.Results[0].Order)
	assert.Nil(t, out.Results[0].Error)
	require.NotNil(t, out.Results[1].Error)
	assert.Nil(t, out.Results[1].Order)
	assert.Equal(t, "unknown_sku", out.Results[1].Error.Code)
	assert.Equal(t, "lines[0].sku", out.Results[1].Error.Field)
	require.NotNil(t, out.Results[2].Order)
	assert.Equal(t, "pending_payment", out.Results[2].Order.Status)
	assert.Equal(t, 2, f.state(t).Orders)

	before := f.state(t)
	for _, b := range []struct {
		body   any
		status int
		code   string
	}{
		{map[string]any{"orders": []any{}}, http.StatusUnprocessableEntity, "invalid_input"},
		{map[string]any{"orders": []any{with(orderBody(), "price", 1)}}, http.StatusBadRequest, "unknown_field"},
		{map[string]any{"rows": []any{orderBody()}}, http.StatusBadRequest, "unknown_field"},
	} {
		res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/batch", admin: true, body: b.body})
		assert.Equal(t, b.status, res.Status, "%s", res.Body)
		assert.Equal(t, b.code, res.Err(t).Error.Code)
	}
	assert.Equal(t, before, f.state(t), "an unreadable batch places nothing")
}

func TestAbandonedAdmin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned", body: map[string]any{"name": "Siti", "phone": "081234567890"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	id := res.JSON(t)["id"].(string)
	f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned", body: map[string]any{"name": "Budi", "phone": "081311112222"}})

	res = f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned/" + id + "/follow-ups", admin: true, body: map[string]any{"channel": "WhatsApp", "note": "kirim pengingat", "by": "admin"}})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	fu := res.JSON(t)["follow_ups"].([]any)
	require.Len(t, fu, 1)
	assert.Equal(t, "whatsapp", fu[0].(map[string]any)["channel"])

	res = f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned/missing/follow-ups", admin: true, body: map[string]any{"channel": "sms"}})
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "checkout_not_found", res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned/" + id + "/follow-ups", admin: true, body: map[string]any{}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "channel", res.Err(t).Error.Field)

	f.placeOrder(t, orderBody()) // Siti orders: her checkout converts
	type page struct {
		Data []struct {
			ID      string `json:"id"`
			Status  string `json:"status"`
			OrderID string `json:"order_id"`
		} `json:"data"`
		Total int `json:"total"`
	}
	var p page
	res = f.do(t, req{method: http.MethodGet, path: "/v1/checkouts/abandoned", admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res.Decode(t, &p)
	assert.Equal(t, 2, p.Total)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/checkouts/abandoned?status=converted", admin: true})
	p = page{}
	res.Decode(t, &p)
	require.Len(t, p.Data, 1)
	assert.Equal(t, id, p.Data[0].ID)
	assert.NotEmpty(t, p.Data[0].OrderID)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/checkouts/abandoned?phone=0813-1111-2222", admin: true})
	p = page{}
	res.Decode(t, &p)
	require.Len(t, p.Data, 1)
	assert.Equal(t, "open", p.Data[0].Status)

	res = f.do(t, req{method: http.MethodGet, path: "/v1/checkouts/abandoned?status=lost", admin: true})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/checkouts/abandoned?limit=x", admin: true})
	assert.Equal(t, http.StatusBadRequest, res.Status)
}

func TestBatchUploadedTwicePlacesOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	batch := map[string]any{"orders": []any{
		with(orderBody(), "idempotency_key", "INV-SELLER-1"),
		with(with(orderBody(), "idempotency_key", "INV-SELLER-2"), "payment_method", "bank_transfer"),
	}}
	ids := func() []string {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/batch", admin: true, body: batch})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		var out struct {
			Results []struct {
				Order *orderView `json:"order"`
			} `json:"results"`
		}
		res.Decode(t, &out)
		var ids []string
		for _, r := range out.Results {
			require.NotNil(t, r.Order, "%s", res.Body)
			ids = append(ids, r.Order.ID)
		}
		return ids
	}
	first := ids()
	assert.Equal(t, first, ids(), "the same rows give the same orders")
	assert.Equal(t, 2, f.state(t).Orders)

	// A row reusing a key for another order is refused on its own.
	clash := map[string]any{"orders": []any{with(with(orderBody(), "idempotency_key", "INV-SELLER-1"), "notes", "lain")}}
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/batch", admin: true, body: clash})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, string(res.Body), "idempotency_conflict")
	assert.Equal(t, 2, f.state(t).Orders)
}

// TestPagesStayBounded: whatever was stored, a listing page holds at most
// MaxPageLimit records and stays within a few MB.
func TestPagesStayBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lines := make([]any, 100)
	for i := range lines {
		lines[i] = map[string]any{"sku": strings.Repeat("S", 64), "quantity": 1}
	}
	for i := range 150 {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/checkouts/abandoned", body: map[string]any{
			"name": strings.Repeat("N", 100), "phone": fmt.Sprintf("08121%07d", i), "notes": strings.Repeat("é", 500), "lines": lines,
		}})
		require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	}
	for q, want := range map[string]int{"": httpapi.DefaultPageLimit, "?limit=1000000": httpapi.MaxPageLimit, "?limit=7": 7} {
		res := f.do(t, req{method: http.MethodGet, path: "/v1/checkouts/abandoned" + q, admin: true})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		var p struct {
			Data  []any `json:"data"`
			Total int   `json:"total"`
			Limit int   `json:"limit"`
		}
		res.Decode(t, &p)
		assert.Len(t, p.Data, want, q)
		assert.Equal(t, want, p.Limit, q)
		assert.Equal(t, 150, p.Total, q)
		assert.Less(t, len(res.Body), 4<<20, "%s: a page stays within a few MB", q)
	}
}
