package ledgertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
)

// RemittanceFees runs after Remittances: the delivered COD order reported
// there with a wrong amount is reported again with the right amount and
// each fee a courier might wrongly keep (its COD fee F plus or minus
// Rp100, and none) — fee_mismatch, with the expected and reported fee,
// settling nothing — and then from a file without a fee column, matched
// on the amount alone. (Rows with the right fee are matched in
// Remittances.)
func (e *Env) RemittanceFees(t testing.TB, b *Book) {
	t.Helper()
	ctx := context.Background()
	var cod *sold
	for _, s := range b.orders {
		if !s.cod || s.end != checkout.StatusDelivered {
			continue
		}
		o, err := e.Svc.Order(ctx, s.o.ID)
		require.NoError(t, err)
		if o.Payment.Status != checkout.PaymentSettled {
			cod = s
			break
		}
	}
	require.NotNil(t, cod, "the order Remittances left unsettled")
	f, p := cod.o.Breakdown.ServiceFee, cod.o.Breakdown.Payable
	require.Positive(t, f)
	file := func(fee money.Money) []byte {
		return fmt.Appendf(nil, "awb,cod amount,cod fee\n%s,%d,%d\n", cod.o.AirwayBill, int64(p), int64(fee))
	}
	for _, fee := range []money.Money{f + 100, f - 100, 0} {
		res, err := e.Svc.ImportRemittance(ctx, kasir.RemittanceImport{Name: "fee.csv", Data: file(fee)})
		require.NoError(t, err)
		require.Len(t, res.Rows, 1)
		r := res.Rows[0]
		assert.Equal(t, kasir.RemittanceFeeMismatch, r.Result, "fee %d", fee)
		require.NotNil(t, r.ExpectedFee)
		assert.Equal(t, f, *r.ExpectedFee, "the order's COD fee")
		assert.Equal(t, fee, r.Fee)
		assert.Equal(t, p, *r.Expected, "the amount itself matched")
	}
	o, err := e.Svc.Order(ctx, cod.o.ID)
	require.NoError(t, err)
	assert.NotEqual(t, checkout.PaymentSettled, o.Payment.Status, "a fee mismatch settles nothing")

	// The same row from a file without a fee column: the amount alone.
	res, err := e.Svc.ImportRemittance(ctx, kasir.RemittanceImport{Name: "nofee.csv",
		Data: fmt.Appendf(nil, "awb,cod amount\n%s,%d\n", cod.o.AirwayBill, int64(p))})
	require.NoError(t, err)
	assert.Equal(t, kasir.RemittanceMatched, res.Rows[0].Result)
	assert.Nil(t, res.Rows[0].ExpectedFee)
	o, err = e.Svc.Order(ctx, cod.o.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.PaymentSettled, o.Payment.Status)
}
