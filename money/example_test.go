package money_test

import (
	"fmt"

	"github.com/kasir-id/kasir/money"
)

func ExampleMoney_String() {
	fmt.Println(money.Money(1250000), money.Money(-1250000))
	// Output: Rp1.250.000 -Rp1.250.000
}

// A bundle sold for Rp100.000, allocated to its parts by list price.
func ExampleAllocate() {
	shares, _ := money.Allocate(100000, []money.Part{{ListPrice: 60000, Quantity: 1}, {ListPrice: 30000, Quantity: 2}})
	fmt.Println(shares)
	// Output: [Rp50.000 Rp50.000]
}
