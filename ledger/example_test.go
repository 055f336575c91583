package ledger_test

import (
	"fmt"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// A COD order as a Komship seller sees it, delivered and then, for
// comparison, returned: what each outcome writes into the seller's balance.
func ExampleOrderEntries() {
	q, err := pricing.Calculate(pricing.QuoteInput{
		Lines:    []pricing.Line{{SKU: "SKU-1", UnitPrice: 100000, Quantity: 1}},
		Shipping: pricing.Shipping{Cost: 14000, CashbackPercent: money.MustRate("25")},
		COD:      &pricing.CODFee{Percent: money.MustRate("2.8")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	sale := pricing.Sale{Quote: q, COD: true} // the usual return terms: 100 percent, no COD fee
	for _, status := range []checkout.Status{checkout.StatusDelivered, checkout.StatusReturned} {
		entries, err := ledger.OrderEntries(status, sale)
		if err != nil {
			fmt.Println(err)
			return
		}
		balance, _ := ledger.Balance(entries)
		fmt.Println(status)
		for _, e := range entries {
			fmt.Printf("  %-14s %12s\n", e.Kind, e.Amount)
		}
		fmt.Printf("  %-14s %12s\n", "balance", balance)
	}
	// Output:
	// delivered
	//   cod_collected     Rp114.000
	//   cod_fee            -Rp3.192
	//   shipping          -Rp14.000
	//   cashback            Rp3.500
	//   balance           Rp100.308
	// returned
	//   shipping          -Rp14.000
	//   return_fee        -Rp14.000
	//   balance           -Rp28.000
}

// The seller's dashboard over a handful of orders: two delivered, one
// returned, one still on the road.
func ExampleSummarize() {
	orders := []ledger.OrderSummary{
		{Status: checkout.StatusDelivered, Method: "cod", GrandTotal: 114000, NetProfit: 100308, Cashback: 3500},
		{Status: checkout.StatusDelivered, Method: "bank_transfer", GrandTotal: 181017, NetProfit: 162017, Cashback: 2000},
		{Status: checkout.StatusReturned, Method: "cod", GrandTotal: 114000, NetProfit: -28000},
		{Status: checkout.StatusShipped, Method: "cod", GrandTotal: 68600, NetProfit: 48079},
	}
	r, err := ledger.Summarize(orders, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("revenue:", r.Revenue, "pending:", r.PendingRevenue, "cashback:", r.Cashback)
	fmt.Printf("cod: %d orders, %s; other: %d orders, %s\n", r.COD.Count, r.COD.Value, r.NonCOD.Count, r.NonCOD.Value)
	fmt.Printf("retur: %d orders, %s, %s%%\n", r.Retur.Count, r.Retur.Value, r.ReturPercent)
	// Output:
	// revenue: Rp262.325 pending: Rp48.079 cashback: Rp5.500
	// cod: 1 orders, Rp114.000; other: 1 orders, Rp181.017
	// retur: 1 orders, Rp114.000, 33.3%
}
