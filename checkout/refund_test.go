package checkout_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// paidCancelled is an order of 100.000 paid by method, then cancelled.
func paidCancelled(t *testing.T, method payment.Method) *checkout.Order {
	t.Helper()
	at := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	lc, err := checkout.NewLifecycle(checkout.StatusProcessing, at, "placed")
	require.NoError(t, err)
	o := &checkout.Order{ID: "o1", Number: "INV-1", Lifecycle: lc,
		Payment: checkout.Payment{Method: method, Amount: 100000, PaidAt: at}}
	require.NoError(t, o.Transition(checkout.StatusCancelled, at.Add(time.Hour), "stok habis", ""))
	return o
}

func TestCheckRefundable(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		method payment.Method
		refund checkout.RefundMethod
		code   string
	}{
		{payment.BankTransfer, checkout.RefundManualTransfer, ""},
		{payment.Gateway, checkout.RefundGateway, ""},
		{payment.Gateway, checkout.RefundManualTransfer, ""},
		{payment.BankTransfer, checkout.RefundGateway, checkout.CodeRefundMethodUnavailable},
		{payment.COD, checkout.RefundManualTransfer, checkout.CodeOrderNotRefundable},
		{payment.Marketplace, checkout.RefundManualTransfer, checkout.CodeOrderNotRefundable},
	} {
		err := paidCancelled(t, tt.method).CheckRefundable(tt.refund)
		assert.Equal(t, tt.code, errs.Code(err), "%s by %s", tt.method, tt.refund)
	}
	o := paidCancelled(t, payment.BankTransfer)
	o.Payment.PaidAt = time.Time{}
	assert.Equal(t, checkout.CodeOrderNotRefundable, errs.Code(o.CheckRefundable(checkout.RefundManualTransfer)), "not paid")
}

func TestApplyRefunds(t *testing.T) {
	t.Parallel()
	o := paidCancelled(t, payment.BankTransfer)
	at := o.UpdatedAt.Add(time.Hour)
	assert.True(t, o.ApplyRefunds(40000, at, "part"))
	assert.Equal(t, checkout.PaymentPartiallyRefunded, o.Payment.Status)
	assert.False(t, o.ApplyRefunds(40000, at, "part"), "the same sum changes nothing")
	assert.True(t, o.ApplyRefunds(100000, at, "rest"))
	assert.Equal(t, checkout.PaymentRefunded, o.Payment.Status)
	assert.Equal(t, money.Money(100000), o.Payment.Refunded)
	assert.Equal(t, checkout.StatusCancelled, o.Status(), "a refund does not move the order")
}
