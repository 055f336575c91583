package ratecard_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func item(grams int64) ports.RateItem {
	return ports.RateItem{Name: "Kopi", SKU: "KOPI", Value: 50_000, WeightGrams: grams, Quantity: 1}
}

func sized(grams, qty, l, w, h int64) ports.RateItem {
	return ports.RateItem{Name: "Kardus", SKU: "BOX", Value: 50_000, WeightGrams: grams, Quantity: qty,
		Dimensions: shipping.Dimensions{LengthCm: l, WidthCm: w, HeightCm: h}}
}

// request asks for a parcel from one location id to another; the
// destination allows COD when cod is true.
func request(from, to string, cod bool, items ...ports.RateItem) ports.RateRequest {
	return ports.RateRequest{
		Origin:      shipping.Location{ID: from, COD: true},
		Destination: shipping.Location{ID: to, COD: cod},
		Items:       items,
		GoodsValue:  100_000,
	}
}

// option finds the option with key ("jne:REG") or fails the test.
func option(t testing.TB, opts []shipping.Option, key string) shipping.Option {
	t.Helper()
	for _, o := range opts {
		if o.Key() == key {
			return o
		}
	}
	require.Failf(t, "option not offered", "%s not in %v", key, keys(opts))
	return shipping.Option{}
}

func keys(opts []shipping.Option) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Key())
	}
	return out
}

func TestRatesChargeableWeight(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	tests := []struct {
		name  string
		items []ports.RateItem
		reg   money.Money // JNE REG any → any, 14.000/kg, divisor 6000, tolerance 300 g
		jtr   money.Money // JNE JTR, 5.000/kg, divisor 5000, minimum 10 kg
	}{
		{"1290g_is_1kg", []ports.RateItem{{WeightGrams: 430, Quantity: 3}}, 14_000, 50_000},
		{"1300g_is_2kg", []ports.RateItem{{WeightGrams: 650, Quantity: 2}}, 28_000, 50_000},
		{"under_1kg_is_1kg", []ports.RateItem{item(200)}, 14_000, 50_000},
		{"jtr_above_its_minimum", []ports.RateItem{item(12_290)}, 168_000, 60_000},
		{"volumetric_beats_actual", []ports.RateItem{sized(2_000, 1, 40, 30, 30)}, 84_000, 50_000},
		{"jtr_volumetric_over_minimum", []ports.RateItem{sized(2_000, 1, 60, 50, 40)}, 280_000, 120_000},
		// three 30×20×10 boxes stack to 30×20×30: 3.000 g volumetric
		{"units_stack", []ports.RateItem{sized(100, 3, 30, 20, 10)}, 42_000, 50_000},
		// the longest and widest side of any item, the heights added up:
		// 50×20×(10+2×4) = 18.000 cm³ → 3.000 g → 3 kg
		{"items_stack", []ports.RateItem{sized(100, 1, 50, 10, 10), sized(100, 2, 20, 20, 4), item(500)}, 42_000, 50_000},
		{"actual_beats_volumetric", []ports.RateItem{sized(5_000, 1, 10, 10, 10)}, 70_000, 50_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts, err := c.Rates(context.Background(), request("sby", "jaksel", true, tt.items...))
			require.NoError(t, err)
			assert.Equal(t, tt.reg, option(t, opts, "jne:REG").Price, "jne:REG")
			jtr := option(t, opts, "jne:JTR")
			assert.Equal(t, tt.jtr, jtr.Price, "jne:JTR")
			assert.Equal(t, shipping.WeightRule{VolumetricDivisor: 5000, ToleranceGrams: 300, MinimumKg: 10}, jtr.Weight)
		})
	}
}

func TestRatesWildcardPrecedence(t *testing.T) {
	t.Parallel()
	row := func(from, to string, price money.Money) ratecard.RateSpec {
		return ratecard.RateSpec{Courier: "jne", Service: "REG", Origin: from, Destination: to, PricePerKg: price}
	}
	c := newCard(t, ratecard.Spec{Rates: []ratecard.RateSpec{
		row("A", "B", 13_000), // listed first, so card order cannot be what decides
		row("*", "*", 10_000),
		row("A", "", 11_000),
		row("", "B", 12_000),
		{Courier: "jne", Service: "YES", Origin: "A", Destination: "B", PricePerKg: 30_000},
	}})
	tests := []struct {
		name, from, to string
		price          money.Money
	}{
		{"exact_route", "A", "B", 13_000},
		{"destination_beats_origin", "D", "B", 12_000},
		{"origin_over_any", "A", "C", 11_000},
		{"any_to_any", "D", "C", 10_000},
		{"no_origin_id", "", "C", 10_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts, err := c.Rates(context.Background(), request(tt.from, tt.to, true, item(1000)))
			require.NoError(t, err)
			assert.Equal(t, tt.price, option(t, opts, "jne:REG").Price)
			wantKeys := []string{"jne:REG"}
			if tt.from == "A" && tt.to == "B" {
				wantKeys = append(wantKeys, "jne:YES")
			}
			assert.Equal(t, wantKeys, keys(opts), "one option per courier service")
		})
	}
	// The destination-specific row wins over the origin-specific one
	// whichever comes first in the card.
	reversed := newCard(t, ratecard.Spec{Rates: []ratecard.RateSpec{row("", "B", 12_000), row("A", "", 11_000)}})
	opts, err := reversed.Rates(context.Background(), request("A", "B", true, item(1000)))
	require.NoError(t, err)
	assert.Equal(t, money.Money(12_000), option(t, opts, "jne:REG").Price)
}

func TestRatesNoRouteIsEmpty(t *testing.T) {
	t.Parallel()
	c := newCard(t, ratecard.Spec{Rates: []ratecard.RateSpec{
		{Courier: "jne", Service: "REG", Origin: "A", Destination: "B", PricePerKg: 10_000},
	}})
	opts, err := c.Rates(context.Background(), request("B", "A", true, item(1000)))
	require.NoError(t, err)
	assert.Empty(t, opts)
}

func TestRatesOptionTerms(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	opts, err := c.Rates(context.Background(), request("bdg", "jaksel", true, item(1000)))
	require.NoError(t, err)
	reg := option(t, opts, "jne:REG")
	assert.Equal(t, "JNE Reguler", reg.Name)
	assert.Equal(t, money.Money(11_000), reg.Price, "the Bandung → Jakarta Selatan row")
	assert.Equal(t, 1, reg.EtdMinDays)
	assert.Equal(t, 2, reg.EtdMaxDays)
	assert.True(t, reg.COD)
	assert.Equal(t, money.Money(5_000_000), reg.CODMax)
	assert.True(t, reg.CODFeePercent.Equal(money.MustRate("2.8")), reg.CODFeePercent.String())
	assert.True(t, reg.CashbackPercent.Equal(money.MustRate("25")), reg.CashbackPercent.String())
	assert.Nil(t, reg.Insurance, "the specific row has no insurance of its own")
	require.NoError(t, reg.Validate())

	sicepat := option(t, opts, "sicepat:REG")
	require.NotNil(t, sicepat.Insurance)
	assert.Equal(t, shipping.GrandTotal, sicepat.Insurance.Base)
	assert.True(t, sicepat.Insurance.Percent.Equal(money.MustRate("0.3")))
	assert.Equal(t, money.Money(500_000), sicepat.Insurance.AvailableAbove)

	// an option is the caller's to change
	sicepat.Insurance.Percent = money.MustRate("99")
	again, err := c.Rates(context.Background(), request("bdg", "jaksel", true, item(1000)))
	require.NoError(t, err)
	assert.True(t, option(t, again, "sicepat:REG").Insurance.Percent.Equal(money.MustRate("0.3")))
}

func TestRatesCOD(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	all := []string{"sicepat:REG", "jne:REG", "jne:JTR"} // by price for 1 kg: 13.000, 14.000, 50.000
	tests := []struct {
		name    string
		to      string
		destCOD bool // what the request says of the destination
		onlyCOD bool // req.COD
		want    []string
		cod     []string // the options offering COD
	}{
		{"destination_with_cod", "jaksel", true, false, []string{"sicepat:REG", "jne:REG", "jne:JTR"}, []string{"sicepat:REG", "jne:REG"}},
		{"only_cod_services", "jaksel", true, true, []string{"sicepat:REG", "jne:REG"}, []string{"sicepat:REG", "jne:REG"}},
		{"request_excludes_destination", "jaksel", false, false, all, nil},
		{"request_excludes_destination_only_cod", "jaksel", false, true, nil, nil},
		{"card_excludes_destination", "abepura", true, false, all, nil},
		{"card_excludes_destination_only_cod", "abepura", true, true, nil, nil},
		{"unlisted_destination_with_cod", "medan", true, true, []string{"sicepat:REG", "jne:REG"}, []string{"sicepat:REG", "jne:REG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := request("sby", tt.to, tt.destCOD, item(1000))
			req.COD = tt.onlyCOD
			opts, err := c.Rates(context.Background(), req)
			require.NoError(t, err)
			assert.Equal(t, tt.want, keys(opts))
			var cod []string
			for _, o := range opts {
				if o.COD {
					cod = append(cod, o.Key())
					require.NoError(t, shipping.CheckCOD(o, req.Destination))
				}
			}
			assert.Equal(t, tt.cod, cod)
		})
	}
}

func TestRatesCouriers(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	tests := []struct {
		name     string
		couriers []string
		want     []string
	}{
		{"all", nil, []string{"sicepat:REG", "jne:REG", "jne:JTR"}},
		{"one", []string{"jne"}, []string{"jne:REG", "jne:JTR"}},
		{"without_regard_to_case", []string{"SiCepat"}, []string{"sicepat:REG"}},
		{"unknown", []string{"anteraja"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := request("sby", "jaksel", true, item(1000))
			req.Couriers = tt.couriers
			opts, err := c.Rates(context.Background(), req)
			require.NoError(t, err)
			assert.Equal(t, tt.want, keys(opts))
		})
	}
}

func TestRatesSortedByPriceThenCode(t *testing.T) {
	t.Parallel()
	c := newCard(t, ratecard.Spec{Rates: []ratecard.RateSpec{
		{Courier: "sicepat", Service: "REG", PricePerKg: 10_000},
		{Courier: "jne", Service: "YES", PricePerKg: 10_000},
		{Courier: "jne", Service: "REG", PricePerKg: 10_000},
		{Courier: "anteraja", Service: "SD", PricePerKg: 20_000},
		{Courier: "pos", Service: "KILAT", PricePerKg: 9_000},
	}})
	opts, err := c.Rates(context.Background(), request("A", "B", true, item(1000)))
	require.NoError(t, err)
	assert.Equal(t, []string{"pos:KILAT", "jne:REG", "jne:YES", "sicepat:REG", "anteraja:SD"}, keys(opts))
}

func TestRatesRejectsBadItems(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	tests := []struct {
		name  string
		items []ports.RateItem
		field string
	}{
		{"no_items", nil, "items"},
		{"zero_quantity", []ports.RateItem{{WeightGrams: 100}}, "items[0].quantity"},
		{"negative_weight", []ports.RateItem{item(1000), item(-1)}, "items[1].weight_grams"},
		{"negative_dimension", []ports.RateItem{sized(100, 1, -1, 10, 10)}, "items[0].dimensions.length_cm"},
		{"dimension_too_large", []ports.RateItem{sized(100, 1, 10, shipping.MaxDimensionCm+1, 10)}, "items[0].dimensions.width_cm"},
		{"stack_too_high", []ports.RateItem{sized(1, 1, 10, 10, 10), sized(1, shipping.MaxDimensionCm/10, 10, 10, 10)}, "items[1].quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts, err := c.Rates(context.Background(), request("bdg", "jaksel", true, tt.items...))
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.field, errs.Field(err), err.Error())
			assert.Nil(t, opts)
		})
	}
	// The request is checked even where the card has no route.
	narrow := newCard(t, ratecard.Spec{Rates: []ratecard.RateSpec{{Courier: "jne", Service: "REG", Origin: "A", Destination: "B", PricePerKg: 1}}})
	_, err := narrow.Rates(context.Background(), request("X", "Y", true))
	require.ErrorIs(t, err, errs.Invalid)
}

func TestRatesPriceTooLarge(t *testing.T) {
	t.Parallel()
	c := newCard(t, ratecard.Spec{Rates: []ratecard.RateSpec{{Courier: "jne", Service: "REG", PricePerKg: money.MaxAmount / 2}}})
	_, err := c.Rates(context.Background(), request("A", "B", true, item(2_000)))
	require.NoError(t, err, "2 kg × MaxAmount/2 is just within bounds")
	_, err = c.Rates(context.Background(), request("A", "B", true, item(3_000)))
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "items", errs.Field(err))
}

func TestMethodsHonourCancelledContext(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Rates(ctx, request("bdg", "jaksel", true, item(1000)))
	require.ErrorIs(t, err, context.Canceled)
	_, err = c.Location(ctx, "jaksel")
	require.ErrorIs(t, err, context.Canceled)
	_, err = c.SearchLocations(ctx, "jakarta", 10)
	require.ErrorIs(t, err, context.Canceled)
	_, err = c.Warehouses(ctx)
	require.ErrorIs(t, err, context.Canceled)
	_, _, err = c.WarehouseStock(ctx, "gudang-bdg", []string{"KOPI"})
	require.ErrorIs(t, err, context.Canceled)
}

func TestRatesConcurrent(t *testing.T) {
	t.Parallel()
	c := newCard(t, fixture())
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			opts, err := c.Rates(context.Background(), request("bdg", "jaksel", i%2 == 0, item(int64(1000+i*100))))
			assert.NoError(t, err)
			assert.NotEmpty(t, opts)
			for j := range opts {
				if opts[j].Insurance != nil {
					opts[j].Insurance.AdminFee++ // each caller owns its options
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkRates prices a 1 kg parcel on the demo card (eight courier
// services match the route): go test -run x -bench Rates -benchmem ./adapters/ratecard
func BenchmarkRates(b *testing.B) {
	c, err := ratecard.Load("testdata/demo.json")
	require.NoError(b, err)
	req := request("bdg-coblong", "jaksel-kebayoran-baru", true, item(1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Rates(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}
