package kasir_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

func TestRetriesWithOneKeyMakeOnePaymentLink(t *testing.T) {
	f := newFixture(t)
	const retries = 50
	orders := make([]*checkout.Order, retries)
	errList := make([]error, retries)
	var wg sync.WaitGroup
	for i := range retries {
		wg.Go(func() {
			r := withMethod(order(), payment.Gateway)
			r.IdempotencyKey = "bayar-sekali"
			orders[i], errList[i] = f.svc.PlaceOrder(ctx, r)
		})
	}
	wg.Wait()
	for i, err := range errList {
		require.NoError(t, err, "retry %d", i)
		assert.Equal(t, orders[0].ID, orders[i].ID)
	}
	reqs := f.gateway.Requests()
	require.Len(t, reqs, 1, "one gateway transaction, not one per retry")
	assert.Equal(t, orders[0].ID, reqs[0].OrderID)
	assert.NotEmpty(t, reqs[0].OrderNumber, "the link is made for the numbered order")
	stored, err := f.svc.Order(ctx, orders[0].ID)
	require.NoError(t, err)
	assert.Equal(t, f.gateway.LinkURL(stored.ID), stored.Payment.PaymentURL)
	st := f.state(t)
	assert.Equal(t, 1, st.Orders)
	assert.Equal(t, int64(9), st.Stock["p-buku"])
}

func TestGatewayFailureAfterTheKeyGivesEverythingBack(t *testing.T) {
	f := newFixture(t)
	before := f.state(t)
	f.gateway.Fail(ports.ErrProviderUnavailable)
	r := withMethod(order(), payment.Gateway)
	r.ProductVoucher = "HEMAT10"
	r.IdempotencyKey = "coba-1"
	_, err := f.svc.PlaceOrder(ctx, r)
	require.Error(t, err)
	assert.Equal(t, ports.CodeProviderUnavailable, errs.Code(err))
	after := f.state(t)
	assert.Equal(t, before.Stock, after.Stock)
	assert.Equal(t, before.Usage, after.Usage)
	assert.Equal(t, before.Held, after.Held)

	f.gateway.Fail(nil)
	o, err := f.svc.PlaceOrder(ctx, r)
	require.NoError(t, err, "the key's order is read again")
	assert.Equal(t, checkout.StatusCancelled, o.Status(), "it was cancelled when its link could not be made")
	assert.Len(t, f.gateway.Requests(), 1)
}
