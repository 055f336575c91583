package httpapi_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
)

// TestBalanceRoutes walks the seller's money over HTTP: a COD order
// delivered, the balance and its entries, an adjustment, withdrawals and
// their moves, a remittance (dry run, import, repeat) and the report;
// every answer is checked against the schema its route documents.
func TestBalanceRoutes(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	f := newFixture(t)
	o := f.placeOrder(t, orderBody())
	for _, tr := range []map[string]any{{"to": "shipped", "airway_bill": "JNE000123"}, {"to": "delivered"}} {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + o.ID + "/transitions", admin: true, body: tr})
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	}
	seller := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + o.ID, admin: true}).JSON(t)["breakdown"].(map[string]any)
	net := int64(seller["net_profit"].(float64))
	payable := int64(seller["payable"].(float64))
	codFee := int64(seller["service_fee"].(float64))

	check := func(rq req, template, status string) map[string]any {
		t.Helper()
		res := f.do(t, rq)
		require.Equal(t, status, strconv.Itoa(res.Status), "%s %s: %s", rq.method, rq.path, res.Body)
		op := d.Paths[template][strings.ToLower(rq.method)]
		r, ok := op.Responses[status]
		require.True(t, ok, "%s %s does not document %s", rq.method, template, status)
		s := &schema{Ref: "#/components/schemas/Error"}
		if r.Ref == "" {
			s = r.Content["application/json"].Schema
		}
		var v any
		res.Decode(t, &v)
		assert.Empty(t, d.undocumented(t, s, v, ""), "%s %s answers fields its schema does not have", rq.method, template)
		m, _ := v.(map[string]any)
		return m
	}

	bal := check(req{method: http.MethodGet, path: "/v1/balance", admin: true}, "/v1/balance", "200")
	assert.EqualValues(t, net, bal["balance"], "a delivered COD order's entries add up to its net profit")
	entries := check(req{method: http.MethodGet, path: "/v1/balance/entries?order_id=" + o.ID, admin: true}, "/v1/balance/entries", "200")
	assert.EqualValues(t, 4, entries["total"], "cod_collected, cod_fee, shipping, cashback")
	check(req{method: http.MethodGet, path: "/v1/balance/entries?kind=bonus", admin: true}, "/v1/balance/entries", "422")

	adj := check(req{method: http.MethodPost, path: "/v1/balance/adjustments", admin: true, body: map[string]any{"amount": 1000, "reason": "koreksi"}}, "/v1/balance/adjustments", "201")
	assert.Equal(t, "adjustment", adj["kind"])
	check(req{method: http.MethodPost, path: "/v1/balance/adjustments", admin: true, body: map[string]any{"amount": 1000}}, "/v1/balance/adjustments", "422")

	w := check(req{method: http.MethodPost, path: "/v1/withdrawals", admin: true, body: map[string]any{"amount": 50000, "account_number": "1234567890", "note": "gajian"}}, "/v1/withdrawals", "201")
	assert.Equal(t, "requested", w["status"])
	wid := w["id"].(string)
	e := check(req{method: http.MethodPost, path: "/v1/withdrawals", admin: true, body: map[string]any{"amount": net, "account_number": "1234567890"}}, "/v1/withdrawals", "409")
	assert.Equal(t, "insufficient_balance", e["error"].(map[string]any)["code"])
	e = check(req{method: http.MethodPost, path: "/v1/withdrawals", admin: true, body: map[string]any{"amount": 1000, "account_number": "999999"}}, "/v1/withdrawals", "422")
	assert.Equal(t, kasir.CodeUnknownBankAccount, e["error"].(map[string]any)["code"])
	check(req{method: http.MethodPost, path: "/v1/withdrawals", admin: true, body: map[string]any{"amount": 0, "account_number": "1234567890"}}, "/v1/withdrawals", "422")
	check(req{method: http.MethodPost, path: "/v1/withdrawals/" + wid + "/transitions", admin: true, body: map[string]any{"to": "on_review"}}, "/v1/withdrawals/{id}/transitions", "200")
	e = check(req{method: http.MethodPost, path: "/v1/withdrawals/" + wid + "/transitions", admin: true, body: map[string]any{"to": "cancelled"}}, "/v1/withdrawals/{id}/transitions", "409")
	assert.Equal(t, "invalid_withdrawal_transition", e["error"].(map[string]any)["code"])
	got := check(req{method: http.MethodPost, path: "/v1/withdrawals/" + wid + "/transitions", admin: true, body: map[string]any{"to": "rejected", "reason": "rekening salah"}}, "/v1/withdrawals/{id}/transitions", "200")
	assert.Equal(t, "rejected", got["status"])
	check(req{method: http.MethodGet, path: "/v1/withdrawals/" + wid, admin: true}, "/v1/withdrawals/{id}", "200")
	check(req{method: http.MethodGet, path: "/v1/withdrawals/tidak-ada", admin: true}, "/v1/withdrawals/{id}", "404")
	list := check(req{method: http.MethodGet, path: "/v1/withdrawals?status=rejected", admin: true}, "/v1/withdrawals", "200")
	assert.EqualValues(t, 1, list["total"])
	bal = check(req{method: http.MethodGet, path: "/v1/balance", admin: true}, "/v1/balance", "200")
	assert.EqualValues(t, net+1000, bal["balance"], "the rejected withdrawal came back")
	var types []string
	for _, ev := range f.fx.Events.Published() {
		if ev.Withdrawal != nil {
			types = append(types, string(ev.Type)+":"+string(ev.Withdrawal.Status))
		}
	}
	assert.Equal(t, []string{"withdrawal.requested:requested", "withdrawal.changed:on_review", "withdrawal.changed:rejected"}, types)

	remitFile := func(fee int64) string {
		return fmt.Sprintf("No Resi,Nilai COD,Biaya COD\nJNE000123,%d,%d\nJNE999,61.000,0\n", payable, fee)
	}
	csv := remitFile(codFee + 500)
	remit := func(query, status string) map[string]any {
		return check(req{method: http.MethodPost, path: "/v1/remittances" + query, admin: true, body: csv, header: map[string]string{"Content-Type": "text/csv"}}, "/v1/remittances", status)
	}
	// The courier kept more than the order's COD fee.
	wrong := remit("", "200")
	assert.Equal(t, map[string]any{"fee_mismatch": 1.0, "unknown_awb": 1.0}, wrong["counts"])
	row := wrong["rows"].([]any)[0].(map[string]any)
	assert.EqualValues(t, codFee, row["expected_fee"])
	assert.EqualValues(t, codFee+500, row["fee"])
	csv = remitFile(codFee)
	dry := remit("?dry_run=true", "200")
	assert.Equal(t, map[string]any{"matched": 1.0, "unknown_awb": 1.0}, dry["counts"])
	real := remit("?reference=RMT-1", "200")
	assert.Equal(t, map[string]any{"matched": 1.0, "unknown_awb": 1.0}, real["counts"])
	again := remit("", "200")
	assert.Equal(t, map[string]any{"already_settled": 1.0, "unknown_awb": 1.0}, again["counts"])
	remit("?dry_run=perhaps", "400")
	order := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + o.ID, admin: true}).JSON(t)
	assert.Equal(t, "settled", order["payment"].(map[string]any)["status"])

	rep := check(req{method: http.MethodGet, path: "/v1/reports?from=2026-11-01&to=2026-11-30", admin: true}, "/v1/reports", "200")
	assert.EqualValues(t, 1, rep["cod"].(map[string]any)["count"])
	assert.EqualValues(t, net, rep["revenue"])
	assert.Equal(t, "0", rep["retur_percent"])
	rep = check(req{method: http.MethodGet, path: "/v1/reports?from=2026-11-01&to=2026-11-30&courier=sicepat", admin: true}, "/v1/reports", "200")
	assert.EqualValues(t, 0, rep["cod"].(map[string]any)["count"])
	check(req{method: http.MethodGet, path: "/v1/reports?to=2026-11-30", admin: true}, "/v1/reports", "422")
}
