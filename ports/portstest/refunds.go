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
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
)

// refund builds a refund of order o.
func refund(o, id string, amount money.Money, status checkout.RefundStatus, at time.Time) checkout.Refund {
	return checkout.Refund{ID: id, OrderID: o, Amount: amount, Reason: "barang habis", Method: checkout.RefundManualTransfer,
		Reference: "TRF-" + id, Status: status, CreatedAt: at, UpdatedAt: at}
}

func (f *fx) addRefund(r checkout.Refund, limit money.Money) error {
	return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.AddRefund(ctx, r, limit) })
}

func (f *fx) refunds(t testing.TB, orderID string) []checkout.Refund {
	t.Helper()
	rs, err := f.store.OrderRefunds(f.ctx, orderID)
	require.NoError(t, err)
	return rs
}

var refundTests = []test{
	{"add_read_oldest_first", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusCancelled), newOrder(t, "o2", checkout.StatusCancelled))
		require.NoError(t, f.addRefund(refund("o1", "r1", 30000, checkout.RefundSucceeded, t0), 110123))
		require.NoError(t, f.addRefund(refund("o1", "r2", 40000, checkout.RefundPending, t0.Add(time.Minute)), 110123))
		require.NoError(t, f.addRefund(refund("o2", "r3", 5000, checkout.RefundSucceeded, t0), 110123))
		got := f.refunds(t, "o1")
		require.Len(t, got, 2)
		assert.Equal(t, []string{"r1", "r2"}, []string{got[0].ID, got[1].ID})
		want := refund("o1", "r1", 30000, checkout.RefundSucceeded, t0)
		assert.True(t, want.CreatedAt.Equal(got[0].CreatedAt))
		got[0].CreatedAt, got[0].UpdatedAt = want.CreatedAt, want.UpdatedAt
		assert.Equal(t, want, got[0])
		assert.Empty(t, f.refunds(t, "o9"), "an order without refunds has none")
		assert.Len(t, f.refunds(t, "o2"), 1, "refunds are the order's own")
	}},
	{"limit_counts_pending_and_succeeded", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusCancelled))
		require.NoError(t, f.addRefund(refund("o1", "r1", 60000, checkout.RefundFailed, t0), 100000))
		require.NoError(t, f.addRefund(refund("o1", "r2", 60000, checkout.RefundPending, t0), 100000), "a failed refund takes nothing")
		err := f.addRefund(refund("o1", "r3", 40001, checkout.RefundSucceeded, t0), 100000)
		require.Error(t, err)
		assert.Equal(t, checkout.CodeRefundExceedsPaid, errs.Code(err))
		require.NoError(t, f.addRefund(refund("o1", "r4", 40000, checkout.RefundSucceeded, t0), 100000), "up to the limit exactly")
		assert.Len(t, f.refunds(t, "o1"), 3, "the refused refund was not stored")
	}},
	{"duplicate_missing_invalid", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusCancelled))
		r := refund("o1", "r1", 1000, checkout.RefundSucceeded, t0)
		r.Key = "k1"
		require.NoError(t, f.addRefund(r, 100000))
		require.ErrorIs(t, f.addRefund(refund("o1", "r1", 1000, checkout.RefundSucceeded, t0), 100000), ports.ErrDuplicate)
		same := refund("o1", "r2", 1000, checkout.RefundSucceeded, t0)
		same.Key = "k1"
		require.ErrorIs(t, f.addRefund(same, 100000), ports.ErrDuplicate, "one refund per key and order")
		require.ErrorIs(t, f.addRefund(refund("nope", "r3", 1000, checkout.RefundSucceeded, t0), 100000), ports.ErrOrderNotFound)
		err := f.addRefund(refund("o1", "r4", 0, checkout.RefundSucceeded, t0), 100000)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
		assert.Len(t, f.refunds(t, "o1"), 1)
	}},
	{"save_changes_status_not_amount", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusCancelled))
		require.NoError(t, f.addRefund(refund("o1", "r1", 1000, checkout.RefundPending, t0), 100000))
		r := refund("o1", "r1", 1000, checkout.RefundSucceeded, t0.Add(time.Hour))
		r.Reference = "gw-77"
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.SaveRefund(ctx, r) })
		got := f.refunds(t, "o1")
		require.Len(t, got, 1)
		assert.Equal(t, checkout.RefundSucceeded, got[0].Status)
		assert.Equal(t, "gw-77", got[0].Reference)
		assert.True(t, t0.Add(time.Hour).Equal(got[0].UpdatedAt))
		assert.True(t, t0.Equal(got[0].CreatedAt))
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.SaveRefund(ctx, refund("o1", "nope", 1000, checkout.RefundFailed, t0))
		})
		require.ErrorIs(t, err, ports.ErrRefundNotFound)
	}},
	{"rolled_back", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusCancelled))
		boom := errors.New("boom")
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			if err := tx.AddRefund(ctx, refund("o1", "r1", 1000, checkout.RefundSucceeded, t0), 100000); err != nil {
				return err
			}
			rs, err := tx.OrderRefunds(ctx, "o1")
			if err != nil || len(rs) != 1 {
				return fmt.Errorf("the unit does not see its own refund: %v %v", rs, err)
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		assert.Empty(t, f.refunds(t, "o1"), "a unit that fails stores no refund")
	}},
	{"concurrent_never_over_refund", func(t *testing.T, f *fx) {
		// 50 refunds of 7.000 at once against a payment of 110.123: at most
		// 15 fit (105.000), whatever the interleaving.
		f.create(t, newOrder(t, "o1", checkout.StatusCancelled))
		const paid = money.Money(110123)
		errsOf := parallel(50, func(i int) error {
			return f.addRefund(refund("o1", fmt.Sprintf("r%02d", i), 7000, checkout.RefundSucceeded, t0.Add(time.Duration(i)*time.Second)), paid)
		})
		ok := 0
		for _, err := range errsOf {
			if err == nil {
				ok++
				continue
			}
			assert.Equal(t, checkout.CodeRefundExceedsPaid, errs.Code(err), "%v", err)
		}
		assert.Equal(t, 15, ok)
		rs := f.refunds(t, "o1")
		counted, _ := checkout.RefundedTotal(rs)
		assert.Len(t, rs, 15)
		assert.Equal(t, money.Money(105000), counted)
	}},
}
