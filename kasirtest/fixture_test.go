package kasirtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// The Snapshot sees what an order takes, and nothing moves when the
// order is refused.
func TestFixtureSnapshot(t *testing.T) {
	t.Parallel()
	f := kasirtest.New(t)
	before := f.Snapshot(t)
	assert.Equal(t, int64(10), before.Stock["p-buku"])

	f.Couriers.Fail(ports.ErrProviderUnavailable)
	_, err := f.Service.PlaceOrder(t.Context(), bookOrder(payment.BankTransfer))
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	assert.Equal(t, before, f.Snapshot(t), "a refused order changes nothing")

	f.Couriers.Fail(nil)
	o, err := f.Service.PlaceOrder(t.Context(), bookOrder(payment.BankTransfer))
	require.NoError(t, err)
	after := f.Snapshot(t)
	assert.Equal(t, int64(9), after.Stock["p-buku"])
	assert.Equal(t, before.Orders+1, after.Orders)
	assert.Empty(t, before.Held)
	require.Len(t, after.Held, 1)
	assert.Equal(t, o.Payment.Amount, after.Held[0], "the transfer's amount is held")
	assert.Equal(t, 2, f.Couriers.Calls())
}

func TestFixtureOptions(t *testing.T) {
	t.Parallel()
	f := kasirtest.New(t, kasirtest.WithSettings(func(s *kasir.Settings) {
		s.PaymentMethods = []payment.Method{payment.COD}
	}))
	assert.Equal(t, []payment.Method{payment.COD}, f.Settings.PaymentMethods)
	_, err := f.Service.PlaceOrder(t.Context(), bookOrder(payment.BankTransfer))
	assert.Equal(t, kasir.CodePaymentNotOffered, errs.Code(err))

	_, err = kasirtest.Build(kasirtest.WithSettings(func(s *kasir.Settings) { s.ExpiryHours = -1 }))
	require.ErrorIs(t, err, errs.Invalid, "invalid settings are an error, not a fixture")
}
