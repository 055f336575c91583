package calc_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/calc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runJSON runs one case given as JSON and returns its result as JSON.
func runJSON(t *testing.T, in string) (string, error) {
	t.Helper()
	c, err := calc.Decode([]byte(in))
	require.NoError(t, err)
	res, err := calc.Run(c)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(res)
	require.NoError(t, err)
	return string(b), nil
}

// Worked by hand. The COD order: Rp100.000 of goods, Rp14.000 shipping with
// 25% cashback, Rp2.000 insurance, 2,8% fee paid by the seller:
// T0 = 116.000, F = ceil(3.248) = 3.248, K = 3.500.
const codOrder = `"lines":[{"sku":"A","unit_price":100000,"quantity":1}],"shipping":{"cost":14000,"cashback_percent":"25"},"insurance_fee":2000,"payment":{"method":"cod","cod_fee_percent":"2.8"}`

func TestRunSettlementWorkedCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"cod_delivered", codOrder + `,"outcome":"delivered"`,
			// N = 116.000 − 14.000 − 2.000 − 3.248 + 3.500
			`{"return_fee":0,"shipping_cashback":3500,"net_profit":100252,"balance_change":100252,"entries":[
				{"kind":"cod_collected","amount":116000},{"kind":"cod_fee","amount":-3248},{"kind":"shipping","amount":-14000},
				{"kind":"insurance","amount":-2000},{"kind":"cashback","amount":3500}]}`},
		{"cod_returned_without_fee", codOrder + `,"outcome":"returned"`,
			// R = 14.000; N = −(14.000 + 14.000 + 2.000)
			`{"return_fee":14000,"shipping_cashback":0,"net_profit":-30000,"balance_change":-30000,"entries":[
				{"kind":"shipping","amount":-14000},{"kind":"return_fee","amount":-14000},{"kind":"insurance","amount":-2000}]}`},
		{"cod_returned_with_fee", codOrder + `,"outcome":"returned","cod_fee_on_return":true`,
			// N = −30.000 − 3.248
			`{"return_fee":14000,"shipping_cashback":0,"net_profit":-33248,"balance_change":-33248,"entries":[
				{"kind":"shipping","amount":-14000},{"kind":"return_fee","amount":-14000},{"kind":"insurance","amount":-2000},{"kind":"cod_fee","amount":-3248}]}`},
		{"cod_returned_partial_percent_ceil",
			`"lines":[{"sku":"A","unit_price":50000,"quantity":1}],"shipping":{"cost":18650},"payment":{"method":"cod","cod_fee_percent":"2.8"},"outcome":"returned","return_percent":"33"`,
			// R = ceil(18.650 × 33 / 100) = ceil(6.154,5) = 6.155; N = −(18.650 + 6.155)
			`{"return_fee":6155,"shipping_cashback":0,"net_profit":-24805,"balance_change":-24805,"entries":[
				{"kind":"shipping","amount":-18650},{"kind":"return_fee","amount":-6155}]}`},
		{"return_percent_as_a_number",
			`"lines":[{"sku":"A","unit_price":50000,"quantity":1}],"shipping":{"cost":18650},"payment":{"method":"cod"},"outcome":"returned","return_percent":12.5`,
			// R = ceil(2.331,25) = 2.332
			`{"return_fee":2332,"shipping_cashback":0,"net_profit":-20982,"balance_change":-20982,"entries":[
				{"kind":"shipping","amount":-18650},{"kind":"return_fee","amount":-2332}]}`},
		{"transfer_returned_with_refunds",
			`"lines":[{"sku":"A","unit_price":80000,"quantity":2}],"shipping":{"cost":20000,"cashback_percent":"10"},"insurance_fee":1000,"payment":{"method":"bank_transfer","unique_code":17},"outcome":"returned","return_percent":"50","refunds":160000`,
			// P = 181.017, R = 10.000; N = 181.017 − 20.000 − 1.000 − 10.000 − 160.000;
			// the balance sees shipping and insurance at shipping, the return fee at return
			`{"return_fee":10000,"shipping_cashback":0,"net_profit":-9983,"balance_change":-31000,"entries":[
				{"kind":"shipping","amount":-20000},{"kind":"insurance","amount":-1000},{"kind":"return_fee","amount":-10000}]}`},
		{"gateway_delivered_nothing_shipped",
			`"lines":[{"sku":"E-BOOK","unit_price":45000,"quantity":1}],"digital":true,"payment":{"method":"gateway"},"outcome":"delivered"`,
			`{"return_fee":0,"shipping_cashback":0,"net_profit":45000,"balance_change":0,"entries":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := runJSON(t, `{"kind":"settlement","input":{`+tt.input+`}}`)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, got)
		})
	}
}

func TestRunSettlementErrors(t *testing.T) {
	t.Parallel()
	transfer := `"lines":[{"sku":"A","unit_price":80000,"quantity":2}],"shipping":{"cost":20000},"payment":{"method":"bank_transfer","unique_code":17}`
	tests := []struct {
		name, input, code, field string
	}{
		{"no_outcome", transfer, errs.CodeInvalidInput, "outcome"},
		{"unknown_outcome", transfer + `,"outcome":"lost"`, errs.CodeInvalidInput, "outcome"},
		{"return_percent_above_100", transfer + `,"outcome":"returned","return_percent":"100.5"`, errs.CodeInvalidInput, "return_percent"},
		{"return_percent_negative", transfer + `,"outcome":"returned","return_percent":"-1"`, errs.CodeInvalidInput, "return_percent"},
		{"return_percent_malformed", transfer + `,"outcome":"returned","return_percent":"half"`, errs.CodeInvalidInput, "return_percent"},
		{"negative_refunds", transfer + `,"outcome":"returned","refunds":-1`, errs.CodeInvalidInput, "refunds"},
		{"refunds_above_payable", transfer + `,"outcome":"returned","refunds":180018`, errs.CodeInvalidInput, "refunds"},
		{"quote_error_first", `"lines":[],"outcome":"delivered"`, errs.CodeInvalidInput, "lines"},
		{"cod_cap", `"lines":[{"sku":"A","unit_price":1000,"quantity":1}],"shipping":{"cost":1000,"cod_max":1500},"payment":{"method":"cod"},"outcome":"returned"`, "cod_limit_exceeded", "payment.method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := runJSON(t, `{"kind":"settlement","input":{`+tt.input+`}}`)
			require.Error(t, err)
			assert.Equal(t, tt.code, errs.Code(err), err.Error())
			assert.Equal(t, tt.field, errs.Field(err), err.Error())
			var re *calc.ReadError
			assert.NotErrorAs(t, err, &re, "a domain error, not unreadable input")
		})
	}
	_, err := runJSON(t, `{"kind":"settlement","input":{`+transfer+`,"outcome":"returned","cod_fee_on_return":"yes"}}`)
	var re *calc.ReadError
	assert.ErrorAs(t, err, &re, "a field of the wrong type is unreadable input")
}

func TestGoldenFilesReadsEveryFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"cases.json", "settlement/cases.json", "settlement/more.json", "later/deep/x.json", "README.md"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("[]"), 0o644))
	}
	files, err := calc.GoldenFiles(dir)
	require.NoError(t, err)
	var rel []string
	for _, f := range files {
		r, err := filepath.Rel(dir, f)
		require.NoError(t, err)
		rel = append(rel, filepath.ToSlash(r))
	}
	assert.Equal(t, []string{"cases.json", "later/deep/x.json", "settlement/cases.json", "settlement/more.json"}, rel)

	files, err = calc.GoldenFiles(filepath.Join(dir, "missing"))
	require.NoError(t, err)
	assert.Empty(t, files)

	require.NoError(t, os.MkdirAll(filepath.Join(dir, "shared", "golden"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	assert.Equal(t, filepath.Join(dir, "shared", "golden"), calc.GoldenDir(filepath.Join(dir, "a", "b")), "found in a parent folder")
}
