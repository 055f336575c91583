package kasirtest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

func TestManualClock(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := kasirtest.NewManualClock(t0)
	assert.Equal(t, t0, c.Now(t.Context()))
	assert.Equal(t, t0.Add(time.Hour), c.Advance(time.Hour))
	assert.Equal(t, t0.Add(time.Hour), c.Now(t.Context()))
	c.Set(t0)
	assert.Equal(t, t0, c.Now(t.Context()))
}

func TestEvents(t *testing.T) {
	t.Parallel()
	var r kasirtest.Events
	e := ports.Event{Type: ports.EventOrderPlaced, OrderID: "o1"}
	require.NoError(t, r.Publish(t.Context(), e))
	got := r.Published()
	assert.Equal(t, []ports.Event{e}, got)
	got[0].OrderID = "changed"
	assert.Equal(t, "o1", r.Published()[0].OrderID)

	boom := errors.New("boom")
	r.Fail(boom)
	require.ErrorIs(t, r.Publish(t.Context(), ports.Event{OrderID: "o2"}), boom)
	r.Fail(nil)
	assert.Len(t, r.Published(), 1)
	r.Reset()
	assert.Empty(t, kasirtest.NewEvents().Published())
	assert.Empty(t, r.Published())
}

func TestWhatsApp(t *testing.T) {
	t.Parallel()
	w := kasirtest.NewWhatsApp("6281234567890")
	w.Register("+6285711112222")
	for msisdn, want := range map[string]bool{"6281234567890": true, "6285711112222": true, "6289900000000": false} {
		got, err := w.Registered(t.Context(), msisdn)
		require.NoError(t, err)
		assert.Equal(t, want, got, msisdn)
	}
	w.Unregister("6281234567890")
	got, err := w.Registered(t.Context(), "6281234567890")
	require.NoError(t, err)
	assert.False(t, got)

	w.Fail(ports.ErrProviderUnavailable)
	_, err = w.Registered(t.Context(), "6285711112222")
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)
	assert.Equal(t, 5, w.Calls())
}

func TestGatewayCreatePayment(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	g := kasirtest.NewGateway("s3cret", kasirtest.NewManualClock(t0))
	req := payment.GatewayRequest{
		OrderID: "order/1", OrderNumber: "INV20261123-0001", Amount: 150000, ExpiryMinutes: 60,
		Items: []payment.GatewayItem{{ID: "KAOS", Name: "Kaos", Price: 150000, Quantity: 1}},
	}
	link, err := g.CreatePayment(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, "https://gateway.kasir.test/pay/order%2F1", link.URL)
	assert.Equal(t, g.LinkURL("order/1"), link.URL)
	assert.Equal(t, "token-order/1", link.Token)
	assert.Equal(t, t0.Add(time.Hour), link.ExpiresAt)

	_, err = g.CreatePayment(t.Context(), payment.GatewayRequest{OrderID: "o2"})
	require.ErrorIs(t, err, errs.Invalid)
	g.Fail(ports.ErrProviderUnavailable)
	_, err = g.CreatePayment(t.Context(), req)
	require.ErrorIs(t, err, ports.ErrProviderUnavailable)

	reqs := g.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, req, reqs[0])
	reqs[0].Items[0].Name = "changed"
	assert.Equal(t, "Kaos", g.Requests()[0].Items[0].Name)

	noClock, err := kasirtest.NewGateway("s", nil).CreatePayment(t.Context(), req)
	require.NoError(t, err)
	assert.True(t, noClock.ExpiresAt.IsZero())
}

func TestGatewayVerifyNotification(t *testing.T) {
	t.Parallel()
	g := kasirtest.NewGateway("s3cret", nil)
	n := ports.GatewayNotification{OrderID: "o1", Status: payment.GatewayPaid, Amount: 150000, TransactionID: "tx-9", PaymentType: "qris"}
	got, err := g.VerifyNotification(t.Context(), g.Notification(n))
	require.NoError(t, err)
	assert.Equal(t, n, got)

	got, err = g.VerifyNotification(t.Context(), []byte(`{"order_id":"o2","status":"expired","amount":1000,"transaction_id":"t","signature":"s3cret"}`))
	require.NoError(t, err)
	assert.Equal(t, ports.GatewayNotification{OrderID: "o2", Status: payment.GatewayExpired, Amount: 1000, TransactionID: "t"}, got)

	for name, body := range map[string]string{
		"wrong_signature": `{"order_id":"o1","status":"paid","amount":1000,"signature":"guess"}`,
		"no_signature":    `{"order_id":"o1","status":"paid","amount":1000}`,
		"not_json":        `order_id=o1`,
	} {
		_, err := g.VerifyNotification(t.Context(), []byte(body))
		require.ErrorIs(t, err, ports.ErrInvalidSignature, name)
		assert.ErrorIs(t, err, errs.Unauthorized, name)
	}
	_, err = g.VerifyNotification(t.Context(), []byte(`{"order_id":"o1","status":"settled","signature":"s3cret"}`))
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "status", errs.Field(err))

	_, err = kasirtest.NewGateway("", nil).VerifyNotification(t.Context(), []byte(`{"order_id":"o1","status":"paid","signature":""}`))
	require.ErrorIs(t, err, ports.ErrInvalidSignature, "a gateway without a secret accepts nothing")
}
