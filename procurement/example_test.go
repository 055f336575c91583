package procurement_test

import (
	"fmt"
	"time"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

// A government office buys from two sellers with 14 days to pay; the
// platform voucher of Rp30.000 is split 20.000 / 10.000 by the sellers'
// subtotals. Only the first seller's goods tax base is above the office's
// Rp2.000.000 threshold, so only its order is withheld.
func ExampleQuote() {
	wib := time.FixedZone("WIB", 7*60*60)
	res, err := procurement.Quote(procurement.Checkout{
		Buyer: procurement.Buyer{Name: "Dinas Kesehatan", NPWP: "00.111.222.3-444.000", Kind: procurement.KindKLPD},
		Platform: procurement.Platform{
			FeeFixed: 2500, FeePercent: money.MustRate("1"), PPNPercent: money.MustRate("11"), PPh23Percent: money.MustRate("2"),
		},
		Sellers: []procurement.Seller{
			{ID: "alkes", NPWP: "02.000.000.1-000.000", Tax: procurement.SellerTax{PPNPercent: money.MustRate("11")}},
			{ID: "atk", Tax: procurement.SellerTax{}}, // not registered for VAT
		},
		Items: []procurement.Item{
			{Seller: "alkes", SKU: "TENSIMETER", UnitPrice: 1500000, Quantity: 2},
			{Seller: "atk", SKU: "KERTAS", UnitPrice: 50000, Quantity: 30},
		},
		Couriers: map[string]procurement.Courier{
			"alkes": {Courier: "jne", Service: "REG", Cost: 40000},
			"atk":   {Courier: "jnt", Service: "EZ", Cost: 25000},
		},
		Voucher:         &pricing.VoucherRule{Code: "HEMAT", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 30000},
		PaymentTermDays: 14,
		PlacedAt:        time.Date(2026, 12, 2, 9, 0, 0, 0, wib),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range res.Orders {
		q := o.Quote
		fmt.Printf("%s: discount %d, PPN %d, withheld %d, payable %d, fee %d, settlement %d\n",
			o.Seller, q.ProductDiscount, q.PPN, q.Withheld, q.Payable, o.PlatformFee, o.SellerSettlement)
	}
	fmt.Println("payable in total:", res.Totals.Payable.Int64(), "due", res.DueAt.Format("2006-01-02 15:04:05 MST"))
	// Output:
	// alkes: discount 20000, PPN 327800, withheld 373300, payable 2974500, fee 32300, settlement 2939293
	// atk: discount 10000, PPN 0, withheld 0, payable 1515000, fee 17400, settlement 1496034
	// payable in total: 4489500 due 2026-12-16 23:59:59 WIB
}
