package checkout

import (
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/nyaruka/phonenumbers"
)

// Error codes of phone parsing (see docs/phone.md), both of kind Invalid with field
// "phone".
const (
	CodeInvalidPhone   = "invalid_phone"    // not a valid phone number
	CodePhoneNotMobile = "phone_not_mobile" // a valid number, but not a mobile one
)

// MaxPhoneInput is the longest phone input [ParsePhone] reads, in bytes,
// separators included.
const MaxPhoneInput = 64

// maxPhoneDigits bounds the digits of an input: E.164 allows 15, plus a
// written international prefix such as "0062" or "008".
const maxPhoneDigits = 18

// phoneRegion is the region a number without a country code is read in.
const phoneRegion = "ID"

// PhoneType is the kind of line a number belongs to, as the numbering plan
// tells it. The zero value is PhoneUnknown.
type PhoneType uint8

// The phone types. Indonesian numbers classify cleanly as one of
// mobile, fixed_line, toll_free, premium_rate, shared_cost or uan.
// PhoneUnknown covers valid numbers whose type the plan does not tell:
// North American numbers (which may be fixed or mobile), personal
// numbers, pagers and voicemail access.
const (
	PhoneUnknown     PhoneType = iota // "unknown"
	PhoneMobile                       // "mobile": a cellular number (HP), reachable by SMS and WhatsApp
	PhoneFixedLine                    // "fixed_line": a landline, e.g. (021) 5551234
	PhoneTollFree                     // "toll_free": 0800 …
	PhonePremiumRate                  // "premium_rate": 0809 …
	PhoneSharedCost                   // "shared_cost"
	PhoneVoIP                         // "voip"
	PhoneUAN                          // "uan": a universal access number, e.g. 1500 123
)

var phoneTypeNames = [...]string{"unknown", "mobile", "fixed_line", "toll_free", "premium_rate", "shared_cost", "voip", "uan"}

// Valid reports whether t is a declared type.
func (t PhoneType) Valid() bool { return int(t) < len(phoneTypeNames) }

// String returns the type's name, e.g. "fixed_line".
func (t PhoneType) String() string {
	if t.Valid() {
		return phoneTypeNames[t]
	}
	return "invalid"
}

// ParsePhoneType reads a type name as [PhoneType.String] writes it. Anything
// else is an invalid_input error.
func ParsePhoneType(s string) (PhoneType, error) {
	for i, n := range phoneTypeNames {
		if s == n {
			return PhoneType(i), nil
		}
	}
	return 0, errs.Invalidf(errs.CodeInvalidInput, "checkout: phone type %q is not one of %s", s, strings.Join(phoneTypeNames[:], ", "))
}

// MarshalText implements encoding.TextMarshaler. It fails with
// invalid_input for an undeclared type.
func (t PhoneType) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "checkout: invalid phone type %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler as [ParsePhoneType]
// does.
func (t *PhoneType) UnmarshalText(b []byte) error {
	v, err := ParsePhoneType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

func phoneTypeOf(t phonenumbers.PhoneNumberType) PhoneType {
	switch t {
	case phonenumbers.MOBILE:
		return PhoneMobile
	case phonenumbers.FIXED_LINE:
		return PhoneFixedLine
	case phonenumbers.TOLL_FREE:
		return PhoneTollFree
	case phonenumbers.PREMIUM_RATE:
		return PhonePremiumRate
	case phonenumbers.SHARED_COST:
		return PhoneSharedCost
	case phonenumbers.VOIP:
		return PhoneVoIP
	case phonenumbers.UAN:
		return PhoneUAN
	}
	// FIXED_LINE_OR_MOBILE (no Indonesian number is), PERSONAL_NUMBER,
	// PAGER, VOICEMAIL, UNKNOWN: not known to be a mobile.
	return PhoneUnknown
}

// Phone is a valid phone number, normalised. Make one with [ParsePhone] or
// [ParseMobile]; the zero value is "no phone" and prints as "". Phones are
// comparable: two Phones are == when they are the same number, however it
// was written.
type Phone struct {
	e164   string // "+6281234567890"
	region string // "ID"
	typ    PhoneType
}

// ParsePhone reads a phone number as a buyer types it (see docs/phone.md). A number
// without a country code is Indonesian; these are all +6281234567890:
//
//	0812-3456-7890   812 3456 7890   62812-3456-7890
//	+62 812-3456-7890   (+62) 812.3456.7890   0062 812 3456 7890
//
// Digits, spaces and - . ( ) are accepted, and one + before the first digit.
// Letters are refused (libphonenumber would read them as a vanity number,
// "0812-ABCD" as 0812-2223) and so is anything else, including extensions.
// Surrounding white space is trimmed.
//
// Input beginning with 62 and no + is read with 62 as the country code when
// that gives a valid number (so the [Phone.MSISDN] form reads back), and as
// a national number otherwise. A leading 00 is the international prefix
// only as 0062; other countries must be written with +.
//
// Numbers of other countries are accepted when valid, written with + and
// their country code ("+44 7400 123456"); [Phone.Region] tells them apart.
//
// Errors: [CodeInvalidPhone] (kind Invalid, no field: the caller names
// it) for empty or too long input, a character outside the accepted set,
// or a number that is not valid.
func ParsePhone(s string) (Phone, error) {
	p, _, err := parsePhone(s, true)
	return p, err
}

// parsePhone is [ParsePhone]; fast tries [fastMobile] before the library.
// The parsed number is returned when the library read it (nil on the fast
// path), so that tests can compare both paths field by field.
func parsePhone(s string, fast bool) (Phone, *phonenumbers.PhoneNumber, error) {
	if len(s) > MaxPhoneInput {
		return Phone{}, nil, invalidPhone("checkout: phone number is too long")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return Phone{}, nil, invalidPhone("checkout: phone number is empty")
	}
	// The input is at most MaxPhoneInput bytes, so its digits fit here;
	// more than maxPhoneDigits of them are refused below.
	var buf [MaxPhoneInput]byte
	digits := buf[:0]
	plus := false
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, byte(c))
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		case c == '+' && !plus && len(digits) == 0:
			plus = true
		case c == '+':
			return Phone{}, nil, invalidPhone("checkout: phone number has a + that is not before the first digit")
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			return Phone{}, nil, invalidPhone("checkout: phone number contains a letter")
		default:
			return Phone{}, nil, invalidPhone("checkout: phone number may only hold digits, spaces and - . ( ) +")
		}
	}
	if len(digits) == 0 {
		return Phone{}, nil, invalidPhone("checkout: phone number has no digits")
	}
	if len(digits) > maxPhoneDigits {
		return Phone{}, nil, invalidPhone("checkout: phone number has too many digits")
	}
	if fast {
		if p, ok := fastMobile(digits, plus); ok {
			return p, nil, nil
		}
	}
	d := string(digits)
	if !plus {
		if rest, ok := strings.CutPrefix(d, "0062"); ok {
			d, plus = "62"+rest, true
		} else if strings.HasPrefix(d, "62") {
			if p, n, ok := parseValid("+" + d); ok {
				return p, n, nil
			}
		}
	}
	if plus {
		d = "+" + d
	}
	p, n, ok := parseValid(d)
	if !ok {
		return Phone{}, nil, invalidPhone("checkout: not a valid phone number")
	}
	return p, n, nil
}

// fastMobile reads the common forms of an Indonesian mobile number without
// the library: digits (and whether a + came first) as [ParsePhone] collected
// them, in the forms 08…, 8…, 628…, +628… and 00628…. It reports false for
// anything else, which the library then reads. Where it reports true its
// answer is the library's: the national significant number matches the
// numbering plan's mobile pattern 8[1-35-9]\d{7,10}, which no other
// Indonesian type (fixed line, toll free 800, premium 809, shared cost 804,
// UAN 8071) overlaps. A differential test and a fuzz target hold it to that.
func fastMobile(d []byte, plus bool) (Phone, bool) {
	var nsn []byte
	switch {
	case plus && len(d) > 2 && d[0] == '6' && d[1] == '2':
		nsn = d[2:]
	case plus:
		return Phone{}, false
	case len(d) > 1 && d[0] == '0' && d[1] == '8':
		nsn = d[1:]
	case len(d) > 0 && d[0] == '8':
		nsn = d
	case len(d) > 2 && d[0] == '6' && d[1] == '2':
		// Read with 62 as the country code first, as ParsePhone does.
		nsn = d[2:]
	case len(d) > 4 && d[0] == '0' && d[1] == '0' && d[2] == '6' && d[3] == '2':
		nsn = d[4:]
	default:
		return Phone{}, false
	}
	if !isMobileNSN(nsn) {
		return Phone{}, false
	}
	return Phone{e164: "+62" + string(nsn), region: phoneRegion, typ: PhoneMobile}, true
}

// isMobileNSN reports whether an Indonesian national significant number
// (digits only) matches the mobile pattern 8[1-35-9]\d{7,10}.
func isMobileNSN(n []byte) bool {
	return len(n) >= 9 && len(n) <= 12 && n[0] == '8' && n[1] != '0' && n[1] != '4'
}

// parseValid parses digits (with an optional leading +) and reports whether
// they are a valid number without an extension. The number is classified
// once: a number is valid exactly when its region is known and its type is
// not UNKNOWN, which is what phonenumbers.IsValidNumber computes.
func parseValid(d string) (Phone, *phonenumbers.PhoneNumber, bool) {
	n, err := phonenumbers.Parse(d, phoneRegion)
	if err != nil || n.GetExtension() != "" {
		return Phone{}, nil, false
	}
	region := phonenumbers.GetRegionCodeForNumber(n)
	if region == "" {
		return Phone{}, nil, false
	}
	typ := phonenumbers.GetNumberType(n)
	if typ == phonenumbers.UNKNOWN {
		return Phone{}, nil, false
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if len(e164) > 1+15 {
		// The plan of some countries admits longer numbers than E.164's 15
		// digits (+49 21000000000000); no buyer's phone is one.
		return Phone{}, nil, false
	}
	return Phone{
		e164:   e164,
		region: region,
		typ:    phoneTypeOf(typ),
	}, n, true
}

// ParseMobile reads a phone number as [ParsePhone] does and requires a
// mobile number, as checkout does for the buyer's phone (see docs/phone.md).
//
// Errors: [CodeInvalidPhone] as ParsePhone; [CodePhoneNotMobile] (kind
// Invalid, no field) for a valid number that is not known to be a
// mobile: a landline, toll-free, premium-rate or other number.
func ParseMobile(s string) (Phone, error) {
	p, err := ParsePhone(s)
	if err != nil {
		return Phone{}, err
	}
	if p.typ != PhoneMobile {
		what := "a " + strings.ReplaceAll(p.typ.String(), "_", " ") + " number"
		if p.typ == PhoneUnknown {
			what = "not known to be a mobile number"
		}
		return Phone{}, errs.Invalidf(CodePhoneNotMobile, "checkout: phone number is %s; a mobile number is required", what)
	}
	return p, nil
}

func invalidPhone(msg string) error {
	return errs.Invalidf(CodeInvalidPhone, "%s", msg)
}

// E164 returns the number in E.164 form, "+6281234567890"; "" for the zero
// Phone.
func (p Phone) E164() string { return p.e164 }

// MSISDN returns the number as couriers and WhatsApp want it: E.164 without
// the +, "6281234567890"; "" for the zero Phone.
func (p Phone) MSISDN() string { return strings.TrimPrefix(p.e164, "+") }

// National returns the number as written within its country,
// "0812-3456-7890" or "(021) 5551234" (libphonenumber's NATIONAL format);
// "" for the zero Phone. It is formatted when asked, not when parsed.
func (p Phone) National() string {
	if p.e164 == "" {
		return ""
	}
	if p.region == phoneRegion && p.typ == PhoneMobile {
		if nsn := p.e164[3:]; isMobileNSN([]byte(nsn)) {
			return mobileNational(nsn)
		}
	}
	n, err := phonenumbers.Parse(p.e164, phoneRegion)
	if err != nil {
		return "" // unreachable: e164 was written by the library or checked
	}
	return phonenumbers.Format(n, phonenumbers.NATIONAL)
}

// mobileNational formats an Indonesian mobile number (a national
// significant number that [isMobileNSN] accepts) as the numbering plan's
// national format does: 0812-345-678, 0812-3456-789, 0812-3456-7890,
// 0812-3456-78901.
func mobileNational(nsn string) string {
	mid := 4
	if len(nsn) == 9 {
		mid = 3
	}
	return "0" + nsn[:3] + "-" + nsn[3:3+mid] + "-" + nsn[3+mid:]
}

// Region returns the number's region code, "ID" for Indonesia; "" for the
// zero Phone.
func (p Phone) Region() string { return p.region }

// Type returns the kind of line the number belongs to.
func (p Phone) Type() PhoneType { return p.typ }

// IsZero reports whether p is the zero Phone (no number).
func (p Phone) IsZero() bool { return p.e164 == "" }

// String returns [Phone.E164].
func (p Phone) String() string { return p.e164 }

// MarshalText writes the E.164 form; the zero Phone writes "". It never
// fails.
func (p Phone) MarshalText() ([]byte, error) { return []byte(p.e164), nil }

// UnmarshalText reads any form [ParsePhone] accepts; empty text gives the
// zero Phone, so that MarshalText's output always reads back. Errors are
// ParsePhone's.
func (p *Phone) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Phone{}
		return nil
	}
	v, err := ParsePhone(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
