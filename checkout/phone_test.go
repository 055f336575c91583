package checkout_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePhone(t *testing.T) {
	t.Parallel()
	const mobile = "+6281234567890"
	tests := []struct {
		name     string
		in       string
		e164     string
		national string
		typ      checkout.PhoneType
		region   string
	}{
		{"local_dashes", "0812-3456-7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"local_plain", "081234567890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"local_spaces", "0812 3456 7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"local_dots", "0812.3456.7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"without_trunk_zero", "812-3456-7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"country_code_no_plus", "6281234567890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"country_code_no_plus_spaced", "62 812 3456 7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"plus_country_code", "+62 812-3456-7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"plus_compact", "+6281234567890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"plus_in_parentheses", "(+62) 812 3456 7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"plus_with_trunk_zero", "+62 (0)812-3456-7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"international_0062", "0062 812 3456 7890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"international_0062_compact", "006281234567890", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		{"surrounding_space_trimmed", " \t0812-3456-7890\n", mobile, "0812-3456-7890", checkout.PhoneMobile, "ID"},
		// 62812345678 also reads as the landline (0628) 12345678: the country
		// code reading wins, so that MSISDN() reads back.
		{"country_code_wins_over_area_code", "62812345678", "+62812345678", "0812-345-678", checkout.PhoneMobile, "ID"},
		{"area_code_62x_with_trunk_zero", "0628 12345678", "+6262812345678", "(0628) 12345678", checkout.PhoneFixedLine, "ID"},
		{"short_mobile", "0811-234-567", "+62811234567", "0811-234-567", checkout.PhoneMobile, "ID"},
		{"long_mobile", "0895-0123-45678", "+62895012345678", "0895-0123-45678", checkout.PhoneMobile, "ID"},
		{"jakarta_landline", "(021) 5551234", "+62215551234", "(021) 5551234", checkout.PhoneFixedLine, "ID"},
		{"bali_landline", "+62 361 123456", "+62361123456", "(0361) 123456", checkout.PhoneFixedLine, "ID"},
		{"toll_free", "0800 1234567", "+628001234567", "0800 1234567", checkout.PhoneTollFree, "ID"},
		{"premium_rate", "0809 1234567", "+628091234567", "0809 1 234 567", checkout.PhonePremiumRate, "ID"},
		{"uan", "1500-123", "+621500123", "1 500 123", checkout.PhoneUAN, "ID"},
		{"uk_mobile", "+44 7400 123456", "+447400123456", "07400 123456", checkout.PhoneMobile, "GB"},
		{"uk_landline", "+44 20 7946 0958", "+442079460958", "020 7946 0958", checkout.PhoneFixedLine, "GB"},
		{"china_mobile", "+86 138 0013 8000", "+8613800138000", "138 0013 8000", checkout.PhoneMobile, "CN"},
		{"us_fixed_or_mobile", "+1 202-555-0143", "+12025550143", "(202) 555-0143", checkout.PhoneUnknown, "US"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := checkout.ParsePhone(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.e164, p.E164())
			assert.Equal(t, tt.e164, p.String())
			assert.Equal(t, strings.TrimPrefix(tt.e164, "+"), p.MSISDN())
			assert.Equal(t, tt.national, p.National())
			assert.Equal(t, tt.typ, p.Type())
			assert.Equal(t, tt.region, p.Region())
			assert.False(t, p.IsZero())
		})
	}
}

func TestParsePhoneSameNumber(t *testing.T) {
	t.Parallel()
	want, err := checkout.ParseMobile("0812-3456-7890")
	require.NoError(t, err)
	for _, in := range []string{"0062 812 3456 7890", "812-3456-7890", "+62 812-3456-7890", "6281234567890", "(0812) 3456.7890"} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			got, err := checkout.ParseMobile(in)
			require.NoError(t, err)
			assert.Equal(t, want, got) // Phones compare with ==
		})
	}
}

func TestParsePhoneErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		msg  string
	}{
		{"letters", "0812-ABCD-7890", "checkout: phone number contains a letter"},
		{"vanity", "+62 812 CALL ME", "checkout: phone number contains a letter"},
		{"extension", "0812 3456 7890 ext 12", "checkout: phone number contains a letter"},
		{"extension_hash", "0812 3456 7890#12", "checkout: phone number may only hold digits, spaces and - . ( ) +"},
		{"empty", "", "checkout: phone number is empty"},
		{"blank", "   ", "checkout: phone number is empty"},
		{"only_separators", "(-)", "checkout: phone number has no digits"},
		{"only_plus", "+", "checkout: phone number has no digits"},
		{"too_long_input", "0812" + strings.Repeat(" ", checkout.MaxPhoneInput) + "34567890", "checkout: phone number is too long"},
		{"too_many_digits", "0812345678901234567890", "checkout: phone number has too many digits"},
		{"too_short", "08123456", "checkout: not a valid phone number"},
		{"too_long_number", "0812345678901234", "checkout: not a valid phone number"},
		{"emergency_short_code", "112", "checkout: not a valid phone number"},
		{"two_pluses", "++62 812 3456 7890", "checkout: phone number has a + that is not before the first digit"},
		{"plus_after_digit", "62+812 3456 7890", "checkout: phone number has a + that is not before the first digit"},
		{"slash", "0812/3456/7890", "checkout: phone number may only hold digits, spaces and - . ( ) +"},
		{"inner_tab", "0812\t3456 7890", "checkout: phone number may only hold digits, spaces and - . ( ) +"},
		{"fullwidth_digits", "０８１２３４５６７８９０", "checkout: phone number may only hold digits, spaces and - . ( ) +"},
		{"arabic_indic_digits", "٠٨١٢٣٤٥٦٧٨٩٠", "checkout: phone number may only hold digits, spaces and - . ( ) +"},
		{"non_breaking_hyphen", "0812‑3456‑7890", "checkout: phone number may only hold digits, spaces and - . ( ) +"},
		{"invalid_utf8", "0812\xff3456", "checkout: phone number may only hold digits, spaces and - . ( ) +"},
		{"unknown_country_code", "+999 1234 5678", "checkout: not a valid phone number"},
		{"other_international_prefix", "0044 20 7946 0958", "checkout: not a valid phone number"},
		{"plus_then_00", "+0062 812 3456 7890", "checkout: not a valid phone number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, parse := range []func(string) (checkout.Phone, error){checkout.ParsePhone, checkout.ParseMobile} {
				p, err := parse(tt.in)
				require.Error(t, err)
				require.ErrorIs(t, err, errs.Invalid)
				assert.Equal(t, checkout.CodeInvalidPhone, errs.Code(err))
				assert.Empty(t, errs.Field(err), "a phone error names no field; the caller does")
				assert.Equal(t, tt.msg, err.Error())
				assert.True(t, p.IsZero())
			}
		})
	}
}

func TestParseMobile(t *testing.T) {
	t.Parallel()
	p, err := checkout.ParseMobile("0812-3456-7890")
	require.NoError(t, err)
	assert.Equal(t, "+6281234567890", p.E164())
	assert.Equal(t, checkout.PhoneMobile, p.Type())

	tests := []struct {
		name string
		in   string
		msg  string
	}{
		{"landline", "(021) 5551234", "checkout: phone number is a fixed line number; a mobile number is required"},
		{"toll_free", "0800 1234567", "checkout: phone number is a toll free number; a mobile number is required"},
		{"premium_rate", "0809 1234567", "checkout: phone number is a premium rate number; a mobile number is required"},
		{"uan", "1500123", "checkout: phone number is a uan number; a mobile number is required"},
		{"us_fixed_or_mobile", "+1 202 555 0143", "checkout: phone number is not known to be a mobile number; a mobile number is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := checkout.ParseMobile(tt.in)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, checkout.CodePhoneNotMobile, errs.Code(err))
			assert.Empty(t, errs.Field(err), "a phone error names no field; the caller does")
			assert.Equal(t, tt.msg, err.Error())
			_, err = checkout.ParsePhone(tt.in)
			require.NoError(t, err, "a valid non-mobile number is a valid phone")
		})
	}
}

func TestPhoneText(t *testing.T) {
	t.Parallel()
	type customer struct {
		Phone checkout.Phone `json:"phone"`
	}
	p, err := checkout.ParseMobile("0812-3456-7890")
	require.NoError(t, err)
	b, err := json.Marshal(customer{p})
	require.NoError(t, err)
	assert.JSONEq(t, `{"phone":"+6281234567890"}`, string(b))

	var back customer
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back.Phone)

	require.NoError(t, json.Unmarshal([]byte(`{"phone":"0812 3456 7890"}`), &back))
	assert.Equal(t, p, back.Phone)

	b, err = json.Marshal(customer{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"phone":""}`, string(b))
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Phone.IsZero())

	err = json.Unmarshal([]byte(`{"phone":"0812-ABCD-7890"}`), &back)
	assert.Equal(t, checkout.CodeInvalidPhone, errs.Code(err))
}

func TestPhoneType(t *testing.T) {
	t.Parallel()
	names := []string{"unknown", "mobile", "fixed_line", "toll_free", "premium_rate", "shared_cost", "voip", "uan"}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			typ, err := checkout.ParsePhoneType(name)
			require.NoError(t, err)
			assert.Equal(t, checkout.PhoneType(i), typ)
			assert.True(t, typ.Valid())
			assert.Equal(t, name, typ.String())
			b, err := typ.MarshalText()
			require.NoError(t, err)
			var back checkout.PhoneType
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, typ, back)
		})
	}
	t.Run("zero_is_unknown", func(t *testing.T) {
		t.Parallel()
		var typ checkout.PhoneType
		assert.Equal(t, checkout.PhoneUnknown, typ)
	})
	t.Run("undeclared", func(t *testing.T) {
		t.Parallel()
		bad := checkout.PhoneType(len(names))
		assert.False(t, bad.Valid())
		_, err := bad.MarshalText()
		require.ErrorIs(t, err, errs.Invalid)
		_, err = checkout.ParsePhoneType("MOBILE")
		require.ErrorIs(t, err, errs.Invalid)
	})
}

// BenchmarkParsePhone compares, in one run, ParsePhone with the library
// alone (ParsePhoneLibrary, which formats the national form as ParsePhone
// once did eagerly) on the common mobile forms and on forms the library
// reads either way: go test -run x -bench ParsePhone -benchmem ./checkout
func BenchmarkParsePhone(b *testing.B) {
	for _, bb := range []struct{ name, in string }{
		{"local", "0812-3456-7890"},
		{"country_code_no_plus", "6281234567890"},
		{"international", "+62 812-3456-7890"},
		{"international_0062", "0062 812 3456 7890"},
		{"landline", "(021) 5551234"},
		{"letters_refused", "0812-ABCD-7890"},
	} {
		b.Run(bb.name+"/kasir", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = checkout.ParsePhone(bb.in)
			}
		})
		b.Run(bb.name+"/library", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _, _ = checkout.ParsePhoneLibrary(bb.in)
			}
		})
	}
}
