package catalog_test

import (
	"strings"
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolveFindsTheVariant(t *testing.T) {
	t.Parallel()
	c := shop(t)
	tests := []struct {
		name        string
		req         catalog.LineRequest
		wantVariant string
		wantSKU     string
		wantPrice   money.Money
		wantWeight  int64
		wantName    string
	}{
		{name: "by_variant_sku", req: catalog.LineRequest{SKU: "G-0001-KXL", Quantity: 2}, wantVariant: "gamis-kuning-xl", wantSKU: "G-0001-KXL", wantPrice: 100000, wantWeight: 150, wantName: "Gamis Bae (Kuning, XL)"},
		{name: "by_product_sku_without_options", req: catalog.LineRequest{SKU: "JB-8791", Quantity: 2}, wantVariant: "jilbab", wantSKU: "JB-8791", wantPrice: 30000, wantWeight: 200, wantName: "Jilbab Keche Premium"},
		{name: "by_sku_with_spaces", req: catalog.LineRequest{SKU: "  JB-8791 ", Quantity: 2}, wantVariant: "jilbab", wantSKU: "JB-8791", wantPrice: 30000, wantWeight: 200, wantName: "Jilbab Keche Premium"},
		{name: "by_variant_id", req: catalog.LineRequest{VariantID: "gamis-merah-l", Quantity: 2}, wantVariant: "gamis-merah-l", wantSKU: "G-0001-ML", wantPrice: 15000, wantWeight: 100, wantName: "Gamis Bae (Merah, L)"},
		{name: "by_implicit_variant_id", req: catalog.LineRequest{VariantID: "jilbab", Quantity: 2}, wantVariant: "jilbab", wantSKU: "JB-8791", wantPrice: 30000, wantWeight: 200, wantName: "Jilbab Keche Premium"},
		{name: "by_option_path", req: catalog.LineRequest{ProductID: "gamis", Options: "Merah, XL", Quantity: 2}, wantVariant: "gamis-merah-xl", wantSKU: "G-0001-MXL", wantPrice: 10000, wantWeight: 100, wantName: "Gamis Bae (Merah, XL)"},
		{name: "by_option_path_any_case_and_spacing", req: catalog.LineRequest{ProductID: "gamis", Options: "  kuNING ,l  ", Quantity: 2}, wantVariant: "gamis-kuning-l", wantSKU: "G-0001-KL", wantPrice: 25000, wantWeight: 100, wantName: "Gamis Bae (Kuning, L)"},
		{name: "by_option_path_without_spaces", req: catalog.LineRequest{ProductID: "gamis", Options: "MERAH,XL", Quantity: 2}, wantVariant: "gamis-merah-xl", wantSKU: "G-0001-MXL", wantPrice: 10000, wantWeight: 100, wantName: "Gamis Bae (Merah, XL)"},
		{name: "by_product_without_options", req: catalog.LineRequest{ProductID: "jilbab", Quantity: 2}, wantVariant: "jilbab", wantSKU: "JB-8791", wantPrice: 30000, wantWeight: 200, wantName: "Jilbab Keche Premium"},
		{name: "by_product_blank_path", req: catalog.LineRequest{ProductID: "jilbab", Options: "  ", Quantity: 2}, wantVariant: "jilbab", wantSKU: "JB-8791", wantPrice: 30000, wantWeight: 200, wantName: "Jilbab Keche Premium"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := c.Resolve(tt.req, c.InitialStock())
			require.NoError(t, err)
			assert.Equal(t, catalog.VariantLine, l.Kind())
			assert.Equal(t, tt.wantVariant, l.VariantID())
			assert.Equal(t, tt.wantSKU, l.SKU())
			assert.Equal(t, tt.wantSKU, l.Key())
			assert.Equal(t, tt.wantPrice, l.UnitPrice())
			assert.Equal(t, int64(2), l.Quantity())
			assert.Equal(t, tt.wantPrice*2, l.Subtotal())
			assert.Equal(t, tt.wantWeight, l.UnitWeightGrams())
			assert.Equal(t, tt.wantWeight*2, l.WeightGrams())
			assert.Equal(t, tt.wantName, l.Name())
			assert.Equal(t, pricing.Line{SKU: tt.wantSKU, UnitPrice: tt.wantPrice, Quantity: 2}, l.PricingLine())
			assert.Equal(t, []catalog.Need{{VariantID: tt.wantVariant, SKU: tt.wantSKU, Quantity: 2}}, l.StockNeeds())
			assert.Empty(t, l.Components())
		})
	}
}

func TestResolveFlags(t *testing.T) {
	t.Parallel()
	c := shop(t)
	tests := []struct {
		name        string
		req         catalog.LineRequest
		wantDigital bool
		wantCOD     bool
		wantGoods   money.Money
	}{
		{name: "physical_with_cod", req: catalog.LineRequest{SKU: "JB-8791", Quantity: 1}, wantCOD: true, wantGoods: 30000},
		{name: "physical_without_cod", req: catalog.LineRequest{SKU: "SJ-01", Quantity: 1}, wantGoods: 80000},
		{name: "digital", req: catalog.LineRequest{SKU: "EB-01", Quantity: 1}, wantDigital: true},
		{name: "bundle_mixed", req: catalog.LineRequest{PriceOptionID: "bpo-ebook-jilbab", Quantity: 1}, wantCOD: true, wantGoods: 26250},
		{name: "bundle_digital", req: catalog.LineRequest{PriceOptionID: "bpo-ebook-2", Quantity: 1}, wantDigital: true},
		{name: "bundle_with_a_no_cod_component", req: catalog.LineRequest{PriceOptionID: "bpo-sajadah", Quantity: 1}, wantGoods: 100000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := c.Resolve(tt.req, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.wantDigital, l.Digital())
			assert.Equal(t, tt.wantCOD, l.CODAllowed())
			assert.Equal(t, tt.wantGoods, l.GoodsValue())
		})
	}
}

func TestResolveBundle(t *testing.T) {
	t.Parallel()
	c := shop(t)
	l, err := c.Resolve(catalog.LineRequest{PriceOptionID: "bpo-hemat-2", Quantity: 3}, c.InitialStock())
	require.NoError(t, err)
	assert.Equal(t, catalog.BundleLine, l.Kind())
	assert.Equal(t, "bpo-hemat-2", l.Key())
	assert.Equal(t, "bpo-hemat-2", l.PriceOptionID())
	assert.Equal(t, "paket-hemat", l.BundleID())
	assert.Empty(t, l.SKU())
	assert.Equal(t, "Paket Hemat – Jilbab + Gamis", l.Name())
	assert.Equal(t, money.Money(40000), l.UnitPrice())
	assert.Equal(t, money.Money(120000), l.Subtotal())
	assert.Equal(t, int64(300), l.UnitWeightGrams())
	assert.Equal(t, int64(900), l.WeightGrams())
	assert.Equal(t, pricing.Line{SKU: "bpo-hemat-2", UnitPrice: 40000, Quantity: 3}, l.PricingLine())
	assert.Equal(t, []catalog.Need{
		{VariantID: "jilbab", SKU: "JB-8791", Quantity: 3},
		{VariantID: "gamis-merah-l", SKU: "G-0001-ML", Quantity: 3},
	}, l.StockNeeds())
	comps := l.Components()
	require.Len(t, comps, 2)
	assert.Equal(t, catalog.Component{
		ProductID: "jilbab", VariantID: "jilbab", SKU: "JB-8791", Name: "Jilbab Keche Premium",
		Quantity: 1, ListPrice: 30000, Allocated: 26667, WeightGrams: 200, CODAllowed: true,
	}, comps[0])
	assert.Equal(t, "Gamis Bae (Merah, L)", comps[1].Name)
	assert.Equal(t, money.Money(13333), comps[1].Allocated)
	assert.Equal(t, money.Money(120000), l.GoodsValue())
}

func TestResolveErrors(t *testing.T) {
	t.Parallel()
	c := shop(t)
	stock := c.InitialStock()
	tests := []struct {
		name      string
		req       catalog.LineRequest
		wantCode  string
		wantKind  errs.Kind
		wantField string
		wantMsg   string
	}{
		{name: "no_way_of_naming", req: catalog.LineRequest{Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid},
		{name: "two_ways_of_naming", req: catalog.LineRequest{SKU: "JB-8791", VariantID: "jilbab", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid},
		{name: "sku_and_price_option", req: catalog.LineRequest{SKU: "JB-8791", PriceOptionID: "bpo-hemat-3", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid},
		{name: "options_without_product", req: catalog.LineRequest{SKU: "G-0001-MXL", Options: "Merah, XL", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid, wantField: "options"},
		{name: "zero_quantity", req: catalog.LineRequest{SKU: "JB-8791"}, wantCode: catalog.CodeInvalidQuantity, wantKind: errs.Invalid, wantField: "quantity"},
		{name: "negative_quantity", req: catalog.LineRequest{SKU: "JB-8791", Quantity: -1}, wantCode: catalog.CodeInvalidQuantity, wantKind: errs.Invalid, wantField: "quantity"},
		{name: "quantity_above_max", req: catalog.LineRequest{SKU: "JB-8791", Quantity: catalog.MaxQuantity + 1}, wantCode: catalog.CodeInvalidQuantity, wantKind: errs.Invalid, wantField: "quantity"},
		{name: "bundle_units_above_max", req: catalog.LineRequest{PriceOptionID: "bpo-hemat-3", Quantity: catalog.MaxQuantity/3 + 1}, wantCode: catalog.CodeInvalidQuantity, wantKind: errs.Invalid, wantField: "quantity"},
		{name: "unknown_sku", req: catalog.LineRequest{SKU: "NOPE", Quantity: 1}, wantCode: catalog.CodeUnknownSKU, wantKind: errs.NotFound, wantField: "sku", wantMsg: `"NOPE"`},
		{name: "unknown_variant", req: catalog.LineRequest{VariantID: "gamis-hijau-xl", Quantity: 1}, wantCode: catalog.CodeUnknownVariant, wantKind: errs.NotFound, wantField: "variant_id"},
		{name: "unknown_product", req: catalog.LineRequest{ProductID: "kaos", Options: "Merah, XL", Quantity: 1}, wantCode: catalog.CodeUnknownProduct, wantKind: errs.NotFound, wantField: "product_id"},
		{name: "unknown_price_option", req: catalog.LineRequest{PriceOptionID: "bpo-nope", Quantity: 1}, wantCode: catalog.CodeUnknownPriceOption, wantKind: errs.NotFound, wantField: "price_option_id"},
		{name: "sku_of_product_with_options", req: catalog.LineRequest{SKU: "G-0001", Quantity: 1}, wantCode: catalog.CodeAmbiguousOptions, wantKind: errs.Invalid, wantField: "sku"},
		{name: "empty_path", req: catalog.LineRequest{ProductID: "gamis", Quantity: 1}, wantCode: catalog.CodeAmbiguousOptions, wantKind: errs.Invalid, wantField: "options", wantMsg: "Warna, Ukuran"},
		{name: "partial_path", req: catalog.LineRequest{ProductID: "gamis", Options: "Merah", Quantity: 1}, wantCode: catalog.CodeAmbiguousOptions, wantKind: errs.Invalid, wantField: "options", wantMsg: "Ukuran"},
		{name: "unknown_value", req: catalog.LineRequest{ProductID: "gamis", Options: "Hijau, XL", Quantity: 1}, wantCode: catalog.CodeAmbiguousOptions, wantKind: errs.Invalid, wantField: "options", wantMsg: "Merah, Kuning"},
		{name: "axes_in_wrong_order", req: catalog.LineRequest{ProductID: "gamis", Options: "XL, Merah", Quantity: 1}, wantCode: catalog.CodeAmbiguousOptions, wantKind: errs.Invalid, wantField: "options"},
		{name: "combination_not_sold", req: catalog.LineRequest{ProductID: "gamis", Options: "Kuning, M", Quantity: 1}, wantCode: catalog.CodeAmbiguousOptions, wantKind: errs.Invalid, wantField: "options"},
		{name: "empty_value_in_path", req: catalog.LineRequest{ProductID: "gamis", Options: "Merah,,XL", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid, wantField: "options"},
		{name: "trailing_comma", req: catalog.LineRequest{ProductID: "gamis", Options: "Merah,", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid, wantField: "options"},
		{name: "only_commas", req: catalog.LineRequest{ProductID: "gamis", Options: ",", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid, wantField: "options"},
		{name: "too_many_values", req: catalog.LineRequest{ProductID: "gamis", Options: "Merah, XL, Panjang", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid, wantField: "options"},
		{name: "path_too_long", req: catalog.LineRequest{ProductID: "gamis", Options: strings.Repeat("a", 2000), Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid, wantField: "options"},
		{name: "options_for_product_without_options", req: catalog.LineRequest{ProductID: "jilbab", Options: "Merah", Quantity: 1}, wantCode: errs.CodeInvalidInput, wantKind: errs.Invalid, wantField: "options"},
		{name: "draft_product", req: catalog.LineRequest{SKU: "MK-01", Quantity: 1}, wantCode: catalog.CodeProductUnavailable, wantKind: errs.Precondition, wantMsg: "Mukena"},
		{name: "bundle_with_draft_component", req: catalog.LineRequest{PriceOptionID: "bpo-mukena", Quantity: 1}, wantCode: catalog.CodeProductUnavailable, wantKind: errs.Precondition, wantMsg: "Mukena"},
		{name: "out_of_stock", req: catalog.LineRequest{SKU: "G-0001-ML", Quantity: 6}, wantCode: catalog.CodeOutOfStock, wantKind: errs.Conflict, wantMsg: "6 requested, 5 left"},
		{name: "bundle_component_out_of_stock", req: catalog.LineRequest{PriceOptionID: "bpo-hemat-3", Quantity: 4}, wantCode: catalog.CodeOutOfStock, wantKind: errs.Conflict, wantMsg: "JB-8791 is out of stock: 12 requested, 10 left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := c.Resolve(tt.req, stock)
			require.Error(t, err)
			assert.Equal(t, catalog.Line{}, l)
			assert.Equal(t, tt.wantCode, errs.Code(err), err.Error())
			assert.ErrorIs(t, err, tt.wantKind)
			assert.Equal(t, tt.wantField, errs.Field(err))
			assert.Contains(t, err.Error(), "catalog: ")
			assert.Contains(t, err.Error(), tt.wantMsg)
		})
	}
}

func TestResolveOutOfStockSaysWhatIsLeft(t *testing.T) {
	t.Parallel()
	c := shop(t)
	stock := c.InitialStock()
	require.NoError(t, stock.Set("gamis-merah-l", 1))

	_, err := c.Resolve(catalog.LineRequest{PriceOptionID: "bpo-hemat-2", Quantity: 2}, stock)
	var oos *catalog.OutOfStockError
	require.ErrorAs(t, err, &oos)
	assert.Equal(t, catalog.OutOfStockError{VariantID: "gamis-merah-l", SKU: "G-0001-ML", Requested: 2, Available: 1}, *oos)
	require.ErrorIs(t, err, catalog.ErrOutOfStock)
	require.ErrorIs(t, err, errs.Conflict)
	assert.NotErrorIs(t, err, errs.Invalid)

	// Without stock levels the same line resolves: nothing is checked.
	_, err = c.Resolve(catalog.LineRequest{PriceOptionID: "bpo-hemat-2", Quantity: 2}, nil)
	require.NoError(t, err)
}

func TestResolveAllNamesTheLine(t *testing.T) {
	t.Parallel()
	c := shop(t)
	reqs := []catalog.LineRequest{
		{SKU: "JB-8791", Quantity: 1},
		{PriceOptionID: "bpo-hemat-2", Quantity: 1},
		{ProductID: "gamis", Options: "Merah", Quantity: 1},
	}
	_, err := c.ResolveAll(reqs, nil)
	require.ErrorIs(t, err, catalog.ErrAmbiguousOptions)
	assert.Equal(t, "lines[2].options", errs.Field(err))

	reqs[2] = catalog.LineRequest{SKU: "SJ-01", Quantity: 5}
	_, err = c.ResolveAll(reqs, c.InitialStock())
	var oos *catalog.OutOfStockError
	require.ErrorAs(t, err, &oos)
	assert.Equal(t, "lines[2]", oos.Field)
	assert.Equal(t, "lines[2]", errs.Field(err))
	assert.Contains(t, err.Error(), "(lines[2])")

	reqs[2] = catalog.LineRequest{SKU: "SJ-01", Quantity: 4}
	lines, err := c.ResolveAll(reqs, c.InitialStock())
	require.NoError(t, err)
	require.Len(t, lines, 3)
	assert.Equal(t, "SJ-01", lines[2].Key())
}

func TestResolveTooLargeTotal(t *testing.T) {
	t.Parallel()
	c, err := catalog.New([]catalog.ProductSpec{
		{ID: "emas", Name: "Emas Batangan", SKU: "AU", Status: catalog.Published, Price: money.MaxAmount / 2, Stock: 5},
	}, nil)
	require.NoError(t, err)
	_, err = c.Resolve(catalog.LineRequest{SKU: "AU", Quantity: 3}, nil)
	assert.Equal(t, catalog.CodeInvalidQuantity, errs.Code(err))
	_, err = c.Resolve(catalog.LineRequest{SKU: "AU", Quantity: 2}, nil)
	require.NoError(t, err)
}

func TestWithQuantity(t *testing.T) {
	t.Parallel()
	c := shop(t)
	l, err := c.Resolve(catalog.LineRequest{PriceOptionID: "bpo-hemat-2", Quantity: 1}, nil)
	require.NoError(t, err)
	l5, err := l.WithQuantity(5)
	require.NoError(t, err)
	assert.Equal(t, int64(5), l5.Quantity())
	assert.Equal(t, int64(1), l.Quantity(), "the original line is unchanged")
	_, err = l.WithQuantity(0)
	require.ErrorIs(t, err, catalog.ErrInvalidQuantity)
	_, err = catalog.Line{}.WithQuantity(1)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
}

func TestNilCatalogDoesNotPanic(t *testing.T) {
	t.Parallel()
	var c *catalog.Catalog
	_, err := c.Resolve(catalog.LineRequest{SKU: "X", Quantity: 1}, nil)
	require.Error(t, err)
	_, err = c.Variant("x")
	require.ErrorIs(t, err, catalog.ErrUnknownVariant)
	assert.Empty(t, c.Products())
	assert.Zero(t, c.InitialStock().Available("x"))
}
