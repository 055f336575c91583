package importing_test

import (
	"fmt"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
)

func ExampleParseAmount() {
	for _, s := range []string{"Rp 61.000", "1.250.000,00", "1.250.000,50"} {
		m, err := importing.ParseAmount(s)
		if err != nil {
			fmt.Println(s, errs.Code(err))
			continue
		}
		fmt.Println(s, int64(m))
	}
	// Output:
	// Rp 61.000 61000
	// 1.250.000,00 1250000
	// 1.250.000,50 fractional_rupiah
}

func ExampleParseChat() {
	orders, err := importing.ParseChat("Nama: Siti\nNo HP: 0813-2222-3333\nAlamat: Jl. Dago 1,\nCoblong, Bandung 40132\nPesan: 2x Kopi Gayo 250g biji")
	if err != nil {
		panic(err)
	}
	o := orders[0]
	fmt.Println(o.Name, o.Phone, o.Address.PostalCode)
	fmt.Println(o.Items[0].Quantity, o.Items[0].Name)
	// Output:
	// Siti 0813-2222-3333 40132
	// 2 Kopi Gayo 250g biji
}

func ExampleDetectCourier() {
	m, _ := importing.DetectCourier("Reguler (Cashless)-J&T Express")
	fmt.Println(m.Courier, m.Service)
	// Output: jnt REG
}
