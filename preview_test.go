package kasir_test

import (
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

// TestPreviewChangeStoresNothing: a preview prices the change as saving it
// would, and leaves the order, stock, vouchers and kode unik as they were.
func TestPreviewChangeStoresNothing(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	before := f.state(t)
	ch := kasir.OrderChange{Courier: ptr("sicepat"), Service: ptr("BEST"), AdditionalCost: ptr(money.Money(2000))}
	p, err := f.svc.PreviewChange(ctx, o.ID, ch)
	require.NoError(t, err)
	assert.Equal(t, money.Money(20000), p.Breakdown.ShippingCost)
	assert.Equal(t, money.Money(2000), p.Breakdown.AdditionalCost)
	assert.Equal(t, before, f.state(t), "nothing stored")
	again, err := f.svc.Order(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, o.Breakdown, again.Breakdown)
	assert.Equal(t, o.Version, again.Version)

	saved, err := f.svc.ChangeOrder(ctx, o.ID, ch)
	require.NoError(t, err)
	assert.Equal(t, p.Breakdown.GrandTotal+money.Money(saved.Payment.UniqueCode), saved.Breakdown.GrandTotal, "saving adds only the new kode unik")

	// A shipped order cannot change, nor be previewed.
	_, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled})
	require.NoError(t, err)
	_, err = f.svc.PreviewChange(ctx, o.ID, ch)
	assert.Equal(t, checkout.CodeOrderNotEditable, errs.Code(err))
	_, err = f.svc.PreviewChange(ctx, "nope", ch)
	assert.Equal(t, ports.CodeOrderNotFound, errs.Code(err))
}
