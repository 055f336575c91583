package midtrans_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/midtrans"
	"github.com/kasir-id/kasir/adapters/midtrans/midtranstest"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

func coreAPI(t *testing.T, key string) (*midtranstest.Server, *midtrans.Client) {
	t.Helper()
	srv := midtranstest.New(serverKey)
	t.Cleanup(srv.Close)
	c, err := midtrans.New(midtrans.Config{ServerKey: key, BaseURL: "http://snap.invalid", APIBaseURL: srv.URL, RetryWait: time.Millisecond})
	require.NoError(t, err)
	return srv, c
}

func TestRefundPartThenRest(t *testing.T) {
	t.Parallel()
	srv, c := coreAPI(t, serverKey)
	srv.Settle("ord_1", 150000)
	res, err := c.Refund(t.Context(), ports.GatewayRefund{OrderID: "ord_1", Key: "rf-1", Amount: 50000, Reason: "stok habis"})
	require.NoError(t, err)
	assert.Equal(t, payment.GatewayPartiallyRefunded, res.Status)
	assert.Equal(t, int64(50000), int64(res.Amount))
	assert.NotEmpty(t, res.RefundID)
	res, err = c.Refund(t.Context(), ports.GatewayRefund{OrderID: "ord_1", Key: "rf-2", Amount: 100000, Reason: "sisa"})
	require.NoError(t, err)
	assert.Equal(t, payment.GatewayRefunded, res.Status)
	got := srv.Refunds("ord_1")
	require.Len(t, got, 2)
	assert.Equal(t, midtranstest.Refund{Key: "rf-1", Amount: 50000, Reason: "stok habis", ID: got[0].ID}, got[0], "the documented body: refund_key, amount, reason")
}

func TestRefundRetriesWithTheSameKey(t *testing.T) {
	t.Parallel()
	srv, c := coreAPI(t, serverKey)
	srv.Settle("ord_2", 100000)
	srv.FailNext(2)
	res, err := c.Refund(t.Context(), ports.GatewayRefund{OrderID: "ord_2", Key: "rf-9", Amount: 40000})
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Requests(), "two 500s, then the refund")
	// The same key again is the same refund, not a second one.
	again, err := c.Refund(t.Context(), ports.GatewayRefund{OrderID: "ord_2", Key: "rf-9", Amount: 40000})
	require.NoError(t, err)
	assert.Equal(t, res.RefundID, again.RefundID)
	assert.Len(t, srv.Refunds("ord_2"), 1)
}

func TestRefundErrors(t *testing.T) {
	t.Parallel()
	srv, c := coreAPI(t, serverKey)
	srv.Settle("ord_3", 10000)
	_, err := c.Refund(t.Context(), ports.GatewayRefund{OrderID: "ord_3", Key: "a", Amount: 10001})
	require.ErrorIs(t, err, ports.ErrProviderRejected, "412: above what is left")
	var apiErr *midtrans.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, 412, apiErr.StatusCode)
	_, err = c.Refund(t.Context(), ports.GatewayRefund{OrderID: "nope", Key: "b", Amount: 1})
	require.ErrorIs(t, err, ports.ErrProviderRejected, "404: unknown order")
	assert.Empty(t, srv.Refunds("ord_3"))

	_, bad := coreAPI(t, "SB-Mid-server-another")
	_, err = bad.Refund(t.Context(), ports.GatewayRefund{OrderID: "ord_3", Key: "c", Amount: 1})
	require.ErrorIs(t, err, ports.ErrProviderAuth)
	assertNoSecret(t, err)

	srv.FailNext(10)
	_, err = c.Refund(t.Context(), ports.GatewayRefund{OrderID: "ord_3", Key: "d", Amount: 1})
	require.ErrorIs(t, err, ports.ErrProviderUnavailable, "still 500 after the retries: the outcome is not known")

	before := srv.Requests()
	for _, r := range []ports.GatewayRefund{
		{OrderID: "", Key: "k", Amount: 1},
		{OrderID: "a/b", Key: "k", Amount: 1},
		{OrderID: "ord_3", Key: "", Amount: 1},
		{OrderID: "ord_3", Key: "no spaces", Amount: 1},
		{OrderID: "ord_3", Key: "k", Amount: 0},
	} {
		_, err := c.Refund(t.Context(), r)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%+v", r)
	}
	assert.Equal(t, before, srv.Requests(), "refused before any request")
}
