package importing

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/money"
)

// maxNumberInput bounds the text the number parsers read.
const maxNumberInput = 64

// ParseAmount reads an amount of rupiah written the Indonesian way or as
// an export writes it: "50.000", "Rp 61.000", "Rp61.000,-", "IDR 61,000",
// "1.250.000,00", "61000", "61000.00". Dots and commas between groups of
// three digits group thousands; a single separator followed by one or two
// digits (or, when both separators appear, the last one) starts the
// fraction. The amount must be whole rupiah and within money.MaxAmount.
//
// Errors (field "amount"): invalid_amount for a text that is not such an
// amount (empty, negative, letters, groups of the wrong size, too large);
// fractional_rupiah for a non-zero fraction ("1.250.000,50").
func ParseAmount(s string) (money.Money, error) {
	const field = "amount"
	if len(s) > maxNumberInput {
		return 0, invalid(CodeInvalidAmount, field, "amount %.20q… is too long", s)
	}
	t := strings.TrimSpace(s)
	for _, p := range []string{"rp.", "rp", "idr"} {
		if len(t) >= len(p) && strings.EqualFold(t[:len(p)], p) {
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "-"), ",")
	t = strings.TrimSuffix(t, ".")
	t = strings.ReplaceAll(t, " ", "")
	whole, frac, ok := splitNumber(t)
	if !ok || whole == "" {
		return 0, invalid(CodeInvalidAmount, field, "%q is not an amount of rupiah", s)
	}
	if strings.Trim(frac, "0") != "" {
		return 0, invalid(CodeFractionalRupiah, field, "%q has a fraction of a rupiah; amounts are whole rupiah", s)
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || money.Money(n) > money.MaxAmount {
		return 0, invalid(CodeInvalidAmount, field, "%q is too large an amount", s)
	}
	return money.Money(n), nil
}

// splitNumber splits a number with Indonesian or English separators into
// its whole digits and fraction digits. ok is false for anything else.
func splitNumber(t string) (whole, frac string, ok bool) {
	if t == "" {
		return "", "", false
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9') && r != '.' && r != ',' {
			return "", "", false
		}
	}
	lastDot, lastComma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	dec := -1 // index of the decimal separator
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec = max(lastDot, lastComma)
	case lastDot >= 0 || lastComma >= 0:
		sep := t[max(lastDot, lastComma)]
		n := strings.Count(t, string(sep))
		after := len(t) - max(lastDot, lastComma) - 1
		if n == 1 && after != 3 {
			dec = max(lastDot, lastComma)
		}
	}
	intPart := t
	if dec >= 0 {
		intPart, frac = t[:dec], t[dec+1:]
		if frac == "" || strings.ContainsAny(frac, ".,") {
			return "", "", false
		}
	}
	if intPart == "" {
		intPart = "0"
	}
	if strings.ContainsAny(intPart, ".,") {
		// grouping: one kind of separator, groups of three after the first
		sep := ","
		if strings.Contains(intPart, ".") {
			sep = "."
		}
		groups := strings.Split(intPart, sep)
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return "", "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || strings.ContainsAny(g, ".,") {
				return "", "", false
			}
		}
		intPart = strings.Join(groups, "")
	}
	return intPart, frac, true
}

// ParseWeight reads a weight in grams: "100 gr", "100g", "250 gram",
// "1,2 kg", "1.5kg", "2 kilo"; a bare number is grams. A fraction of a
// gram rounds up. The result is from 1 gram to 1.000 kg.
//
// Errors: invalid_weight (field "weight") for anything else.
func ParseWeight(s string) (int64, error) {
	const field = "weight"
	if len(s) > maxNumberInput {
		return 0, invalid(CodeInvalidWeight, field, "weight %.20q… is too long", s)
	}
	t := strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) })
	num, unit := t, ""
	if i >= 0 {
		num, unit = strings.TrimSpace(t[:i]), strings.TrimSpace(t[i:])
	}
	scale := int64(1)
	switch unit {
	case "", "g", "gr", "grm", "gram", "grams", "gram.":
	case "kg", "kgs", "kilo", "kilogram", "kilograms":
		scale = 1000
	default:
		return 0, invalid(CodeInvalidWeight, field, "%q is not a weight in g or kg", s)
	}
	whole, frac, ok := splitNumber(strings.ReplaceAll(num, " ", ""))
	if !ok || len(whole) > 9 || len(frac) > 6 {
		return 0, invalid(CodeInvalidWeight, field, "%q is not a weight in g or kg", s)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	g := w * scale
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		den := int64(1)
		for range frac {
			den *= 10
		}
		g += (f*scale + den - 1) / den // round up to a whole gram
	}
	if g < 1 || g > 1_000_000 {
		return 0, invalid(CodeInvalidWeight, field, "%q is not a weight from 1 g to 1.000 kg", s)
	}
	return g, nil
}

// ParseQuantity reads a quantity: "2", "2x", "x2", "2 pcs", "3 buah".
//
// Errors: invalid_quantity (field "quantity") for a text that is not a
// whole number from 1 to 10.000.
func ParseQuantity(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, suf := range []string{"pcs", "pc", "buah", "bh", "pack", "pak", "biji", "x"} {
		t = strings.TrimSpace(strings.TrimSuffix(t, suf))
	}
	t = strings.TrimSpace(strings.TrimPrefix(t, "x"))
	t = strings.TrimSuffix(strings.TrimSuffix(t, ",00"), ".00")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 1 || n > 10_000 {
		return 0, invalid(catalog.CodeInvalidQuantity, "quantity", "%.40q is not a quantity from 1 to 10000", s)
	}
	return n, nil
}
