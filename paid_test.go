package kasir_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// paidTransfer places a bank transfer and confirms its payment.
func paidTransfer(t *testing.T, f *fixture) *checkout.Order {
	t.Helper()
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	require.NotZero(t, o.Payment.UniqueCode)
	o, err = f.svc.ConfirmPayment(ctx, o.ID, kasir.PaymentConfirmation{Reference: "BCA-1"})
	require.NoError(t, err)
	require.True(t, o.Paid())
	return o
}

func TestPaidOrderIsNotRepriced(t *testing.T) {
	cases := []struct {
		name   string
		change kasir.OrderChange
	}{
		{"additional_cost", kasir.OrderChange{AdditionalCost: ptr(money.Money(500000)), Reason: "biaya packing"}},
		{"courier", kasir.OrderChange{Courier: ptr("sicepat"), Service: ptr("BEST"), Reason: "kurir lain"}},
		{"voucher", kasir.OrderChange{ProductVoucher: ptr("HEMAT10"), Reason: "lupa voucher"}},
		{"insurance", kasir.OrderChange{Insurance: ptr(true), Reason: "asuransi"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			o := paidTransfer(t, f)
			before := f.state(t)
			_, err := f.svc.ChangeOrder(ctx, o.ID, c.change)
			require.Error(t, err)
			assert.Equal(t, checkout.CodeOrderPaid, errs.Code(err), "%v", err)
			assert.ErrorIs(t, err, errs.Conflict)
			assert.Equal(t, before, f.state(t))
			got, err := f.svc.Order(ctx, o.ID)
			require.NoError(t, err)
			assert.Equal(t, o.Version, got.Version)
			assert.Equal(t, o.Payment, got.Payment)
		})
	}
}

func TestPaidOrderTakesEditsThatChangeNoAmount(t *testing.T) {
	f := newFixture(t)
	o := paidTransfer(t, f)
	got, err := f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{
		Customer: &kasir.CustomerInput{Name: "Siti A.", Phone: "0812-3456-7890"},
		Address:  &kasir.AddressInput{Line: "Jl. Melawai Raya No. 7", LocationID: "jkt-kebayoran-baru", PostalCode: "12110"},
		Reason:   "pembeli salah tulis alamat",
	})
	require.NoError(t, err)
	assert.Equal(t, "Siti A.", got.Customer.Name)
	assert.Equal(t, "Jl. Melawai Raya No. 7", got.Address.Line)
	assert.Equal(t, o.Payment, got.Payment, "amount, kode unik, paid time and reference stand")
	assert.Equal(t, o.Breakdown.Payable, got.Breakdown.Payable)
	h := got.Lifecycle.History()
	last := h[len(h)-1]
	assert.Equal(t, checkout.StatusChange{From: checkout.StatusProcessing, To: checkout.StatusProcessing, At: start, Reason: "pembeli salah tulis alamat"}, last)
	assert.Len(t, got.Lifecycle.BuyerHistory(), len(h)-1, "the buyer does not read the seller's edits")
}

func TestEveryEditIsInTheHistory(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	n := len(o.Lifecycle.History())
	o, err = f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{AdditionalCost: ptr(money.Money(5000)), Reason: "kardus tambahan"})
	require.NoError(t, err)
	o, err = f.svc.ChangeOrder(ctx, o.ID, kasir.OrderChange{Courier: ptr("sicepat"), Service: ptr("BEST")})
	require.NoError(t, err)
	h := o.Lifecycle.History()
	require.Len(t, h, n+2)
	assert.Equal(t, "kardus tambahan", h[n].Reason)
	assert.Equal(t, "edited", h[n+1].Reason, "an edit without a reason is still recorded")
	assert.Equal(t, checkout.StatusPendingPayment, h[n+1].To)
}

func TestGatewayRefundIsRecorded(t *testing.T) {
	f := newFixture(t)
	var logs strings.Builder
	svc, err := kasir.New(f.deps(), kasir.WithSettings(f.settings), kasir.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))))
	require.NoError(t, err)
	o, err := svc.PlaceOrder(ctx, withMethod(order(), payment.Gateway))
	require.NoError(t, err)
	notify := func(st payment.GatewayStatus, tx string) *checkout.Order {
		t.Helper()
		got, err := svc.HandleGatewayNotification(ctx, f.gateway.Notification(ports.GatewayNotification{OrderID: o.ID, Status: st, Amount: o.Payment.Amount, TransactionID: tx}))
		require.NoError(t, err)
		return got
	}
	// A refund of an order not paid yet changes nothing.
	assert.Empty(t, notify(payment.GatewayRefunded, "tx-1").Payment.Status)
	paid := notify(payment.GatewayPaid, "tx-1")
	require.True(t, paid.Paid())
	again := notify(payment.GatewayPaid, "tx-1")
	assert.Equal(t, paid.Version, again.Version, "a repeated payment changes nothing")

	f.events.Reset()
	part := notify(payment.GatewayPartiallyRefunded, "tx-1")
	assert.Equal(t, checkout.PaymentPartiallyRefunded, part.Payment.Status)
	assert.Equal(t, checkout.StatusProcessing, part.Status())
	assert.Equal(t, o.Payment.Amount, part.Payment.Amount)
	full := notify(payment.GatewayRefunded, "tx-1")
	assert.Equal(t, checkout.PaymentRefunded, full.Payment.Status)
	repeat := notify(payment.GatewayRefunded, "tx-1")
	assert.Equal(t, full.Version, repeat.Version, "a repeated refund changes nothing")
	late := notify(payment.GatewayPartiallyRefunded, "tx-1")
	assert.Equal(t, checkout.PaymentRefunded, late.Payment.Status, "a partial refund does not undo a full one")

	h := full.Lifecycle.History()
	require.GreaterOrEqual(t, len(h), 2)
	assert.Contains(t, h[len(h)-2].Reason, "partially_refunded")
	assert.Contains(t, h[len(h)-1].Reason, "refunded")
	var types []ports.EventType
	for _, e := range f.events.Published() {
		types = append(types, e.Type)
	}
	assert.Equal(t, []ports.EventType{ports.EventOrderRefunded, ports.EventOrderRefunded}, types)
	assert.NotContains(t, logs.String(), "level=WARN", "repeats are nothing alarming")
	assert.NotContains(t, logs.String(), "level=ERROR")
}

func TestCancelReasonIsInternal(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	got, err := f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "pembeli dicurigai penipu", Note: "Maaf, stok habis."})
	require.NoError(t, err)
	h := got.Lifecycle.History()
	assert.Equal(t, "pembeli dicurigai penipu", h[len(h)-1].Reason)
	assert.Equal(t, "Maaf, stok habis.", h[len(h)-1].Note)
	for _, b := range got.Lifecycle.BuyerHistory() {
		assert.Empty(t, b.Reason, "the buyer never reads the seller's reason")
	}
	bh := got.Lifecycle.BuyerHistory()
	assert.Equal(t, "Maaf, stok habis.", bh[len(bh)-1].Note)

	o2, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	got, err = f.svc.Transition(ctx, o2.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "alasan internal"})
	require.NoError(t, err)
	bh = got.Lifecycle.BuyerHistory()
	assert.Equal(t, checkout.StatusChange{From: checkout.StatusProcessing, To: checkout.StatusCancelled, At: start}, bh[len(bh)-1])
}
