package ratecard_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadDemo(t *testing.T) {
	t.Parallel()
	c, err := ratecard.Load("testdata/demo.json")
	require.NoError(t, err)
	ctx := context.Background()

	from, err := c.Location(ctx, "bdg-coblong")
	require.NoError(t, err)
	to, err := c.Location(ctx, "jaksel-kebayoran-baru")
	require.NoError(t, err)
	opts, err := c.Rates(ctx, demoRequest(from, to, 1_300))
	require.NoError(t, err)
	assert.Equal(t, []string{"jne:REG", "sap:REG", "ninja:STD", "sicepat:REG", "jnt:EZ", "jne:YES", "jne:JTR"}, keys(opts))
	reg := option(t, opts, "jne:REG")
	assert.Equal(t, money.Money(22_000), reg.Price, "2 kg on the Bandung → Jakarta Selatan row")
	require.NotNil(t, reg.Insurance)
	ins, err := reg.Insurance.Premium(1_000_000, 1_100_000)
	require.NoError(t, err)
	assert.Equal(t, money.Money(7_000), ins.Fee, "JNE 0.2% + Rp5.000")
	assert.Equal(t, money.Money(50_000), option(t, opts, "jne:JTR").Price, "JTR bills at least 10 kg")
	for _, o := range opts {
		require.NoError(t, o.Validate(), o.Key())
	}

	papua, err := c.Location(ctx, "jayapura-abepura")
	require.NoError(t, err)
	assert.False(t, papua.COD)
	opts, err = c.Rates(ctx, demoRequest(from, papua, 1_000))
	require.NoError(t, err)
	assert.Equal(t, money.Money(42_000), option(t, opts, "jnt:EZ").Price, "the Papua row")
	for _, o := range opts {
		assert.False(t, o.COD, "%s: Abepura is excluded from COD", o.Key())
	}

	ws, err := c.Warehouses(ctx)
	require.NoError(t, err)
	w, err := shipping.ChooseWarehouse(ws, map[string]int64{"KOPI-250": 20}, func(id, sku string) int64 {
		levels, tracked, err := c.WarehouseStock(ctx, id, []string{sku})
		require.NoError(t, err)
		require.True(t, tracked)
		return levels[sku]
	})
	require.NoError(t, err)
	assert.Equal(t, "gudang-bdg", w.ID)
}

func demoRequest(from, to shipping.Location, grams int64) ports.RateRequest {
	req := request(from.ID, to.ID, to.COD, item(grams))
	req.Origin, req.Destination = from, to
	return req
}

const minimal = `{"rates": [{"courier": "jne", "service": "REG", "price_per_kg": 14000}]}`

func TestParseMinimal(t *testing.T) {
	t.Parallel()
	c, err := ratecard.Parse(strings.NewReader(minimal))
	require.NoError(t, err)
	opts, err := c.Rates(context.Background(), request("a", "b", true, item(1_000)))
	require.NoError(t, err)
	require.Len(t, opts, 1)
	assert.Equal(t, money.Money(14_000), opts[0].Price)
	assert.Equal(t, shipping.DefaultWeightRule(), opts[0].Weight)
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	row := func(fields string) string {
		return `{"rates": [{"courier": "jne", "service": "REG", "price_per_kg": 14000}, {"courier": "jne", "service": "YES", ` + fields + `}]}`
	}
	tests := []struct {
		name    string
		json    string
		field   string
		message string // a part of the message
		code    string // "" is invalid_input
	}{
		{"empty", ``, "", "empty", "invalid_json"},
		{"cut_short", `{"rates": [`, "", "cut short", "invalid_json"},
		{"malformed", "{\n  \"rates\": [\n    {\"courier\": \"jne\",}\n  ]\n}", "", "line 3, column", "invalid_json"},
		{"not_an_object", `[]`, "", "must be an object", "invalid_type"},
		{"trailing_data", minimal + ` {}`, "", "unexpected data after the document", "invalid_json"},
		{"duplicate_key", row(`"price_per_kg": 24000, "price_per_kg": 1`), "rates[1].price_per_kg", "twice", "duplicate_field"},
		{"name_in_capitals", row(`"PRICE_PER_KG": 1`), "rates[1].PRICE_PER_KG", "unknown field", "unknown_field"},
		{"null_card", `null`, "rates", "at least one rate", ""},
		{"no_rates", `{"rates": []}`, "rates", "at least one rate", ""},
		{"rates_not_a_list", `{"rates": {}}`, "rates", "must be an array", "invalid_type"},
		{"unknown_top_field", `{"rate": []}`, "rate", `unknown field "rate"`, "unknown_field"},
		{"unknown_row_field", row(`"price": 1`), "rates[1].price", `unknown field "price"`, "unknown_field"},
		{"unknown_insurance_field", row(`"insurance": {"pct": "0.2"}`), "rates[1].insurance.pct", `unknown field "pct"`, "unknown_field"},
		{"price_as_string", row(`"price_per_kg": "24000"`), "rates[1].price_per_kg", "must be a whole number", "invalid_type"},
		{"price_with_fraction", row(`"price_per_kg": 24000.5`), "rates[1].price_per_kg", "must be a whole number", "invalid_type"},
		{"percent_as_number", row(`"cod_fee_percent": 2.8`), "rates[1].cod_fee_percent", "must be a string", "invalid_type"},
		{"percent_malformed", row(`"cod_fee_percent": "2,8"`), "rates[1].cod_fee_percent", "2,8", ""},
		{"cod_as_string", row(`"cod": "yes"`), "rates[1].cod", "must be true or false", "invalid_type"},
		{"tolerance_too_large", row(`"tolerance_grams": 1000`), "rates[1].tolerance_grams", "tolerance", ""},
		{"insurance_base", row(`"insurance": {"percent": "0.3", "base": "subtotal"}`), "rates[1].insurance.base", "subtotal", ""},
		{"insurance_amount_type", row(`"insurance": {"admin_fee": "5000"}`), "rates[1].insurance.admin_fee", "must be a whole number", "invalid_type"},
		{"insurance_not_an_object", row(`"insurance": true`), "rates[1].insurance", "must be an object", "invalid_type"},
		{"location_field", `{"rates": [{"courier": "jne", "service": "REG"}], "locations": [{"id": "a"}, {"id": "b", "kota": "Bandung"}]}`, "locations[1].kota", `unknown field "kota"`, "unknown_field"},
		{"location_postal_code", `{"rates": [{"courier": "jne", "service": "REG"}], "locations": [{"id": "a", "postal_codes": ["4013"]}]}`, "locations[0].postal_codes[0]", "five digits", ""},
		{"warehouse_stock_type", `{"rates": [{"courier": "jne", "service": "REG"}], "warehouses": [{"id": "w", "location_id": "a", "stock": {"KOPI": "ten"}}]}`, "warehouses[0].stock.KOPI", "whole number", "invalid_type"},
		{"warehouse_stock_negative", `{"rates": [{"courier": "jne", "service": "REG"}], "warehouses": [{"id": "w", "location_id": "a", "stock": {"KOPI": -1}}]}`, `warehouses[0].stock["KOPI"]`, "negative", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := ratecard.Parse(strings.NewReader(tt.json))
			require.Error(t, err)
			assert.Nil(t, c)
			require.ErrorIs(t, err, errs.Invalid)
			code := tt.code
			if code == "" {
				code = errs.CodeInvalidInput
			}
			assert.Equal(t, code, errs.Code(err), err.Error())
			assert.Equal(t, tt.field, errs.Field(err), err.Error())
			assert.Contains(t, err.Error(), tt.message)
			assert.True(t, strings.HasPrefix(err.Error(), "ratecard: "), err.Error())
		})
	}
}

func TestParseExplicitZeroTolerance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		field string
		want  int64
	}{{`"tolerance_grams": 0`, 0}, {`"tolerance_grams": null`, 300}, {`"tolerance_grams": 150`, 150}} {
		c, err := ratecard.Parse(strings.NewReader(`{"rates": [{"courier": "jnt", "service": "EZ", "price_per_kg": 1, ` + tt.field + `}]}`))
		require.NoError(t, err, tt.field)
		opts, err := c.Rates(context.Background(), request("a", "b", true, item(1_000)))
		require.NoError(t, err)
		assert.Equal(t, tt.want, opts[0].Weight.ToleranceGrams, tt.field)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	_, err := ratecard.Load("testdata/missing.json")
	require.ErrorIs(t, err, fs.ErrNotExist)

	boom := errors.New("disk on fire")
	_, err = ratecard.Parse(iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)
}
