package kasir_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

func TestUnpaidOrdersPerPhoneAreCapped(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, kasir.DefaultMaxOpenUnpaidPerPhone, *f.svc.Settings().MaxOpenUnpaidPerPhone)
	require.NoError(t, f.store.SetStock(t.Context(), "p-buku", 1000))
	const tries = 40
	errList := make([]error, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() {
			_, errList[i] = f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
		})
	}
	wg.Wait()
	placed := 0
	for _, err := range errList {
		if err == nil {
			placed++
			continue
		}
		assert.Equal(t, kasir.CodeTooManyUnpaidOrders, errs.Code(err), "%v", err)
		assert.ErrorIs(t, err, errs.Conflict)
		assert.Equal(t, "customer.phone", errs.Field(err))
	}
	assert.Equal(t, kasir.DefaultMaxOpenUnpaidPerPhone, placed)
	st := f.state(t)
	assert.Equal(t, placed, st.Orders)
	assert.Len(t, st.Held, placed, "a refused order takes no kode unik")
	assert.Equal(t, int64(1000-placed), st.Stock["p-buku"], "nor stock")

	// COD does not wait for payment; another phone has its own count.
	_, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	other := withMethod(order(), payment.BankTransfer)
	other.Customer.Phone = "0857 1111 2222"
	_, err = f.svc.PlaceOrder(ctx, other)
	require.NoError(t, err)

	// Paying one frees a place.
	page, err := f.svc.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	var pending *checkout.Order
	for _, o := range page.Orders {
		if o.Status() == checkout.StatusPendingPayment && o.Customer.Phone == "+6281234567890" {
			pending = o
		}
	}
	require.NotNil(t, pending)
	_, err = f.svc.ConfirmPayment(ctx, pending.ID, kasir.PaymentConfirmation{})
	require.NoError(t, err)
	_, err = f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	before := f.state(t)
	_, err = f.svc.PlaceOrder(ctx, withMethod(order(), payment.Gateway))
	assert.Equal(t, kasir.CodeTooManyUnpaidOrders, errs.Code(err), "a gateway order waits for payment too")
	assert.Equal(t, before, f.state(t))
}

func TestUnpaidCapSettings(t *testing.T) {
	none := 0
	f := newFixture(t, func(s *kasir.Settings) { s.MaxOpenUnpaidPerPhone = &none })
	require.NoError(t, f.store.SetStock(t.Context(), "p-buku", 1000))
	for range 8 {
		_, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
		require.NoError(t, err, "0 is no cap")
	}
	bad := -1
	_, err := kasir.New(f.deps(), kasir.WithSettings(kasir.Settings{MaxOpenUnpaidPerPhone: &bad}))
	assert.Equal(t, "max_open_unpaid_per_phone", errs.Field(err))
}
