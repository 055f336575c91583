package checkout_test

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// phoneSeeds are the accepted forms of docs/phone.md and inputs that have
// tripped phone parsers. testdata/fuzz/FuzzParsePhone holds them too, so
// that `go test` replays them without -fuzz.
var phoneSeeds = []string{
	"0812-3456-7890", "081234567890", "6281234567890", "62812345678", "+62 812-3456-7890",
	"812-3456-7890", "0062 812 3456 7890", "(+62) 812.3456.7890", "+62 (0)812 3456 7890",
	"(021) 5551234", "0800 1234567", "0809 1234567", "1500123", "0628 12345678",
	"+44 7400 123456", "+1 202-555-0143", "008 62 812 3456 7890", "0081 202 555 0143",
	"0812-ABCD-7890", "0812 3456 7890 ext 12", "0812 3456 7890#12", "++62812", "62+812",
	"+0062 812", "0062", "62", "+", "", " ", "()", "0", "00", "112", "08123456",
	"0812345678901234567890", "０８１２３４５６７８９０", "0812\u20113456\u20117890", "0812\xff",
	"+62 0 0 0 0 0 0 0 0 0 0", "+8613800138000", "+999 1234 5678", "0044 20 7946 0958",
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range phoneSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := checkout.ParsePhone(in)
		m, merr := checkout.ParseMobile(in)
		requireLibraryAnswer(t, in, p, err)
		if err != nil {
			require.True(t, p.IsZero())
			require.Equal(t, checkout.CodeInvalidPhone, errs.Code(err), err.Error())
			require.ErrorIs(t, err, errs.Invalid)
			require.Empty(t, errs.Field(err))
			require.Equal(t, errs.Code(err), errs.Code(merr), "ParseMobile fails as ParsePhone does")
			return
		}
		// Only digits, the separators and a + ever get through.
		require.Empty(t, strings.Trim(strings.TrimSpace(in), "0123456789 -.()+"), "accepted %q", in)

		e164 := p.E164()
		require.True(t, len(e164) >= 4 && len(e164) <= 16 && e164[0] == '+', "E164 %q", e164)
		require.Empty(t, strings.Trim(e164[1:], "0123456789"), "E164 %q", e164)
		require.Equal(t, e164, p.String())
		require.Equal(t, e164[1:], p.MSISDN())
		require.NotEmpty(t, p.Region())
		require.NotEmpty(t, p.National())
		require.True(t, p.Type().Valid())

		// Without + or an international prefix (00…), a number is Indonesian.
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, in)
		if !strings.Contains(in, "+") && !strings.HasPrefix(digits, "00") {
			require.Equal(t, "ID", p.Region(), "%q read as %s", in, e164)
		}
		if p.Region() == "ID" {
			require.True(t, strings.HasPrefix(e164, "+62"), "%q read as %s", in, e164)
			require.NotEqual(t, checkout.PhoneUnknown, p.Type(), "Indonesian numbers classify cleanly: %s", e164)
		}

		// Every form kasir writes reads back as the same number.
		again, err := checkout.ParsePhone(e164)
		require.NoError(t, err, "E164 %q of %q", e164, in)
		require.Equal(t, p, again, "E164 %q of %q", e164, in)
		text, err := p.MarshalText()
		require.NoError(t, err)
		var back checkout.Phone
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, p, back)
		if p.Region() == "ID" {
			again, err = checkout.ParsePhone(p.MSISDN())
			require.NoError(t, err, "MSISDN %q of %q", p.MSISDN(), in)
			assert.Equal(t, p, again, "MSISDN %q of %q", p.MSISDN(), in)
			again, err = checkout.ParsePhone(p.National())
			require.NoError(t, err, "national %q of %q", p.National(), in)
			assert.Equal(t, p, again, "national %q of %q", p.National(), in)
		}

		// ParseMobile accepts exactly the mobile numbers.
		if p.Type() == checkout.PhoneMobile {
			require.NoError(t, merr)
			require.Equal(t, p, m)
		} else {
			require.Equal(t, checkout.CodePhoneNotMobile, errs.Code(merr))
			require.Empty(t, errs.Field(merr))
		}
	})
}

// requireLibraryAnswer fails unless ParsePhone's answer p, err for in is
// the library's alone: the same error, or the same number, region, type
// and national form.
func requireLibraryAnswer(t *testing.T, in string, p checkout.Phone, err error) {
	t.Helper()
	lib, national, libErr := checkout.ParsePhoneLibrary(in)
	if libErr != nil {
		require.Error(t, err, "%q: the library refuses it, ParsePhone read %s", in, p.E164())
		require.Equal(t, libErr.Error(), err.Error(), "%q", in)
		return
	}
	require.NoError(t, err, "%q: the library reads %s", in, lib.E164())
	require.Equal(t, lib, p, "%q", in)
	require.Equal(t, national, p.National(), "%q", in)
}

// TestParsePhoneFastPath compares ParsePhone with the library alone on
// generated numbers: every two-digit start 8x (what the mobile pattern
// looks at) with a random third digit, after each written form of the fast
// path (08, 8, 62, +62, 0062, and forms it leaves to the library), every
// national length from 7 to 14 digits, with the separators buyers type.
func TestParsePhoneFastPath(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(12, 34))
	prefixes := []string{"0", "", "62", "+62", "0062", "+62 0", "+0062", "00", "6", "+", "(+62) ", "+62 (0)", "620"}
	seps := []string{"", " ", "-", ".", " - ", ")", "("}
	n := 0
	for _, pre := range prefixes {
		for start := 80; start < 90; start++ {
			for length := 7; length <= 14; length++ {
				var b strings.Builder
				b.WriteString(pre)
				digits := strconv.Itoa(start*10 + rng.IntN(10))
				for len(digits) < length {
					digits += strconv.Itoa(rng.IntN(10))
				}
				sep := seps[rng.IntN(len(seps))]
				for i := range len(digits) {
					if i == 3 || i == 7 {
						b.WriteString(sep)
					}
					b.WriteByte(digits[i])
				}
				in := b.String()
				p, err := checkout.ParsePhone(in)
				requireLibraryAnswer(t, in, p, err)
				n++
			}
		}
	}
	t.Logf("%d inputs", n)
}
