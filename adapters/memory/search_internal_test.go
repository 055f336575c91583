package memory

import (
	"strings"
	"testing"
)

// TestContainsLowerIsToLowerThenContains: the search's case-insensitive
// match without copies answers as strings.Contains(strings.ToLower(s), q)
// on ASCII and non-ASCII texts, at every position, and on texts whose
// lower case changes their length.
func TestContainsLowerIsToLowerThenContains(t *testing.T) {
	t.Parallel()
	texts := []string{"", "a", "Siti Aminah", "INV-20260101-0001", "JNE0012345678", "ÇAĞRI Öz", "İstanbul", "ẞtraße", "AbC[@`{Z", "a\x00B"}
	queries := []string{"", "a", "siti", "aminah", "inv-2026", "0001", "jne00", "çağ", "i̇s", "ß", "[@`{z", "\x00b", "zz", "abc[@`{z!"}
	for _, s := range texts {
		for _, q := range queries {
			for cut := 0; cut <= len(s); cut++ {
				want := strings.Contains(strings.ToLower(s[cut:]), q)
				if got := containsLower(s[cut:], q); got != want {
					t.Errorf("containsLower(%q, %q) = %v, want %v", s[cut:], q, got, want)
				}
			}
		}
	}
}

// FuzzContainsLower holds the match to strings.ToLower then Contains on
// any text and query (the query lower-cased, as the filter gives it).
func FuzzContainsLower(f *testing.F) {
	f.Add("Pembeli 0812", "beli")
	f.Add("ÇAĞRI", "ağ")
	f.Fuzz(func(t *testing.T, s, q string) {
		q = strings.ToLower(q)
		if got, want := containsLower(s, q), strings.Contains(strings.ToLower(s), q); got != want {
			t.Fatalf("containsLower(%q, %q) = %v, want %v", s, q, got, want)
		}
	})
}
