package calc_test

import (
	"errors"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/calc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunReadErrorsAndDomainErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		readErr bool
		code    string
	}{
		{"bad_json", `{"kind":"quote",`, true, errs.CodeInvalidInput},
		{"empty", ``, true, errs.CodeInvalidInput},
		{"unknown_kind", `{"kind":"refund","input":{}}`, true, errs.CodeInvalidInput},
		{"no_input", `{"kind":"quote"}`, true, errs.CodeInvalidInput},
		{"wrong_type", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":"1000","quantity":1}]}}`, true, errs.CodeInvalidInput},
		{"fractional_rupiah", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":1000.5,"quantity":1}]}}`, true, errs.CodeInvalidInput},
		{"no_lines", `{"kind":"quote","input":{"lines":[]}}`, false, errs.CodeInvalidInput},
		{"zero_quantity", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":1000,"quantity":0}]}}`, false, errs.CodeInvalidInput},
		{"malformed_percent", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":1000,"quantity":1}],"shipping":{"cost":1,"cashback_percent":"abc"}}}`, false, errs.CodeInvalidInput},
		{"unknown_method", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":1000,"quantity":1}],"payment":{"method":"cash"}}}`, false, errs.CodeInvalidInput},
		{"cod_cap", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":1000,"quantity":1}],"shipping":{"cost":1000,"cod_max":1500},"payment":{"method":"cod"}}}`, false, "cod_limit_exceeded"},
		{"voucher_skus_not_in_cart", `{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":1000,"quantity":1}],"product_voucher":{"type":"fixed","value":"100","skus":["B"]}}}`, false, "voucher_not_applicable"},
		{"letters_in_phone", `{"kind":"phone","input":{"phone":"0812-ABCD-7890"}}`, false, "invalid_phone"},
		{"landline_needs_mobile", `{"kind":"phone","input":{"phone":"(021) 5551234"}}`, false, "phone_not_mobile"},
		{"insurance_not_available", `{"kind":"insurance","input":{"goods_value":400000,"policy":{"percent":"0.3","available_above":500000}}}`, false, "insurance_not_available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := calc.Decode([]byte(tt.in))
			if err == nil {
				_, err = calc.Run(c)
			}
			require.Error(t, err)
			assert.Equal(t, tt.code, errs.Code(err), err.Error())
			var re *calc.ReadError
			assert.Equal(t, tt.readErr, errors.As(err, &re), err.Error())
		})
	}
}

func TestRunQuoteDefaults(t *testing.T) {
	t.Parallel()
	// bank transfer by default, unique code counted; cod fields ignored for it
	c, err := calc.Decode([]byte(`{"kind":"quote","input":{"lines":[{"sku":"A","unit_price":10000,"quantity":2}],"payment":{"unique_code":7,"cod_fee_percent":"3"}}}`))
	require.NoError(t, err)
	res, err := calc.Run(c)
	require.NoError(t, err)
	q := res.(calc.QuoteOutput)
	assert.Equal(t, int64(20007), q.GrandTotal)
	assert.Equal(t, int64(0), q.ServiceFee)
	assert.Equal(t, int64(7), q.UniqueCode)
}
