package portstest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// unpaid counts the phone's orders pending payment in a unit of its own.
func (f *fx) unpaid(t testing.TB, phone string) int {
	t.Helper()
	var n int
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		var err error
		n, err = tx.UnpaidOrders(ctx, phone)
		return err
	})
	return n
}

var unpaidTests = []test{
	{"counts_pending_orders_by_phone", func(t *testing.T, f *fx) {
		assert.Zero(t, f.unpaid(t, phoneBudi))
		f.create(t,
			newOrder(t, "u1", checkout.StatusPendingPayment),
			newOrder(t, "u2", checkout.StatusPendingPayment),
			newOrder(t, "u3", checkout.StatusProcessing),
			newOrder(t, "u4", checkout.StatusCancelled),
			newOrder(t, "u5", checkout.StatusPendingPayment, customer("Siti", phoneSiti)),
		)
		assert.Equal(t, 2, f.unpaid(t, phoneBudi))
		assert.Equal(t, 1, f.unpaid(t, phoneSiti))
		assert.Zero(t, f.unpaid(t, phoneAndi))

		// Paying or cancelling takes an order out of the count, in the
		// unit that does it.
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			o, err := tx.Order(ctx, "u1")
			require.NoError(t, err)
			require.NoError(t, o.Transition(checkout.StatusProcessing, t0.Add(time.Hour), "paid", ""))
			require.NoError(t, tx.SaveOrder(ctx, o))
			n, err := tx.UnpaidOrders(ctx, phoneBudi)
			require.NoError(t, err)
			assert.Equal(t, 1, n, "the unit sees its own change")
			return nil
		})
		assert.Equal(t, 1, f.unpaid(t, phoneBudi))

		// A unit that fails leaves the count as it was.
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			require.NoError(t, tx.CreateOrder(ctx, newOrder(t, "u6", checkout.StatusPendingPayment)))
			n, err := tx.UnpaidOrders(ctx, phoneBudi)
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			return errs.Invalidf(errs.CodeInvalidInput, "refused")
		})
		require.Error(t, err)
		assert.Equal(t, 1, f.unpaid(t, phoneBudi))
	}},
	{"a_cap_checked_on_the_count_holds_under_concurrency", func(t *testing.T, f *fx) {
		const limit, tries = 3, 40
		errList := parallel(tries, func(i int) error {
			return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
				n, err := tx.UnpaidOrders(ctx, phoneSiti)
				if err != nil {
					return err
				}
				if n >= limit {
					return ports.ErrDuplicate // any coded refusal
				}
				return tx.CreateOrder(ctx, newOrder(t, fmt.Sprintf("cap%02d", i), checkout.StatusPendingPayment, customer("Siti", phoneSiti)))
			})
		})
		assert.Equal(t, limit, count(t, errList, ports.ErrDuplicate))
		assert.Equal(t, limit, f.unpaid(t, phoneSiti))
		_, total := f.list(t, ports.OrderFilter{})
		assert.Equal(t, limit, total)
	}},
}
