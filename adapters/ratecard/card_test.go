package ratecard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixture is a small card: JNE REG everywhere and cheaper Bandung →
// Jakarta Selatan, JNE JTR with a 10 kg minimum, SiCepat REG, and three
// locations, one of them excluded from COD.
func fixture() ratecard.Spec {
	return ratecard.Spec{
		Rates: []ratecard.RateSpec{
			{
				Courier: "jne", Service: "REG", Name: "JNE Reguler", Origin: "*", Destination: "*",
				PricePerKg: 14_000, EtdMinDays: 2, EtdMaxDays: 3,
				COD: true, CODMax: 5_000_000, CODFeePercent: "2.8", CashbackPercent: "25",
				Insurance: &ratecard.InsuranceSpec{Percent: "0.2", AdminFee: 5_000},
			},
			{
				Courier: "jne", Service: "REG", Name: "JNE Reguler", Origin: "bdg", Destination: "jaksel",
				PricePerKg: 11_000, EtdMinDays: 1, EtdMaxDays: 2,
				COD: true, CODMax: 5_000_000, CODFeePercent: "2.8", CashbackPercent: "25",
			},
			{
				Courier: "jne", Service: "JTR", Name: "JNE Trucking",
				PricePerKg: 5_000, EtdMinDays: 3, EtdMaxDays: 7, VolumetricDivisor: 5000, MinimumKg: 10,
			},
			{
				Courier: "sicepat", Service: "REG", Name: "SiCepat Reguler",
				PricePerKg: 13_000, COD: true, CODFeePercent: "3", CashbackPercent: "20",
				Insurance: &ratecard.InsuranceSpec{Percent: "0.3", Base: "grand_total", AvailableAbove: 500_000},
			},
		},
		Locations: []ratecard.LocationSpec{
			{ID: "jaksel", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12160"}, COD: true},
			{ID: "bdg", Province: "Jawa Barat", City: "Kota Bandung", District: "Coblong", PostalCodes: []string{"40132"}, COD: true},
			{ID: "abepura", Province: "Papua", City: "Kota Jayapura", District: "Abepura", PostalCodes: []string{"99351"}},
		},
		Warehouses: []ratecard.WarehouseSpec{
			{ID: "gudang-bdg", Name: "Gudang Bandung", LocationID: "bdg", Default: true, Stock: map[string]int64{"KOPI": 10}},
			{ID: "gudang-jkt", Name: "Gudang Jakarta", LocationID: "jaksel"},
		},
	}
}

func newCard(t testing.TB, s ratecard.Spec) *ratecard.Card {
	t.Helper()
	c, err := ratecard.New(s)
	require.NoError(t, err)
	return c
}

// requireInvalid checks err is the card's invalid_input error for field.
func requireInvalid(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), err.Error())
	assert.Equal(t, field, errs.Field(err), err.Error())
	assert.True(t, strings.HasPrefix(err.Error(), "ratecard: "), err.Error())
}

func TestNewRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*ratecard.Spec)
		field string
	}{
		{"no_rates", func(s *ratecard.Spec) { s.Rates = nil }, "rates"},
		{"no_courier", func(s *ratecard.Spec) { s.Rates[0].Courier = "" }, "rates[0].courier"},
		{"courier_with_space", func(s *ratecard.Spec) { s.Rates[2].Courier = "j ne" }, "rates[2].courier"},
		{"no_service", func(s *ratecard.Spec) { s.Rates[1].Service = "" }, "rates[1].service"},
		{"name_control_char", func(s *ratecard.Spec) { s.Rates[0].Name = "JNE\nREG" }, "rates[0].name"},
		{"negative_price", func(s *ratecard.Spec) { s.Rates[3].PricePerKg = -1 }, "rates[3].price_per_kg"},
		{"price_too_large", func(s *ratecard.Spec) { s.Rates[3].PricePerKg = money.MaxAmount + 1 }, "rates[3].price_per_kg"},
		{"negative_cod_max", func(s *ratecard.Spec) { s.Rates[0].CODMax = -1 }, "rates[0].cod_max"},
		{"etd_reversed", func(s *ratecard.Spec) { s.Rates[0].EtdMinDays, s.Rates[0].EtdMaxDays = 4, 3 }, "rates[0].etd_min_days"},
		{"etd_too_long", func(s *ratecard.Spec) { s.Rates[0].EtdMaxDays = shipping.MaxEtdDays + 1 }, "rates[0].etd_max_days"},
		{"cod_fee_malformed", func(s *ratecard.Spec) { s.Rates[0].CODFeePercent = "2,8" }, "rates[0].cod_fee_percent"},
		{"cod_fee_over_100", func(s *ratecard.Spec) { s.Rates[0].CODFeePercent = "101" }, "rates[0].cod_fee_percent"},
		{"cashback_negative", func(s *ratecard.Spec) { s.Rates[3].CashbackPercent = "-5" }, "rates[3].cashback_percent"},
		{"return_percent_over_100", func(s *ratecard.Spec) { s.Rates[3].ReturnPercent = "120" }, "rates[3].return_percent"},
		{"return_percent_malformed", func(s *ratecard.Spec) { s.Rates[0].ReturnPercent = "50%" }, "rates[0].return_percent"},
		{"divisor_negative", func(s *ratecard.Spec) { s.Rates[2].VolumetricDivisor = -6000 }, "rates[2].volumetric_divisor"},
		{"tolerance_1000", func(s *ratecard.Spec) { s.Rates[2].ToleranceGrams = new(int64(1000)) }, "rates[2].tolerance_grams"},
		{"minimum_negative", func(s *ratecard.Spec) { s.Rates[2].MinimumKg = -1 }, "rates[2].minimum_kg"},
		{"insurance_base", func(s *ratecard.Spec) { s.Rates[0].Insurance.Base = "gross" }, "rates[0].insurance.base"},
		{"insurance_percent_malformed", func(s *ratecard.Spec) { s.Rates[0].Insurance.Percent = "0.2%" }, "rates[0].insurance.percent"},
		{"insurance_percent_over_100", func(s *ratecard.Spec) { s.Rates[0].Insurance.Percent = "150" }, "rates[0].insurance.percent"},
		{"insurance_admin_negative", func(s *ratecard.Spec) { s.Rates[0].Insurance.AdminFee = -1 }, "rates[0].insurance.admin_fee"},
		{"insurance_flat_fee_alone", func(s *ratecard.Spec) { s.Rates[0].Insurance.FlatFee = 2_500 }, "rates[0].insurance.flat_fee_up_to"},
		{"duplicate_row", func(s *ratecard.Spec) {
			dup := s.Rates[0]
			dup.Courier, dup.Service, dup.Origin, dup.Destination = "JNE", "reg", "", ""
			s.Rates = append(s.Rates, dup)
		}, "rates[4]"},
		{"unknown_origin", func(s *ratecard.Spec) { s.Rates[1].Origin = "bandung" }, "rates[1].origin"},
		{"unknown_destination", func(s *ratecard.Spec) { s.Rates[1].Destination = "jakarta" }, "rates[1].destination"},
		{"location_without_id", func(s *ratecard.Spec) { s.Locations[0].ID = "" }, "locations[0].id"},
		{"location_id_any", func(s *ratecard.Spec) { s.Locations[2].ID = "*" }, "locations[2].id"},
		{"location_id_repeated", func(s *ratecard.Spec) { s.Locations[2].ID = "bdg" }, "locations[2].id"},
		{"location_postal_code", func(s *ratecard.Spec) { s.Locations[0].PostalCodes[1] = "1216" }, "locations[0].postal_codes[1]"},
		{"warehouse_without_id", func(s *ratecard.Spec) { s.Warehouses[1].ID = "" }, "warehouses[1].id"},
		{"warehouse_id_repeated", func(s *ratecard.Spec) { s.Warehouses[1].ID = "gudang-bdg" }, "warehouses[1].id"},
		{"warehouse_without_location", func(s *ratecard.Spec) { s.Warehouses[0].LocationID = "" }, "warehouses[0].location_id"},
		{"warehouse_unknown_location", func(s *ratecard.Spec) { s.Warehouses[0].LocationID = "medan" }, "warehouses[0].location_id"},
		{"two_defaults", func(s *ratecard.Spec) { s.Warehouses[1].Default = true }, "warehouses[1].default"},
		{"negative_stock", func(s *ratecard.Spec) { s.Warehouses[0].Stock["KOPI"] = -1 }, `warehouses[0].stock["KOPI"]`},
		{"stock_without_sku", func(s *ratecard.Spec) { s.Warehouses[0].Stock[""] = 1 }, "warehouses[0].stock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := fixture()
			tt.edit(&s)
			c, err := ratecard.New(s)
			requireInvalid(t, err, tt.field)
			assert.Nil(t, c)
		})
	}
}

func TestNewWithoutLocationsTakesAnyID(t *testing.T) {
	t.Parallel()
	s := fixture()
	s.Locations = nil
	s.Rates[1].Origin, s.Rates[1].Destination = "anywhere", "elsewhere"
	s.Warehouses[0].LocationID = "somewhere"
	c := newCard(t, s)
	opts, err := c.Rates(context.Background(), request("anywhere", "elsewhere", true, item(1000)))
	require.NoError(t, err)
	assert.Equal(t, money.Money(11_000), option(t, opts, "jne:REG").Price)
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c := newCard(t, ratecard.Spec{Rates: []ratecard.RateSpec{
		{Courier: "pos", Service: "KILAT", PricePerKg: 9_000},
		{Courier: "jnt", Service: "EZ", PricePerKg: 15_000, ToleranceGrams: new(int64(0)), ReturnPercent: "50", CODFeeOnReturn: true},
	}})
	opts, err := c.Rates(context.Background(), request("a", "b", false, item(1290)))
	require.NoError(t, err)
	pos := option(t, opts, "pos:KILAT")
	assert.Equal(t, shipping.DefaultWeightRule(), pos.Weight)
	assert.Nil(t, pos.Insurance)
	assert.False(t, pos.COD)
	assert.True(t, pos.CODFeePercent.IsZero())
	assert.True(t, pos.Return.Percent().Equal(money.RateInt(100)), "a return costs the full price by default")
	assert.False(t, pos.Return.CODFeeOnReturn())
	assert.Equal(t, money.Money(9_000), pos.Price, "1.290 g is 1 kg under the default 300 g tolerance")
	jnt := option(t, opts, "jnt:EZ")
	assert.Equal(t, int64(0), jnt.Weight.ToleranceGrams)
	assert.Equal(t, money.Money(30_000), jnt.Price, "an explicit 0 g tolerance bills 1.290 g as 2 kg")
	fee, err := jnt.Return.Fee(jnt.Price)
	require.NoError(t, err)
	assert.Equal(t, money.Money(15_000), fee, "a 50% return percent of the parcel's price")
	assert.True(t, jnt.Return.CODFeeOnReturn())
}

func TestNewCopiesItsInput(t *testing.T) {
	t.Parallel()
	s := fixture()
	c := newCard(t, s)
	s.Locations[0].PostalCodes[0] = "99999"
	s.Warehouses[0].Stock["KOPI"] = 0
	s.Rates[0].Insurance.AdminFee = 1
	ctx := context.Background()

	l, err := c.Location(ctx, "jaksel")
	require.NoError(t, err)
	assert.Equal(t, []string{"12110", "12160"}, l.PostalCodes)
	levels, tracked, err := c.WarehouseStock(ctx, "gudang-bdg", []string{"KOPI"})
	require.NoError(t, err)
	assert.True(t, tracked)
	assert.Equal(t, int64(10), levels["KOPI"])
	opts, err := c.Rates(ctx, request("sby", "jaksel", false, item(1000)))
	require.NoError(t, err)
	assert.Equal(t, money.Money(5_000), option(t, opts, "jne:REG").Insurance.AdminFee)
}
