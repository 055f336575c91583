package shipping_test

import (
	"strings"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func jneREG() shipping.Option {
	ins := jne
	return shipping.Option{
		Courier: "jne", Service: "REG", Name: "JNE Reguler", Price: 14_000,
		EtdMinDays: 2, EtdMaxDays: 3,
		COD: true, CODFeePercent: money.MustRate("2.8"), CODMax: 5_000_000,
		CashbackPercent: money.MustRate("25"),
		Insurance:       &ins,
		Weight:          shipping.DefaultWeightRule(),
	}
}

func TestOptionKey(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "jne:REG", jneREG().Key())
}

func TestOptionValidate(t *testing.T) {
	t.Parallel()
	require.NoError(t, jneREG().Validate())
	tests := []struct {
		name  string
		edit  func(*shipping.Option)
		field string
	}{
		{"no_courier", func(o *shipping.Option) { o.Courier = "" }, "courier"},
		{"courier_with_colon", func(o *shipping.Option) { o.Courier = "jne:x" }, "courier"},
		{"courier_with_space", func(o *shipping.Option) { o.Courier = "j ne" }, "courier"},
		{"courier_too_long", func(o *shipping.Option) { o.Courier = strings.Repeat("j", shipping.MaxCodeLength+1) }, "courier"},
		{"no_service", func(o *shipping.Option) { o.Service = "" }, "service"},
		{"service_with_space", func(o *shipping.Option) { o.Service = "RE G" }, "service"},
		{"service_bad_utf8", func(o *shipping.Option) { o.Service = "\xff" }, "service"},
		{"name_control_char", func(o *shipping.Option) { o.Name = "JNE\nREG" }, "name"},
		{"negative_price", func(o *shipping.Option) { o.Price = -1 }, "price"},
		{"negative_cod_max", func(o *shipping.Option) { o.CODMax = -1 }, "cod_max"},
		{"etd_reversed", func(o *shipping.Option) { o.EtdMinDays, o.EtdMaxDays = 3, 2 }, "etd_min_days"},
		{"etd_negative", func(o *shipping.Option) { o.EtdMinDays = -1 }, "etd_min_days"},
		{"etd_too_long", func(o *shipping.Option) { o.EtdMaxDays = shipping.MaxEtdDays + 1 }, "etd_max_days"},
		{"cod_fee_over_100", func(o *shipping.Option) { o.CODFeePercent = money.MustRate("101") }, "cod_fee_percent"},
		{"cashback_over_100", func(o *shipping.Option) { o.CashbackPercent = money.MustRate("100.1") }, "cashback_percent"},
		{"bad_insurance", func(o *shipping.Option) { o.Insurance = &shipping.InsurancePolicy{AdminFee: -5} }, "insurance.admin_fee"},
		{"zero_weight_rule", func(o *shipping.Option) { o.Weight = shipping.WeightRule{} }, "weight.volumetric_divisor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := jneREG()
			tt.edit(&o)
			err := o.Validate()
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err))
		})
	}
	t.Run("free_shipping_no_insurance", func(t *testing.T) {
		t.Parallel()
		o := jneREG()
		o.Price, o.Insurance, o.EtdMinDays, o.EtdMaxDays, o.Name = 0, nil, 0, 0, ""
		require.NoError(t, o.Validate())
	})
}

func TestCheckCOD(t *testing.T) {
	t.Parallel()
	kebayoran := shipping.Location{ID: "31.74.07", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12120"}, COD: true}
	remote := shipping.Location{ID: "91.01.01", Province: "Papua", City: "Merauke", District: "Merauke", COD: false}
	noCOD := jneREG()
	noCOD.COD = false
	tests := []struct {
		name    string
		opt     shipping.Option
		dest    shipping.Location
		message string // "" when COD is available
	}{
		{"available", jneREG(), kebayoran, ""},
		{"service_without_cod", noCOD, kebayoran, "shipping: JNE Reguler (jne:REG) does not offer cash on delivery"},
		{"destination_excluded", jneREG(), remote, "shipping: cash on delivery is not available in Merauke, Merauke, Papua"},
		{"destination_without_names", jneREG(), shipping.Location{ID: "x1"}, "shipping: cash on delivery is not available in x1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := shipping.CheckCOD(tt.opt, tt.dest)
			if tt.message == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, shipping.CodeCODNotAvailable, errs.Code(err))
			assert.Equal(t, tt.message, err.Error())
		})
	}
}

func TestLocationValidate(t *testing.T) {
	t.Parallel()
	ok := shipping.Location{ID: "31.74.07", PostalCodes: []string{"12110"}}
	require.NoError(t, ok.Validate())
	assert.True(t, ok.HasPostalCode("12110"))
	assert.False(t, ok.HasPostalCode("12120"))
	for _, tt := range []struct {
		name  string
		loc   shipping.Location
		field string
	}{
		{"no_id", shipping.Location{}, "id"},
		{"short_postal_code", shipping.Location{ID: "a", PostalCodes: []string{"12110", "1211"}}, "postal_codes[1]"},
		{"letter_postal_code", shipping.Location{ID: "a", PostalCodes: []string{"1211O"}}, "postal_codes[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.loc.Validate()
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, tt.field, errs.Field(err))
		})
	}
}

func TestOptionReturnTerms(t *testing.T) {
	t.Parallel()
	o := jneREG()
	require.True(t, o.Return.Percent().Equal(money.RateInt(100)), "a service without return terms charges the full price back")
	assert.False(t, o.Return.CODFeeOnReturn())
	fee, err := o.Return.Fee(o.Price)
	require.NoError(t, err)
	assert.Equal(t, money.Money(14_000), fee)

	terms, err := pricing.ParseReturnTerms("35", true)
	require.NoError(t, err)
	o.Return = terms
	require.NoError(t, o.Validate())
	fee, err = o.Return.Fee(o.Price)
	require.NoError(t, err)
	assert.Equal(t, money.Money(4_900), fee)
	assert.True(t, o.Return.CODFeeOnReturn())
}
