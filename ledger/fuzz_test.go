package ledger_test

import (
	"testing"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/shopspring/decimal"
)

// FuzzSettlement prices arbitrary orders, settles them delivered and
// returned, and checks the balance's promises: the entries of a COD order
// add up to its net profit (delivered or returned), those of another order
// to its net profit less what the buyer paid the seller directly (plus
// refunds), the return fee is the exact ceiling of its percent, a returned
// order earns no cashback, no entry is 0 and no kind repeats. Then it
// reports over a set of such orders and checks the figures agree with each
// other and with sums taken here.
func FuzzSettlement(f *testing.F) {
	f.Add(int64(100000), int64(14000), int64(0), "25", "2.8", true, false, "", false, int64(0), []byte{4, 5, 3, 6})
	f.Add(int64(100000), int64(14000), int64(2000), "25", "2.8", true, true, "33", true, int64(0), []byte{5, 5, 4})
	f.Add(int64(160000), int64(20000), int64(1000), "10", "", false, false, "50", false, int64(160000), []byte{3, 4, 5, 0, 1, 2, 7, 8})
	f.Add(int64(50000), int64(18650), int64(0), "0", "2.8", true, false, "0.1", false, int64(0), []byte{})
	f.Fuzz(func(t *testing.T, goods, ship, insurance int64, cashback, codPct string, cod, buyerPays bool, returnPct string, feeOnReturn bool, refunds int64, statuses []byte) {
		in := pricing.QuoteInput{
			Lines:        []pricing.Line{{SKU: "A", UnitPrice: money.Money(goods), Quantity: 1}},
			Shipping:     pricing.Shipping{Cost: money.Money(ship)},
			InsuranceFee: money.Money(insurance),
		}
		if r, err := money.ParseRate(cashback); err == nil {
			in.Shipping.CashbackPercent = r
		}
		if cod {
			in.COD = &pricing.CODFee{}
			if buyerPays {
				in.COD.Payer = pricing.Buyer
			}
			if r, err := money.ParseRate(codPct); err == nil {
				in.COD.Percent = r
			}
		}
		q, err := pricing.Calculate(in)
		if err != nil {
			return
		}
		terms, err := pricing.ParseReturnTerms(returnPct, feeOnReturn)
		if err != nil {
			return
		}
		s := pricing.Sale{Quote: q, COD: cod, Return: terms}

		delivered, err := s.Settle(pricing.Delivered, 0)
		if err != nil {
			t.Fatalf("a valid quote does not settle delivered: %v", err)
		}
		returned, err := s.Settle(pricing.Returned, money.Money(refunds))
		if err != nil {
			if cod && refunds == 0 || !cod && refunds >= 0 && refunds <= int64(q.Payable) {
				t.Fatalf("valid refunds %d refused: %v", refunds, err)
			}
			refunds = 0
			if returned, err = s.Settle(pricing.Returned, 0); err != nil {
				t.Fatalf("a valid quote does not settle returned: %v", err)
			}
		}
		if returned.Cashback != 0 || delivered.Cashback != q.ShippingCashback || delivered.ReturnFee != 0 {
			t.Fatalf("cashback or return fee on the wrong outcome: %+v %+v", delivered, returned)
		}
		want := q.ShippingCost.Decimal().Mul(decimal.RequireFromString(terms.Percent().Decimal().String())).Div(decimal.NewFromInt(100)).Ceil()
		if !want.Equal(returned.ReturnFee.Decimal()) {
			t.Fatalf("return fee %d, want ceil(%d × %s / 100) = %s", returned.ReturnFee, q.ShippingCost, terms.Percent(), want)
		}

		for _, st := range []pricing.Settlement{delivered, returned} {
			es, err := ledger.Lifetime(st.Outcome, s)
			if err != nil {
				t.Fatalf("entries of %s: %v", st.Outcome, err)
			}
			seen := map[ledger.Kind]bool{}
			for _, e := range es {
				if e.Amount == 0 || !e.Kind.Valid() || seen[e.Kind] {
					t.Fatalf("zero, unknown or repeated entry %+v in %+v", e, es)
				}
				seen[e.Kind] = true
			}
			sum, err := ledger.Balance(es)
			if err != nil {
				t.Fatal(err)
			}
			expect := st.NetProfit
			if !cod {
				expect = st.NetProfit - q.Payable + st.Refunds
			}
			if sum != expect {
				t.Fatalf("%s (cod %v): entries %+v add up to %d, want %d", st.Outcome, cod, es, sum, expect)
			}
		}

		// a report over orders like this one, in the statuses given
		all := append(checkout.Statuses(), ledger.StatusReturnInTransit)
		orders := make([]ledger.OrderSummary, len(statuses))
		var revenue, pending, cashbackSum money.Money
		finished := 0
		for i, b := range statuses {
			o := ledger.OrderSummary{
				PlacedAt: time.Date(2026, 11, 1+int(b>>4), 12, 0, 0, 0, time.UTC),
				Status:   all[int(b)%len(all)], Method: payment.BankTransfer,
				GrandTotal: q.GrandTotal, NetProfit: delivered.NetProfit, Cashback: q.ShippingCashback,
			}
			if cod {
				o.Method = payment.COD
			}
			switch o.Status {
			case checkout.StatusDelivered:
				revenue += o.NetProfit
				cashbackSum += o.Cashback
				finished++
			case checkout.StatusShipped:
				pending += o.NetProfit
			case checkout.StatusReturned, ledger.StatusReturnInTransit:
				o.NetProfit = returned.NetProfit
				finished++
			}
			orders[i] = o
		}
		r, err := ledger.Summarize(orders, nil)
		if err != nil {
			t.Fatalf("report: %v", err)
		}
		if r.Revenue != revenue || r.PendingRevenue != pending || r.Cashback != cashbackSum {
			t.Fatalf("report %+v: revenue %d, pending %d, cashback %d expected", r, revenue, pending, cashbackSum)
		}
		if r.COD.Count+r.NonCOD.Count+r.Retur.Count != finished || (cod && r.NonCOD.Count != 0) || (!cod && r.COD.Count != 0) {
			t.Fatalf("report counts %+v do not split %d finished orders by method", r, finished)
		}
		if r.COD.Value+r.NonCOD.Value != q.GrandTotal*money.Money(r.COD.Count+r.NonCOD.Count) || r.Retur.Value != q.GrandTotal*money.Money(r.Retur.Count) {
			t.Fatalf("report values %+v are not Σ G", r)
		}
		wantPct := decimal.Zero
		if finished > 0 { // tenths of a percent, halves up, in integers
			wantPct = decimal.New(int64((2*r.Retur.Count*1000+finished)/(2*finished)), -1)
		}
		if !r.ReturPercent.Decimal().Equal(wantPct) {
			t.Fatalf("retur percent %s for %d of %d, want %s", r.ReturPercent, r.Retur.Count, finished, wantPct)
		}
		pendingBalance, err := ledger.PendingBalance(orders)
		if err != nil || (cod && pendingBalance != pending) || (!cod && pendingBalance != 0) {
			t.Fatalf("pending balance %d (%v), want the COD part of %d", pendingBalance, err, pending)
		}
		days := 0
		for i, d := range r.Days {
			if i > 0 && r.Days[i-1].Date >= d.Date {
				t.Fatalf("days out of order: %+v", r.Days)
			}
			for _, n := range d.Statuses {
				days += n
			}
		}
		if days != len(orders) {
			t.Fatalf("days count %d orders, want %d", days, len(orders))
		}
	})
}
