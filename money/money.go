package money

import (
	"strconv"
	"sync"

	"github.com/kasir-id/kasir/errs"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Money is an amount of Indonesian rupiah in whole rupiah. Every amount that
// leaves kasir is whole rupiah (see docs/money.md); fractions only exist inside a
// calculation, which rounds once through [Rate.Apply] and friends.
//
// Money is a plain value: copy it, compare it with ==, marshal it as a JSON
// integer. Amounts accepted from outside are checked against [MaxAmount] so
// that sums of them cannot overflow.
type Money int64

// MaxAmount is the largest amount kasir accepts as input: one quadrillion
// rupiah. Sums of a bounded number of such amounts stay far from int64
// overflow.
const MaxAmount Money = 1_000_000_000_000_000

// Int64 returns m as a number of rupiah.
func (m Money) Int64() int64 { return int64(m) }

// Decimal returns m as a decimal.
func (m Money) Decimal() decimal.Decimal { return decimal.NewFromInt(int64(m)) }

// IsZero reports whether m is zero.
func (m Money) IsZero() bool { return m == 0 }

// Min returns the smaller of m and o.
func (m Money) Min(o Money) Money {
	if o < m {
		return o
	}
	return m
}

// Max returns the larger of m and o.
func (m Money) Max(o Money) Money {
	if o > m {
		return o
	}
	return m
}

// MulInt returns m × n. It fails with invalid_input when the product's
// magnitude exceeds [MaxAmount].
func (m Money) MulInt(n int64) (Money, error) {
	if m == 0 || n == 0 {
		return 0, nil
	}
	p := int64(m) * n
	if p/n != int64(m) || p > int64(MaxAmount) || p < -int64(MaxAmount) {
		return 0, errs.Invalidf(errs.CodeInvalidInput, "money: amount %d × %d is too large", int64(m), n)
	}
	return Money(p), nil
}

// CheckAmount returns an invalid_input error naming field when m is negative
// or larger than [MaxAmount].
func CheckAmount(field string, m Money) error {
	if m < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "money: %s must not be negative, got %d", field, int64(m)).WithField(field)
	}
	if m > MaxAmount {
		return errs.Invalidf(errs.CodeInvalidInput, "money: %s is too large, got %d", field, int64(m)).WithField(field)
	}
	return nil
}

// FromDecimal converts d to whole rupiah, rounding as mode says. It fails with
// invalid_input when the result is outside ±[MaxAmount].
func FromDecimal(d decimal.Decimal, mode Rounding) (Money, error) {
	var r decimal.Decimal
	switch mode {
	case Down:
		r = d.Floor()
	case Up:
		r = d.Ceil()
	case HalfUp:
		r = d.Round(0)
	default:
		return 0, errInvalidRounding(mode)
	}
	if r.Abs().GreaterThan(decimal.NewFromInt(int64(MaxAmount))) {
		return 0, errs.Invalidf(errs.CodeInvalidInput, "money: amount %s is too large", d.String())
	}
	return Money(r.IntPart()), nil
}

// printers hands out Indonesian number printers; a message.Printer is not
// safe for concurrent use, so each formatting call borrows one.
var printers = sync.Pool{New: func() any { return message.NewPrinter(language.Indonesian) }}

// String formats m for people in PUEBI style: "Rp1.250.000", "-Rp1.250.000",
// with the Indonesian digit grouping of golang.org/x/text.
func (m Money) String() string {
	p := printers.Get().(*message.Printer)
	defer printers.Put(p)
	if m < 0 {
		// |m| as uint64, which also holds the magnitude of math.MinInt64
		return "-Rp" + p.Sprint(number.Decimal(uint64(-(m+1))+1))
	}
	return "Rp" + p.Sprint(number.Decimal(int64(m)))
}

// Format is [Money.String] for an int64 amount.
func Format(amount int64) string { return Money(amount).String() }

// digits returns m's plain decimal digits, for messages.
func (m Money) digits() string { return strconv.FormatInt(int64(m), 10) }
