package money

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/shopspring/decimal"
)

// Rounding says which way a fractional rupiah goes.
type Rounding uint8

// The rounding directions (see docs/money.md). The zero value is no direction: a rule
// that takes a Rounding reads it as the rule's own default (the COD fee
// rounds up), and [Rate.Apply] refuses it.
const (
	Down   Rounding = iota + 1 // toward negative infinity (floor): discounts, cashback, taxes
	Up                         // toward positive infinity (ceil): COD fee, insurance
	HalfUp                     // to the nearest rupiah, halves away from zero
)

// Valid reports whether r is a declared rounding.
func (r Rounding) Valid() bool { return r >= Down && r <= HalfUp }

// Or returns r, or def when r is the zero value.
func (r Rounding) Or(def Rounding) Rounding {
	if r == 0 {
		return def
	}
	return r
}

// String returns "down", "up" or "half_up".
func (r Rounding) String() string {
	switch r {
	case Down:
		return "down"
	case Up:
		return "up"
	case HalfUp:
		return "half_up"
	}
	return "invalid"
}

// ParseRounding reads "down", "up" or "half_up". The empty string gives def.
// Any other string is invalid_input.
func ParseRounding(s string, def Rounding) (Rounding, error) {
	switch s {
	case "":
		return def, nil
	case "down":
		return Down, nil
	case "up":
		return Up, nil
	case "half_up":
		return HalfUp, nil
	}
	return 0, errs.Invalidf(errs.CodeInvalidInput, "money: rounding %q is not one of up, half_up, down", s)
}

// MarshalText implements encoding.TextMarshaler.
func (r Rounding) MarshalText() ([]byte, error) {
	if r == 0 {
		return []byte{}, nil
	}
	if !r.Valid() {
		return nil, errInvalidRounding(r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Rounding) UnmarshalText(b []byte) error {
	v, err := ParseRounding(string(b), 0)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

func errInvalidRounding(r Rounding) error {
	return errs.Invalidf(errs.CodeInvalidInput, "money: invalid rounding %d", uint8(r))
}

// Rate is an exact non-negative rational number: a percentage such as 2.8, a
// factor such as 11/12. It is kept as a reduced fraction so that products of
// rates stay exact and a rate applied to money divides only once, last.
// The zero value is 0.
type Rate struct {
	num, den uint64 // den == 0 means the zero value, read as 0/1
}

// RateInt returns the rate n (n ≥ 0; a negative n gives 0).
func RateInt(n int64) Rate {
	if n <= 0 {
		return Rate{}
	}
	return Rate{num: uint64(n), den: 1}
}

// NewRate returns num/den reduced. It fails with invalid_input when den is 0.
func NewRate(num, den uint64) (Rate, error) {
	if den == 0 {
		return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: rate %d/0 divides by zero", num)
	}
	return reduce(num, den), nil
}

// ParseRate reads a non-negative rate written as a decimal ("2.8", "0.25",
// "12") or a fraction of decimals ("11/12", "0.5/3"). Errors are
// invalid_input: an empty, negative, malformed or too precise number.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: empty rate")
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		n, err := parseDecimalRate(strings.TrimSpace(s[:i]), s)
		if err != nil {
			return Rate{}, err
		}
		d, err := parseDecimalRate(strings.TrimSpace(s[i+1:]), s)
		if err != nil {
			return Rate{}, err
		}
		if d.IsZero() {
			return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: rate %q divides by zero", s)
		}
		return n.Div(d)
	}
	return parseDecimalRate(s, s)
}

// MustRate is ParseRate for constants known to be valid; it panics on a
// malformed rate and is meant for tests, examples and package-level values.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

func parseDecimalRate(s, whole string) (Rate, error) {
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' {
			return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: rate %q is not a non-negative decimal or fraction", whole)
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: rate %q is not a non-negative decimal or fraction", whole)
	}
	coef := d.Coefficient()
	exp := d.Exponent()
	if !coef.IsUint64() || exp < -18 || exp > 18 {
		return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: rate %q is too large or too precise", whole)
	}
	num, den := coef.Uint64(), uint64(1)
	for ; exp < 0; exp++ {
		den *= 10
	}
	for ; exp > 0; exp-- {
		hi, lo := bits.Mul64(num, 10)
		if hi != 0 {
			return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: rate %q is too large", whole)
		}
		num = lo
	}
	return reduce(num, den), nil
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func reduce(num, den uint64) Rate {
	if num == 0 {
		return Rate{}
	}
	g := gcd(num, den)
	return Rate{num: num / g, den: den / g}
}

func (r Rate) parts() (num, den uint64) {
	if r.den == 0 {
		return 0, 1
	}
	return r.num, r.den
}

// IsZero reports whether r is 0.
func (r Rate) IsZero() bool { return r.num == 0 }

// Num returns r's reduced numerator.
func (r Rate) Num() uint64 { n, _ := r.parts(); return n }

// Den returns r's reduced denominator (1 for whole numbers and for 0).
func (r Rate) Den() uint64 { _, d := r.parts(); return d }

// Cmp compares r and o: -1, 0 or +1.
func (r Rate) Cmp(o Rate) int {
	an, ad := r.parts()
	bn, bd := o.parts()
	h1, l1 := bits.Mul64(an, bd)
	h2, l2 := bits.Mul64(bn, ad)
	switch {
	case h1 < h2 || (h1 == h2 && l1 < l2):
		return -1
	case h1 == h2 && l1 == l2:
		return 0
	}
	return 1
}

// Equal reports whether r and o are the same number.
func (r Rate) Equal(o Rate) bool { return r.Cmp(o) == 0 }

func errRateOverflow() error {
	return errs.Invalidf(errs.CodeInvalidInput, "money: rate arithmetic is too precise")
}

// mulFrac returns (an·bn)/(ad·bd) reduced, or an error when it does not fit.
func mulFrac(an, ad, bn, bd uint64) (Rate, error) {
	if an == 0 || bn == 0 {
		return Rate{}, nil
	}
	// cross-reduce first so realistic products stay small
	g1, g2 := gcd(an, bd), gcd(bn, ad)
	an, bd, bn, ad = an/g1, bd/g1, bn/g2, ad/g2
	hn, n := bits.Mul64(an, bn)
	hd, d := bits.Mul64(ad, bd)
	if hn != 0 || hd != 0 {
		return Rate{}, errRateOverflow()
	}
	return reduce(n, d), nil
}

// Mul returns r × o exactly. It fails with invalid_input when the exact
// result does not fit 64-bit numerator and denominator.
func (r Rate) Mul(o Rate) (Rate, error) {
	an, ad := r.parts()
	bn, bd := o.parts()
	return mulFrac(an, ad, bn, bd)
}

// Div returns r / o exactly. It fails with invalid_input when o is 0 or the
// result does not fit.
func (r Rate) Div(o Rate) (Rate, error) {
	if o.IsZero() {
		return Rate{}, errs.Invalidf(errs.CodeInvalidInput, "money: division by a zero rate")
	}
	an, ad := r.parts()
	bn, bd := o.parts()
	return mulFrac(an, ad, bd, bn)
}

// Add returns r + o exactly. It fails with invalid_input when the result
// does not fit.
func (r Rate) Add(o Rate) (Rate, error) {
	an, ad := r.parts()
	bn, bd := o.parts()
	g := gcd(ad, bd)
	// an·(bd/g) + bn·(ad/g) over ad·(bd/g)
	h1, x := bits.Mul64(an, bd/g)
	h2, y := bits.Mul64(bn, ad/g)
	hd, d := bits.Mul64(ad, bd/g)
	sum, carry := bits.Add64(x, y, 0)
	if h1 != 0 || h2 != 0 || hd != 0 || carry != 0 {
		return Rate{}, errRateOverflow()
	}
	return reduce(sum, d), nil
}

// Percent returns r / 100: the factor a percentage stands for.
func (r Rate) Percent() (Rate, error) {
	return r.Div(Rate{num: 100, den: 1})
}

// Apply returns m × r rounded once as mode says. The product is computed
// exactly (multiply first, divide last) in 128-bit integer arithmetic, with
// an exact decimal fallback when the quotient does not fit 64 bits; the
// result must be within ±[MaxAmount] or the error is invalid_input.
func (r Rate) Apply(m Money, mode Rounding) (Money, error) {
	if !mode.Valid() {
		return 0, errInvalidRounding(mode)
	}
	num, den := r.parts()
	if m == 0 || num == 0 {
		return 0, nil
	}
	neg := m < 0
	var a uint64
	if neg {
		a = uint64(-(m + 1)) + 1 // |m| without overflow at MinInt64
	} else {
		a = uint64(m)
	}
	if neg { // rounding a negative magnitude flips floor and ceil
		switch mode {
		case Down:
			mode = Up
		case Up:
			mode = Down
		}
	}
	hi, lo := bits.Mul64(a, num)
	var q uint64
	if hi < den {
		var rem uint64
		q, rem = bits.Div64(hi, lo, den)
		switch mode {
		case Up:
			if rem != 0 {
				q++
			}
		case HalfUp:
			// rem ≥ den - rem  ⇔  2·rem ≥ den, without overflow
			if rem >= den-rem {
				q++
			}
		}
	} else {
		v, err := applyBig(a, num, den, mode)
		if err != nil {
			return 0, err
		}
		q = v
	}
	if q > uint64(MaxAmount) {
		return 0, errs.Invalidf(errs.CodeInvalidInput, "money: amount %s × %s is too large", m.digits(), r.String())
	}
	if neg {
		return -Money(q), nil
	}
	return Money(q), nil
}

// applyBig is Apply's exact fallback for products whose quotient does not fit
// 64 bits; such results always exceed MaxAmount, but are computed exactly so
// the error path never guesses.
func applyBig(a, num, den uint64, mode Rounding) (uint64, error) {
	p := decimal.NewFromBigInt(new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(num)), 0)
	q, rem := p.QuoRem(decimal.NewFromBigInt(new(big.Int).SetUint64(den), 0), 0)
	if rem.Sign() != 0 {
		switch mode {
		case Up:
			q = q.Add(decimal.NewFromInt(1))
		case HalfUp:
			if rem.Mul(decimal.NewFromInt(2)).Cmp(decimal.NewFromBigInt(new(big.Int).SetUint64(den), 0)) >= 0 {
				q = q.Add(decimal.NewFromInt(1))
			}
		}
	}
	if !q.BigInt().IsUint64() {
		return math.MaxUint64, nil
	}
	return q.BigInt().Uint64(), nil
}

// ApplyPercent returns m × pct / 100 rounded once as mode says.
func ApplyPercent(m Money, pct Rate, mode Rounding) (Money, error) {
	f, err := pct.Percent()
	if err != nil {
		return 0, err
	}
	return f.Apply(m, mode)
}

// Decimal returns r as a decimal, exact when r has a terminating decimal
// expansion and rounded to 16 places otherwise.
func (r Rate) Decimal() decimal.Decimal {
	num, den := r.parts()
	n := decimal.NewFromBigInt(new(big.Int).SetUint64(num), 0)
	if den == 1 {
		return n
	}
	return n.DivRound(decimal.NewFromBigInt(new(big.Int).SetUint64(den), 0), 16)
}

// String writes r the way ParseRate reads it: a decimal when it terminates
// ("2.8"), otherwise a fraction ("11/12").
func (r Rate) String() string {
	var buf [48]byte
	return string(r.appendText(buf[:0]))
}

// MarshalText writes r as [Rate.String] does.
func (r Rate) MarshalText() ([]byte, error) { return r.appendText(make([]byte, 0, 24)), nil }

// pow10 holds 10^0 … 10^16.
var pow10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16}

// appendText appends r as [Rate.String] writes it. A terminating decimal
// of at most 16 places (every rate a seller writes) is formatted with
// integers; a longer one goes through [Rate.Decimal], which rounds to 16
// places, as it always did.
func (r Rate) appendText(b []byte) []byte {
	num, den := r.parts()
	if den == 1 {
		return strconv.AppendUint(b, num, 10)
	}
	d, twos, fives := den, 0, 0
	for d%2 == 0 {
		d /= 2
		twos++
	}
	for d%5 == 0 {
		d /= 5
		fives++
	}
	if d != 1 {
		b = strconv.AppendUint(b, num, 10)
		b = append(b, '/')
		return strconv.AppendUint(b, den, 10)
	}
	places := max(twos, fives)
	if places >= len(pow10) {
		return append(b, r.Decimal().String()...)
	}
	// den divides 10^places, and num%den < den, so the fraction's digits
	// (num%den) × 10^places/den stay below 10^places ≤ 10^16.
	b = strconv.AppendUint(b, num/den, 10)
	frac := num % den * (pow10[places] / den)
	if frac == 0 {
		return b
	}
	b = append(b, '.')
	for frac%10 == 0 {
		frac /= 10
		places--
	}
	var digits [len(pow10) - 1]byte
	for i := places - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	return append(b, digits[:places]...)
}

// UnmarshalText reads r as [ParseRate] does.
func (r *Rate) UnmarshalText(b []byte) error {
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
