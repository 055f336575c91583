package calc_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/calc"
)

// A government office (klpd) buys from three sellers with a Rp100.000
// platform voucher; the figures are worked by hand in the procurement
// package's TestQuoteGovernmentThreeSellers. Seller a has paid 1.000.000 of
// its 2.960.750, b all of its 2.208.000, c nothing; on 17 December a and c
// are overdue.
const govCheckout = `{
 "buyer":{"name":"Dinas Pendidikan","npwp":"00.111.222.3-444.000","kind":"klpd"},
 "platform":{"name":"PT Platform","npwp":"01.000.000.0-000.000","fee_fixed":2500,"fee_percent":"1.5","ppn_percent":"12","dpp_factor":"11/12","pph23_percent":"2"},
 "sellers":[{"id":"a","name":"Toko A","npwp":"02.000.000.1-000.000","tax":{"ppn_percent":"11"}},
            {"id":"b","name":"Toko B","npwp":"02.000.000.2-000.000","tax":{"ppn_percent":"12","dpp_factor":"11/12"}},
            {"id":"c","name":"Toko C"}],
 "items":[{"seller":"a","sku":"LAPTOP","unit_price":2500000,"quantity":1},
          {"seller":"b","sku":"KURSI","unit_price":1000000,"quantity":2},
          {"seller":"a","sku":"BUKU","unit_price":500000,"quantity":1,"tax_category":"exempt"},
          {"seller":"c","sku":"MEJA","unit_price":500000,"quantity":2}],
 "couriers":{"a":{"courier":"jne","service":"REG","cost":50000,"insurance_fee":6000},"b":{"courier":"sicepat","service":"REG","cost":25000},"c":{"courier":"jnt","service":"EZ","cost":15000}},
 "voucher":{"type":"fixed","value":100000},
 "payment_term_days":14,"placed_at":"2026-12-02T10:00:00+07:00","as_of":"2026-12-17T00:00:00+07:00",
 "payments":{"a":[1000000],"b":[2208000]}}`

func TestRunProcurementWorkedCase(t *testing.T) {
	t.Parallel()
	out, err := runJSON(t, `{"kind":"procurement","input":`+govCheckout+`}`)
	require.NoError(t, err)
	var res struct {
		Orders          []map[string]json.RawMessage `json:"orders"`
		Totals          map[string]int64             `json:"totals"`
		VoucherDiscount int64                        `json:"voucher_discount"`
		DueAt           string                       `json:"due_at"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Orders, 3)
	want := []map[string]string{
		{"seller": `"a"`, "product_discount": "50000", "tax_base": "2458333", "goods_tax_base": "2950000", "exempt_amount": "491667",
			"ppn": "270416", "pph22": "44250", "pph23": "1000", "grand_total": "3276416", "withheld": "315666", "payable": "2960750",
			"withholding": "true", "platform_fee": "46750", "platform_fee_ppn": "5142", "platform_fee_pph23": "935",
			"seller_settlement": "2909793", "paid": "1000000", "outstanding": "1960750", "overdue": "true",
			"due_at": `"2026-12-16T23:59:59+07:00"`},
		{"seller": `"b"`, "product_discount": "33333", "tax_base": "1966667", "ppn": "216333", "withheld": "0", "payable": "2208000",
			"withholding": "false", "platform_fee": "32001", "platform_fee_ppn": "3520", "platform_fee_pph23": "640",
			"seller_settlement": "2173119", "paid": "2208000", "outstanding": "0", "overdue": "false", "withholding_slip": "null"},
		{"seller": `"c"`, "product_discount": "16667", "ppn": "0", "grand_total": "998333", "payable": "998333",
			"platform_fee": "17250", "platform_fee_ppn": "1897", "platform_fee_pph23": "345", "seller_settlement": "979531",
			"overdue": "true", "tax_invoice": "null"},
	}
	for i, w := range want {
		for field, v := range w {
			if assert.Contains(t, res.Orders[i], field) {
				assert.JSONEq(t, v, string(res.Orders[i][field]), "order %d field %s", i, field)
			}
		}
	}
	assert.JSONEq(t, `{"seller_name":"Toko A","seller_npwp":"02.000.000.1-000.000","buyer_name":"Dinas Pendidikan",
		"buyer_npwp":"00.111.222.3-444.000","dpp":2458333,"ppn_percent":"11","dpp_factor":"1","ppn":270416,
		"exempt_amount":491667,"ppn_collected_by_buyer":true}`, string(res.Orders[0]["tax_invoice"]))
	assert.JSONEq(t, `{"withholder_name":"Dinas Pendidikan","withholder_npwp":"00.111.222.3-444.000","recipient_name":"Toko A",
		"recipient_npwp":"02.000.000.1-000.000","lines":[{"article":"22","base":2950000,"percent":"1.5","amount":44250},
		{"article":"23","base":50000,"percent":"2","amount":1000}]}`, string(res.Orders[0]["withholding_slip"]))
	assert.Equal(t, int64(100000), res.VoucherDiscount)
	assert.Equal(t, map[string]int64{
		"subtotal": 6000000, "product_discount": 100000, "shipping_cost": 90000, "insurance_fee": 6000,
		"tax_base": 2458333 + 1966667 + 983333, "ppn": 270416 + 216333, "pph22": 44250, "pph23": 1000,
		"grand_total": 3276416 + 2208000 + 998333, "withheld": 315666, "payable": 2960750 + 2208000 + 998333,
		"platform_fee": 46750 + 32001 + 17250, "platform_fee_ppn": 5142 + 3520 + 1897, "platform_fee_pph23": 935 + 640 + 345,
		"seller_settlement": 2909793 + 2173119 + 979531, "paid": 3208000, "outstanding": 1960750 + 998333,
	}, res.Totals)
	assert.Equal(t, "2026-12-16T23:59:59+07:00", res.DueAt)
}

func TestRunProcurementErrors(t *testing.T) {
	t.Parallel()
	const base = `"placed_at":"2026-12-02T10:00:00+07:00","sellers":[{"id":"a","payment_terms":[0,7]},{"id":"b"}],` +
		`"items":[{"seller":"a","sku":"A","unit_price":1000,"quantity":1},{"seller":"b","sku":"B","unit_price":1000,"quantity":1}]`
	tests := []struct {
		name, input, code, field string
		read                     bool // input it cannot read: exit status 2
	}{
		{"unknown_seller", `"placed_at":"2026-12-02T10:00:00+07:00","sellers":[{"id":"a"}],"couriers":{"a":{}},"items":[{"seller":"a","sku":"A","unit_price":1,"quantity":1},{"seller":"z","sku":"Z","unit_price":1,"quantity":1}]`, "unknown_seller", "items[1].seller", false},
		{"courier_required", base + `,"couriers":{"a":{"cost":100}}`, "courier_required", "couriers.b", false},
		{"term_not_allowed", base + `,"couriers":{"a":{},"b":{}},"payment_term_days":14`, "payment_term_not_allowed", "payment_term_days", false},
		{"store_term_list", base + `,"couriers":{"a":{},"b":{}},"payment_terms":[0],"payment_term_days":7`, "payment_term_not_allowed", "payment_term_days", false},
		{"voucher_no_item", base + `,"couriers":{"a":{},"b":{}},"voucher":{"type":"percent","value":"10","skus":["X"]}`, "voucher_not_applicable", "voucher", false},
		{"overpayment", base + `,"couriers":{"a":{},"b":{}},"payments":{"a":[600,401]}`, "payment_exceeds_payable", "payments.a[1]", false},
		{"payment_unknown_seller", base + `,"couriers":{"a":{},"b":{}},"payments":{"q":[1]}`, "unknown_seller", "payments.q", false},
		{"no_placed_at", `"sellers":[{"id":"a"}],"couriers":{"a":{}},"items":[{"seller":"a","sku":"A","unit_price":1,"quantity":1}]`, "invalid_input", "placed_at", false},
		{"unknown_buyer_kind", base + `,"couriers":{"a":{},"b":{}},"buyer":{"kind":"koperasi"}`, "unknown_buyer_kind", "buyer.kind", false},
		{"bad_kind_percent", base + `,"couriers":{"a":{},"b":{}},"buyer":{"kind":"k"},"buyer_kinds":{"k":{"pph22_percent":"x"}}`, "invalid_input", "buyer_kinds.k.pph22_percent", false},
		{"unknown_field", base + `,"couriers":{"a":{},"b":{}},"total":5`, "invalid_input", "total", true},
		{"withholding_on_seller", `"placed_at":"2026-12-02T10:00:00+07:00","sellers":[{"id":"a","tax":{"pph22_percent":"1.5"}}],"couriers":{"a":{}},"items":[{"seller":"a","sku":"A","unit_price":1,"quantity":1}]`, "invalid_input", "sellers[0].tax.pph22_percent", true},
		{"bad_category", `"placed_at":"2026-12-02T10:00:00+07:00","sellers":[{"id":"a"}],"couriers":{"a":{}},"items":[{"seller":"a","sku":"A","unit_price":1,"quantity":1,"tax_category":"zero"}]`, "invalid_input", "items[0].tax_category", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := runJSON(t, `{"kind":"procurement","input":{`+tt.input+`}}`)
			require.Error(t, err)
			assert.Equal(t, tt.code, errs.Code(err), err.Error())
			if tt.field != "" {
				assert.Equal(t, tt.field, errs.Field(err), err.Error())
			}
			var re *calc.ReadError
			assert.Equal(t, tt.read, errors.As(err, &re), "read error (exit 2) or domain error (exit 1): %v", err)
		})
	}
}
