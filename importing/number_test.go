package importing_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/money"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want money.Money
		code string
	}{
		{in: "50.000", want: 50000},
		{in: "Rp 61.000", want: 61000},
		{in: "Rp61.000,-", want: 61000},
		{in: "rp. 1.250.000", want: 1250000},
		{in: "IDR 61,000", want: 61000},
		{in: "1.250.000,00", want: 1250000},
		{in: "1,250,000.00", want: 1250000},
		{in: "61000", want: 61000},
		{in: "61000.00", want: 61000},
		{in: "0", want: 0},
		{in: "1.250.000,50", code: importing.CodeFractionalRupiah},
		{in: "12,5", code: importing.CodeFractionalRupiah},
		{in: "", code: importing.CodeInvalidAmount},
		{in: "-5.000", code: importing.CodeInvalidAmount},
		{in: "Rp", code: importing.CodeInvalidAmount},
		{in: "lima ribu", code: importing.CodeInvalidAmount},
		{in: "1.25.000", code: importing.CodeInvalidAmount},
		{in: "1.000,000.00.0", code: importing.CodeInvalidAmount},
		{in: "99999999999999999999", code: importing.CodeInvalidAmount},
		{in: "1.000.000.000.000.001", code: importing.CodeInvalidAmount},
	} {
		got, err := importing.ParseAmount(tc.in)
		if tc.code != "" {
			require.Error(t, err, tc.in)
			assert.Equal(t, tc.code, errs.Code(err), tc.in)
			assert.Equal(t, "amount", errs.Field(err), tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestParseWeight(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"100 gr", 100, true}, {"100g", 100, true}, {"250 gram", 250, true}, {"1,2 kg", 1200, true},
		{"1.5kg", 1500, true}, {"2 KG", 2000, true}, {"0,0005 kg", 1, true}, {"1.000 gr", 1000, true},
		{"350", 350, true}, {"0 gr", 0, false}, {"1 ton", 0, false}, {"kg", 0, false}, {"2000 kg", 0, false}, {"1,2,3 kg", 0, false},
	} {
		got, err := importing.ParseWeight(tc.in)
		if !tc.ok {
			assert.Equal(t, importing.CodeInvalidWeight, errs.Code(err), tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestParseQuantity(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"2": 2, "2x": 2, "x3": 3, "4 pcs": 4, "1 buah": 1, "5,00": 5} {
		got, err := importing.ParseQuantity(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "0", "-1", "dua", "10001", "1.5"} {
		_, err := importing.ParseQuantity(in)
		assert.Equal(t, catalog.CodeInvalidQuantity, errs.Code(err), in)
	}
}
