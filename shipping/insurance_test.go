package shipping_test

import (
	"encoding/json"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	jne     = shipping.InsurancePolicy{Percent: money.MustRate("0.2"), AdminFee: 5000}
	ninja   = shipping.InsurancePolicy{Percent: money.MustRate("0.25"), FlatFee: 2500, FlatFeeUpTo: 1_000_000}
	sicepat = shipping.InsurancePolicy{Percent: money.MustRate("0.3"), Base: shipping.GrandTotal, AvailableAbove: 500_000}
	sap     = shipping.InsurancePolicy{Percent: money.MustRate("0.3"), AdminFee: 2000}
)

func TestInsurancePolicyPremium(t *testing.T) {
	t.Parallel()
	with := func(p shipping.InsurancePolicy, f func(*shipping.InsurancePolicy)) shipping.InsurancePolicy {
		f(&p)
		return p
	}
	tests := []struct {
		name       string
		policy     shipping.InsurancePolicy
		goods      money.Money
		grandTotal money.Money
		want       shipping.Insurance
	}{
		{"jne_2m", jne, 2_000_000, 2_100_000, shipping.Insurance{Fee: 9000}},
		{"jne_rounds_up", jne, 100_001, 0, shipping.Insurance{Fee: 5201}}, // 200.002 → 201
		{"jne_zero_value", jne, 0, 0, shipping.Insurance{Fee: 5000}},
		{"ninja_flat_under_1m", ninja, 800_000, 0, shipping.Insurance{Fee: 2500}},
		{"ninja_flat_at_1m", ninja, 1_000_000, 0, shipping.Insurance{Fee: 2500}},
		{"ninja_percent_above_1m", ninja, 1_000_001, 0, shipping.Insurance{Fee: 2501}}, // 2.500,0025 → 2.501
		{"ninja_percent_3m", ninja, 3_000_000, 0, shipping.Insurance{Fee: 7500}},
		{"sicepat_on_grand_total", sicepat, 400_000, 600_000, shipping.Insurance{Fee: 1800}},
		{"sap_1m", sap, 1_000_000, 0, shipping.Insurance{Fee: 5000}},
		{"sap_fraction_rounds_up", sap, 333_333, 0, shipping.Insurance{Fee: 3000}},                                                           // 999,999 → 1.000
		{"round_up_to_100", with(jne, func(p *shipping.InsurancePolicy) { p.RoundUpTo = 100 }), 1_234_567, 0, shipping.Insurance{Fee: 7500}}, // 2.469,134 → 2.470 → 2.500
		{"round_up_to_100_exact", with(jne, func(p *shipping.InsurancePolicy) { p.RoundUpTo = 100 }), 1_000_000, 0, shipping.Insurance{Fee: 7000}},
		{"round_up_to_1", with(jne, func(p *shipping.InsurancePolicy) { p.RoundUpTo = 1 }), 1_234_567, 0, shipping.Insurance{Fee: 7470}},
		{"mandatory_at_threshold", with(jne, func(p *shipping.InsurancePolicy) { p.MandatoryFrom = 2_000_000 }), 2_000_000, 0, shipping.Insurance{Fee: 9000, Mandatory: true}},
		{"not_mandatory_below", with(jne, func(p *shipping.InsurancePolicy) { p.MandatoryFrom = 2_000_000 }), 1_999_999, 0, shipping.Insurance{Fee: 9000}},
		{"mandatory_reads_goods_value", with(sicepat, func(p *shipping.InsurancePolicy) { p.MandatoryFrom = 1_000_000 }), 1_000_000, 600_000, shipping.Insurance{Fee: 1800, Mandatory: true}},
		{"fraction_percent", shipping.InsurancePolicy{Percent: money.MustRate("1/3")}, 300, 0, shipping.Insurance{Fee: 1}},
		{"hundred_percent_max", shipping.InsurancePolicy{Percent: money.RateInt(100)}, money.MaxAmount, 0, shipping.Insurance{Fee: money.MaxAmount}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.policy.Premium(tt.goods, tt.grandTotal)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestInsurancePolicyPremiumErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		policy     shipping.InsurancePolicy
		goods      money.Money
		grandTotal money.Money
		code       string
		field      string
	}{
		{"sicepat_at_threshold", sicepat, 900_000, 500_000, shipping.CodeInsuranceNotAvailable, "grand_total"},
		{"sicepat_below_threshold", sicepat, 900_000, 1000, shipping.CodeInsuranceNotAvailable, "grand_total"},
		{"goods_value_threshold", shipping.InsurancePolicy{Percent: money.MustRate("0.2"), AvailableAbove: 100_000}, 100_000, 5_000_000, shipping.CodeInsuranceNotAvailable, "goods_value"},
		{"negative_goods", jne, -1, 0, errs.CodeInvalidInput, "goods_value"},
		{"negative_grand_total", jne, 0, -1, errs.CodeInvalidInput, "grand_total"},
		{"goods_too_large", jne, money.MaxAmount + 1, 0, errs.CodeInvalidInput, "goods_value"},
		{"percent_over_100", shipping.InsurancePolicy{Percent: money.MustRate("100.5")}, 1000, 0, errs.CodeInvalidInput, "percent"},
		{"bad_base", shipping.InsurancePolicy{Base: 7}, 1000, 0, errs.CodeInvalidInput, "base"},
		{"negative_admin_fee", shipping.InsurancePolicy{AdminFee: -1}, 1000, 0, errs.CodeInvalidInput, "admin_fee"},
		{"negative_flat_fee", shipping.InsurancePolicy{FlatFee: -1}, 1000, 0, errs.CodeInvalidInput, "flat_fee"},
		{"negative_round", shipping.InsurancePolicy{RoundUpTo: -100}, 1000, 0, errs.CodeInvalidInput, "round_up_to"},
		{"huge_mandatory", shipping.InsurancePolicy{MandatoryFrom: money.MaxAmount + 1}, 1000, 0, errs.CodeInvalidInput, "mandatory_from"},
		{"fee_too_large", shipping.InsurancePolicy{Percent: money.RateInt(100), AdminFee: 1}, money.MaxAmount, 0, errs.CodeInvalidInput, "insurance_fee"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.policy.Premium(tt.goods, tt.grandTotal)
			require.Error(t, err)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tt.code, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
		})
	}
}

func TestInsuranceNotAvailableMessage(t *testing.T) {
	t.Parallel()
	_, err := sicepat.Premium(900_000, 450_000)
	require.Error(t, err)
	assert.Equal(t, "shipping: insurance is only available for a grand_total above Rp500.000, got Rp450.000 (grand_total)", err.Error())
}

func TestInsuranceBaseText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		base shipping.InsuranceBase
		text string
	}{
		{"goods_value", shipping.GoodsValue, "goods_value"},
		{"grand_total", shipping.GrandTotal, "grand_total"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.True(t, tt.base.Valid())
			b, err := tt.base.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(b))
			var got shipping.InsuranceBase
			require.NoError(t, got.UnmarshalText(b))
			assert.Equal(t, tt.base, got)
		})
	}
	t.Run("zero_value_is_goods_value", func(t *testing.T) {
		t.Parallel()
		var p shipping.InsurancePolicy
		assert.Equal(t, shipping.GoodsValue, p.Base)
		got, err := shipping.ParseInsuranceBase("")
		require.NoError(t, err)
		assert.Equal(t, shipping.GoodsValue, got)
	})
	t.Run("unknown_refused", func(t *testing.T) {
		t.Parallel()
		var b shipping.InsuranceBase
		err := b.UnmarshalText([]byte("GRAND_TOTAL"))
		require.ErrorIs(t, err, errs.Invalid)
		assert.Empty(t, errs.Field(err), "a base names no field; the caller does")
		_, err = shipping.InsuranceBase(9).MarshalText()
		require.Error(t, err)
		assert.False(t, shipping.InsuranceBase(9).Valid())
	})
	t.Run("json_policy", func(t *testing.T) {
		t.Parallel()
		var p shipping.InsurancePolicy
		require.NoError(t, json.Unmarshal([]byte(`{"Percent":"0.3","Base":"grand_total","AvailableAbove":500000}`), &p))
		assert.Equal(t, sicepat, p)
	})
}
