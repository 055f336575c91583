package procurement_test

import (
	"strconv"
	"testing"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

// BenchmarkQuote quotes a purchase of 10 sellers with 5 items each, one
// exempt, a platform voucher and withholding above the threshold: the cost
// of one procurement quote.
func BenchmarkQuote(b *testing.B) {
	c := procurement.Checkout{
		Buyer:    procurement.Buyer{Kind: procurement.KindKLPD},
		Platform: platform,
		Couriers: map[string]procurement.Courier{},
		Voucher:  &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: rate("5"), MaxDiscount: 250000},
		PlacedAt: placedAt,
	}
	for s := range 10 {
		id := "s" + strconv.Itoa(s)
		c.Sellers = append(c.Sellers, procurement.Seller{ID: id, Tax: pkp11})
		c.Couriers[id] = procurement.Courier{Cost: 25000}
		for i := range 5 {
			cat := procurement.Standard
			if i == 0 {
				cat = procurement.Exempt
			}
			c.Items = append(c.Items, procurement.Item{Seller: id, SKU: id + "-" + strconv.Itoa(i), UnitPrice: money.Money(150000 * (i + 1)), Quantity: 3, Category: cat})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := procurement.Quote(c); err != nil {
			b.Fatal(err)
		}
	}
}
