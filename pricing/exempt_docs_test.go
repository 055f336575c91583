package pricing_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// TestExemptExampleOfTheTaxPage computes the exempt-goods example of
// docs/tax.md: the product discount is split between taxed and exempt
// lines, the exempt part stays out of the PPN base and counts for PPh 22.
func TestExemptExampleOfTheTaxPage(t *testing.T) {
	t.Parallel()
	q, tax, err := pricing.CalculateWithTax(pricing.QuoteInput{
		Lines: []pricing.Line{
			{SKU: "KOPI", UnitPrice: 1_110_000, Quantity: 1},
			{SKU: "BUKU", UnitPrice: 500_000, Quantity: 1, Exempt: true},
		},
		ProductVoucher: &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 161_000},
		Digital:        true,
		Tax:            pricing.TaxProfile{PPNPercent: money.MustRate("11"), PricesIncludePPN: true, PPh22Percent: money.MustRate("1.5")},
	})
	require.NoError(t, err)
	assert.Equal(t, money.Money(900_000), q.TaxBase)
	assert.Equal(t, money.Money(99_000), q.PPN)
	assert.Equal(t, money.Money(450_000), tax.ExemptBase)
	assert.Equal(t, money.Money(20_250), q.PPh22)
	assert.Equal(t, money.Money(1_449_000), q.GrandTotal)
	assert.Equal(t, money.Money(1_428_750), q.Payable)
}
