package importing_test

import (
	"testing"

	"github.com/kasir-id/kasir/importing"
)

// FuzzParsers feeds any text to the amount, weight, quantity and chat
// parsers, the table reader and detection: none may panic, and an amount read is
// never negative or above the maximum.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{"Rp 61.000", "1.250.000,50", "1,2 kg", "100 gr", "2x", "Nama: A\nNo HP: 0812\nPesan: 2x Kopi\n- Topi x1",
		"Nama,No HP,Produk\nA,0812,Kopi\n", `[{"customer":{"name":"A"},"details":[{"qty":1},{"qty":2}]}]`, "PK\x03\x04"} {
		f.Add(s)
	}
	ix, gz := testShop(f)
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := importing.ParseAmount(s); err == nil && m < 0 {
			t.Fatalf("ParseAmount(%q) = %d", s, m)
		}
		if g, err := importing.ParseWeight(s); err == nil && g < 1 {
			t.Fatalf("ParseWeight(%q) = %d", s, g)
		}
		_, _ = importing.ParseQuantity(s)
		if orders, err := importing.ParseChat(s); err == nil {
			for _, o := range orders {
				_ = importing.Detect(o, ix, gz)
			}
		}
		_, _ = importing.DetectCourier(s)
		if tab, err := importing.ReadTable("f", []byte(s)); err == nil {
			if ms, err := importing.Mappings(); err == nil {
				if m, err := importing.DetectMapping(ms, tab.Headers); err == nil {
					_, _ = importing.Extract(tab, m)
				}
			}
		}
	})
}
