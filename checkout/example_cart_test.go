package checkout_test

import (
	"fmt"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
)

// A cart with a variant chosen by its option path, a bundle and a digital
// item: the bundle is one priced line, but weighs and reserves what its
// components do.
func ExampleCart() {
	cat, err := catalog.New([]catalog.ProductSpec{
		{
			ID: "gamis", Name: "Gamis Bae", SKU: "G-0001", Status: catalog.Published,
			CODAllowed: true, WeightGrams: 400, Options: []string{"Warna", "Ukuran"},
			Variants: []catalog.VariantSpec{
				{ID: "gamis-merah-xl", SKU: "G-0001-MXL", Options: []string{"Merah", "XL"}, Price: 150000, Stock: 5},
				{ID: "gamis-kuning-l", SKU: "G-0001-KL", Options: []string{"Kuning", "L"}, Price: 140000, Stock: 5},
			},
		},
		{ID: "jilbab", Name: "Jilbab", SKU: "JB-01", Status: catalog.Published, CODAllowed: true, WeightGrams: 200, Price: 30000, Stock: 20},
		{ID: "ebook", Name: "E-book Tutorial Hijab", SKU: "EB-01", Status: catalog.Published, Digital: true, Price: 49000, Stock: 999},
	}, []catalog.BundleSpec{
		{ID: "paket", Name: "Paket Lebaran", PriceOptions: []catalog.PriceOptionSpec{
			{ID: "bpo-lebaran", Name: "Gamis + 2 Jilbab", Price: 180000, Items: []catalog.BundleItemSpec{
				{VariantID: "gamis-kuning-l", Quantity: 1},
				{SKU: "JB-01", Quantity: 2},
			}},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	stock := cat.InitialStock()
	cart, err := checkout.NewCart(checkout.CartLimits{MaxLineQuantity: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, req := range []catalog.LineRequest{
		{ProductID: "gamis", Options: "merah, xl", Quantity: 1},
		{PriceOptionID: "bpo-lebaran", Quantity: 1},
		{SKU: "EB-01", Quantity: 1},
	} {
		line, err := cat.Resolve(req, stock)
		if err == nil {
			err = cart.AddChecked(line, stock)
		}
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	items := cart.Items()
	for _, l := range items.PricingLines() {
		fmt.Printf("%-12s %d × %s\n", l.SKU, l.Quantity, l.UnitPrice)
	}
	fmt.Println("subtotal:", items.Subtotal())
	fmt.Println("weight:", items.WeightGrams(), "g")
	fmt.Println("goods value:", items.GoodsValue())
	fmt.Println("ships:", items.NeedsShipping(), "COD:", items.CODAllowed())
	fmt.Println("stock needs:", items.StockNeeds())
	// Output:
	// G-0001-MXL   1 × Rp150.000
	// bpo-lebaran  1 × Rp180.000
	// EB-01        1 × Rp49.000
	// subtotal: Rp379.000
	// weight: 1200 g
	// goods value: Rp330.000
	// ships: true COD: true
	// stock needs: [{ebook EB-01 1} {gamis-kuning-l G-0001-KL 1} {gamis-merah-xl G-0001-MXL 1} {jilbab JB-01 2}]
}
