package catalog_test

import (
	"errors"
	"fmt"

	"github.com/kasir-id/kasir/catalog"
)

func ExampleCatalog_Resolve() {
	c, err := catalog.New([]catalog.ProductSpec{{
		ID: "gamis", Name: "Gamis Bae", SKU: "G-0001", Status: catalog.Published,
		CODAllowed: true, WeightGrams: 100, Options: []string{"Warna", "Ukuran"},
		Variants: []catalog.VariantSpec{
			{ID: "gamis-merah-xl", SKU: "G-0001-MXL", Options: []string{"Merah", "XL"}, Price: 110000, Stock: 2},
			{ID: "gamis-merah-l", SKU: "G-0001-ML", Options: []string{"Merah", "L"}, Price: 105000, Stock: 5},
		},
	}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	stock := c.InitialStock()

	line, err := c.Resolve(catalog.LineRequest{ProductID: "gamis", Options: "merah, xl", Quantity: 2}, stock)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(line.Name(), line.Key(), line.Subtotal(), line.WeightGrams(), "g")

	_, err = c.Resolve(catalog.LineRequest{SKU: "G-0001-MXL", Quantity: 3}, stock)
	var short *catalog.OutOfStockError
	if errors.As(err, &short) {
		fmt.Println(short.SKU, "left:", short.Available)
	}
	// Output:
	// Gamis Bae (Merah, XL) G-0001-MXL Rp220.000 200 g
	// G-0001-MXL left: 2
}
