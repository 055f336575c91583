package checkout_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
)

func TestTextCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		kind checkout.Text
		in   string
		code string
	}{
		{"empty", checkout.NameText, "", ""},
		{"at_limit_in_characters", checkout.NameText, strings.Repeat("ü", 100), ""},
		{"emoji_and_joiner", checkout.NameText, "Siti 👩\u200d🍳", ""},
		{"over_limit", checkout.NameText, strings.Repeat("ü", 101), checkout.CodeTooLong},
		{"huge", checkout.IDText, strings.Repeat("a", 10<<20), checkout.CodeTooLong},
		{"nul", checkout.IDText, "a\x00b", checkout.CodeInvalidText},
		{"tab_in_a_name", checkout.NameText, "a\tb", checkout.CodeInvalidText},
		{"c1_control", checkout.NameText, "a\u0085b", checkout.CodeInvalidText},
		{"bidi_override", checkout.NameText, "a\u202eb", checkout.CodeInvalidText},
		{"bidi_embedding", checkout.NameText, "a\u202ab", checkout.CodeInvalidText},
		{"bidi_isolate", checkout.NoteText, "a\u2066b", checkout.CodeInvalidText},
		{"invalid_utf8", checkout.NoteText, "a\xc3", checkout.CodeInvalidText},
		{"note_line_breaks", checkout.NoteText, "baris 1\r\nbaris 2\tx", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.kind.Check("f", tt.in)
			if tt.code == "" {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tt.code, errs.Code(err))
			assert.Equal(t, "f", errs.Field(err))
			assert.ErrorIs(t, err, errs.Invalid)
		})
	}
	err := checkout.CheckTexts(
		checkout.TextField{Field: "a", Value: "ok", Kind: checkout.IDText},
		checkout.TextField{Field: "b", Value: strings.Repeat("x", 65), Kind: checkout.IDText},
		checkout.TextField{Field: "c", Value: "\x00", Kind: checkout.IDText},
	)
	assert.Equal(t, "b", errs.Field(err), "the first bad field is named")
}
