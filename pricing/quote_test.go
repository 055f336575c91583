package pricing_test

import (
	"testing"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rate(s string) money.Rate { return money.MustRate(s) }

func oneLine(price int64) []pricing.Line {
	return []pricing.Line{{SKU: "SKU-1", UnitPrice: money.Money(price), Quantity: 1}}
}

// The published Komship figures of docs/cod.md, all with a 2,8% COD fee.
func TestCalculateKomshipChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		s, c                   int64
		payer                  pricing.FeePayer
		cashback               string
		t0, f, g, k, netProfit int64
	}{
		{"seller_pays_25_cashback", 100000, 14000, pricing.Seller, "25", 114000, 3192, 114000, 3500, 100308},
		{"seller_pays_30_cashback", 100000, 38000, pricing.Seller, "30", 138000, 3864, 138000, 11400, 107536},
		{"buyer_pays_fee", 160000, 69000, pricing.Buyer, "25", 229000, 6412, 235412, 17250, 177250},
		{"fee_rounds_up", 50000, 18600, pricing.Seller, "0", 68600, 1921, 68600, 0, 48079},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := pricing.Calculate(pricing.QuoteInput{
				Lines:    oneLine(tt.s),
				Shipping: pricing.Shipping{Cost: money.Money(tt.c), CashbackPercent: rate(tt.cashback)},
				COD:      &pricing.CODFee{Percent: rate("2.8"), Payer: tt.payer},
			})
			require.NoError(t, err)
			assert.Equal(t, money.Money(tt.f), q.ServiceFee)
			assert.Equal(t, money.Money(tt.g), q.GrandTotal)
			assert.Equal(t, money.Money(tt.k), q.ShippingCashback)
			assert.Equal(t, money.Money(tt.netProfit), q.NetProfit)
			assert.Equal(t, money.Money(tt.g), q.Payable)
		})
	}
}

func TestCalculateCODFeeRoundingAndMinimum(t *testing.T) {
	t.Parallel()
	base := func(fee pricing.CODFee) pricing.Quote {
		q, err := pricing.Calculate(pricing.QuoteInput{Lines: oneLine(50000), Shipping: pricing.Shipping{Cost: 18600}, COD: &fee})
		require.NoError(t, err)
		return q
	}
	// 2,8% of 68.600 is 1.920,8
	assert.Equal(t, money.Money(1921), base(pricing.CODFee{Percent: rate("2.8")}).ServiceFee, "default rounds up")
	assert.Equal(t, money.Money(1920), base(pricing.CODFee{Percent: rate("2.8"), Rounding: money.Down}).ServiceFee)
	assert.Equal(t, money.Money(1921), base(pricing.CODFee{Percent: rate("2.8"), Rounding: money.HalfUp}).ServiceFee)
	assert.Equal(t, money.Money(2500), base(pricing.CODFee{Percent: rate("2.8"), Min: 2500}).ServiceFee, "minimum fee")
}

func TestCalculateTaxChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		price            int64
		tax              pricing.TaxProfile
		base, ppn, pph22 int64
		grand, payable   int64
	}{
		{"included_550", 5550000, pricing.TaxProfile{PPNPercent: rate("11"), PricesIncludePPN: true}, 5000000, 550000, 0, 5550000, 5550000},
		{"included_110_rounds_down", 110000, pricing.TaxProfile{PPNPercent: rate("11"), PricesIncludePPN: true}, 99099, 10900, 0, 110000, 110000},
		{"dpp_nilai_lain_excluded", 1000000, pricing.TaxProfile{PPNPercent: rate("12"), DPPFactor: rate("11/12")}, 1000000, 110000, 0, 1110000, 1110000},
		{"government_wapu_pph22", 2220000, pricing.TaxProfile{PPNPercent: rate("11"), PricesIncludePPN: true, PPNCollectedByBuyer: true, PPh22Percent: rate("1.5")}, 2000000, 220000, 30000, 2220000, 1970000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := pricing.Calculate(pricing.QuoteInput{Lines: oneLine(tt.price), Digital: true, Tax: tt.tax})
			require.NoError(t, err)
			assert.Equal(t, money.Money(tt.base), q.TaxBase)
			assert.Equal(t, money.Money(tt.ppn), q.PPN)
			assert.Equal(t, money.Money(tt.pph22), q.PPh22)
			assert.Equal(t, money.Money(tt.grand), q.GrandTotal)
			assert.Equal(t, money.Money(tt.payable), q.Payable)
		})
	}
}

func TestCalculateTaxOnShipping(t *testing.T) {
	t.Parallel()
	q, err := pricing.Calculate(pricing.QuoteInput{
		Lines:    oneLine(111000),
		Shipping: pricing.Shipping{Cost: 22200},
		Tax:      pricing.TaxProfile{PPNPercent: rate("11"), PricesIncludePPN: true, PPNOnShipping: true, PPh23Percent: rate("2")},
	})
	require.NoError(t, err)
	// goods base 100.000, shipping base 20.000: PPN 11% of 120.000
	assert.Equal(t, money.Money(120000), q.TaxBase)
	assert.Equal(t, money.Money(13200), q.PPN)
	assert.Equal(t, money.Money(400), q.PPh23, "PPh 23 on the shipping base without its PPN")
	assert.Equal(t, money.Money(400), q.Withheld)
	assert.Equal(t, money.Money(133200-400), q.Payable)
}

func TestCalculateVouchers(t *testing.T) {
	t.Parallel()
	lines := []pricing.Line{{SKU: "A", UnitPrice: 100000, Quantity: 2}, {SKU: "B", UnitPrice: 50000, Quantity: 1}}
	tests := []struct {
		name      string
		product   *pricing.VoucherRule
		shipping  *pricing.VoucherRule
		discount  int64
		shipDisc  int64
		wantError string
	}{
		{"percent_rounds_down", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("3.33")}, nil, 8325, 0, ""},
		{"percent_capped", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("10"), MaxDiscount: 20000}, nil, 20000, 0, ""},
		{"fixed_capped_by_eligible", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 80000, SKUs: []string{"B"}}, nil, 50000, 0, ""},
		{"percent_on_eligible_skus_only", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("50"), SKUs: []string{"B"}}, nil, 25000, 0, ""},
		{"hundred_percent", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("100")}, nil, 250000, 0, ""},
		{"skus_not_in_cart", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 1000, SKUs: []string{"Z"}}, nil, 0, 0, pricing.CodeVoucherNotApplicable},
		{"min_subtotal", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 1000, MinSubtotal: 250001}, nil, 0, 0, pricing.CodeVoucherMinSubtotal},
		{"shipping_min_subtotal_on_whole_subtotal", nil, &pricing.VoucherRule{Kind: pricing.ShippingVoucher, Type: pricing.Fixed, Amount: 5000, MinSubtotal: 250000}, 0, 5000, ""},
		{"shipping_capped_by_cost", nil, &pricing.VoucherRule{Kind: pricing.ShippingVoucher, Type: pricing.Percent, Percent: rate("100")}, 0, 20000, ""},
		{"percent_zero_invalid", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent}, nil, 0, 0, errs.CodeInvalidInput},
		{"percent_over_100_invalid", &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("100.5")}, nil, 0, 0, errs.CodeInvalidInput},
		{"wrong_slot", &pricing.VoucherRule{Kind: pricing.ShippingVoucher, Type: pricing.Fixed, Amount: 1}, nil, 0, 0, pricing.CodeVoucherWrongKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := pricing.Calculate(pricing.QuoteInput{Lines: lines, ProductVoucher: tt.product, ShippingVoucher: tt.shipping, Shipping: pricing.Shipping{Cost: 20000}})
			if tt.wantError != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantError, errs.Code(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, money.Money(tt.discount), q.ProductDiscount)
			assert.Equal(t, money.Money(tt.shipDisc), q.ShippingDiscount)
			assert.Equal(t, q.Subtotal-q.ProductDiscount+q.ShippingCost-q.ShippingDiscount, q.GrandTotal)
		})
	}
}

func TestCalculateRejectsBadInput(t *testing.T) {
	t.Parallel()
	good := func() pricing.QuoteInput {
		return pricing.QuoteInput{Lines: oneLine(10000), Shipping: pricing.Shipping{Cost: 9000}}
	}
	tests := []struct {
		name  string
		mod   func(*pricing.QuoteInput)
		code  string
		field string
	}{
		{"no_lines", func(in *pricing.QuoteInput) { in.Lines = nil }, errs.CodeInvalidInput, "lines"},
		{"zero_quantity", func(in *pricing.QuoteInput) { in.Lines[0].Quantity = 0 }, errs.CodeInvalidInput, "lines[0].quantity"},
		{"negative_quantity", func(in *pricing.QuoteInput) { in.Lines[0].Quantity = -2 }, errs.CodeInvalidInput, "lines[0].quantity"},
		{"negative_price", func(in *pricing.QuoteInput) { in.Lines[0].UnitPrice = -1 }, errs.CodeInvalidInput, "lines[0].unit_price"},
		{"huge_price", func(in *pricing.QuoteInput) { in.Lines[0].UnitPrice = money.MaxAmount + 1 }, errs.CodeInvalidInput, "lines[0].unit_price"},
		{"line_total_overflow", func(in *pricing.QuoteInput) {
			in.Lines[0].UnitPrice = money.MaxAmount
			in.Lines[0].Quantity = 1 << 40
		}, errs.CodeInvalidInput, "lines[0].quantity"},
		{"negative_shipping", func(in *pricing.QuoteInput) { in.Shipping.Cost = -1 }, errs.CodeInvalidInput, "shipping.cost"},
		{"negative_insurance", func(in *pricing.QuoteInput) { in.InsuranceFee = -5 }, errs.CodeInvalidInput, "insurance_fee"},
		{"negative_additional", func(in *pricing.QuoteInput) { in.AdditionalCost = -5 }, errs.CodeInvalidInput, "additional_cost"},
		{"cashback_over_100", func(in *pricing.QuoteInput) { in.Shipping.CashbackPercent = rate("101") }, errs.CodeInvalidInput, "shipping.cashback_percent"},
		{"cod_fee_over_100", func(in *pricing.QuoteInput) { in.COD = &pricing.CODFee{Percent: rate("100.01")} }, errs.CodeInvalidInput, "payment.cod_fee_percent"},
		{"unique_code_over_999", func(in *pricing.QuoteInput) { in.UniqueCode = 1000 }, errs.CodeInvalidInput, "payment.unique_code"},
		{"unique_code_negative", func(in *pricing.QuoteInput) { in.UniqueCode = -1 }, errs.CodeInvalidInput, "payment.unique_code"},
		{"shipping_on_digital", func(in *pricing.QuoteInput) { in.Digital = true }, errs.CodeInvalidInput, "shipping.cost"},
		{"cod_on_digital", func(in *pricing.QuoteInput) {
			in.Digital = true
			in.Shipping.Cost = 0
			in.COD = &pricing.CODFee{Percent: rate("2.8")}
		}, pricing.CodeCODNotAllowed, ""},
		{"cod_over_cap", func(in *pricing.QuoteInput) { in.Shipping.CODMax = 18999; in.COD = &pricing.CODFee{} }, pricing.CodeCODLimitExceeded, ""},
		{"ppn_over_100", func(in *pricing.QuoteInput) { in.Tax.PPNPercent = rate("150") }, errs.CodeInvalidInput, "tax.ppn_percent"},
		{"dpp_over_1", func(in *pricing.QuoteInput) { in.Tax.DPPFactor = rate("12/11") }, errs.CodeInvalidInput, "tax.dpp_factor"},
		{"shipping_voucher_nothing_shipped", func(in *pricing.QuoteInput) {
			in.Digital, in.Shipping.Cost = true, 0
			in.ShippingVoucher = &pricing.VoucherRule{Kind: pricing.ShippingVoucher, Type: pricing.Fixed, Amount: 1}
		}, pricing.CodeVoucherNotApplicable, "shipping_voucher"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := good()
			tt.mod(&in)
			_, err := pricing.Calculate(in)
			require.Error(t, err)
			assert.Equal(t, tt.code, errs.Code(err), err.Error())
			assert.Equal(t, tt.field, errs.Field(err))
			assert.ErrorIs(t, err, errs.Invalid)
		})
	}
}

func TestCalculateCODCapInclusive(t *testing.T) {
	t.Parallel()
	q, err := pricing.Calculate(pricing.QuoteInput{Lines: oneLine(10000), Shipping: pricing.Shipping{Cost: 9000, CODMax: 19000}, COD: &pricing.CODFee{}})
	require.NoError(t, err)
	assert.Equal(t, money.Money(19000), q.GrandTotal)
}

func TestCalculateBankTransferAddsUniqueCode(t *testing.T) {
	t.Parallel()
	q, err := pricing.Calculate(pricing.QuoteInput{Lines: oneLine(10000), Shipping: pricing.Shipping{Cost: 9000}, UniqueCode: 999, AdditionalCost: 2000, InsuranceFee: 300})
	require.NoError(t, err)
	assert.Equal(t, money.Money(10000+9000+2000+300+999), q.GrandTotal)
	assert.Equal(t, money.Money(10000+2000+999), q.NetProfit)
}
