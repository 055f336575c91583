package checkout_test

import (
	"slices"
	"testing"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cartShop(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.New([]catalog.ProductSpec{
		{
			ID: "gamis", Name: "Gamis Bae", SKU: "G-0001", Status: catalog.Published, CODAllowed: true, WeightGrams: 400,
			Options: []string{"Warna", "Ukuran"},
			Variants: []catalog.VariantSpec{
				{ID: "gamis-merah-xl", SKU: "G-0001-MXL", Options: []string{"Merah", "XL"}, Price: 150000, Stock: 3},
				{ID: "gamis-merah-l", SKU: "G-0001-ML", Options: []string{"Merah", "L"}, Price: 140000, Stock: 5, WeightGrams: 350},
			},
		},
		{ID: "jilbab", Name: "Jilbab", SKU: "JB-01", Status: catalog.Published, CODAllowed: true, WeightGrams: 200, Price: 30000, Stock: 10},
		{ID: "sajadah", Name: "Sajadah", SKU: "SJ-01", Status: catalog.Published, WeightGrams: 700, Price: 80000, Stock: 4},
		{ID: "ebook", Name: "E-book", SKU: "EB-01", Status: catalog.Published, Digital: true, Price: 50000, Stock: 100},
		{ID: "kelas", Name: "Kelas Online", SKU: "KO-01", Status: catalog.Published, Digital: true, Price: 250000, Stock: 100},
	}, []catalog.BundleSpec{
		{ID: "paket", Name: "Paket Lebaran", PriceOptions: []catalog.PriceOptionSpec{
			// list 150.000 + 2 × 30.000 = 210.000, sold at 180.000
			{ID: "bpo-lebaran", Price: 180000, Items: []catalog.BundleItemSpec{
				{SKU: "G-0001-MXL", Quantity: 1},
				{SKU: "JB-01", Quantity: 2},
			}},
			// list 50.000 + 30.000, sold at 60.000: ebook 37.500, jilbab 22.500
			{ID: "bpo-belajar", Price: 60000, Items: []catalog.BundleItemSpec{
				{SKU: "EB-01", Quantity: 1},
				{SKU: "JB-01", Quantity: 1},
			}},
			{ID: "bpo-digital", Price: 270000, Items: []catalog.BundleItemSpec{
				{SKU: "EB-01", Quantity: 1},
				{SKU: "KO-01", Quantity: 1},
			}},
		}},
	})
	require.NoError(t, err)
	return c
}

func resolve(t *testing.T, c *catalog.Catalog, req catalog.LineRequest) catalog.Line {
	t.Helper()
	l, err := c.Resolve(req, nil)
	require.NoError(t, err)
	return l
}

func newCart(t *testing.T, limits checkout.CartLimits) *checkout.Cart {
	t.Helper()
	cart, err := checkout.NewCart(limits)
	require.NoError(t, err)
	return cart
}

func TestCartTotals(t *testing.T) {
	t.Parallel()
	c := cartShop(t)
	tests := []struct {
		name           string
		reqs           []catalog.LineRequest
		wantSubtotal   money.Money
		wantWeight     int64
		wantGoods      money.Money
		wantQuantity   int64
		wantDigital    bool
		wantHasDigital bool
		wantShipping   bool
		wantCOD        bool
	}{
		{
			name:         "empty",
			wantSubtotal: 0,
		},
		{
			name:         "one_variant",
			reqs:         []catalog.LineRequest{{ProductID: "gamis", Options: "merah, l", Quantity: 2}},
			wantSubtotal: 280000, wantWeight: 700, wantGoods: 280000, wantQuantity: 2,
			wantShipping: true, wantCOD: true,
		},
		{
			name: "variant_bundle_and_digital",
			reqs: []catalog.LineRequest{
				{SKU: "G-0001-ML", Quantity: 1},
				{PriceOptionID: "bpo-lebaran", Quantity: 1},
				{SKU: "EB-01", Quantity: 1},
			},
			wantSubtotal: 140000 + 180000 + 50000, wantWeight: 350 + 400 + 2*200, wantGoods: 140000 + 180000, wantQuantity: 3,
			wantHasDigital: true, wantShipping: true, wantCOD: true,
		},
		{
			name:         "digital_only",
			reqs:         []catalog.LineRequest{{SKU: "EB-01", Quantity: 1}, {PriceOptionID: "bpo-digital", Quantity: 2}},
			wantSubtotal: 50000 + 2*270000, wantQuantity: 3,
			wantDigital: true, wantHasDigital: true,
		},
		{
			name:         "mixed_bundle_ships_its_physical_part",
			reqs:         []catalog.LineRequest{{PriceOptionID: "bpo-belajar", Quantity: 2}},
			wantSubtotal: 120000, wantWeight: 400, wantGoods: 2 * 22500, wantQuantity: 2,
			wantShipping: true, wantCOD: true,
		},
		{
			name:         "one_physical_product_without_cod",
			reqs:         []catalog.LineRequest{{SKU: "JB-01", Quantity: 1}, {SKU: "SJ-01", Quantity: 1}},
			wantSubtotal: 110000, wantWeight: 900, wantGoods: 110000, wantQuantity: 2,
			wantShipping: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cart := newCart(t, checkout.CartLimits{})
			for _, r := range tt.reqs {
				require.NoError(t, cart.Add(resolve(t, c, r)))
			}
			items := cart.Items()
			assert.Equal(t, tt.wantSubtotal, items.Subtotal())
			assert.Equal(t, tt.wantWeight, items.WeightGrams())
			assert.Equal(t, tt.wantGoods, items.GoodsValue())
			assert.Equal(t, tt.wantQuantity, items.Quantity())
			assert.Equal(t, tt.wantDigital, len(items) > 0 && !items.NeedsShipping())
			assert.Equal(t, tt.wantHasDigital, slices.ContainsFunc(items, func(it checkout.Item) bool { return it.Digital }))
			assert.Equal(t, tt.wantShipping, items.NeedsShipping())
			assert.Equal(t, tt.wantCOD, items.CODAllowed())

			var sum money.Money
			for _, pl := range cart.Items().PricingLines() {
				sum += pl.UnitPrice * money.Money(pl.Quantity)
			}
			assert.Equal(t, items.Subtotal(), sum, "the quote's subtotal is the cart's")
		})
	}
}

func TestCartMergesLines(t *testing.T) {
	t.Parallel()
	c := cartShop(t)
	cart := newCart(t, checkout.CartLimits{})
	// the same variant named three ways, and the same bundle twice
	require.NoError(t, cart.Add(resolve(t, c, catalog.LineRequest{SKU: "G-0001-MXL", Quantity: 1})))
	require.NoError(t, cart.Add(resolve(t, c, catalog.LineRequest{PriceOptionID: "bpo-lebaran", Quantity: 1})))
	require.NoError(t, cart.Add(resolve(t, c, catalog.LineRequest{VariantID: "gamis-merah-xl", Quantity: 2})))
	require.NoError(t, cart.Add(resolve(t, c, catalog.LineRequest{ProductID: "gamis", Options: "MERAH,XL", Quantity: 1})))
	require.NoError(t, cart.Add(resolve(t, c, catalog.LineRequest{PriceOptionID: "bpo-lebaran", Quantity: 2})))
	require.NoError(t, cart.Add(resolve(t, c, catalog.LineRequest{SKU: "JB-01", Quantity: 1})))

	assert.Equal(t, []pricing.Line{
		{SKU: "G-0001-MXL", UnitPrice: 150000, Quantity: 4},
		{SKU: "bpo-lebaran", UnitPrice: 180000, Quantity: 3},
		{SKU: "JB-01", UnitPrice: 30000, Quantity: 1},
	}, cart.Items().PricingLines())
	assert.Equal(t, 3, len(cart.Items()))
	assert.Equal(t, int64(8), cart.Items().Quantity())
	assert.Equal(t, money.Money(4*150000+3*180000+30000), cart.Items().Subtotal())

	// the bundle's components join the variant lines in the stock needs
	assert.Equal(t, []catalog.Need{
		{VariantID: "gamis-merah-xl", SKU: "G-0001-MXL", Quantity: 4 + 3},
		{VariantID: "jilbab", SKU: "JB-01", Quantity: 3*2 + 1},
	}, cart.Items().StockNeeds())

	lines := cart.Items()
	require.Len(t, lines, 3)
	assert.Equal(t, "bundle", lines[1].Kind)
	assert.Equal(t, int64(3), lines[1].Quantity)
}

func TestCartLimits(t *testing.T) {
	t.Parallel()
	c := cartShop(t)
	tests := []struct {
		name      string
		limits    checkout.CartLimits
		reqs      []catalog.LineRequest
		wantCode  string
		wantField string
	}{
		{
			name:   "within_limits",
			limits: checkout.CartLimits{MaxLineQuantity: 3, MaxOrderQuantity: 5},
			reqs:   []catalog.LineRequest{{SKU: "JB-01", Quantity: 3}, {PriceOptionID: "bpo-lebaran", Quantity: 2}},
		},
		{
			name:      "line_above_limit",
			limits:    checkout.CartLimits{MaxLineQuantity: 3},
			reqs:      []catalog.LineRequest{{SKU: "JB-01", Quantity: 4}},
			wantCode:  checkout.CodeQuantityLimitExceeded,
			wantField: "lines[0].quantity",
		},
		{
			name:      "merged_line_above_limit",
			limits:    checkout.CartLimits{MaxLineQuantity: 3},
			reqs:      []catalog.LineRequest{{SKU: "JB-01", Quantity: 2}, {SKU: "EB-01", Quantity: 1}, {VariantID: "jilbab", Quantity: 2}},
			wantCode:  checkout.CodeQuantityLimitExceeded,
			wantField: "lines[2].quantity",
		},
		{
			name:      "merged_bundle_above_limit",
			limits:    checkout.CartLimits{MaxLineQuantity: 2},
			reqs:      []catalog.LineRequest{{PriceOptionID: "bpo-lebaran", Quantity: 2}, {PriceOptionID: "bpo-lebaran", Quantity: 1}},
			wantCode:  checkout.CodeQuantityLimitExceeded,
			wantField: "lines[1].quantity",
		},
		{
			name:      "order_above_limit",
			limits:    checkout.CartLimits{MaxOrderQuantity: 5},
			reqs:      []catalog.LineRequest{{SKU: "JB-01", Quantity: 3}, {SKU: "EB-01", Quantity: 2}, {SKU: "SJ-01", Quantity: 1}},
			wantCode:  checkout.CodeQuantityLimitExceeded,
			wantField: "lines[2].quantity",
		},
		{
			name:      "order_above_kasir_maximum",
			reqs:      []catalog.LineRequest{{SKU: "EB-01", Quantity: catalog.MaxQuantity}, {SKU: "KO-01", Quantity: 1}},
			wantCode:  catalog.CodeInvalidQuantity,
			wantField: "lines[1].quantity",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, grow := range []int{0, len(tt.reqs)} { // a cart grown first answers the same
				cart := newCart(t, tt.limits)
				cart.Grow(grow)
				var err error
				for _, r := range tt.reqs {
					before := cart.Items().PricingLines()
					if err = cart.Add(resolve(t, c, r)); err != nil {
						assert.Equal(t, before, cart.Items().PricingLines(), "a refused line changes nothing")
						break
					}
				}
				if tt.wantCode == "" {
					require.NoError(t, err)
					continue
				}
				require.Error(t, err)
				assert.Equal(t, tt.wantCode, errs.Code(err), err.Error())
				assert.ErrorIs(t, err, errs.Invalid)
				assert.Equal(t, tt.wantField, errs.Field(err))
				assert.Contains(t, err.Error(), "checkout: ")
			}
		})
	}
}

func TestNewCartRejectsNegativeLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		limits    checkout.CartLimits
		wantField string
	}{
		{name: "line", limits: checkout.CartLimits{MaxLineQuantity: -1}, wantField: "max_line_quantity"},
		{name: "order", limits: checkout.CartLimits{MaxOrderQuantity: -1}, wantField: "max_order_quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cart, err := checkout.NewCart(tt.limits)
			assert.Nil(t, cart)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tt.wantField, errs.Field(err))
		})
	}
}

func TestCartRejectsUnresolvedLine(t *testing.T) {
	t.Parallel()
	cart := newCart(t, checkout.CartLimits{})
	err := cart.Add(catalog.Line{})
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	assert.Equal(t, "lines[0]", errs.Field(err))
	assert.Zero(t, len(cart.Items()))

	var nilCart *checkout.Cart
	assert.Error(t, nilCart.Add(catalog.Line{}))
	assert.Empty(t, nilCart.Items())
	assert.False(t, nilCart.Items().CODAllowed())
}

func TestCartRejectsAnotherPrice(t *testing.T) {
	t.Parallel()
	old := cartShop(t)
	cart := newCart(t, checkout.CartLimits{})
	require.NoError(t, cart.Add(resolve(t, old, catalog.LineRequest{SKU: "JB-01", Quantity: 1})))

	repriced, err := catalog.New([]catalog.ProductSpec{
		{ID: "jilbab", Name: "Jilbab", SKU: "JB-01", Status: catalog.Published, CODAllowed: true, WeightGrams: 200, Price: 35000, Stock: 10},
	}, nil)
	require.NoError(t, err)
	err = cart.Add(resolve(t, repriced, catalog.LineRequest{SKU: "JB-01", Quantity: 1}))
	assert.Equal(t, checkout.CodePriceChanged, errs.Code(err))
	assert.ErrorIs(t, err, errs.Conflict)
	assert.Equal(t, "lines[1]", errs.Field(err))
	assert.Equal(t, money.Money(30000), cart.Items().Subtotal())
}

func TestCartChecksMergedStock(t *testing.T) {
	t.Parallel()
	c := cartShop(t)
	stock := c.InitialStock() // gamis-merah-xl: 3, jilbab: 10
	cart := newCart(t, checkout.CartLimits{})

	require.NoError(t, cart.AddChecked(resolve(t, c, catalog.LineRequest{SKU: "G-0001-MXL", Quantity: 2}), stock))
	require.NoError(t, cart.AddChecked(resolve(t, c, catalog.LineRequest{SKU: "JB-01", Quantity: 1}), stock))

	// each line alone fits the stock; together with the cart they do not
	err := cart.AddChecked(resolve(t, c, catalog.LineRequest{VariantID: "gamis-merah-xl", Quantity: 2}), stock)
	var oos *catalog.OutOfStockError
	require.ErrorAs(t, err, &oos)
	assert.Equal(t, catalog.OutOfStockError{VariantID: "gamis-merah-xl", SKU: "G-0001-MXL", Requested: 4, Available: 3, Field: "lines[2]"}, *oos)
	assert.ErrorIs(t, err, errs.Conflict)

	// a bundle shares its components' stock with the variant lines
	err = cart.AddChecked(resolve(t, c, catalog.LineRequest{PriceOptionID: "bpo-lebaran", Quantity: 2}), stock)
	require.ErrorAs(t, err, &oos)
	assert.Equal(t, catalog.OutOfStockError{VariantID: "gamis-merah-xl", SKU: "G-0001-MXL", Requested: 4, Available: 3, Field: "lines[3]"}, *oos)

	require.NoError(t, cart.AddChecked(resolve(t, c, catalog.LineRequest{PriceOptionID: "bpo-lebaran", Quantity: 1}), stock))
	assert.Equal(t, []catalog.Need{
		{VariantID: "gamis-merah-xl", SKU: "G-0001-MXL", Quantity: 3},
		{VariantID: "jilbab", SKU: "JB-01", Quantity: 3},
	}, cart.Items().StockNeeds())

	// the stock the cart needs is what a reservation takes
	require.NoError(t, stock.Reserve(cart.Items().StockNeeds()))
	assert.Zero(t, stock.Available("gamis-merah-xl"))
	assert.Equal(t, int64(7), stock.Available("jilbab"))
	require.NoError(t, stock.Release(cart.Items().StockNeeds()))
	assert.Equal(t, int64(3), stock.Available("gamis-merah-xl"))
}

func TestCartHoldsAtMostMaxLines(t *testing.T) {
	t.Parallel()
	c := cartShop(t)
	jilbab := resolve(t, c, catalog.LineRequest{SKU: "JB-01", Quantity: 1})
	for _, tt := range []struct {
		name   string
		limits checkout.CartLimits
		want   int
	}{
		{"set", checkout.CartLimits{MaxLines: 3}, 3},
		{"default", checkout.CartLimits{}, checkout.DefaultMaxLines},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cart := newCart(t, tt.limits)
			for range tt.want {
				require.NoError(t, cart.Add(jilbab), "merged lines count as calls too")
			}
			err := cart.Add(jilbab)
			require.Error(t, err)
			assert.Equal(t, checkout.CodeTooManyLines, errs.Code(err))
			assert.Equal(t, "lines", errs.Field(err))
			assert.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, int64(tt.want), cart.Items().Quantity(), "the refused line is not added")

			require.ErrorIs(t, tt.limits.CheckLines(tt.want+1), errs.Invalid)
			require.NoError(t, tt.limits.CheckLines(tt.want))
		})
	}
	_, err := checkout.NewCart(checkout.CartLimits{MaxLines: -1})
	assert.Equal(t, "max_lines", errs.Field(err))
}

func TestCartMergesManyLinesByVariant(t *testing.T) {
	t.Parallel()
	c := cartShop(t)
	cart := newCart(t, checkout.CartLimits{MaxLines: 401})
	reqs := []catalog.LineRequest{{SKU: "JB-01", Quantity: 1}, {PriceOptionID: "bpo-belajar", Quantity: 1}, {SKU: "G-0001-ML", Quantity: 1}, {SKU: "EB-01", Quantity: 1}}
	for i := range 400 {
		require.NoError(t, cart.Add(resolve(t, c, reqs[i%len(reqs)])))
	}
	require.Equal(t, 4, len(cart.Items()))
	var got []int64
	for _, it := range cart.Items() {
		got = append(got, it.Quantity)
	}
	assert.Equal(t, []int64{100, 100, 100, 100}, got)
	// JB-01 is taken by its own line and by the bundle.
	stock := checkoutLevels{"jilbab": 199, "gamis-merah-l": 1000, "ebook": 1000}
	err := cart.AddChecked(resolve(t, c, reqs[0]), stock)
	var oos *catalog.OutOfStockError
	require.ErrorAs(t, err, &oos)
	assert.Equal(t, int64(201), oos.Requested)
	assert.Equal(t, 4, len(cart.Items()))
}
