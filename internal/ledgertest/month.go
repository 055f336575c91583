package ledgertest

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// sold is an order of the month and what the script did with it.
type sold struct {
	o       *checkout.Order
	courier string
	cod     bool
	end     checkout.Status // where the script left it
}

// Book is the independent bookkeeping of the month: the entries each
// order and withdrawal should have, per docs/settlement.md, computed here
// from the order's quote figures.
type Book struct {
	orders  []*sold
	byOrder map[string]map[ledger.Kind]money.Money
	other   money.Money // withdrawals, reversals and adjustments
}

// returnTerms are the month's couriers' terms, as this package knows them:
// the percent of C a return costs and whether a COD return pays F.
func returnTerms(courier string) (percent int64, codFee bool) {
	if courier == "jne" {
		return 50, true
	}
	return 100, false
}

// expect records what an order's outcome writes into the balance.
func (b *Book) expect(s *sold) {
	q := s.o.Breakdown
	p, c, i, f, k := q.Payable, q.ShippingCost, q.InsuranceFee, q.ServiceFee, q.ShippingCashback
	pct, codFee := returnTerms(s.courier)
	r := money.Money((int64(c)*pct + 99) / 100) // R = ceil(C × percent / 100)
	es := map[ledger.Kind]money.Money{}
	switch {
	case s.end == checkout.StatusDelivered && s.cod:
		es[ledger.CODCollected], es[ledger.CODFee], es[ledger.Shipping], es[ledger.Insurance], es[ledger.Cashback] = p, -f, -c, -i, k
	case s.end == checkout.StatusDelivered:
		es[ledger.Shipping], es[ledger.Insurance], es[ledger.Cashback] = -c, -i, k
	case s.end == checkout.StatusReturned && s.cod:
		es[ledger.Shipping], es[ledger.ReturnFee], es[ledger.Insurance] = -c, -r, -i
		if codFee {
			es[ledger.CODFee] = -f
		}
	case s.end == checkout.StatusReturned:
		es[ledger.Shipping], es[ledger.Insurance], es[ledger.ReturnFee] = -c, -i, -r
	case s.end == checkout.StatusShipped && !s.cod:
		es[ledger.Shipping], es[ledger.Insurance] = -c, -i
	}
	for k, v := range es {
		if v == 0 {
			delete(es, k)
		}
	}
	b.byOrder[s.o.ID] = es
}

// settled is what a delivered or returned order keeps, figured from its
// quote and its courier's terms: the return fee R, the cashback K (none
// for a return) and the net profit N of docs/settlement.md (the month refunds
// nothing).
func settled(s *sold) (r, k, n money.Money) {
	q := s.o.Breakdown
	p, c, i, f := q.Payable, q.ShippingCost, q.InsuranceFee, q.ServiceFee
	if s.end == checkout.StatusDelivered {
		return 0, q.ShippingCashback, netProfit(s.o)
	}
	pct, codFee := returnTerms(s.courier)
	r = money.Money((int64(c)*pct + 99) / 100)
	if !s.cod {
		return r, 0, p - c - i - r
	}
	n = -(c + r + i)
	if codFee {
		n -= f
	}
	return r, 0, n
}

// Balance is Σ of every expected entry.
func (b *Book) Balance() money.Money {
	sum := b.other
	for _, es := range b.byOrder {
		for _, v := range es {
			sum += v
		}
	}
	return sum
}

// netProfit is N of a delivered (or still travelling) order: P − C − I − F + K.
func netProfit(o *checkout.Order) money.Money {
	q := o.Breakdown
	return q.Payable - q.ShippingCost - q.InsuranceFee - q.ServiceFee + q.ShippingCashback
}

// Pending is Σ N of COD orders on the road.
func (b *Book) Pending() money.Money {
	var sum money.Money
	for _, s := range b.orders {
		if s.cod && s.end == checkout.StatusShipped {
			sum += netProfit(s.o)
		}
	}
	return sum
}

// Report computes the report figures of docs/settlement.md over the
// orders placed in [from, to), of courier when not "".
func (b *Book) Report(from, to time.Time, courier string) ledger.Report {
	var r ledger.Report
	days := map[string]map[checkout.Status]int{}
	delivered := 0
	for _, s := range b.orders {
		o := s.o
		if o.PlacedAt.Before(from) || !o.PlacedAt.Before(to) || (courier != "" && s.courier != courier) {
			continue
		}
		switch s.end {
		case checkout.StatusDelivered:
			delivered++
			fig := &r.NonCOD
			if s.cod {
				fig = &r.COD
			}
			fig.Count++
			fig.Value += o.Breakdown.GrandTotal
			r.Revenue += netProfit(o)
			r.Cashback += o.Breakdown.ShippingCashback
		case checkout.StatusShipped:
			r.PendingRevenue += netProfit(o)
		case checkout.StatusReturned, ledger.StatusReturnInTransit:
			r.Retur.Count++
			r.Retur.Value += o.Breakdown.GrandTotal
		}
		d := o.PlacedAt.In(kasir.WIB).Format(time.DateOnly)
		if days[d] == nil {
			days[d] = map[checkout.Status]int{}
		}
		days[d][s.end]++
	}
	if total := r.Retur.Count + delivered; total > 0 {
		tenths := (int64(r.Retur.Count)*1000*2 + int64(total)) / (2 * int64(total)) // half up
		r.ReturPercent = money.MustRate(fmt.Sprintf("%d.%d", tenths/10, tenths%10))
	}
	r.Days = []ledger.Day{}
	for d, st := range days {
		r.Days = append(r.Days, ledger.Day{Date: d, Statuses: st})
	}
	slices.SortFunc(r.Days, func(a, b ledger.Day) int { return cmp.Compare(a.Date, b.Date) })
	return r
}

func orderRequest(n int) (kasir.OrderRequest, string, bool) {
	req := kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Customer: kasir.CustomerInput{Name: fmt.Sprintf("Pembeli %d", n), Phone: fmt.Sprintf("0812%08d", n)},
		},
		Address: kasir.AddressInput{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru", PostalCode: "12110"},
	}
	switch n % 3 {
	case 0: // COD by JNE
		req.Lines = []catalog.LineRequest{{SKU: "BUKU-01", Quantity: int64(1 + n%2)}}
		req.Courier, req.Service, req.PaymentMethod = "jne", "REG", payment.COD
		req.Insurance = n%4 == 0
	case 1: // transfer by SiCepat
		req.Lines = []catalog.LineRequest{{SKU: "KAOS-01", Quantity: int64(1 + n%3)}}
		req.Courier, req.Service, req.PaymentMethod = "sicepat", "BEST", payment.BankTransfer
	default: // transfer by JNE, insured
		req.Lines = []catalog.LineRequest{{SKU: "BUKU-01", Quantity: 1}, {SKU: "KAOS-01", Quantity: 1}}
		req.Courier, req.Service, req.PaymentMethod = "jne", "REG", payment.BankTransfer
		req.Insurance = true
	}
	return req, req.Courier, req.PaymentMethod == payment.COD
}

// fate is what the script does with the n-th order: mostly delivered, some
// returned, some still on the road, some cancelled before shipping.
func fate(n int) checkout.Status {
	switch n % 10 {
	case 6, 7:
		return checkout.StatusReturned
	case 8:
		return checkout.StatusShipped
	case 9:
		if n%20 == 9 {
			return checkout.StatusCancelled
		}
		return checkout.StatusProcessing
	}
	return checkout.StatusDelivered
}

func (e *Env) move(t testing.TB, id string, to checkout.Status, when time.Time, awb string) *checkout.Order {
	t.Helper()
	e.Clock.Set(when)
	o, err := e.Svc.Transition(context.Background(), id, kasir.TransitionRequest{To: to, AirwayBill: awb})
	require.NoError(t, err, "order %s to %s", id, to)
	return o
}

// Month places and moves a month of orders (three a day, and two placed
// after the month), and returns the book of what their outcomes write.
func (e *Env) Month(t testing.TB) *Book {
	t.Helper()
	ctx := context.Background()
	b := &Book{byOrder: map[string]map[ledger.Kind]money.Money{}}
	n := 0
	for d := 0; d <= 31; d++ {
		perDay := 3
		if d > 29 {
			perDay = 1
		}
		for range perDay {
			req, courier, cod := orderRequest(n)
			placed := at(d, 8+n%10)
			e.Clock.Set(placed)
			o, err := e.Svc.PlaceOrder(ctx, req)
			require.NoError(t, err, "order %d", n)
			s := &sold{o: o, courier: courier, cod: cod, end: fate(n)}
			if !cod {
				e.Clock.Set(placed.Add(30 * time.Minute))
				_, err := e.Svc.ConfirmPayment(ctx, o.ID, kasir.PaymentConfirmation{})
				require.NoError(t, err)
			}
			switch s.end {
			case checkout.StatusCancelled:
				e.move(t, o.ID, checkout.StatusCancelled, placed.Add(time.Hour), "")
			case checkout.StatusProcessing:
			default:
				s.o = e.move(t, o.ID, checkout.StatusShipped, placed.Add(20*time.Hour), fmt.Sprintf("AWB%06d", n))
				if s.end != checkout.StatusShipped {
					s.o = e.move(t, o.ID, s.end, placed.Add(70*time.Hour), "")
				}
			}
			b.orders = append(b.orders, s)
			b.expect(s)
			n++
		}
	}
	return b
}

// Check asserts the store's balance, entries, pending balance and reports
// against the book.
func (e *Env) Check(t testing.TB, b *Book) {
	t.Helper()
	ctx := context.Background()
	bal, err := e.Svc.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, b.Balance(), bal.Balance, "balance")
	assert.Equal(t, b.Pending(), bal.Pending, "pending balance")

	all, err := e.Svc.LedgerEntries(ctx, ports.LedgerFilter{Limit: kasir.MaxPageSize})
	require.NoError(t, err)
	require.LessOrEqual(t, all.Total, kasir.MaxPageSize)
	var sum money.Money
	got := map[string]map[ledger.Kind]money.Money{}
	for _, en := range all.Entries {
		sum += en.Amount
		if en.OrderID == "" {
			continue
		}
		if got[en.OrderID] == nil {
			got[en.OrderID] = map[ledger.Kind]money.Money{}
		}
		_, dup := got[en.OrderID][en.Kind]
		assert.False(t, dup, "order %s has two %s entries", en.OrderID, en.Kind)
		got[en.OrderID][en.Kind] = en.Amount
	}
	assert.Equal(t, bal.Balance, sum, "the balance is the sum of its entries")
	for _, s := range b.orders {
		want := b.byOrder[s.o.ID]
		if len(want) == 0 {
			assert.Empty(t, got[s.o.ID], "order %s (%s)", s.o.Number, s.end)
			continue
		}
		assert.Equal(t, want, got[s.o.ID], "entries of order %s (%s, %s, cod %v)", s.o.Number, s.end, s.courier, s.cod)
		if s.cod && s.end == checkout.StatusDelivered {
			var n money.Money
			for _, v := range got[s.o.ID] {
				n += v
			}
			assert.Equal(t, s.o.Breakdown.NetProfit, n, "a delivered COD order's entries add up to its quote's net profit")
			assert.Equal(t, netProfit(s.o), n)
		}
	}

	// Every delivered or returned order records its settlement, figured
	// here from its quote and its courier's terms (docs/settlement.md).
	for _, s := range b.orders {
		if s.end != checkout.StatusDelivered && s.end != checkout.StatusReturned {
			continue
		}
		o, err := e.Svc.Order(ctx, s.o.ID)
		require.NoError(t, err)
		if !assert.NotNil(t, o.Settlement, "order %s (%s) records its settlement", s.o.Number, s.end) {
			continue
		}
		r, k, n := settled(s)
		assert.Equal(t, r, o.Settlement.ReturnFee, "return fee of %s (%s, %s)", s.o.Number, s.end, s.courier)
		assert.Equal(t, k, o.Cashback(), "cashback of %s (%s)", s.o.Number, s.end)
		assert.Equal(t, n, o.NetProfit(), "net profit of %s (%s, %s, cod %v)", s.o.Number, s.end, s.courier, s.cod)
		if s.cod {
			var sum money.Money
			for _, v := range got[s.o.ID] {
				sum += v
			}
			assert.Equal(t, n, sum, "the entries of COD order %s (%s) add up to its net profit", s.o.Number, s.end)
		}
	}

	from, to := at(0, 0), at(30, 0)
	for _, courier := range []string{"", "jne", "sicepat"} {
		want := b.Report(from, to, courier)
		r, err := e.Svc.Report(ctx, kasir.ReportRequest{From: from, To: to, Courier: courier})
		require.NoError(t, err)
		assert.Equal(t, want.COD, r.COD, "cod %q", courier)
		assert.Equal(t, want.NonCOD, r.NonCOD, "non_cod %q", courier)
		assert.Equal(t, want.Revenue, r.Revenue, "revenue %q", courier)
		assert.Equal(t, want.PendingRevenue, r.PendingRevenue, "pending_revenue %q", courier)
		assert.Equal(t, want.Retur, r.Retur, "retur %q", courier)
		assert.Equal(t, want.ReturPercent.String(), r.ReturPercent.String(), "retur_percent %q", courier)
		assert.Equal(t, want.Cashback, r.Cashback, "cashback %q", courier)
		assert.Equal(t, want.Days, r.Days, "days %q", courier)
	}
}

// Replays moves every delivered and returned order to its status again:
// each is refused and the balance does not change.
func (e *Env) Replays(t testing.TB, b *Book) {
	t.Helper()
	ctx := context.Background()
	before, err := e.Svc.Balance(ctx)
	require.NoError(t, err)
	for _, s := range b.orders {
		if s.end != checkout.StatusDelivered && s.end != checkout.StatusReturned {
			continue
		}
		_, err := e.Svc.Transition(ctx, s.o.ID, kasir.TransitionRequest{To: s.end})
		require.Error(t, err)
	}
	after, err := e.Svc.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// Withdrawals requests, reviews, completes, rejects and cancels
// withdrawals, refuses bad ones, adjusts the balance, and records each in
// the book.
func (e *Env) Withdrawals(t testing.TB, b *Book) {
	t.Helper()
	ctx := context.Background()
	e.Clock.Set(at(33, 10))
	entries := func() int {
		p, err := e.Svc.LedgerEntries(ctx, ports.LedgerFilter{Limit: 1})
		require.NoError(t, err)
		return p.Total
	}
	request := func(amount money.Money) ledger.Payout {
		t.Helper()
		w, err := e.Svc.RequestWithdrawal(ctx, kasir.WithdrawalRequest{Amount: amount, AccountNumber: Account.AccountNumber, Note: "tarik saldo"})
		require.NoError(t, err)
		assert.Equal(t, ledger.WithdrawalRequested, w.Status)
		b.other -= amount
		return w
	}
	move := func(id string, to ledger.WithdrawalStatus) {
		t.Helper()
		w, err := e.Svc.MoveWithdrawal(ctx, id, to, "oleh admin")
		require.NoError(t, err)
		assert.Equal(t, to, w.Status)
		if to == ledger.WithdrawalRejected || to == ledger.WithdrawalCancelled {
			b.other += w.Amount
		}
	}
	w1 := request(100000)
	move(w1.ID, ledger.WithdrawalOnReview)
	move(w1.ID, ledger.WithdrawalCompleted)
	w2 := request(50000)
	move(w2.ID, ledger.WithdrawalCancelled)
	w3 := request(70000)
	move(w3.ID, ledger.WithdrawalOnReview)
	move(w3.ID, ledger.WithdrawalRejected)

	_, err := e.Svc.Adjust(ctx, 25000, "koreksi ongkir JNE")
	require.NoError(t, err)
	_, err = e.Svc.Adjust(ctx, -5000, "biaya admin")
	require.NoError(t, err)
	b.other += 20000

	// Refused: nothing is recorded.
	n := entries()
	bal := b.Balance()
	for name, c := range map[string]struct {
		req  kasir.WithdrawalRequest
		code string
	}{
		"zero":            {kasir.WithdrawalRequest{Amount: 0, AccountNumber: Account.AccountNumber}, errs.CodeInvalidInput},
		"negative":        {kasir.WithdrawalRequest{Amount: -1, AccountNumber: Account.AccountNumber}, errs.CodeInvalidInput},
		"unknown account": {kasir.WithdrawalRequest{Amount: 1000, AccountNumber: "999999999"}, kasir.CodeUnknownBankAccount},
		"above balance":   {kasir.WithdrawalRequest{Amount: bal + 1, AccountNumber: Account.AccountNumber}, ledger.CodeInsufficientBalance},
	} {
		_, err := e.Svc.RequestWithdrawal(ctx, c.req)
		assert.Equal(t, c.code, errs.Code(err), "%s: %v", name, err)
	}
	_, err = e.Svc.MoveWithdrawal(ctx, w1.ID, ledger.WithdrawalCancelled, "")
	assert.Equal(t, ledger.CodeInvalidWithdrawalTransition, errs.Code(err))
	_, err = e.Svc.MoveWithdrawal(ctx, "tidak-ada", ledger.WithdrawalOnReview, "")
	assert.Equal(t, ports.CodeWithdrawalNotFound, errs.Code(err))
	assert.Equal(t, n, entries(), "refused requests record nothing")

	ws, err := e.Svc.Withdrawals(ctx, ports.WithdrawalFilter{})
	require.NoError(t, err)
	assert.Equal(t, 3, ws.Total)
	w, err := e.Svc.Withdrawal(ctx, w3.ID)
	require.NoError(t, err)
	assert.Equal(t, ledger.WithdrawalRejected, w.Status)
	es, err := e.Svc.LedgerEntries(ctx, ports.LedgerFilter{WithdrawalID: w3.ID})
	require.NoError(t, err)
	assert.Equal(t, 2, es.Total, "a rejected withdrawal has its entry and its reversal")
}

// Concurrent sends 50 withdrawals at once against a balance that allows
// exactly 7 of them: 7 are requested, 43 refused with insufficient_balance.
func (e *Env) Concurrent(t testing.TB, b *Book) {
	t.Helper()
	ctx := context.Background()
	bal := b.Balance()
	require.Greater(t, bal, money.Money(8*7))
	amount := bal / 7
	require.Equal(t, money.Money(7), bal/amount)
	var wg sync.WaitGroup
	results := make([]error, 50)
	start := make(chan struct{})
	for i := range results {
		wg.Go(func() {
			<-start
			_, results[i] = e.Svc.RequestWithdrawal(ctx, kasir.WithdrawalRequest{Amount: amount, AccountNumber: Account.AccountNumber})
		})
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range results {
		if err == nil {
			ok++
			continue
		}
		assert.Equal(t, ledger.CodeInsufficientBalance, errs.Code(err), "%v", err)
	}
	assert.Equal(t, 7, ok)
	b.other -= 7 * amount
	got, err := e.Svc.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, bal-7*amount, got.Balance)
	assert.GreaterOrEqual(t, got.Balance, money.Money(0))
}

// Run runs the whole month on the Env: orders and their outcomes, replays,
// withdrawals (concurrent ones too), checking the figures after each part.
func Run(t *testing.T, e *Env) {
	b := e.Month(t)
	e.Check(t, b)
	e.Replays(t, b)
	e.Remittances(t, b)
	e.RemittanceFees(t, b)
	e.Withdrawals(t, b)
	e.Check(t, b)
	e.Concurrent(t, b)
	e.Check(t, b)
}

// Remittances imports COD remittance files: a dry run, the file, and the
// same file again; with a wrong amount, an unknown airway bill, an order
// not paid by COD, one not delivered, an unreadable amount and a repeated
// row. Only the matching rows settle their orders, once.
func (e *Env) Remittances(t testing.TB, b *Book) {
	t.Helper()
	ctx := context.Background()
	e.Clock.Set(at(34, 10))
	var lines []string
	want := map[string]string{} // airway bill → result
	var settle []*sold
	var firstCOD, transfer, onRoad *sold
	for _, s := range b.orders {
		switch {
		case s.cod && s.end == checkout.StatusDelivered && firstCOD == nil:
			firstCOD = s // reported with a wrong amount
		case s.cod && s.end == checkout.StatusDelivered:
			settle = append(settle, s)
		case !s.cod && s.end == checkout.StatusDelivered && transfer == nil:
			transfer = s
		case s.cod && s.end == checkout.StatusShipped && onRoad == nil:
			onRoad = s
		}
	}
	require.NotNil(t, firstCOD)
	require.NotNil(t, transfer)
	require.NotNil(t, onRoad)
	rp := func(m money.Money) string { return "Rp " + m.String()[2:] } // "Rp 61.000"
	for _, s := range settle {
		lines = append(lines, fmt.Sprintf("%s;%s;%s", s.o.AirwayBill, rp(s.o.Breakdown.Payable), s.o.Breakdown.ServiceFee.String()[2:]))
		want[s.o.AirwayBill] = kasir.RemittanceMatched
	}
	lines = append(lines,
		fmt.Sprintf("%s;%s;0", firstCOD.o.AirwayBill, rp(firstCOD.o.Breakdown.Payable-1000)),
		"TIDAKADA123;61.000;1.708",
		fmt.Sprintf("%s;%s;0", transfer.o.AirwayBill, rp(transfer.o.Breakdown.Payable)),
		fmt.Sprintf("%s;%s;0", onRoad.o.AirwayBill, rp(onRoad.o.Breakdown.Payable)),
		fmt.Sprintf("%s;enam puluh ribu;0", settle[0].o.AirwayBill),
		fmt.Sprintf("%s;%s;0", settle[1].o.AirwayBill, rp(settle[1].o.Breakdown.Payable)), // a repeat
	)
	file := []byte("No Resi;Nilai COD Diterima;Potongan\n" + strings.Join(lines, "\n") + "\n")
	in := kasir.RemittanceImport{Name: "remitansi.csv", Data: file, Reference: "JNE-RMT-001",
		Columns: importing.RemittanceColumns{Amount: "Nilai COD Diterima", Fee: "Potongan"}}
	n := len(settle)
	wantCounts := map[string]int{
		kasir.RemittanceMatched: n, kasir.RemittanceAmountMismatch: 1, kasir.RemittanceUnknownAWB: 1,
		kasir.RemittanceInvalid: 2, kasir.RemittanceNotDelivered: 1, kasir.RemittanceAlreadySettled: 1,
	}
	entriesBefore, err := e.Svc.LedgerEntries(ctx, ports.LedgerFilter{Limit: 1})
	require.NoError(t, err)

	in.DryRun = true
	dry, err := e.Svc.ImportRemittance(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, wantCounts, dry.Counts, "dry run")
	o, err := e.Svc.Order(ctx, settle[0].o.ID)
	require.NoError(t, err)
	assert.Empty(t, o.Payment.Status, "a dry run settles nothing")

	in.DryRun = false
	res, err := e.Svc.ImportRemittance(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, wantCounts, res.Counts)
	for _, r := range res.Rows {
		switch r.AirwayBill {
		case firstCOD.o.AirwayBill:
			assert.Equal(t, kasir.RemittanceAmountMismatch, r.Result)
			require.NotNil(t, r.Expected)
			assert.Equal(t, firstCOD.o.Breakdown.Payable, *r.Expected)
			assert.Equal(t, firstCOD.o.Breakdown.Payable-1000, r.Reported)
		case transfer.o.AirwayBill:
			assert.Equal(t, kasir.RemittanceInvalid, r.Result)
			require.NotNil(t, r.Error)
			assert.Equal(t, checkout.CodeNotCOD, r.Error.Code)
			assert.Equal(t, fmt.Sprintf("rows[%d].airway_bill", r.Row-1), r.Error.Field)
		case "TIDAKADA123":
			assert.Equal(t, kasir.RemittanceUnknownAWB, r.Result)
		case onRoad.o.AirwayBill:
			assert.Equal(t, kasir.RemittanceNotDelivered, r.Result)
		case settle[0].o.AirwayBill:
			if r.Result == kasir.RemittanceInvalid {
				require.NotNil(t, r.Error)
				assert.Equal(t, importing.CodeInvalidAmount, r.Error.Code)
				assert.Equal(t, fmt.Sprintf("rows[%d].amount", r.Row-1), r.Error.Field)
				continue
			}
			assert.Equal(t, kasir.RemittanceMatched, r.Result)
		default:
			if r.Row == len(lines) { // the repeat
				assert.Equal(t, kasir.RemittanceAlreadySettled, r.Result)
				continue
			}
			assert.Equal(t, want[r.AirwayBill], r.Result, "row %d", r.Row)
			assert.Equal(t, r.Fee, settlementFee(b, r.AirwayBill))
		}
	}
	versions := map[string]int64{}
	for _, s := range settle {
		o, err := e.Svc.Order(ctx, s.o.ID)
		require.NoError(t, err)
		assert.Equal(t, checkout.PaymentSettled, o.Payment.Status, "order %s", o.Number)
		versions[o.ID] = o.Version
	}
	o, err = e.Svc.Order(ctx, firstCOD.o.ID)
	require.NoError(t, err)
	assert.Empty(t, o.Payment.Status, "a mismatch settles nothing")

	// The same file again changes nothing.
	again, err := e.Svc.ImportRemittance(ctx, in)
	require.NoError(t, err)
	wantAgain := maps.Clone(wantCounts)
	wantAgain[kasir.RemittanceAlreadySettled] += n
	delete(wantAgain, kasir.RemittanceMatched)
	assert.Equal(t, wantAgain, again.Counts)
	for _, s := range settle {
		o, err := e.Svc.Order(ctx, s.o.ID)
		require.NoError(t, err)
		assert.Equal(t, versions[o.ID], o.Version, "order %s unchanged", o.Number)
	}
	entriesAfter, err := e.Svc.LedgerEntries(ctx, ports.LedgerFilter{Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, entriesBefore.Total, entriesAfter.Total, "a remittance writes no entries")

	_, err = e.Svc.ImportRemittance(ctx, kasir.RemittanceImport{Name: "x.csv", Data: []byte("resi;ongkir\nA;1\n")})
	assert.Equal(t, importing.CodeMissingColumn, errs.Code(err))
	assert.Equal(t, "columns.amount", errs.Field(err))
}

func settlementFee(b *Book, awb string) money.Money {
	for _, s := range b.orders {
		if s.o.AirwayBill == awb {
			return s.o.Breakdown.ServiceFee
		}
	}
	return -1
}
