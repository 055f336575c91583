package pricing_test

import (
	"fmt"

	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// A COD order as a Komship seller sees it: the seller pays the 2,8% service
// fee and gets 25% of the shipping cost back.
func ExampleCalculate() {
	q, err := pricing.Calculate(pricing.QuoteInput{
		Lines:    []pricing.Line{{SKU: "SKU-1", UnitPrice: 100000, Quantity: 1}},
		Shipping: pricing.Shipping{Cost: 14000, CashbackPercent: money.MustRate("25")},
		COD:      &pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("grand total:", q.GrandTotal)
	fmt.Println("service fee:", q.ServiceFee)
	fmt.Println("cashback:   ", q.ShippingCashback)
	fmt.Println("net profit: ", q.NetProfit)
	// Output:
	// grand total: Rp114.000
	// service fee: Rp3.192
	// cashback:    Rp3.500
	// net profit:  Rp100.308
}

// A voucher that asks for a larger cart fails with a stable code.
func ExampleCalculate_voucherError() {
	_, err := pricing.Calculate(pricing.QuoteInput{
		Lines:          []pricing.Line{{SKU: "SKU-1", UnitPrice: 49000, Quantity: 1}},
		ProductVoucher: &pricing.VoucherRule{Code: "HEMAT5", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000, MinSubtotal: 50000},
	})
	fmt.Println(err)
	// Output: pricing: voucher HEMAT5 needs a subtotal of at least Rp50.000, the cart has Rp49.000 (product_voucher)
}

// PPN included in a consumer price, rounded down as the tax rule says.
func ExampleTaxProfile_ComputeTax() {
	tax, _ := pricing.TaxProfile{PPNPercent: money.MustRate("11"), PricesIncludePPN: true}.ComputeTax(110000, 0)
	fmt.Println(tax.Base, tax.PPN)
	// Output: Rp99.099 Rp10.900
}

// The same COD order once its parcel is delivered, and if it came back from
// a courier that charges half the shipping price for a return and still
// takes its COD fee.
func ExampleSale_Settle() {
	q, err := pricing.Calculate(pricing.QuoteInput{
		Lines:    []pricing.Line{{SKU: "SKU-1", UnitPrice: 100000, Quantity: 1}},
		Shipping: pricing.Shipping{Cost: 14000, CashbackPercent: money.MustRate("25")},
		COD:      &pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	terms, err := pricing.ParseReturnTerms("50", true)
	if err != nil {
		fmt.Println(err)
		return
	}
	sale := pricing.Sale{Quote: q, COD: true, Return: terms}
	for _, outcome := range []pricing.Outcome{pricing.Delivered, pricing.Returned} {
		st, err := sale.Settle(outcome, 0)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-9s return fee %s, cashback %s, net profit %s\n", outcome, st.ReturnFee, st.Cashback, st.NetProfit)
	}
	// Output:
	// delivered return fee Rp0, cashback Rp3.500, net profit Rp100.308
	// returned  return fee Rp7.000, cashback Rp0, net profit -Rp24.192
}
