package shipping

import (
	"math/rand/v2"
	"testing"
)

// printable's ASCII reading answers as the rune reading does, for every
// byte and for mixed texts (NBSP and NEL are a space and a control past
// ASCII; a lone 0xff is not UTF-8).
func TestPrintableReadsASCIIAsRunes(t *testing.T) {
	var texts []string
	for b := range 256 {
		texts = append(texts, string([]byte{byte(b)}), "JNE "+string([]byte{byte(b)}), string([]byte{byte(b)})+"REG")
	}
	alphabet := []string{"a", "Z", "0", " ", "\t", "\n", "\x7f", "\u00a0", "\u0085", "é", "\u202e", "\xff", "-", "&"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		s := ""
		for range rnd.IntN(8) {
			s += alphabet[rnd.IntN(len(alphabet))]
		}
		texts = append(texts, s)
	}
	for _, s := range texts {
		for _, spaces := range []bool{false, true} {
			if got, want := printable(s, spaces), printableRunes(s, spaces); got != want {
				t.Errorf("printable(%q, %v) = %v, the rune reading says %v", s, spaces, got, want)
			}
		}
	}
}
