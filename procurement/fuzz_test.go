package procurement_test

import (
	"strconv"
	"testing"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

// FuzzQuote checks the invariants of any procurement checkout that quotes:
// the sellers' voucher shares add up to the voucher's discount, which is
// the voucher applied to the whole eligible subtotal; every seller's
// settlement is payable − fee − fee PPN + fee PPh 23 and its payable is
// grand total − withheld; nothing is withheld at or below the threshold;
// the totals are the sums of the sellers.
func FuzzQuote(f *testing.F) {
	f.Add(int64(100000), int64(2500000), int64(1000000), int64(500000), uint8(3), uint8(2), uint8(1), uint16(150), true)
	f.Add(int64(100), int64(200), int64(100), int64(1), uint8(1), uint8(1), uint8(7), uint16(0), false)
	f.Add(int64(0), int64(1999999), int64(2000001), int64(0), uint8(1), uint8(1), uint8(1), uint16(9999), true)
	f.Fuzz(func(t *testing.T, voucher, p1, p2, p3 int64, q1, q2, q3 uint8, feeBP uint16, exempt bool) {
		c := procurement.Checkout{
			Buyer: procurement.Buyer{Kind: "klpd"},
			Platform: procurement.Platform{
				FeeFixed: 2500, FeePercent: money.MustRate(strconv.Itoa(int(feeBP%10001)) + "/100"),
				PPNPercent: rate("12"), DPPFactor: rate("11/12"), PPh23Percent: rate("2"),
			},
			Sellers: []procurement.Seller{{ID: "a", Tax: pkp11}, {ID: "b", Tax: pkp12}, {ID: "c"}},
			Items: []procurement.Item{
				{Seller: "a", SKU: "A", UnitPrice: money.Money(p1), Quantity: int64(q1)},
				{Seller: "b", SKU: "B", UnitPrice: money.Money(p2), Quantity: int64(q2)},
				{Seller: "c", SKU: "C", UnitPrice: money.Money(p3), Quantity: int64(q3)},
				{Seller: "a", SKU: "X", UnitPrice: money.Money(p3), Quantity: 1, Category: procurement.Exempt},
			},
			Couriers: map[string]procurement.Courier{"a": {Cost: 10000}, "b": {Cost: 20000, InsuranceFee: 500}, "c": {}},
		}
		if !exempt {
			c.Items = c.Items[:3]
		}
		if voucher > 0 {
			c.Voucher = &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: money.Money(voucher), SKUs: []string{"A", "B", "X"}}
		}
		res, err := procurement.Quote(c)
		if err != nil {
			if len(res.Orders) != 0 {
				t.Fatalf("orders returned with an error: %v", err)
			}
			return
		}
		var shares, eligible money.Money
		var sum procurement.Totals
		for _, o := range res.Orders {
			q := o.Quote
			shares += q.ProductDiscount
			if q.Payable != q.GrandTotal-q.Withheld {
				t.Fatalf("%s: payable %d is not G %d − W %d", o.Seller, q.Payable, q.GrandTotal, q.Withheld)
			}
			if o.SellerSettlement != q.Payable-o.PlatformFee-o.PlatformFeePPN+o.PlatformFeePPh23 {
				t.Fatalf("%s: settlement %d breaks the formula", o.Seller, o.SellerSettlement)
			}
			if !o.Withholding && q.Withheld != 0 || o.GoodsTaxBase <= 2000000 && o.Withholding {
				t.Fatalf("%s: withheld %d with goods tax base %d", o.Seller, q.Withheld, o.GoodsTaxBase)
			}
			sum.Subtotal += q.Subtotal
			sum.GrandTotal += q.GrandTotal
			sum.Withheld += q.Withheld
			sum.Payable += q.Payable
			sum.PlatformFee += o.PlatformFee
			sum.SellerSettlement += o.SellerSettlement
		}
		for _, it := range c.Items {
			if it.SKU != "C" {
				eligible += it.UnitPrice * money.Money(it.Quantity)
			}
		}
		if shares != res.VoucherDiscount || shares != res.Totals.ProductDiscount {
			t.Fatalf("shares %d, voucher discount %d, total discount %d", shares, res.VoucherDiscount, res.Totals.ProductDiscount)
		}
		if c.Voucher != nil && res.VoucherDiscount != min(money.Money(voucher), eligible) {
			t.Fatalf("voucher discount %d, want min(%d, %d)", res.VoucherDiscount, voucher, eligible)
		}
		if sum.Subtotal != res.Totals.Subtotal || sum.GrandTotal != res.Totals.GrandTotal || sum.Withheld != res.Totals.Withheld ||
			sum.Payable != res.Totals.Payable || sum.PlatformFee != res.Totals.PlatformFee || sum.SellerSettlement != res.Totals.SellerSettlement {
			t.Fatalf("totals %+v are not the sums %+v", res.Totals, sum)
		}
	})
}
