package portstest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// ledgerTests check the balance's entries, withdrawals, the airway bill
// lookup and the report figures a store keeps of its orders.
var ledgerTests = []test{
	{"AppendOncePerKind", testAppendOncePerKind},
	{"AppendRefusesBadEntries", testAppendRefusesBadEntries},
	{"AppendRollsBack", testAppendRollsBack},
	{"EntriesFilterAndPage", testEntriesFilterAndPage},
	{"Withdrawals", testWithdrawals},
	{"OrderByAirwayBill", testOrderByAirwayBill},
	{"ReportAndPending", testReportAndPending},
	{"ConcurrentWithdrawals", testConcurrentWithdrawals},
	{"ConcurrentAppends", testConcurrentAppends},
}

func entry(kind ledger.Kind, amount money.Money, orderID string, at time.Time) ports.LedgerEntry {
	return ports.LedgerEntry{Entry: ledger.Entry{Kind: kind, Amount: amount}, OrderID: orderID, Reference: "INV-" + orderID, At: at}
}

func (f *fx) appendEntries(t testing.TB, es ...ports.LedgerEntry) []ports.LedgerEntry {
	t.Helper()
	var out []ports.LedgerEntry
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		var err error
		out, err = tx.AppendEntries(ctx, es)
		return err
	})
	return out
}

func (f *fx) balance(t testing.TB) money.Money {
	t.Helper()
	b, err := f.store.Balance(f.ctx)
	require.NoError(t, err)
	return b
}

func testAppendOncePerKind(t *testing.T, f *fx) {
	require.Zero(t, f.balance(t))
	first := f.appendEntries(t,
		entry(ledger.CODCollected, 114000, "o1", t0),
		entry(ledger.CODFee, -3192, "o1", t0),
		entry(ledger.Shipping, -14000, "o1", t0),
		entry(ledger.Cashback, 3500, "o1", t0),
		entry(ledger.Shipping, -9000, "o1", t0), // a second shipping entry of o1 in the same call
	)
	require.Len(t, first, 4)
	for i := 1; i < len(first); i++ {
		assert.Greater(t, first[i].Seq, first[i-1].Seq, "seq grows")
	}
	assert.Equal(t, money.Money(100308), f.balance(t))

	// The same event again adds nothing; a new kind of the same order and
	// another order's entries do.
	again := f.appendEntries(t, entry(ledger.CODCollected, 114000, "o1", t0), entry(ledger.Cashback, 3500, "o1", t0))
	assert.Empty(t, again)
	more := f.appendEntries(t, entry(ledger.Insurance, -1000, "o1", t0), entry(ledger.Shipping, -14000, "o2", t0))
	assert.Len(t, more, 2)
	assert.Equal(t, money.Money(100308-1000-14000), f.balance(t))

	// A withdrawal's entries are once per kind too; adjustments are each
	// their own.
	w := ports.LedgerEntry{Entry: ledger.Entry{Kind: ledger.Withdrawal, Amount: -5000}, WithdrawalID: "w1", At: t0}
	assert.Len(t, f.appendEntries(t, w, w), 1)
	adj := ports.LedgerEntry{Entry: ledger.Entry{Kind: ledger.Adjustment, Amount: 700, Reason: "koreksi"}, At: t0}
	assert.Len(t, f.appendEntries(t, adj, adj), 2)
	assert.Equal(t, money.Money(100308-1000-14000-5000+1400), f.balance(t))

	es, total, err := f.store.LedgerEntries(f.ctx, ports.LedgerFilter{})
	require.NoError(t, err)
	assert.Equal(t, 9, total)
	var sum money.Money
	for _, e := range es {
		sum += e.Amount
	}
	assert.Equal(t, f.balance(t), sum, "the balance is the sum of the entries")
	assert.Equal(t, "koreksi", es[0].Reason)
	assert.True(t, es[0].At.Equal(t0))
}

func testAppendRefusesBadEntries(t *testing.T, f *fx) {
	for name, e := range map[string]ports.LedgerEntry{
		"unknown kind": {Entry: ledger.Entry{Kind: "bonus", Amount: 1}, OrderID: "o1"},
		"zero":         {Entry: ledger.Entry{Kind: ledger.Shipping, Amount: 0}, OrderID: "o1"},
		"too large":    {Entry: ledger.Entry{Kind: ledger.Adjustment, Amount: money.MaxAmount + 1}},
		"two owners":   {Entry: ledger.Entry{Kind: ledger.Shipping, Amount: -1}, OrderID: "o1", WithdrawalID: "w1"},
	} {
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.AppendEntries(ctx, []ports.LedgerEntry{entry(ledger.Shipping, -10, "ok", t0), e})
			return err
		})
		assert.ErrorIs(t, err, errs.Invalid, "%s: %v", name, err)
	}
	assert.Zero(t, f.balance(t))
	_, total, err := f.store.LedgerEntries(f.ctx, ports.LedgerFilter{})
	require.NoError(t, err)
	assert.Zero(t, total, "nothing appended")
}

func testAppendRollsBack(t *testing.T, f *fx) {
	boom := errors.New("boom")
	err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
		if _, err := tx.AppendEntries(ctx, []ports.LedgerEntry{entry(ledger.Shipping, -14000, "o1", t0)}); err != nil {
			return err
		}
		if err := tx.CreateWithdrawal(ctx, ledger.Payout{ID: "w1", Amount: 1, Status: ledger.WithdrawalRequested, RequestedAt: t0}); err != nil {
			return err
		}
		bal, err := tx.LockBalance(ctx)
		if err != nil {
			return err
		}
		assert.Equal(t, money.Money(-14000), bal, "a unit reads its own entries")
		return boom
	})
	require.ErrorIs(t, err, boom)
	assert.Zero(t, f.balance(t))
	_, err = f.store.Withdrawal(f.ctx, "w1")
	require.ErrorIs(t, err, ports.ErrWithdrawalNotFound)
	// After the rollback the kind is free again.
	assert.Len(t, f.appendEntries(t, entry(ledger.Shipping, -14000, "o1", t0)), 1)
	assert.Equal(t, money.Money(-14000), f.balance(t))
}

func testEntriesFilterAndPage(t *testing.T, f *fx) {
	for i := range 5 {
		id := fmt.Sprintf("o%d", i)
		at := t0.Add(time.Duration(i) * time.Hour)
		f.appendEntries(t, entry(ledger.Shipping, -10000, id, at), entry(ledger.Cashback, 2500, id, at))
	}
	page := func(flt ports.LedgerFilter) ([]string, int) {
		t.Helper()
		es, total, err := f.store.LedgerEntries(f.ctx, flt)
		require.NoError(t, err)
		var got []string
		for _, e := range es {
			got = append(got, e.OrderID+"/"+string(e.Kind))
		}
		return got, total
	}
	got, total := page(ports.LedgerFilter{Limit: 3})
	assert.Equal(t, 10, total)
	assert.Equal(t, []string{"o4/cashback", "o4/shipping", "o3/cashback"}, got, "newest first")
	got, total = page(ports.LedgerFilter{Kinds: []ledger.Kind{ledger.Cashback}, Offset: 1, Limit: 2})
	assert.Equal(t, 5, total)
	assert.Equal(t, []string{"o3/cashback", "o2/cashback"}, got)
	got, total = page(ports.LedgerFilter{OrderID: "o2"})
	assert.Equal(t, 2, total)
	assert.Equal(t, []string{"o2/cashback", "o2/shipping"}, got)
	got, total = page(ports.LedgerFilter{From: t0.Add(time.Hour), To: t0.Add(3 * time.Hour), Kinds: []ledger.Kind{ledger.Shipping}})
	assert.Equal(t, 2, total)
	assert.Equal(t, []string{"o2/shipping", "o1/shipping"}, got)
	got, total = page(ports.LedgerFilter{Offset: 20, Limit: 5})
	assert.Equal(t, 10, total, "a page past the end still counts")
	assert.Empty(t, got)
	_, _, err := f.store.LedgerEntries(f.ctx, ports.LedgerFilter{Offset: -1})
	assert.ErrorIs(t, err, errs.Invalid)
}

var bca = payment.BankAccount{BankCode: "BCA", AccountNumber: "1234567890", AccountName: "Toko Kasir"}

func testWithdrawals(t *testing.T, f *fx) {
	for i := range 3 {
		w := ledger.Payout{ID: fmt.Sprintf("w%d", i), Amount: money.Money(1000 * (i + 1)), Account: bca,
			Status: ledger.WithdrawalRequested, RequestedAt: t0.Add(time.Duration(i) * time.Minute), UpdatedAt: t0}
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.CreateWithdrawal(ctx, w) })
	}
	err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.CreateWithdrawal(ctx, ledger.Payout{ID: "w1", Status: ledger.WithdrawalRequested})
	})
	require.ErrorIs(t, err, ports.ErrDuplicate)

	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		w, err := tx.WithdrawalForUpdate(ctx, "w1")
		if err != nil {
			return err
		}
		if _, err := w.Move(ledger.WithdrawalOnReview, t0.Add(time.Hour), "dicek"); err != nil {
			return err
		}
		return tx.SaveWithdrawal(ctx, w)
	})
	w, err := f.store.Withdrawal(f.ctx, "w1")
	require.NoError(t, err)
	assert.Equal(t, ledger.WithdrawalOnReview, w.Status)
	assert.Equal(t, "dicek", w.Reason)
	assert.Equal(t, bca, w.Account)
	assert.Equal(t, money.Money(2000), w.Amount)
	assert.True(t, w.UpdatedAt.Equal(t0.Add(time.Hour)))

	ws, total, err := f.store.Withdrawals(f.ctx, ports.WithdrawalFilter{})
	require.NoError(t, err)
	assert.Equal(t, 3, total)
	require.Len(t, ws, 3)
	assert.Equal(t, []string{"w2", "w1", "w0"}, []string{ws[0].ID, ws[1].ID, ws[2].ID}, "newest first")
	ws, total, err = f.store.Withdrawals(f.ctx, ports.WithdrawalFilter{Statuses: []ledger.WithdrawalStatus{ledger.WithdrawalRequested}, Limit: 1, Offset: 1})
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	require.Len(t, ws, 1)
	assert.Equal(t, "w0", ws[0].ID)

	_, err = f.store.Withdrawal(f.ctx, "nope")
	require.ErrorIs(t, err, ports.ErrWithdrawalNotFound)
	err = f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.SaveWithdrawal(ctx, ledger.Payout{ID: "nope"})
	})
	require.ErrorIs(t, err, ports.ErrWithdrawalNotFound)
}

func testOrderByAirwayBill(t *testing.T, f *fx) {
	f.create(t, newOrder(t, "a1", checkout.StatusShipped, airwayBill("JNE0001"), method(payment.COD, time.Time{})))
	f.create(t, newOrder(t, "a2", checkout.StatusProcessing))
	byAWB := func(awb string) (*checkout.Order, error) {
		var o *checkout.Order
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			var err error
			o, err = tx.OrderByAirwayBill(ctx, awb)
			return err
		})
		return o, err
	}
	o, err := byAWB(" jne0001 ")
	require.NoError(t, err)
	assert.Equal(t, "a1", o.ID)
	_, err = byAWB("JNE0002")
	require.ErrorIs(t, err, ports.ErrOrderNotFound)
	_, err = byAWB("")
	require.ErrorIs(t, err, ports.ErrOrderNotFound)

	// An airway bill given when the order ships is found from then on.
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		o, err := tx.Order(ctx, "a2")
		if err != nil {
			return err
		}
		if err := o.Transition(checkout.StatusShipped, t0.Add(time.Hour), "", "SICEPAT-9"); err != nil {
			return err
		}
		return tx.SaveOrder(ctx, o)
	})
	o, err = byAWB("SICEPAT-9")
	require.NoError(t, err)
	assert.Equal(t, "a2", o.ID)
}

// reportOrder builds an order for the report: placed at `at`, paid by m,
// shipped with courier, with the given grand total, net profit and
// cashback, in status.
func reportOrder(t testing.TB, id string, status checkout.Status, m payment.Method, courier string, at time.Time, g, n, k money.Money) *checkout.Order {
	return newOrder(t, id, status, placedAt(at), method(m, time.Time{}), func(o *checkout.Order) {
		o.Shipment.Courier = courier
		o.Breakdown.GrandTotal, o.Breakdown.NetProfit, o.Breakdown.ShippingCashback = g, n, k
	})
}

func testReportAndPending(t *testing.T, f *fx) {
	day1 := time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)  // 1 Nov 08:00 WIB
	late := time.Date(2026, 11, 1, 18, 0, 0, 0, time.UTC) // 2 Nov 01:00 WIB
	f.create(t,
		reportOrder(t, "r1", checkout.StatusDelivered, payment.COD, "jne", day1, 114000, 100308, 3500),
		reportOrder(t, "r2", checkout.StatusDelivered, payment.BankTransfer, "jne", day1, 200000, 150000, 2000),
		reportOrder(t, "r3", checkout.StatusReturned, payment.COD, "sicepat", day1, 90000, -28000, 0),
		reportOrder(t, "r4", checkout.StatusShipped, payment.COD, "jne", late, 50000, 40000, 1000),
		reportOrder(t, "r5", checkout.StatusShipped, payment.BankTransfer, "jne", late, 70000, 60000, 0),
		reportOrder(t, "r6", checkout.StatusProcessing, payment.COD, "jne", late, 10000, 9000, 0),
		reportOrder(t, "r7", checkout.StatusDelivered, payment.COD, "jne", day1.AddDate(0, 1, 0), 1, 1, 1), // outside the period
	)
	wib := time.FixedZone("WIB", 7*3600)
	r, err := f.store.Report(f.ctx, ports.ReportFilter{From: day1.Add(-time.Hour), To: day1.AddDate(0, 0, 7), Location: wib})
	require.NoError(t, err)
	assert.Equal(t, ledger.Figure{Count: 1, Value: 114000}, r.COD)
	assert.Equal(t, ledger.Figure{Count: 1, Value: 200000}, r.NonCOD)
	assert.Equal(t, money.Money(250308), r.Revenue)
	assert.Equal(t, money.Money(100000), r.PendingRevenue)
	assert.Equal(t, ledger.Figure{Count: 1, Value: 90000}, r.Retur)
	assert.Equal(t, "33.3", r.ReturPercent.String())
	assert.Equal(t, money.Money(5500), r.Cashback)
	assert.Equal(t, []ledger.Day{
		{Date: "2026-11-01", Statuses: map[checkout.Status]int{checkout.StatusDelivered: 2, checkout.StatusReturned: 1}},
		{Date: "2026-11-02", Statuses: map[checkout.Status]int{checkout.StatusShipped: 2, checkout.StatusProcessing: 1}},
	}, r.Days)

	r, err = f.store.Report(f.ctx, ports.ReportFilter{From: day1.Add(-time.Hour), To: day1.AddDate(0, 0, 7), Courier: "sicepat"})
	require.NoError(t, err)
	assert.Equal(t, ledger.Figure{Count: 1, Value: 90000}, r.Retur)
	assert.Zero(t, r.COD.Count)
	assert.Equal(t, "100", r.ReturPercent.String())
	assert.Equal(t, []ledger.Day{{Date: "2026-11-01", Statuses: map[checkout.Status]int{checkout.StatusReturned: 1}}}, r.Days)

	pending, err := f.store.PendingBalance(f.ctx)
	require.NoError(t, err)
	assert.Equal(t, money.Money(40000), pending, "only the COD order on the road")
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		o, err := tx.Order(ctx, "r4")
		if err != nil {
			return err
		}
		if err := o.Transition(checkout.StatusDelivered, late.Add(time.Hour), "", ""); err != nil {
			return err
		}
		return tx.SaveOrder(ctx, o)
	})
	pending, err = f.store.PendingBalance(f.ctx)
	require.NoError(t, err)
	assert.Zero(t, pending)
}

// testConcurrentWithdrawals: 50 units at once each withdraw 100 from a
// balance of 750 through LockBalance: exactly 7 succeed, the balance ends
// at 50 and never goes below 0.
func testConcurrentWithdrawals(t *testing.T, f *fx) {
	f.appendEntries(t, ports.LedgerEntry{Entry: ledger.Entry{Kind: ledger.Adjustment, Amount: 750, Reason: "saldo awal"}, At: t0})
	errsOut := parallel(50, func(i int) error {
		return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			bal, err := tx.LockBalance(ctx)
			if err != nil {
				return err
			}
			w, e, err := ledger.NewPayout(fmt.Sprintf("w%02d", i), 100, bal, bca, "", t0)
			if err != nil {
				return err
			}
			if err := tx.CreateWithdrawal(ctx, w); err != nil {
				return err
			}
			_, err = tx.AppendEntries(ctx, []ports.LedgerEntry{{Entry: e, WithdrawalID: w.ID, At: t0}})
			return err
		})
	})
	ok := 0
	for _, err := range errsOut {
		if err == nil {
			ok++
			continue
		}
		assert.Equal(t, ledger.CodeInsufficientBalance, errs.Code(err), "%v", err)
	}
	assert.Equal(t, 7, ok)
	assert.Equal(t, money.Money(50), f.balance(t))
	_, total, err := f.store.Withdrawals(f.ctx, ports.WithdrawalFilter{})
	require.NoError(t, err)
	assert.Equal(t, 7, total)
}

// testConcurrentAppends: many units append the same orders' entries at
// once; each kind of each order is stored once and the balance is their
// sum.
func testConcurrentAppends(t *testing.T, f *fx) {
	errsOut := parallel(40, func(i int) error {
		id := fmt.Sprintf("o%d", i%5)
		return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.AppendEntries(ctx, []ports.LedgerEntry{entry(ledger.Shipping, -1000, id, t0), entry(ledger.Cashback, 300, id, t0)})
			return err
		})
	})
	for _, err := range errsOut {
		require.NoError(t, err)
	}
	assert.Equal(t, money.Money(5*(-700)), f.balance(t))
	_, total, err := f.store.LedgerEntries(f.ctx, ports.LedgerFilter{})
	require.NoError(t, err)
	assert.Equal(t, 10, total)
}
