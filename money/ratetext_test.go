package money_test

import (
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/money"
)

// oldRateString is how Rate.String wrote a rate through decimal.Decimal
// before it formatted with integers; the bytes must not change (they are in
// stored JSON, API answers and documents).
func oldRateString(r money.Rate) string {
	num, den := r.Num(), r.Den()
	d := den
	for d%2 == 0 {
		d /= 2
	}
	for d%5 == 0 {
		d /= 5
	}
	if d == 1 {
		return r.Decimal().String()
	}
	return decimal.NewFromBigInt(new(big.Int).SetUint64(num), 0).String() + "/" +
		decimal.NewFromBigInt(new(big.Int).SetUint64(den), 0).String()
}

func TestRateTextIsTheDecimalForm(t *testing.T) {
	t.Parallel()
	check := func(num, den uint64) {
		t.Helper()
		r, err := money.NewRate(num, den)
		require.NoError(t, err)
		want := oldRateString(r)
		require.Equal(t, want, r.String(), "%d/%d", num, den)
		b, err := r.MarshalText()
		require.NoError(t, err)
		require.Equal(t, want, string(b), "%d/%d", num, den)
	}
	check(0, 1)
	for den := uint64(1); den <= 400; den++ {
		for num := uint64(0); num <= 1200; num++ {
			check(num, den)
		}
	}
	// Every power of 2 and 5 and their products as a denominator: up to 16
	// places and past them (where Decimal rounds), with large numerators.
	nums := []uint64{1, 3, 7, 11, 99, 12345, 999999999, 1<<53 + 1, math.MaxUint32, math.MaxUint64 / 3, math.MaxUint64 - 1, math.MaxUint64}
	for p2, two := 0, uint64(1); p2 <= 63; p2, two = p2+1, two*2 {
		for p5, den := 0, two; p5 <= 27; p5++ {
			for _, num := range nums {
				check(num, den)
			}
			if den > math.MaxUint64/5 {
				break
			}
			den *= 5
		}
	}
	for _, s := range []string{"2.8", "0.25", "12", "11/12", "0.5/3", "0.000000000000000001", "1.000000000000000001", "18446744073709551615"} {
		r := money.MustRate(s)
		require.Equal(t, oldRateString(r), r.String(), s)
	}
}

func BenchmarkRateMarshalText(b *testing.B) {
	rates := []money.Rate{money.MustRate("100"), money.MustRate("2.8"), money.MustRate("0.25"), money.MustRate("11/12")}
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range rates {
			if _, err := r.MarshalText(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
