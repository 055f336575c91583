package pricing_test

import (
	"testing"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// BenchmarkQuote prices a five-line COD cart with a capped product voucher,
// shipping cashback and PPN included in prices, the shape of a typical
// order-form checkout.
func BenchmarkQuote(b *testing.B) {
	in := pricing.QuoteInput{
		Lines: []pricing.Line{
			{SKU: "KAOS-HITAM-M", UnitPrice: 89000, Quantity: 2},
			{SKU: "KAOS-PUTIH-L", UnitPrice: 89000, Quantity: 1},
			{SKU: "TOPI-MERAH", UnitPrice: 45000, Quantity: 3},
			{SKU: "TAS-KANVAS", UnitPrice: 129000, Quantity: 1},
			{SKU: "STIKER", UnitPrice: 5000, Quantity: 2},
		},
		ProductVoucher: &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: money.MustRate("10"), MaxDiscount: 25000},
		Shipping:       pricing.Shipping{Cost: 18000, CashbackPercent: money.MustRate("25")},
		COD:            &pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
		Tax:            pricing.TaxProfile{PPNPercent: money.MustRate("11"), PricesIncludePPN: true},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pricing.Calculate(in); err != nil {
			b.Fatal(err)
		}
	}
}
