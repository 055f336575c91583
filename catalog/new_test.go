package catalog_test

import (
	"encoding/json"
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/shipping"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRejectsBadSpecs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		products  func(p []catalog.ProductSpec) []catalog.ProductSpec
		bundles   func(b []catalog.BundleSpec) []catalog.BundleSpec
		wantCode  string
		wantField string
	}{
		{
			name:      "empty_product_id",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].ID = ""; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].id",
		},
		{
			name:      "id_with_surrounding_space",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].ID = " jilbab"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].id",
		},
		{
			name:      "empty_name",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].Name = "  "; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].name",
		},
		{
			name:      "missing_status",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].Status = ""; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].status",
		},
		{
			name:      "duplicate_product_id",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[2].ID = "jilbab"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[2].id",
		},
		{
			name: "variant_id_equal_to_product_id",
			products: func(p []catalog.ProductSpec) []catalog.ProductSpec {
				p[0].Variants[1].ID = "jilbab"
				p[0], p[1] = p[1], p[0]
				return p
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].variants[1].id",
		},
		{
			name:      "duplicate_variant_id",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[1].ID = "gamis-merah-xl"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[1].id",
		},
		{
			name:      "duplicate_sku_across_products",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[2].SKU = "JB-8791"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[2].sku",
		},
		{
			name:      "variant_sku_equal_to_product_sku",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[2].SKU = "G-0001"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[2].sku",
		},
		{
			name: "four_option_axes",
			products: func(p []catalog.ProductSpec) []catalog.ProductSpec {
				p[0].Options = []string{"Warna", "Ukuran", "Panjang", "Bahan"}
				return p
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].options",
		},
		{
			name:      "empty_axis_name",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Options[1] = " "; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].options[1]",
		},
		{
			name:      "repeated_axis_name",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Options[1] = "warna"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].options[1]",
		},
		{
			name: "variant_missing_a_value",
			products: func(p []catalog.ProductSpec) []catalog.ProductSpec {
				p[0].Variants[3].Options = []string{"Kuning"}
				return p
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[3].options",
		},
		{
			name: "variant_extra_value",
			products: func(p []catalog.ProductSpec) []catalog.ProductSpec {
				p[0].Variants[3].Options = []string{"Kuning", "L", "Panjang"}
				return p
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[3].options",
		},
		{
			name:      "empty_option_value",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[3].Options[1] = ""; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[3].options[1]",
		},
		{
			name:      "option_value_with_comma",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[3].Options[1] = "L,XL"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[3].options[1]",
		},
		{
			name: "duplicate_combination",
			products: func(p []catalog.ProductSpec) []catalog.ProductSpec {
				p[0].Variants[3].Options = []string{"Merah", "XL"}
				return p
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[3].options",
		},
		{
			name: "duplicate_combination_other_spacing",
			products: func(p []catalog.ProductSpec) []catalog.ProductSpec {
				p[0].Variants[1].Options = []string{"Biru Muda", "L"}
				p[0].Variants[3].Options = []string{"BiruMuda", "XL"}
				return p
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[3].options[0]",
		},
		{
			name:      "value_spelled_two_ways",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[1].Options[0] = "merah"; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[1].options[0]",
		},
		{
			name:      "options_without_variants",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants = nil; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants",
		},
		{
			name:      "variants_without_options",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Options = nil; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants",
		},
		{
			name:      "product_price_with_variants",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Price = 5000; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].price",
		},
		{
			name:      "negative_price",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].Price = -1; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].price",
		},
		{
			name:      "price_above_max",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].Price = money.MaxAmount + 1; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].price",
		},
		{
			name:      "negative_variant_price",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[2].Price = -100; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[2].price",
		},
		{
			name:      "negative_stock",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].Stock = -1; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].stock",
		},
		{
			name:      "negative_variant_stock",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[0].Stock = -3; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[0].stock",
		},
		{
			name:      "negative_weight",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[1].WeightGrams = -1; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[1].weight_grams",
		},
		{
			name:      "negative_variant_weight",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Variants[0].WeightGrams = -1; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].variants[0].weight_grams",
		},
		{
			name:      "negative_dimension",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[0].Dimensions.WidthCm = -1; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[0].dimensions.width_cm",
		},
		{
			name:      "digital_with_cod",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[2].CODAllowed = true; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[2].cod_allowed",
		},
		{
			name:      "digital_with_weight",
			products:  func(p []catalog.ProductSpec) []catalog.ProductSpec { p[2].WeightGrams = 10; return p },
			wantCode:  errs.CodeInvalidInput,
			wantField: "products[2].weight_grams",
		},
		{
			name: "bundle_without_price_options",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[1].PriceOptions = nil
				return b
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[1].price_options",
		},
		{
			name:      "empty_price_option",
			bundles:   func(b []catalog.BundleSpec) []catalog.BundleSpec { b[0].PriceOptions[1].Items = nil; return b },
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[0].price_options[1].items",
		},
		{
			name:      "negative_bundle_price",
			bundles:   func(b []catalog.BundleSpec) []catalog.BundleSpec { b[0].PriceOptions[1].Price = -1; return b },
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[0].price_options[1].price",
		},
		{
			name: "bundle_unknown_sku",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[0].Items[0].SKU = "NOPE"
				return b
			},
			wantCode:  catalog.CodeUnknownSKU,
			wantField: "bundles[0].price_options[0].items[0].sku",
		},
		{
			name: "bundle_unknown_variant",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[0].Items[1].VariantID = "gamis-hijau-xl"
				return b
			},
			wantCode:  catalog.CodeUnknownVariant,
			wantField: "bundles[0].price_options[0].items[1].variant_id",
		},
		{
			name: "bundle_parent_sku",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[0].Items[0].SKU = "G-0001"
				return b
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[0].price_options[0].items[0].sku",
		},
		{
			name: "bundle_item_named_both_ways",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[0].Items[0].VariantID = "jilbab"
				return b
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[0].price_options[0].items[0]",
		},
		{
			name: "bundle_item_named_neither_way",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[0].Items[0].SKU = ""
				return b
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[0].price_options[0].items[0]",
		},
		{
			name: "bundle_same_variant_twice",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[0].Items[1] = catalog.BundleItemSpec{VariantID: "jilbab", Quantity: 2}
				return b
			},
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[0].price_options[0].items[1]",
		},
		{
			name: "bundle_zero_quantity",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[1].Items[0].Quantity = 0
				return b
			},
			wantCode:  catalog.CodeInvalidQuantity,
			wantField: "bundles[0].price_options[1].items[0].quantity",
		},
		{
			name: "bundle_negative_quantity",
			bundles: func(b []catalog.BundleSpec) []catalog.BundleSpec {
				b[0].PriceOptions[1].Items[0].Quantity = -2
				return b
			},
			wantCode:  catalog.CodeInvalidQuantity,
			wantField: "bundles[0].price_options[1].items[0].quantity",
		},
		{
			name:      "duplicate_bundle_id",
			bundles:   func(b []catalog.BundleSpec) []catalog.BundleSpec { b[1].ID = "paket-hemat"; return b },
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[1].id",
		},
		{
			name:      "duplicate_price_option_id",
			bundles:   func(b []catalog.BundleSpec) []catalog.BundleSpec { b[1].PriceOptions[0].ID = "bpo-hemat-3"; return b },
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[1].price_options[0].id",
		},
		{
			name:      "price_option_id_equal_to_sku",
			bundles:   func(b []catalog.BundleSpec) []catalog.BundleSpec { b[1].PriceOptions[0].ID = "JB-8791"; return b },
			wantCode:  errs.CodeInvalidInput,
			wantField: "bundles[1].price_options[0].id",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			products, bundles := shopProducts(), shopBundles()
			if tt.products != nil {
				products = tt.products(products)
			}
			if tt.bundles != nil {
				bundles = tt.bundles(bundles)
			}
			c, err := catalog.New(products, bundles)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Equal(t, tt.wantCode, errs.Code(err), err.Error())
			assert.Equal(t, tt.wantField, errs.Field(err), err.Error())
			assert.Contains(t, err.Error(), "catalog: ")
		})
	}
}

func TestNewAcceptsEmptyCatalog(t *testing.T) {
	t.Parallel()
	c, err := catalog.New(nil, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Products())
	assert.Empty(t, c.Bundles())
}

func TestProductsKeepOrderAndImplicitVariants(t *testing.T) {
	t.Parallel()
	c := shop(t)
	var ids []string
	for _, p := range c.Products() {
		ids = append(ids, p.ID())
	}
	assert.Equal(t, []string{"gamis", "jilbab", "ebook", "mukena", "sajadah"}, ids)

	p, err := c.Product("jilbab")
	require.NoError(t, err)
	require.Len(t, p.Variants(), 1)
	v := p.Variants()[0]
	assert.True(t, v.Implicit())
	assert.Equal(t, "jilbab", v.ID())
	assert.Equal(t, "JB-8791", v.SKU())
	assert.Equal(t, money.Money(30000), v.Price())
	assert.Equal(t, int64(10), v.Stock())
	assert.Equal(t, int64(200), v.WeightGrams())
	assert.Empty(t, v.OptionPath())
}

func TestVariantWeightDefaultsToProduct(t *testing.T) {
	t.Parallel()
	c := shop(t)
	own, err := c.Variant("gamis-kuning-xl")
	require.NoError(t, err)
	assert.Equal(t, int64(150), own.WeightGrams())
	inherited, err := c.Variant("gamis-merah-xl")
	require.NoError(t, err)
	assert.Equal(t, int64(100), inherited.WeightGrams())
	assert.Equal(t, "Merah, XL", inherited.OptionPath())
}

func TestLookupErrors(t *testing.T) {
	t.Parallel()
	c := shop(t)
	_, err := c.Product("nope")
	assert.Equal(t, catalog.CodeUnknownProduct, errs.Code(err))
	assert.ErrorIs(t, err, errs.NotFound)
	_, err = c.Variant("nope")
	assert.ErrorIs(t, err, catalog.ErrUnknownVariant)
	_, err = c.VariantBySKU("nope")
	assert.ErrorIs(t, err, catalog.ErrUnknownSKU)
	_, err = c.VariantBySKU("G-0001")
	assert.ErrorIs(t, err, catalog.ErrAmbiguousOptions)
	_, err = c.Bundle("nope")
	assert.Equal(t, catalog.CodeUnknownBundle, errs.Code(err))
	_, err = c.PriceOption("nope")
	assert.ErrorIs(t, err, catalog.ErrUnknownPriceOption)
}

func TestAccessorsReturnCopies(t *testing.T) {
	t.Parallel()
	c := shop(t)
	p, err := c.Product("gamis")
	require.NoError(t, err)
	p.Options()[0] = "Changed"
	p.Variants()[0].Options()[0] = "Changed"
	o, err := c.PriceOption("bpo-hemat-2")
	require.NoError(t, err)
	o.Components()[0].Allocated = 1
	c.Bundles()[0].PriceOptions()[0].Components()[0].SKU = "X"

	again, err := c.Product("gamis")
	require.NoError(t, err)
	assert.Equal(t, []string{"Warna", "Ukuran"}, again.Options())
	assert.Equal(t, []string{"Merah", "XL"}, again.Variants()[0].Options())
	o, err = c.PriceOption("bpo-hemat-2")
	require.NoError(t, err)
	assert.Equal(t, money.Money(26667), o.Components()[0].Allocated)
	assert.Equal(t, "JB-8791", o.Components()[0].SKU)
}

func TestBundleAllocationAndTotals(t *testing.T) {
	t.Parallel()
	c := shop(t)
	tests := []struct {
		name        string
		id          string
		wantShares  []money.Money
		wantWeight  int64
		wantDigital bool
		wantCOD     bool
	}{
		// 40.000 over 30.000 + 15.000: 26.666,67 and 13.333,33; the spare rupiah goes to the larger fraction
		{name: "two_components", id: "bpo-hemat-2", wantShares: []money.Money{26667, 13333}, wantWeight: 300, wantCOD: true},
		{name: "one_component_three_units", id: "bpo-hemat-3", wantShares: []money.Money{80000}, wantWeight: 600, wantCOD: true},
		{name: "digital_and_physical", id: "bpo-ebook-jilbab", wantShares: []money.Money{43750, 26250}, wantWeight: 200, wantCOD: true},
		{name: "digital_only", id: "bpo-ebook-2", wantShares: []money.Money{90000}, wantWeight: 0, wantDigital: true},
		{name: "physical_without_cod", id: "bpo-sajadah", wantShares: []money.Money{72727, 27273}, wantWeight: 900},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := c.PriceOption(tt.id)
			require.NoError(t, err)
			var shares []money.Money
			var sum money.Money
			for _, comp := range o.Components() {
				shares = append(shares, comp.Allocated)
				sum += comp.Allocated
			}
			assert.Equal(t, tt.wantShares, shares)
			assert.Equal(t, o.Price(), sum)
			assert.Equal(t, tt.wantWeight, o.WeightGrams())
			assert.Equal(t, tt.wantDigital, o.Digital())
			assert.Equal(t, tt.wantCOD, o.CODAllowed())
		})
	}
}

func TestSpecsLoadFromJSON(t *testing.T) {
	t.Parallel()
	data := `{
	  "products": [
	    {"id": "kaos", "name": "Kaos Polos", "sku": "KP", "status": "published", "cod_allowed": true,
	     "weight_grams": 250, "dimensions": {"length_cm": 20, "width_cm": 15, "height_cm": 3},
	     "options": ["Warna", "Ukuran"],
	     "variants": [
	       {"id": "kaos-hitam-m", "sku": "KP-HM", "options": ["Hitam", "M"], "price": 60000, "stock": 7},
	       {"id": "kaos-hitam-xxl", "sku": "KP-HXXL", "options": ["Hitam", "XXL"], "price": 65000, "stock": 2, "weight_grams": 300}
	     ]}
	  ],
	  "bundles": [
	    {"id": "duo", "name": "Duo Kaos", "price_options": [
	      {"id": "duo-hitam", "price": 110000, "items": [{"sku": "KP-HM", "quantity": 1}, {"variant_id": "kaos-hitam-xxl", "quantity": 1}]}
	    ]}
	  ]
	}`
	var in struct {
		Products []catalog.ProductSpec `json:"products"`
		Bundles  []catalog.BundleSpec  `json:"bundles"`
	}
	require.NoError(t, json.Unmarshal([]byte(data), &in))
	c, err := catalog.New(in.Products, in.Bundles)
	require.NoError(t, err)
	v, err := c.VariantBySKU("KP-HXXL")
	require.NoError(t, err)
	assert.Equal(t, int64(300), v.WeightGrams())
	p, err := c.Product("kaos")
	require.NoError(t, err)
	assert.Equal(t, shipping.Dimensions{LengthCm: 20, WidthCm: 15, HeightCm: 3}, p.Dimensions())
	assert.True(t, p.CODAllowed())
	o, err := c.PriceOption("duo-hitam")
	require.NoError(t, err)
	assert.Equal(t, int64(550), o.WeightGrams())
}
