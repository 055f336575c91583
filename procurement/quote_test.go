package procurement_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

func rate(s string) money.Rate { return money.MustRate(s) }

// platform takes Rp2.500 + 1,5% (rounded up) of each seller's goods, with
// PPN 12% × 11/12 (11% effective) on the fee and PPh 23 2% withheld from it.
var platform = procurement.Platform{
	Name: "PT Platform", NPWP: "01.000.000.0-000.000",
	FeeFixed: 2500, FeePercent: rate("1.5"), PPNPercent: rate("12"), DPPFactor: rate("11/12"), PPh23Percent: rate("2"),
}

var (
	pkp11    = procurement.SellerTax{PPNPercent: rate("11")}
	pkp12    = procurement.SellerTax{PPNPercent: rate("12"), DPPFactor: rate("11/12")}
	nonPKP   = procurement.SellerTax{}
	wib      = time.FixedZone("WIB", 7*60*60)
	placedAt = time.Date(2026, 12, 2, 10, 0, 0, 0, wib)
)

// want is one seller's expected figures.
type want struct {
	seller                                      string
	subtotal, discount, taxBase, goodsBase, ppn int64
	pph22, pph23, grand, withheld, payable      int64
	withholding                                 bool
	fee, feePPN, feePPh23, settlement           int64
}

func checkOrder(t *testing.T, w want, o procurement.Order) {
	t.Helper()
	q := o.Quote
	assert.Equal(t, w.seller, o.Seller)
	for _, f := range []struct {
		name      string
		want, got int64
	}{
		{"subtotal", w.subtotal, q.Subtotal.Int64()}, {"discount", w.discount, q.ProductDiscount.Int64()},
		{"tax_base", w.taxBase, q.TaxBase.Int64()}, {"goods_tax_base", w.goodsBase, o.GoodsTaxBase.Int64()},
		{"ppn", w.ppn, q.PPN.Int64()}, {"pph22", w.pph22, q.PPh22.Int64()}, {"pph23", w.pph23, q.PPh23.Int64()},
		{"grand_total", w.grand, q.GrandTotal.Int64()}, {"withheld", w.withheld, q.Withheld.Int64()},
		{"payable", w.payable, q.Payable.Int64()}, {"fee", w.fee, o.PlatformFee.Int64()},
		{"fee_ppn", w.feePPN, o.PlatformFeePPN.Int64()}, {"fee_pph23", w.feePPh23, o.PlatformFeePPh23.Int64()},
		{"seller_settlement", w.settlement, o.SellerSettlement.Int64()},
	} {
		assert.Equal(t, f.want, f.got, "%s of %s", f.name, w.seller)
	}
	assert.Equal(t, w.withholding, o.Withholding, "withholding of %s", w.seller)
}

func checkTotals(t *testing.T, res procurement.Result) {
	t.Helper()
	var sum procurement.Totals
	for _, o := range res.Orders {
		sum.Subtotal += o.Quote.Subtotal
		sum.ProductDiscount += o.Quote.ProductDiscount
		sum.PPN += o.Quote.PPN
		sum.GrandTotal += o.Quote.GrandTotal
		sum.Withheld += o.Quote.Withheld
		sum.Payable += o.Quote.Payable
		sum.PlatformFee += o.PlatformFee
		sum.SellerSettlement += o.SellerSettlement
	}
	assert.Equal(t, sum.Subtotal, res.Totals.Subtotal)
	assert.Equal(t, sum.ProductDiscount, res.Totals.ProductDiscount)
	assert.Equal(t, sum.ProductDiscount, res.VoucherDiscount)
	assert.Equal(t, sum.PPN, res.Totals.PPN)
	assert.Equal(t, sum.GrandTotal, res.Totals.GrandTotal)
	assert.Equal(t, sum.Withheld, res.Totals.Withheld)
	assert.Equal(t, sum.Payable, res.Totals.Payable)
	assert.Equal(t, sum.PlatformFee, res.Totals.PlatformFee)
	assert.Equal(t, sum.SellerSettlement, res.Totals.SellerSettlement)
}

// A government office (klpd: PPN collected, PPh 22 1,5%, PPh 23 2%, above
// Rp2.000.000 of goods tax base) buys from three sellers with a platform
// voucher of Rp100.000.
func TestQuoteGovernmentThreeSellers(t *testing.T) {
	t.Parallel()
	c := procurement.Checkout{
		Buyer:    procurement.Buyer{Name: "Dinas Pendidikan", NPWP: "00.111.222.3-444.000", Kind: "klpd"},
		Platform: platform,
		Sellers: []procurement.Seller{
			{ID: "a", Name: "Toko A", NPWP: "02.000.000.1-000.000", Tax: pkp11},
			{ID: "b", Name: "Toko B", NPWP: "02.000.000.2-000.000", Tax: pkp12},
			{ID: "c", Name: "Toko C", Tax: nonPKP},
		},
		Items: []procurement.Item{
			{Seller: "a", SKU: "LAPTOP", UnitPrice: 2500000, Quantity: 1},
			{Seller: "b", SKU: "KURSI", UnitPrice: 1000000, Quantity: 2},
			{Seller: "a", SKU: "BUKU", UnitPrice: 500000, Quantity: 1, Category: procurement.Exempt},
			{Seller: "c", SKU: "MEJA", UnitPrice: 500000, Quantity: 2},
		},
		Couriers: map[string]procurement.Courier{
			"a": {Courier: "jne", Service: "REG", Cost: 50000, InsuranceFee: 6000},
			"b": {Courier: "sicepat", Service: "REG", Cost: 25000},
			"c": {Courier: "jnt", Service: "EZ", Cost: 15000},
		},
		Voucher:         &pricing.VoucherRule{Code: "PADI100", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 100000},
		PaymentTermDays: 14,
		PlacedAt:        placedAt,
	}
	res, err := procurement.Quote(c)
	require.NoError(t, err)
	require.Len(t, res.Orders, 3)

	// The voucher splits over eligible 3.000.000 : 2.000.000 : 1.000.000 into
	// 50.000, 33.333,33 and 16.666,67: floors 50.000 + 33.333 + 16.666 =
	// 99.999, and the rupiah left goes to the largest remainder, c's.
	//
	// a: S 3.000.000, D 50.000 split over taxed 2.500.000 and exempt 500.000:
	// 41.666,67 and 8.333,33 → 41.667 / 8.333. Taxed X 2.458.333, exempt
	// 491.667, goods tax base 2.950.000 > 2.000.000: withheld. PPN floor(11% ×
	// 2.458.333) = 270.416; PPh 22 floor(1,5% × 2.950.000) = 44.250; PPh 23
	// 2% × 50.000 = 1.000. G = 2.950.000 + 50.000 + 6.000 + 270.416 =
	// 3.276.416; W = 315.666; P = 2.960.750. Fee 2.500 + ceil(1,5% ×
	// 2.950.000) = 46.750; fee PPN floor(11% × 46.750) = 5.142; fee PPh 23
	// floor(2% × 46.750) = 935; settlement 2.960.750 − 46.750 − 5.142 + 935.
	checkOrder(t, want{
		seller: "a", subtotal: 3000000, discount: 50000, taxBase: 2458333, goodsBase: 2950000, ppn: 270416,
		pph22: 44250, pph23: 1000, grand: 3276416, withheld: 315666, payable: 2960750, withholding: true,
		fee: 46750, feePPN: 5142, feePPh23: 935, settlement: 2909793,
	}, res.Orders[0])
	assert.Equal(t, money.Money(491667), res.Orders[0].ExemptAmount)
	// b: X = 2.000.000 − 33.333 = 1.966.667, at or below 2.000.000: nothing
	// withheld. PPN 12% × 11/12 = 11%: floor(216.333,37) = 216.333. G = P =
	// 1.966.667 + 25.000 + 216.333 = 2.208.000. Fee 2.500 + ceil(29.500,005)
	// = 32.001; PPN floor(3.520,11) = 3.520; PPh 23 floor(640,02) = 640.
	checkOrder(t, want{
		seller: "b", subtotal: 2000000, discount: 33333, taxBase: 1966667, goodsBase: 1966667, ppn: 216333,
		grand: 2208000, payable: 2208000, fee: 32001, feePPN: 3520, feePPh23: 640, settlement: 2173119,
	}, res.Orders[1])
	// c, not registered for VAT: X = 983.333, no PPN, below the threshold.
	// G = P = 983.333 + 15.000. Fee 2.500 + ceil(14.749,995) = 17.250; PPN
	// floor(1.897,5) = 1.897; PPh 23 345.
	checkOrder(t, want{
		seller: "c", subtotal: 1000000, discount: 16667, taxBase: 983333, goodsBase: 983333,
		grand: 998333, payable: 998333, fee: 17250, feePPN: 1897, feePPh23: 345, settlement: 979531,
	}, res.Orders[2])
	checkTotals(t, res)
	assert.Equal(t, money.Money(100000), res.VoucherDiscount)
	assert.Equal(t, money.Money(3276416+2208000+998333), res.Totals.GrandTotal)
	assert.Equal(t, time.Date(2026, 12, 16, 23, 59, 59, 0, wib), res.DueAt)
	assert.True(t, res.Orders[0].DueAt.Equal(res.DueAt))

	// Documents: a's invoice states the taxed DPP and the exempt goods, its
	// slip both articles; c, not registered for VAT, has no tax invoice.
	inv := res.Orders[0].TaxInvoice
	require.NotNil(t, inv)
	assert.Equal(t, "02.000.000.1-000.000", inv.SellerNPWP)
	assert.Equal(t, "00.111.222.3-444.000", inv.BuyerNPWP)
	assert.Equal(t, money.Money(2458333), inv.DPP)
	assert.Equal(t, money.Money(270416), inv.PPN)
	assert.Equal(t, money.Money(491667), inv.ExemptAmount)
	assert.True(t, inv.CollectedByBuyer)
	slip := res.Orders[0].WithholdingSlip
	require.NotNil(t, slip)
	assert.Equal(t, "00.111.222.3-444.000", slip.WithholderNPWP)
	assert.Equal(t, "02.000.000.1-000.000", slip.RecipientNPWP)
	assert.Equal(t, []procurement.SlipLine{
		{Article: "22", Base: 2950000, Percent: rate("1.5"), Amount: 44250},
		{Article: "23", Base: 50000, Percent: rate("2"), Amount: 1000},
	}, slip.Lines)
	require.NotNil(t, res.Orders[1].TaxInvoice)
	assert.False(t, res.Orders[1].TaxInvoice.CollectedByBuyer, "below the threshold the seller collects its PPN")
	assert.True(t, res.Orders[1].TaxInvoice.DPPFactor.Equal(rate("11/12")))
	assert.Nil(t, res.Orders[1].WithholdingSlip)
	assert.Nil(t, res.Orders[2].TaxInvoice)
	fs := res.Orders[2].FeeSlip
	require.NotNil(t, fs)
	assert.Equal(t, "01.000.000.0-000.000", fs.RecipientNPWP)
	assert.Equal(t, []procurement.SlipLine{{Article: "23", Base: 17250, Percent: rate("2"), Amount: 345}}, fs.Lines)
}

// Goods tax bases of Rp1.999.999 and Rp2.000.001 for a klpd buyer: only the
// one above the threshold is withheld.
func TestQuoteThresholdJustBelowAndAbove(t *testing.T) {
	t.Parallel()
	c := procurement.Checkout{
		Buyer:    procurement.Buyer{Name: "Kantor Kecamatan", NPWP: "00.222.333.4-555.000", Kind: "klpd"},
		Platform: platform,
		Sellers:  []procurement.Seller{{ID: "below", Tax: pkp11}, {ID: "above", Tax: pkp11}},
		Items: []procurement.Item{
			{Seller: "below", SKU: "P", UnitPrice: 1999999, Quantity: 1},
			{Seller: "above", SKU: "Q", UnitPrice: 2000001, Quantity: 1},
		},
		Couriers: map[string]procurement.Courier{"below": {Cost: 10000}, "above": {Cost: 10000}},
		PlacedAt: placedAt,
	}
	res, err := procurement.Quote(c)
	require.NoError(t, err)
	require.Len(t, res.Orders, 2)
	// below: PPN floor(219.999,89) = 219.999; G = P = 1.999.999 + 10.000 +
	// 219.999. Fee 2.500 + ceil(29.999,985) = 32.500; PPN 3.575; PPh 23 650.
	checkOrder(t, want{
		seller: "below", subtotal: 1999999, taxBase: 1999999, goodsBase: 1999999, ppn: 219999,
		grand: 2229998, payable: 2229998, fee: 32500, feePPN: 3575, feePPh23: 650, settlement: 2194573,
	}, res.Orders[0])
	// above: PPN floor(220.000,11) = 220.000; PPh 22 floor(30.000,015) =
	// 30.000; PPh 23 2% × 10.000 = 200; G = 2.230.001; W = 250.200; P =
	// 1.979.801. Fee 2.500 + ceil(30.000,015) = 32.501; PPN floor(3.575,11)
	// = 3.575; PPh 23 floor(650,02) = 650.
	checkOrder(t, want{
		seller: "above", subtotal: 2000001, taxBase: 2000001, goodsBase: 2000001, ppn: 220000,
		pph22: 30000, pph23: 200, grand: 2230001, withheld: 250200, payable: 1979801, withholding: true,
		fee: 32501, feePPN: 3575, feePPh23: 650, settlement: 1944375,
	}, res.Orders[1])
	checkTotals(t, res)
	assert.Equal(t, time.Date(2026, 12, 2, 23, 59, 59, 0, wib), res.DueAt, "cash: due the day it is placed")
}

// A state-owned company whose store sets PPh 22 on shipping: one seller
// with prices including PPN and taxed shipping, pushed just above the
// Rp10.000.000 threshold by an exempt line, and one not registered for VAT.
func TestQuoteStateCompanyPPh22OnShipping(t *testing.T) {
	t.Parallel()
	for _, onShipping := range []bool{true, false} {
		kinds := procurement.DefaultBuyerKinds()
		bumn := kinds["bumn"]
		bumn.PPh22OnShipping = onShipping
		kinds["bumn"] = bumn
		c := procurement.Checkout{
			Buyer:      procurement.Buyer{Name: "PT Persero", NPWP: "01.333.444.5-666.000", Kind: "bumn"},
			BuyerKinds: kinds,
			Platform:   platform,
			Sellers: []procurement.Seller{
				{ID: "d", NPWP: "03.000.000.4-000.000", Tax: procurement.SellerTax{PPNPercent: rate("11"), PricesIncludePPN: true, PPNOnShipping: true}},
				{ID: "e", Tax: nonPKP, PaymentTerms: []int{0, 30}},
			},
			Items: []procurement.Item{
				{Seller: "d", SKU: "SERVER", UnitPrice: 5550000, Quantity: 2},
				{Seller: "d", SKU: "MATERAI", UnitPrice: 1, Quantity: 1, Category: procurement.Exempt},
				{Seller: "e", SKU: "AC", UnitPrice: 2500000, Quantity: 5},
			},
			Couriers:        map[string]procurement.Courier{"d": {Cost: 111000}, "e": {Cost: 40000}},
			PaymentTermDays: 30,
			PlacedAt:        time.Date(2026, 12, 2, 20, 30, 0, 0, time.UTC), // 3 December 03:30 WIB
		}
		res, err := procurement.Quote(c)
		require.NoError(t, err)
		require.Len(t, res.Orders, 2)
		d, e := res.Orders[0], res.Orders[1]
		// d: goods base floor(11.100.000 × 100/111) = 10.000.000 plus the
		// exempt 1 = 10.000.001 > 10.000.000: withheld. Shipping base
		// floor(111.000 × 100/111) = 100.000. PPN 11% × (10.000.000 +
		// 100.000) = 1.111.000. PPh 23 2% × 100.000 = 2.000. G = 11.100.001 +
		// 111.000 (prices include PPN). Fee 2.500 + ceil(166.500,015) =
		// 169.001; PPN floor(18.590,11) = 18.590; PPh 23 floor(3.380,02).
		pph22 := int64(151500) // floor(1,5% × 10.100.001)
		if !onShipping {
			pph22 = 150000 // floor(1,5% × 10.000.001)
		}
		w := 1111000 + pph22 + 2000
		checkOrder(t, want{
			seller: "d", subtotal: 11100001, taxBase: 10100000, goodsBase: 10000001, ppn: 1111000,
			pph22: pph22, pph23: 2000, grand: 11211001, withheld: w, payable: 11211001 - w, withholding: true,
			fee: 169001, feePPN: 18590, feePPh23: 3380, settlement: 11211001 - w - 169001 - 18590 + 3380,
		}, d)
		// e, not registered for VAT: goods base 12.500.000, withheld without
		// PPN. PPh 22 1,5% × 12.540.000 = 188.100 with shipping, 187.500
		// without; PPh 23 800. Fee 2.500 + 187.500 = 190.000; PPN 20.900; PPh 23 3.800.
		pph22 = 188100
		if !onShipping {
			pph22 = 187500
		}
		w = pph22 + 800
		checkOrder(t, want{
			seller: "e", subtotal: 12500000, taxBase: 12500000, goodsBase: 12500000,
			pph22: pph22, pph23: 800, grand: 12540000, withheld: w, payable: 12540000 - w, withholding: true,
			fee: 190000, feePPN: 20900, feePPh23: 3800, settlement: 12540000 - w - 190000 - 20900 + 3800,
		}, e)
		assert.Nil(t, e.TaxInvoice)
		require.NotNil(t, e.WithholdingSlip)
		assert.Equal(t, money.Money(12500000+map[bool]int64{true: 40000, false: 0}[onShipping]), e.WithholdingSlip.Lines[0].Base)
		checkTotals(t, res)
		assert.Equal(t, time.Date(2027, 1, 2, 23, 59, 59, 0, wib), res.DueAt, "30 days from 3 December WIB")
	}
}

func TestQuoteErrors(t *testing.T) {
	t.Parallel()
	base := func() procurement.Checkout {
		return procurement.Checkout{
			Buyer:    procurement.Buyer{Kind: "bumn"},
			Platform: platform,
			Sellers:  []procurement.Seller{{ID: "a", Tax: pkp11, PaymentTerms: []int{0, 7}}, {ID: "b", Tax: pkp11}},
			Items: []procurement.Item{
				{Seller: "a", SKU: "A1", UnitPrice: 1000, Quantity: 1},
				{Seller: "b", SKU: "B1", UnitPrice: 2000, Quantity: 1},
			},
			Couriers: map[string]procurement.Courier{"a": {Cost: 100}, "b": {Cost: 100}},
		}
	}
	tests := []struct {
		name, code, field string
		change            func(*procurement.Checkout)
	}{
		{"unknown_seller", procurement.CodeUnknownSeller, "items[1].seller", func(c *procurement.Checkout) { c.Items[1].Seller = "zz" }},
		{"courier_required", procurement.CodeCourierRequired, "couriers.b", func(c *procurement.Checkout) { delete(c.Couriers, "b") }},
		{"term_not_in_store_list", procurement.CodePaymentTermNotAllowed, "payment_term_days", func(c *procurement.Checkout) { c.PaymentTermDays = 45 }},
		{"term_not_accepted_by_seller", procurement.CodePaymentTermNotAllowed, "payment_term_days", func(c *procurement.Checkout) { c.PaymentTermDays = 30 }},
		{"voucher_applies_to_nothing", pricing.CodeVoucherNotApplicable, "voucher", func(c *procurement.Checkout) {
			c.Voucher = &pricing.VoucherRule{Code: "X", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 10, SKUs: []string{"NONE"}}
		}},
		{"voucher_min_subtotal", pricing.CodeVoucherMinSubtotal, "voucher", func(c *procurement.Checkout) {
			c.Voucher = &pricing.VoucherRule{Code: "X", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 10, MinSubtotal: 3001}
		}},
		{"unknown_buyer_kind", procurement.CodeUnknownBuyerKind, "buyer.kind", func(c *procurement.Checkout) { c.Buyer.Kind = "koperasi" }},
		{"courier_without_items", errs.CodeInvalidInput, "couriers.x", func(c *procurement.Checkout) { c.Couriers["x"] = procurement.Courier{} }},
		{"no_items", errs.CodeInvalidInput, "items", func(c *procurement.Checkout) { c.Items = nil }},
		{"zero_quantity", errs.CodeInvalidInput, "items[0].quantity", func(c *procurement.Checkout) { c.Items[0].Quantity = 0 }},
		{"negative_term", errs.CodeInvalidInput, "payment_term_days", func(c *procurement.Checkout) { c.PaymentTermDays = -1 }},
		{"duplicate_seller", errs.CodeInvalidInput, "sellers[1].id", func(c *procurement.Checkout) { c.Sellers[1].ID = "a" }},
		{"negative_shipping_cost", errs.CodeInvalidInput, "couriers.a.cost", func(c *procurement.Checkout) { c.Couriers["a"] = procurement.Courier{Cost: -1} }},
		{"cashback_above_100", errs.CodeInvalidInput, "couriers.b.cashback_percent", func(c *procurement.Checkout) {
			c.Couriers["b"] = procurement.Courier{CashbackPercent: rate("101")}
		}},
		{"subtotal_too_large", errs.CodeInvalidInput, "items[1].quantity", func(c *procurement.Checkout) {
			c.Items[1].UnitPrice, c.Items[1].Quantity = money.MaxAmount, 2
		}},
		{"negative_threshold", errs.CodeInvalidInput, "buyer_kinds.bumn.withholding_threshold", func(c *procurement.Checkout) {
			c.BuyerKinds = procurement.DefaultBuyerKinds()
			c.BuyerKinds["bumn"] = procurement.BuyerKind{Threshold: -1}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := base()
			tt.change(&c)
			res, err := procurement.Quote(c)
			require.Error(t, err)
			assert.Equal(t, tt.code, errs.Code(err), err.Error())
			assert.Equal(t, tt.field, errs.Field(err))
			assert.Empty(t, res.Orders, "nothing is returned with an error")
		})
	}
	// The errors name the seller.
	c := base()
	c.PaymentTermDays = 30
	_, err := procurement.Quote(c)
	assert.Contains(t, err.Error(), `seller "a"`)
	c = base()
	delete(c.Couriers, "b")
	_, err = procurement.Quote(c)
	assert.Contains(t, err.Error(), `seller "b"`)
}

func TestAccountPartialPayments(t *testing.T) {
	t.Parallel()
	due := procurement.DueDate(placedAt, 7)
	require.Equal(t, time.Date(2026, 12, 9, 23, 59, 59, 0, wib), due)
	a := procurement.Account{Payable: 1000000, DueAt: due}
	a, err := a.Pay(400000)
	require.NoError(t, err)
	assert.Equal(t, money.Money(600000), a.Outstanding())
	assert.False(t, a.Overdue(due), "due until 23:59:59 WIB")
	assert.True(t, a.Overdue(due.Add(time.Second)), "unpaid past the due date")
	_, err = a.Pay(600001)
	require.Error(t, err)
	assert.Equal(t, procurement.CodePaymentExceedsPayable, errs.Code(err))
	_, err = a.Pay(0)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	a, err = a.Pay(600000)
	require.NoError(t, err)
	assert.True(t, a.Settled())
	assert.False(t, a.Overdue(due.Add(time.Hour)), "paid in full: never overdue")
}

// A percent platform voucher limited to some SKUs and capped: its discount
// is computed once on the whole eligible subtotal, then split by the
// sellers' eligible subtotals; a seller with no eligible item gets nothing.
func TestQuoteVoucherCappedAndLimitedToSKUs(t *testing.T) {
	t.Parallel()
	c := procurement.Checkout{
		Buyer:   procurement.Buyer{Kind: "bumn"},
		Sellers: []procurement.Seller{{ID: "f", Tax: pkp11}, {ID: "g", Tax: pkp11}, {ID: "h", Tax: nonPKP}, {ID: "k", Tax: pkp11}},
		Items: []procurement.Item{
			{Seller: "f", SKU: "F1", UnitPrice: 4000000, Quantity: 1},
			{Seller: "f", SKU: "F2", UnitPrice: 1000000, Quantity: 1},
			{Seller: "g", SKU: "G1", UnitPrice: 1000000, Quantity: 2},
			{Seller: "h", SKU: "H1", UnitPrice: 250000, Quantity: 4},
			{Seller: "k", SKU: "K1", UnitPrice: 300000, Quantity: 1},
		},
		Couriers: map[string]procurement.Courier{"f": {}, "g": {}, "h": {}, "k": {}},
		Voucher: &pricing.VoucherRule{
			Code: "B2B10", Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("10"), MaxDiscount: 100000,
			SKUs: []string{"F1", "G1", "H1"},
		},
		PlacedAt: placedAt,
	}
	res, err := procurement.Quote(c)
	require.NoError(t, err)
	require.Len(t, res.Orders, 4)
	// Eligible 4.000.000 + 2.000.000 + 1.000.000 = 7.000.000; 10% is
	// 700.000, capped at 100.000. Shares 57.142,86 / 28.571,43 / 14.285,71:
	// floors add up to 99.998, and the two rupiah left go to the largest
	// remainders, f's (0,86) and h's (0,71).
	assert.Equal(t, money.Money(100000), res.VoucherDiscount)
	for i, d := range []money.Money{57143, 28571, 14286, 0} {
		assert.Equal(t, d, res.Orders[i].Quote.ProductDiscount, "seller %s", res.Orders[i].Seller)
	}
	// f: X = 5.000.000 − 57.143 = 4.942.857, PPN floor(543.714,27); below
	// the bumn threshold of 10.000.000, so nothing is withheld.
	assert.Equal(t, money.Money(543714), res.Orders[0].Quote.PPN)
	assert.Equal(t, money.Money(0), res.Orders[0].Quote.Withheld)
	assert.False(t, res.Orders[0].Withholding)
	checkTotals(t, res)
}
