package shipping

import (
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// Bounds on an [Option]'s descriptive fields.
const (
	MaxCodeLength = 64  // longest courier or service code, in bytes
	MaxNameLength = 200 // longest service name, in bytes
	MaxEtdDays    = 365 // longest delivery estimate, in days
)

// Option is one courier service offered for one parcel, as a rate source
// (a courier or an aggregator behind a port) quotes it (see docs/shipping.md). It is a
// plain value; check it with [Option.Validate] before use.
type Option struct {
	Courier string      // courier code, e.g. "jne", "sicepat"
	Service string      // the courier's service code, e.g. "REG", "JTR"
	Name    string      // what people read, e.g. "JNE Reguler"
	Price   money.Money // the courier's price for this parcel (the ongkir)

	EtdMinDays, EtdMaxDays int // estimated days in transit; both 0 when unknown

	COD           bool        // the service collects cash on delivery
	CODFeePercent money.Rate  // the COD service fee, a percentage of the COD amount
	CODMax        money.Money // the largest COD amount the service collects; 0 = no cap

	CashbackPercent money.Rate       // shipping cashback paid back to the seller, a percentage of Price
	Insurance       *InsurancePolicy // nil when the service offers no insurance
	Weight          WeightRule       // how the service bills weight

	// Return is what the service charges when the parcel comes back: its
	// return percent of Price and whether a returned COD parcel still pays
	// the COD fee. The zero value is the usual terms, 100 percent and no COD
	// fee; pricing.NewReturnTerms builds others and refuses a percent above
	// 100, so every value here is valid.
	Return pricing.ReturnTerms
}

// Key returns the option's identity within a rate listing, "courier:service"
// such as "jne:REG".
func (o Option) Key() string { return o.Courier + ":" + o.Service }

// Validate reports whether o is usable. It returns an invalid_input error
// naming the field when:
//   - Courier is empty, longer than MaxCodeLength or holds anything but
//     ASCII letters, digits, '_', '-' and '.';
//   - Service is empty, longer than MaxCodeLength, or holds spaces, control
//     characters or invalid UTF-8; Name is longer than MaxNameLength or
//     holds control characters or invalid UTF-8;
//   - Price or CODMax is negative or beyond money.MaxAmount;
//   - the delivery estimate is not 0 ≤ EtdMinDays ≤ EtdMaxDays ≤ MaxEtdDays;
//   - CODFeePercent or CashbackPercent is above 100;
//   - the insurance policy or the weight rule is invalid.
func (o Option) Validate() error {
	if err := checkCourierCode(o.Courier); err != nil {
		return err
	}
	if o.Service == "" || len(o.Service) > MaxCodeLength || !printable(o.Service, false) {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: service code must be 1–%d printable characters without spaces", MaxCodeLength).WithField("service")
	}
	if len(o.Name) > MaxNameLength || !printable(o.Name, true) {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: service name must be at most %d printable characters", MaxNameLength).WithField("name")
	}
	if err := money.CheckAmount("price", o.Price); err != nil {
		return err
	}
	if err := money.CheckAmount("cod_max", o.CODMax); err != nil {
		return err
	}
	if o.EtdMinDays < 0 || o.EtdMinDays > o.EtdMaxDays || o.EtdMaxDays > MaxEtdDays {
		field := "etd_min_days"
		if o.EtdMaxDays > MaxEtdDays {
			field = "etd_max_days"
		}
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: delivery estimate must satisfy 0 ≤ min ≤ max ≤ %d days, got %d–%d", MaxEtdDays, o.EtdMinDays, o.EtdMaxDays).WithField(field)
	}
	hundred := money.RateInt(100)
	if o.CODFeePercent.Cmp(hundred) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: COD fee percent must be within 0–100, got %s", o.CODFeePercent).WithField("cod_fee_percent")
	}
	if o.CashbackPercent.Cmp(hundred) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: cashback percent must be within 0–100, got %s", o.CashbackPercent).WithField("cashback_percent")
	}
	if o.Insurance != nil {
		if err := o.Insurance.Validate(); err != nil {
			return errs.At("insurance", err)
		}
	}
	return errs.At("weight", o.Weight.Validate())
}

func checkCourierCode(s string) error {
	ok := s != "" && len(s) <= MaxCodeLength
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
	}
	if !ok {
		return errs.Invalidf(errs.CodeInvalidInput, "shipping: courier code must be 1–%d ASCII letters, digits, '_', '-' or '.'", MaxCodeLength).WithField("courier")
	}
	return nil
}

// printable reports whether s is valid UTF-8 without control characters;
// spaces are allowed only when spaces is true. ASCII, the usual text of a
// code or a name, is read byte by byte; the rest from its first other byte
// on as runes.
func printable(s string, spaces bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return printableRunes(s[i:], spaces)
		case c < 0x20 || c == 0x7f: // the ASCII controls; every ASCII space but ' ' is one
			return false
		case c == ' ' && !spaces:
			return false
		}
	}
	return true
}

// printableRunes is printable for any text.
func printableRunes(s string, spaces bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || (!spaces && unicode.IsSpace(r)) {
			return false
		}
	}
	return true
}
