package importing_test

import (
	"fmt"
	"testing"

	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/shipping"
)

// BenchmarkGazetteerMatch matches a marketplace address line against a
// country-sized list of districts (7.000, about Indonesia's kecamatan).
func BenchmarkGazetteerMatch(b *testing.B) {
	syll := []string{"ba", "ci", "du", "ke", "lo", "ma", "ni", "pa", "ra", "su", "ta", "wa", "jo", "ge", "ha"}
	name := func(i, n int) string {
		s := ""
		for k := 0; k < n; k++ {
			s += syll[(i/(k*7+1)+k*3)%len(syll)]
		}
		return s
	}
	var locs []shipping.Location
	for i := range 7000 {
		locs = append(locs, shipping.Location{
			ID: fmt.Sprint("loc-", i), Province: "Provinsi " + name(i/700, 3), City: "Kab. " + name(i/14, 4),
			District: name(i, 4) + " " + name(i+11, 3), PostalCodes: []string{fmt.Sprint(10000 + i*7)},
		})
	}
	locs = append(locs, shipping.Location{ID: "jaksel-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12160"}})
	gz := importing.NewGazetteer(locs)
	addr := importing.Address{Line: "PERUMNAS BUMI JL.BALADEWA Blok U no 285 (PERUMNNAS), KEBAYORAN BARU, KOTA JAKARTA SELATAN, DKI JAKARTA, ID, 12160"}
	b.ResetTimer()
	for b.Loop() {
		m, err := gz.Match(addr)
		if err != nil || m.ID != "jaksel-kebayoran-baru" {
			b.Fatal(m, err)
		}
	}
}
