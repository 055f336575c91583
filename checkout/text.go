package checkout

import (
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
)

// Error codes of text input.
const (
	// CodeTooLong: a text is longer than its kind allows (Invalid).
	CodeTooLong = "too_long"
	// CodeInvalidText: a text is not UTF-8, or holds a control character
	// or a Unicode bidi override (Invalid).
	CodeInvalidText = "invalid_text"
)

// Text is a kind of text input and its rules: at most Max characters
// (Unicode code points, not bytes), no control characters (NUL, escape
// …) and no bidi overrides or isolates (U+202A–U+202E, U+2066–U+2069),
// which can make a name read differently from what it is. Multiline
// texts may hold line breaks and tabs.
type Text struct {
	Max       int
	Multiline bool
}

// The kinds of text every use case checks its input against.
var (
	// NameText is a person's or product's name, a channel, who did something.
	NameText = Text{Max: 100}
	// LineText is one line of an address or an option path.
	LineText = Text{Max: 300}
	// NoteText is notes, reasons and messages.
	NoteText = Text{Max: 500, Multiline: true}
	// IDText is an id, a SKU, a code or a reference.
	IDText = Text{Max: 64}
	// SearchText is a search query.
	SearchText = Text{Max: 100}
	// EmailText is an email address (at most 254 characters, as mail
	// systems allow).
	EmailText = Text{Max: 254}
)

// Check returns nil when s follows the text's rules; otherwise too_long or
// invalid_text naming field. An empty text is valid (whether it is required
// is the caller's rule).
func (t Text) Check(field, s string) error {
	if !utf8.ValidString(s) {
		return errs.Invalidf(CodeInvalidText, "checkout: %s is not valid UTF-8 text", field).WithField(field)
	}
	// A text more than 4 bytes a character long has too many characters
	// whatever they are; this bounds the work below.
	if n := len(s); n > 4*t.Max || utf8.RuneCountInString(s) > t.Max {
		return errs.Invalidf(CodeTooLong, "checkout: %s is longer than %d characters", field, t.Max).WithField(field)
	}
	for i, r := range s {
		if t.Multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || bidiControl(r) {
			return errs.Invalidf(CodeInvalidText, "checkout: %s holds the control character %U at byte %d", field, r, i).WithField(field)
		}
	}
	return nil
}

func bidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// TextField is one text to check: its field name, its value and its kind.
type TextField struct {
	Field string
	Value string
	Kind  Text
}

// CheckTexts checks each field in order and returns the first error.
func CheckTexts(fields ...TextField) error {
	for _, f := range fields {
		if err := f.Kind.Check(f.Field, f.Value); err != nil {
			return err
		}
	}
	return nil
}
