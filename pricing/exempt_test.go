package pricing_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// Exempt goods count in the subtotal and the PPh 22 base but not in the PPN
// base; they take their share of the product discount.
func TestCalculateExemptLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                                   string
		lines                                  []pricing.Line
		voucher                                *pricing.VoucherRule
		profile                                pricing.TaxProfile
		subtotal, discount, taxBase, goodsBase int64
		exemptBase, ppn, pph22, grand, payable int64
	}{
		{
			// D = 150.000 split 100.000 / 50.000; taxed X 900.000, exempt 450.000;
			// PPN 11% of 900.000 = 99.000; PPh 22 1,5% of 1.350.000 = 20.250;
			// G = 1.350.000 + 99.000; P = G − 99.000 − 20.250.
			name: "percent_voucher_wapu",
			lines: []pricing.Line{
				{SKU: "A", UnitPrice: 1000000, Quantity: 1},
				{SKU: "B", UnitPrice: 500000, Quantity: 1, Exempt: true},
			},
			voucher:  &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("10")},
			profile:  pricing.TaxProfile{PPNPercent: rate("11"), PPNCollectedByBuyer: true, PPh22Percent: rate("1.5")},
			subtotal: 1500000, discount: 150000, taxBase: 900000, goodsBase: 1350000,
			exemptBase: 450000, ppn: 99000, pph22: 20250, grand: 1449000, payable: 1329750,
		},
		{
			// D = 100 over eligible 200 (taxed) and 100 (exempt): 66,67 and 33,33;
			// the rupiah left goes to the larger remainder, the taxed line: 67 / 33.
			// Taxed X 133, exempt 67, PPN floor(133 × 11%) = 14.
			name: "fixed_voucher_largest_remainder",
			lines: []pricing.Line{
				{SKU: "A", UnitPrice: 200, Quantity: 1},
				{SKU: "B", UnitPrice: 100, Quantity: 1, Exempt: true},
			},
			voucher:  &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 100},
			profile:  pricing.TaxProfile{PPNPercent: rate("11")},
			subtotal: 300, discount: 100, taxBase: 133, goodsBase: 200,
			exemptBase: 67, ppn: 14, pph22: 0, grand: 214, payable: 214,
		},
		{
			// Prices include PPN: the taxed 111.000 has base 100.000 and PPN
			// 11.000; the exempt 50.000 carries no PPN and adds 50.000 to the goods base.
			name: "prices_include_ppn",
			lines: []pricing.Line{
				{SKU: "A", UnitPrice: 111000, Quantity: 1},
				{SKU: "B", UnitPrice: 25000, Quantity: 2, Exempt: true},
			},
			profile:  pricing.TaxProfile{PPNPercent: rate("11"), PricesIncludePPN: true, PPh22Percent: rate("1.5")},
			subtotal: 161000, discount: 0, taxBase: 100000, goodsBase: 150000,
			exemptBase: 50000, ppn: 11000, pph22: 2250, grand: 161000, payable: 158750,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, tax, err := pricing.CalculateWithTax(pricing.QuoteInput{Lines: tt.lines, ProductVoucher: tt.voucher, Tax: tt.profile})
			require.NoError(t, err)
			assert.Equal(t, money.Money(tt.subtotal), q.Subtotal, "subtotal")
			assert.Equal(t, money.Money(tt.discount), q.ProductDiscount, "discount")
			assert.Equal(t, money.Money(tt.taxBase), q.TaxBase, "tax_base")
			assert.Equal(t, money.Money(tt.taxBase), tax.Base, "tax.Base")
			assert.Equal(t, money.Money(tt.goodsBase), tax.GoodsBase, "goods base")
			assert.Equal(t, money.Money(tt.exemptBase), tax.ExemptBase, "exempt base")
			assert.Equal(t, money.Money(tt.ppn), q.PPN, "ppn")
			assert.Equal(t, money.Money(tt.pph22), q.PPh22, "pph22")
			assert.Equal(t, money.Money(tt.grand), q.GrandTotal, "grand_total")
			assert.Equal(t, money.Money(tt.payable), q.Payable, "payable")
		})
	}
}
