package pricing_test

import (
	"testing"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// FuzzCalculate feeds arbitrary carts, vouchers, fees and taxes to the quote
// and checks it never panics and that every accepted quote keeps the
// invariants of docs/quote.md: discounts within what they discount, the grand
// total equal to the sum of its parts, and the seller's net profit equal to
// payable − shipping − insurance − fee + cashback.
func FuzzCalculate(f *testing.F) {
	f.Add(int64(100000), int64(1), int64(50000), int64(2), int64(14000), "25", "2.8", true, false, "10", int64(25000), "", int64(0), int64(0), int64(0), "11", true, false, uint8(0))
	f.Add(int64(5550000), int64(1), int64(0), int64(1), int64(0), "", "", false, true, "", int64(0), "", int64(0), int64(0), int64(0), "11", true, false, uint8(0))
	f.Add(int64(2220000), int64(3), int64(1), int64(1), int64(9000), "0", "", false, false, "100", int64(0), "5000", int64(999), int64(500), int64(2000), "12", false, true, uint8(3))
	f.Add(int64(1), int64(1), int64(0), int64(1), int64(1), "100", "100", true, false, "0.01", int64(1), "1", int64(0), int64(1), int64(1), "0", true, true, uint8(7))
	f.Fuzz(func(t *testing.T, p1, q1, p2, q2, ship int64, cashback, codPct string, cod, digital bool, voucherPct string, maxDisc int64, shipVoucher string, unique, insurance, additional int64, ppn string, incl, onShipping bool, flags uint8) {
		in := pricing.QuoteInput{
			Lines:          []pricing.Line{{SKU: "A", UnitPrice: money.Money(p1), Quantity: q1}, {SKU: "B", UnitPrice: money.Money(p2), Quantity: q2}},
			Shipping:       pricing.Shipping{Cost: money.Money(ship)},
			Digital:        digital,
			InsuranceFee:   money.Money(insurance),
			AdditionalCost: money.Money(additional),
			UniqueCode:     int(unique),
		}
		if r, err := money.ParseRate(cashback); err == nil {
			in.Shipping.CashbackPercent = r
		}
		if cod {
			fee := &pricing.CODFee{Payer: pricing.FeePayer(flags & 1)}
			if r, err := money.ParseRate(codPct); err == nil {
				fee.Percent = r
			}
			in.COD = fee
		}
		if r, err := money.ParseRate(voucherPct); err == nil {
			in.ProductVoucher = &pricing.VoucherRule{Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: r, MaxDiscount: money.Money(maxDisc)}
			if flags&2 != 0 {
				in.ProductVoucher.SKUs = []string{"B"}
			}
		}
		if r, err := money.ParseRate(shipVoucher); err == nil && r.Den() == 1 {
			in.ShippingVoucher = &pricing.VoucherRule{Kind: pricing.ShippingVoucher, Type: pricing.Fixed, Amount: money.Money(min(r.Num(), 1<<62))}
		}
		if r, err := money.ParseRate(ppn); err == nil {
			in.Tax = pricing.TaxProfile{PPNPercent: r, PricesIncludePPN: incl, PPNOnShipping: onShipping, PPNCollectedByBuyer: flags&4 != 0}
			if flags&8 != 0 {
				in.Tax.DPPFactor = money.MustRate("11/12")
			}
		}
		q, err := pricing.Calculate(in)
		if err != nil {
			return
		}
		if q.ProductDiscount < 0 || q.ProductDiscount > q.Subtotal {
			t.Fatalf("product discount %d outside [0, %d]", q.ProductDiscount, q.Subtotal)
		}
		if q.ShippingDiscount < 0 || q.ShippingDiscount > q.ShippingCost {
			t.Fatalf("shipping discount %d outside [0, %d]", q.ShippingDiscount, q.ShippingCost)
		}
		fee := money.Money(0)
		if q.ServiceFeePayer == pricing.Buyer {
			fee = q.ServiceFee
		}
		parts := q.Subtotal - q.ProductDiscount + q.ShippingCost - q.ShippingDiscount + q.InsuranceFee + q.AdditionalCost + q.PPNAdded + money.Money(q.UniqueCode) + fee
		if q.GrandTotal != parts {
			t.Fatalf("grand total %d is not the sum of its parts %d", q.GrandTotal, parts)
		}
		if q.Payable != q.GrandTotal-q.Withheld {
			t.Fatalf("payable %d != grand total %d − withheld %d", q.Payable, q.GrandTotal, q.Withheld)
		}
		if q.NetProfit != q.Payable-q.ShippingCost-q.InsuranceFee-q.ServiceFee+q.ShippingCashback {
			t.Fatalf("net profit %d breaks its formula", q.NetProfit)
		}
		if q.ShippingCashback < 0 || q.ShippingCashback > q.ShippingCost || q.PPN < 0 || q.Withheld < 0 || q.ServiceFee < 0 {
			t.Fatalf("negative or oversized amount in %+v", q)
		}
		if in.COD == nil && q.ServiceFee != 0 || in.COD != nil && q.UniqueCode != int(unique) {
			t.Fatalf("fee or code on the wrong method: %+v", q)
		}
	})
}
