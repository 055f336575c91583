package portstest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// parallel runs fn(i) for i in [0, n) on n goroutines started together
// and returns their errors by i.
func parallel(n int, fn func(i int) error) []error {
	out := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Go(func() {
			start.Wait()
			out[i] = fn(i)
		})
	}
	start.Done()
	done.Wait()
	return out
}

// orders builds n pending orders, each taking one unit of kaos M.
func orders(t testing.TB, prefix string, n int) []*checkout.Order {
	out := make([]*checkout.Order, n)
	for i, id := range ids(n, prefix) {
		out[i] = newOrder(t, id, checkout.StatusPendingPayment, customer("Pembeli "+id, fmt.Sprintf("+62812%08d", i)))
	}
	return out
}

// place reserves the order's stock, redeems code (when not "") and creates
// the order, as placing an order does.
func place(ctx context.Context, tx ports.Tx, o *checkout.Order, code string) error {
	if err := tx.ReserveStock(ctx, o.StockNeeds()); err != nil {
		return err
	}
	if code != "" {
		if err := tx.RedeemVoucher(ctx, ports.Redemption{Code: code, Customer: o.Customer.Phone, OrderID: o.ID}); err != nil {
			return err
		}
		o.ProductVoucher = code
	}
	return tx.CreateOrder(ctx, o)
}

// cancel cancels a stored order and gives back its stock and voucher use.
func cancel(ctx context.Context, tx ports.Tx, id string, at time.Time) error {
	o, err := tx.Order(ctx, id)
	if err != nil {
		return err
	}
	if err := o.Transition(checkout.StatusCancelled, at, "buyer cancelled", ""); err != nil {
		return err
	}
	if err := tx.ReleaseStock(ctx, o.StockNeeds()); err != nil {
		return err
	}
	if o.ProductVoucher != "" {
		if err := tx.ReleaseVoucher(ctx, o.ProductVoucher, o.ID); err != nil {
			return err
		}
	}
	return tx.SaveOrder(ctx, o)
}

// count returns how many errors are nil and checks that the others match
// want.
func count(t testing.TB, errList []error, want error) int {
	t.Helper()
	ok := 0
	for i, err := range errList {
		if err == nil {
			ok++
			continue
		}
		assert.ErrorIs(t, err, want, "goroutine %d", i)
	}
	return ok
}

var concurrencyTests = []test{
	{"stock_is_never_oversold", func(t *testing.T, f *fx) {
		batch := orders(t, "c", 100)
		errList := parallel(len(batch), func(i int) error {
			return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return place(ctx, tx, batch[i].Clone(), "") })
		})
		assert.Equal(t, 10, count(t, errList, catalog.ErrOutOfStock), "exactly the 10 units left are sold")
		assert.Equal(t, map[string]int64{kaosM: 0, kaosL: 5, topi: 3}, f.levels(t))
		_, total := f.list(t, ports.OrderFilter{})
		assert.Equal(t, 10, total, "an order exists for each unit sold and no other")
	}},
	{"voucher_quota_under_concurrency", func(t *testing.T, f *fx) {
		errList := parallel(50, func(i int) error {
			return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
				return tx.RedeemVoucher(ctx, ports.Redemption{Code: lima, Customer: fmt.Sprintf("+62812%08d", i), OrderID: fmt.Sprintf("o%02d", i)})
			})
		})
		ok := 0
		for i, err := range errList {
			if err == nil {
				ok++
			} else {
				assert.Equal(t, pricing.CodeVoucherQuotaExhausted, errs.Code(err), "goroutine %d: %v", i, err)
			}
		}
		assert.Equal(t, 5, ok, "a quota of 5 is redeemed exactly 5 times")
		assert.Equal(t, pricing.Usage{Total: 5}, f.usage(t, lima, ""))
	}},
	{"one_order_per_idempotency_key", func(t *testing.T, f *fx) {
		batch := orders(t, "k", 20)
		got := make([]string, len(batch))
		errList := parallel(len(batch), func(i int) error {
			return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
				rec, err := tx.Idempotency(ctx, "key-1")
				switch {
				case err == nil:
					got[i] = rec.OrderID
					return nil
				case !errors.Is(err, ports.ErrNotFound):
					return err
				}
				o := batch[i].Clone()
				if err := place(ctx, tx, o, ""); err != nil {
					return err
				}
				got[i] = o.ID
				return tx.PutIdempotency(ctx, ports.IdempotencyRecord{Key: "key-1", RequestHash: "h", OrderID: o.ID, CreatedAt: t0})
			})
		})
		// An adapter may refuse a racing duplicate instead of serialising
		// the units; it must never store two orders.
		ok := count(t, errList, ports.ErrDuplicate)
		require.Positive(t, ok)
		ids, total := f.list(t, ports.OrderFilter{})
		require.Equal(t, 1, total, "exactly one order for the key")
		for i, err := range errList {
			if err == nil {
				assert.Equal(t, ids[0], got[i], "goroutine %d got the key's order", i)
			}
		}
		assert.Equal(t, int64(9), f.levels(t)[kaosM], "one unit reserved")
	}},
	{"sequence_numbers_are_unique", func(t *testing.T, f *fx) {
		got := make([]int64, 50)
		errList := parallel(len(got), func(i int) error {
			return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
				n, err := tx.NextSequence(ctx, "INV20261123")
				got[i] = n
				return err
			})
		})
		for i, err := range errList {
			require.NoError(t, err, "goroutine %d", i)
		}
		slices.Sort(got)
		for i, n := range got {
			assert.EqualValues(t, i+1, n)
		}
	}},
	{"cancel_gives_back_stock_and_voucher", func(t *testing.T, f *fx) {
		o := newOrder(t, "o1", checkout.StatusPendingPayment, needs(catalog.Need{VariantID: topi, Quantity: 3}))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return place(ctx, tx, o, hemat) })
		o2 := newOrder(t, "o2", checkout.StatusPendingPayment, customer("Siti", phoneSiti))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return place(ctx, tx, o2, hemat) })
		assert.EqualValues(t, 0, f.levels(t)[topi])
		assert.Equal(t, pricing.Usage{Total: 2}, f.usage(t, hemat, ""))

		late := newOrder(t, "o3", checkout.StatusPendingPayment, customer("Andi", phoneAndi), needs(catalog.Need{VariantID: topi, Quantity: 1}))
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return place(ctx, tx, late.Clone(), "") })
		require.ErrorIs(t, err, catalog.ErrOutOfStock)

		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return cancel(ctx, tx, "o1", t0.Add(time.Hour)) })
		assert.Equal(t, fixtureStock()[topi], f.levels(t)[topi])
		assert.Equal(t, pricing.Usage{Total: 1}, f.usage(t, hemat, ""))
		assert.Equal(t, checkout.StatusCancelled, f.order(t, "o1").Status())

		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return place(ctx, tx, late.Clone(), hemat) })
		assert.Equal(t, pricing.Usage{Total: 2}, f.usage(t, hemat, ""))
	}},
	{"cancels_and_placements_race", func(t *testing.T, f *fx) {
		// LIMA has a quota of 5 and kaos M 10 units: after 10 placements
		// the stock is gone and 5 hold the voucher. Cancel those 10 while 10
		// more try to place; every unit and use is accounted for after.
		first := orders(t, "first", 10)
		for i, o := range first {
			code := ""
			if i < 5 {
				code = lima
			}
			f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return place(ctx, tx, o.Clone(), code) })
		}
		second := orders(t, "second", 10)
		errList := parallel(20, func(i int) error {
			return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
				if i%2 == 0 {
					return cancel(ctx, tx, first[i/2].ID, t0.Add(time.Hour))
				}
				return place(ctx, tx, second[i/2].Clone(), lima)
			})
		})
		for i, err := range errList {
			if i%2 == 0 {
				assert.NoError(t, err, "cancel %d", i/2)
			} else if err != nil {
				assert.True(t, errors.Is(err, catalog.ErrOutOfStock) || errs.Code(err) == pricing.CodeVoucherQuotaExhausted,
					"placement %d: %v", i/2, err)
			}
		}
		live, _, err := f.store.ListOrders(f.ctx, ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusPendingPayment}})
		require.NoError(t, err)
		withVoucher := 0
		for _, o := range live {
			assert.Contains(t, o.ID, "second", "every first order is cancelled")
			if o.ProductVoucher == lima {
				withVoucher++
			}
		}
		assert.Equal(t, int64(10-len(live)), f.levels(t)[kaosM], "stock + live orders = 10")
		assert.Equal(t, pricing.Usage{Total: int64(withVoucher)}, f.usage(t, lima, ""), "voucher uses = live orders holding it")
		assert.Equal(t, len(live), withVoucher, "every placement redeemed the voucher")
	}},
}
