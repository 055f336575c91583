package pricing_test

import (
	"encoding/json"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReturnTermsFee(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		percent string
		cost    money.Money
		want    money.Money
	}{
		{"default_is_full_shipping", "", 14000, 14000},
		{"explicit_hundred", "100", 14000, 14000},
		{"half", "50", 14000, 7000},
		{"ceil_of_a_fraction", "33", 14001, 4621},    // 4620.33 → 4621
		{"ceil_of_a_small_fraction", "0.1", 1001, 2}, // 1.001 → 2
		{"fraction_percent", "12.5", 18600, 2325},    // exact
		{"free_returns", "0", 14000, 0},
		{"nothing_shipped", "100", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			terms, err := pricing.ParseReturnTerms(tt.percent, false)
			require.NoError(t, err)
			got, err := terms.Fee(tt.cost)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReturnTermsZeroValueIsTheDefault(t *testing.T) {
	t.Parallel()
	var terms pricing.ReturnTerms
	assert.True(t, terms.Percent().Equal(money.RateInt(100)))
	assert.False(t, terms.CODFeeOnReturn())
	free, err := pricing.NewReturnTerms(money.Rate{}, true)
	require.NoError(t, err)
	assert.True(t, free.Percent().IsZero(), "an explicit 0 is not the default")
	assert.True(t, free.CODFeeOnReturn())
}

func TestReturnTermsRejectsBadPercent(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"100.01", "101", "-1", "abc", "1/0"} {
		_, err := pricing.ParseReturnTerms(p, false)
		require.Error(t, err, p)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), p)
		assert.Equal(t, "return_percent", errs.Field(err), p)
	}
	_, err := pricing.NewReturnTerms(money.MustRate("201/2"), false)
	assert.Equal(t, "return_percent", errs.Field(err))

	var terms pricing.ReturnTerms
	_, err = terms.Fee(-1)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
}

func TestReturnTermsJSON(t *testing.T) {
	t.Parallel()
	terms, err := pricing.ParseReturnTerms("12.5", true)
	require.NoError(t, err)
	b, err := json.Marshal(terms)
	require.NoError(t, err)
	assert.JSONEq(t, `{"return_percent":"12.5","cod_fee_on_return":true}`, string(b))
	var back pricing.ReturnTerms
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Percent().Equal(money.MustRate("12.5")))
	assert.True(t, back.CODFeeOnReturn())

	require.NoError(t, json.Unmarshal([]byte(`{}`), &back))
	assert.True(t, back.Percent().Equal(money.RateInt(100)), "absent percent is the default")
	assert.False(t, back.CODFeeOnReturn())

	err = json.Unmarshal([]byte(`{"return_percent":"150"}`), &back)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
}
