package catalog_test

import (
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/require"
)

// shopProducts is a small shop modelled on a fashion storefront.
func shopProducts() []catalog.ProductSpec {
	return []catalog.ProductSpec{
		{
			ID: "gamis", Name: "Gamis Bae", SKU: "G-0001", Status: catalog.Published,
			CODAllowed: true, WeightGrams: 100,
			Dimensions: shipping.Dimensions{LengthCm: 30, WidthCm: 40, HeightCm: 50},
			Options:    []string{"Warna", "Ukuran"},
			Variants: []catalog.VariantSpec{
				{ID: "gamis-merah-xl", SKU: "G-0001-MXL", Options: []string{"Merah", "XL"}, Price: 10000, Stock: 10},
				{ID: "gamis-merah-l", SKU: "G-0001-ML", Options: []string{"Merah", "L"}, Price: 15000, Stock: 5},
				{ID: "gamis-kuning-xl", SKU: "G-0001-KXL", Options: []string{"Kuning", "XL"}, Price: 100000, Stock: 13, WeightGrams: 150},
				{ID: "gamis-kuning-l", SKU: "G-0001-KL", Options: []string{"Kuning", "L"}, Price: 25000, Stock: 8},
			},
		},
		{ID: "jilbab", Name: "Jilbab Keche Premium", SKU: "JB-8791", Status: catalog.Published, CODAllowed: true, WeightGrams: 200, Price: 30000, Stock: 10},
		{ID: "ebook", Name: "E-book Resep", SKU: "EB-01", Status: catalog.Published, Digital: true, Price: 50000, Stock: 1000},
		{ID: "mukena", Name: "Mukena", SKU: "MK-01", Status: catalog.Draft, CODAllowed: true, WeightGrams: 500, Price: 200000, Stock: 3},
		{ID: "sajadah", Name: "Sajadah", SKU: "SJ-01", Status: catalog.Published, WeightGrams: 700, Price: 80000, Stock: 4},
	}
}

func shopBundles() []catalog.BundleSpec {
	return []catalog.BundleSpec{
		{ID: "paket-hemat", Name: "Paket Hemat", PriceOptions: []catalog.PriceOptionSpec{
			{ID: "bpo-hemat-2", Name: "Jilbab + Gamis", Price: 40000, Items: []catalog.BundleItemSpec{
				{SKU: "JB-8791", Quantity: 1},
				{VariantID: "gamis-merah-l", Quantity: 1},
			}},
			{ID: "bpo-hemat-3", Name: "Beli 3", Price: 80000, Items: []catalog.BundleItemSpec{
				{VariantID: "jilbab", Quantity: 3},
			}},
		}},
		{ID: "paket-digital", Name: "Paket Belajar", PriceOptions: []catalog.PriceOptionSpec{
			{ID: "bpo-ebook-jilbab", Price: 70000, Items: []catalog.BundleItemSpec{
				{SKU: "EB-01", Quantity: 1},
				{SKU: "JB-8791", Quantity: 1},
			}},
			{ID: "bpo-ebook-2", Price: 90000, Items: []catalog.BundleItemSpec{
				{SKU: "EB-01", Quantity: 2},
			}},
		}},
		{ID: "paket-draft", Name: "Paket Mukena", PriceOptions: []catalog.PriceOptionSpec{
			{ID: "bpo-mukena", Price: 210000, Items: []catalog.BundleItemSpec{
				{SKU: "MK-01", Quantity: 1},
				{SKU: "JB-8791", Quantity: 1},
			}},
		}},
		{ID: "paket-sajadah", Name: "Paket Sajadah", PriceOptions: []catalog.PriceOptionSpec{
			{ID: "bpo-sajadah", Price: 100000, Items: []catalog.BundleItemSpec{
				{SKU: "SJ-01", Quantity: 1},
				{SKU: "JB-8791", Quantity: 1},
			}},
		}},
	}
}

func shop(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.New(shopProducts(), shopBundles())
	require.NoError(t, err)
	return c
}
