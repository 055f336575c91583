package money_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMoneyString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   int64
		want string
	}{
		{1250000, "Rp1.250.000"},
		{-1250000, "-Rp1.250.000"},
		{0, "Rp0"},
		{999, "Rp999"},
		{1000, "Rp1.000"},
		{math.MinInt64, "-Rp9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, money.Money(tt.in).String())
	}
}

func TestMoneyJSONIsWholeRupiah(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(struct{ A money.Money }{150000})
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":150000}`, string(b))
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		num, den uint64
		str      string
	}{
		{"2.8", 14, 5, "2.8"},
		{"0.25", 1, 4, "0.25"},
		{"11/12", 11, 12, "11/12"},
		{" 12 ", 12, 1, "12"},
		{"0", 0, 1, "0"},
		{"100.000", 100, 1, "100"},
		{"1.5/3", 1, 2, "0.5"},
	}
	for _, tt := range tests {
		r, err := money.ParseRate(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.num, r.Num(), tt.in)
		assert.Equal(t, tt.den, r.Den(), tt.in)
		assert.Equal(t, tt.str, r.String(), tt.in)
	}
	for _, bad := range []string{"", "-1", "abc", "1/0", "1e5", "2,8", "1/2/3", "NaN", "99999999999999999999999"} {
		_, err := money.ParseRate(bad)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%q", bad)
	}
}

func TestRateApplyIsExactMultiplyFirst(t *testing.T) {
	t.Parallel()
	e, err := money.MustRate("12").Mul(money.MustRate("11/12"))
	require.NoError(t, err)
	got, err := money.ApplyPercent(10000000, e, money.Down)
	require.NoError(t, err)
	assert.Equal(t, money.Money(1100000), got, "12% × 11/12 × 10.000.000 is exactly 1.100.000")

	tests := []struct {
		m    int64
		r    string
		mode money.Rounding
		want int64
	}{
		{68600, "0.028", money.Up, 1921},
		{68600, "0.028", money.Down, 1920},
		{68600, "0.028", money.HalfUp, 1921},
		{5, "0.5", money.HalfUp, 3},
		{-5, "0.5", money.HalfUp, -3},
		{-5, "0.5", money.Down, -3},
		{-5, "0.5", money.Up, -2},
		{7, "1/3", money.Down, 2},
		{7, "1/3", money.Up, 3},
	}
	for _, tt := range tests {
		got, err := money.MustRate(tt.r).Apply(money.Money(tt.m), tt.mode)
		require.NoError(t, err)
		assert.Equal(t, money.Money(tt.want), got, "%d × %s %s", tt.m, tt.r, tt.mode)
	}
	_, err = money.MustRate("1").Apply(1, 0)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "no rounding direction")
}

// Apply must agree with an exact decimal computation on any input.
func FuzzRateApply(f *testing.F) {
	f.Add(int64(68600), uint64(28), uint64(1000), uint8(2))
	f.Add(int64(-7), uint64(1), uint64(3), uint8(1))
	f.Add(int64(money.MaxAmount), uint64(math.MaxUint64), uint64(3), uint8(3))
	f.Fuzz(func(t *testing.T, m int64, num, den uint64, mode uint8) {
		r, err := money.NewRate(num, den)
		if err != nil {
			return
		}
		rm := money.Rounding(mode%3 + 1)
		got, err := r.Apply(money.Money(m), rm)
		exact := decimal.NewFromInt(m).Mul(decimal.NewFromUint64(r.Num())).Div(decimal.NewFromUint64(r.Den()))
		q, rem := decimal.NewFromInt(m).Mul(decimal.NewFromUint64(r.Num())).QuoRem(decimal.NewFromUint64(r.Den()), 0)
		want := q
		if rem.Sign() != 0 {
			switch rm {
			case money.Down:
				if rem.Sign() < 0 {
					want = q.Sub(decimal.NewFromInt(1))
				}
			case money.Up:
				if rem.Sign() > 0 {
					want = q.Add(decimal.NewFromInt(1))
				}
			case money.HalfUp:
				want = exact.Round(0)
				if rem.Abs().Mul(decimal.NewFromInt(2)).Cmp(decimal.NewFromUint64(r.Den())) == 0 {
					want = q.Add(decimal.NewFromInt(int64(rem.Sign())))
				}
			}
		}
		if want.Abs().GreaterThan(decimal.NewFromInt(int64(money.MaxAmount))) {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		require.True(t, want.Equal(decimal.NewFromInt(int64(got))), "%d × %d/%d %s: got %d want %s", m, r.Num(), r.Den(), rm, got, want)
	})
}

func TestAllocate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		price int64
		parts []money.Part
		want  []money.Money
	}{
		{"even", 100000, []money.Part{{ListPrice: 60000, Quantity: 1}, {ListPrice: 30000, Quantity: 2}}, []money.Money{50000, 50000}},
		{"remainder_to_largest_fraction", 100, []money.Part{{ListPrice: 1, Quantity: 1}, {ListPrice: 1, Quantity: 1}, {ListPrice: 1, Quantity: 1}}, []money.Money{34, 33, 33}},
		{"tie_goes_to_earlier", 101, []money.Part{{ListPrice: 10, Quantity: 1}, {ListPrice: 10, Quantity: 1}}, []money.Money{51, 50}},
		{"largest_fraction_wins", 10, []money.Part{{ListPrice: 1, Quantity: 1}, {ListPrice: 2, Quantity: 1}}, []money.Money{3, 7}},
		{"all_zero_list_prices_split_by_quantity", 90, []money.Part{{ListPrice: 0, Quantity: 1}, {ListPrice: 0, Quantity: 2}}, []money.Money{30, 60}},
		{"zero_price", 0, []money.Part{{ListPrice: 5, Quantity: 1}}, []money.Money{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := money.Allocate(money.Money(tt.price), tt.parts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			var sum money.Money
			for _, g := range got {
				sum += g
			}
			assert.Equal(t, money.Money(tt.price), sum)
		})
	}
	for _, bad := range [][]money.Part{nil, {{ListPrice: -1, Quantity: 1}}, {{ListPrice: 1, Quantity: 0}}} {
		_, err := money.Allocate(100, bad)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	}
}
