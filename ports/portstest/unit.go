package portstest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

var unitTests = []test{
	{"commit_keeps_every_write", func(t *testing.T, f *fx) {
		f.prepareOld(t)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return f.writeEverything(t, ctx, tx) })
		f.checkCommitted(t)
	}},
	{"error_rolls_back_every_write", func(t *testing.T, f *fx) {
		f.prepareOld(t)
		boom := errors.New("boom")
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			if err := f.writeEverything(t, ctx, tx); err != nil {
				return err
			}
			return boom
		})
		assert.Same(t, boom, err, "Atomic must return fn's error unchanged")
		f.checkRolledBack(t)
	}},
	{"panic_rolls_back_every_write", func(t *testing.T, f *fx) {
		f.prepareOld(t)
		require.PanicsWithValue(t, "boom", func() {
			_ = f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
				if err := f.writeEverything(t, ctx, tx); err != nil {
					return err
				}
				panic("boom")
			})
		})
		f.checkRolledBack(t)
	}},
	{"failed_write_then_error_rolls_back_earlier_writes", func(t *testing.T, f *fx) {
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			if err := tx.ReserveStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 4}}); err != nil {
				return err
			}
			if err := tx.CreateOrder(ctx, newOrder(t, "o1", checkout.StatusPendingPayment)); err != nil {
				return err
			}
			return tx.ReserveStock(ctx, []catalog.Need{{VariantID: topi, Quantity: 4}})
		})
		require.ErrorIs(t, err, catalog.ErrOutOfStock)
		assert.Equal(t, fixtureStock(), f.levels(t))
		_, err = f.store.Order(f.ctx, "o1")
		require.ErrorIs(t, err, ports.ErrOrderNotFound)
	}},
	{"reads_see_own_writes", func(t *testing.T, f *fx) {
		f.prepareOld(t)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			require.NoError(t, f.writeEverything(t, ctx, tx))

			lv, err := tx.StockLevels(ctx, []string{kaosM, topi})
			require.NoError(t, err)
			assert.Equal(t, map[string]int64{kaosM: 8, topi: 4}, lv)

			u, err := tx.VoucherUsage(ctx, hemat, phoneSiti)
			require.NoError(t, err)
			assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, u)
			u, err = tx.VoucherUsage(ctx, ongkir, phoneBudi)
			require.NoError(t, err)
			assert.Equal(t, pricing.Usage{}, u)

			held, err := tx.HeldAmounts(ctx, 1, money.MaxAmount)
			require.NoError(t, err)
			assert.ElementsMatch(t, []money.Money{100123}, held)

			rec, err := tx.Idempotency(ctx, "idem-new")
			require.NoError(t, err)
			assert.Equal(t, "new", rec.OrderID)

			n, err := tx.NextSequence(ctx, "INV20261123")
			require.NoError(t, err)
			assert.EqualValues(t, 3, n)

			o, err := tx.Order(ctx, "new")
			require.NoError(t, err)
			assertOrder(t, newOrder(t, "new", checkout.StatusPendingPayment, customer("Siti Aminah", phoneSiti)), o)

			o, err = tx.Order(ctx, "old")
			require.NoError(t, err)
			assert.Equal(t, checkout.StatusProcessing, o.Status())
			return nil
		})
	}},
	{"tx_order_is_a_copy_until_saved", func(t *testing.T, f *fx) {
		f.create(t, newOrder(t, "o1", checkout.StatusPendingPayment))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			o, err := tx.Order(ctx, "o1")
			require.NoError(t, err)
			require.NoError(t, o.Transition(checkout.StatusCancelled, t0.Add(time.Hour), "changed my mind", ""))
			o.Customer.Name = "Changed"
			o.Items[0].Options[0] = "Changed"
			again, err := tx.Order(ctx, "o1")
			require.NoError(t, err)
			assert.Equal(t, checkout.StatusPendingPayment, again.Status())
			return nil
		})
		assertOrder(t, newOrder(t, "o1", checkout.StatusPendingPayment), f.order(t, "o1"))
	}},
	{"unit_without_writes_changes_nothing", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.StockLevels(ctx, []string{kaosM})
			return err
		})
		assert.Equal(t, fixtureStock(), f.levels(t))
	}},
}

// prepareOld commits the state writeEverything changes: order "old" (Budi,
// pending) holding a use of ONGKIR and the amount 200001, and sequence
// INV20261123 at 1.
func (f *fx) prepareOld(t *testing.T) {
	t.Helper()
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		old := newOrder(t, "old", checkout.StatusPendingPayment)
		if err := tx.CreateOrder(ctx, old); err != nil {
			return err
		}
		if err := tx.RedeemVoucher(ctx, ports.Redemption{Code: ongkir, Customer: phoneBudi, OrderID: "old"}); err != nil {
			return err
		}
		if err := tx.HoldAmount(ctx, 200001, "old"); err != nil {
			return err
		}
		n, err := tx.NextSequence(ctx, "INV20261123")
		if err != nil {
			return err
		}
		assert.EqualValues(t, 1, n)
		return nil
	})
}

// writeEverything does one write of every kind the Tx offers.
func (f *fx) writeEverything(t *testing.T, ctx context.Context, tx ports.Tx) error {
	steps := []struct {
		name string
		do   func() error
	}{
		{"ReserveStock", func() error { return tx.ReserveStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 2}}) }},
		{"ReleaseStock", func() error { return tx.ReleaseStock(ctx, []catalog.Need{{VariantID: topi, Quantity: 1}}) }},
		{"RedeemVoucher", func() error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: hemat, Customer: phoneSiti, OrderID: "new"})
		}},
		{"ReleaseVoucher", func() error { return tx.ReleaseVoucher(ctx, ongkir, "old") }},
		{"HoldAmount", func() error { return tx.HoldAmount(ctx, 100123, "new") }},
		{"ReleaseAmount", func() error { return tx.ReleaseAmount(ctx, 200001, "old") }},
		{"PutIdempotency", func() error {
			return tx.PutIdempotency(ctx, ports.IdempotencyRecord{Key: "idem-new", RequestHash: "h1", OrderID: "new", CreatedAt: t0})
		}},
		{"NextSequence", func() error {
			n, err := tx.NextSequence(ctx, "INV20261123")
			if err == nil {
				assert.EqualValues(t, 2, n)
			}
			return err
		}},
		{"CreateOrder", func() error {
			return tx.CreateOrder(ctx, newOrder(t, "new", checkout.StatusPendingPayment, customer("Siti Aminah", phoneSiti)))
		}},
		{"SaveOrder", func() error {
			o, err := tx.Order(ctx, "old")
			if err != nil {
				return err
			}
			if err := o.Transition(checkout.StatusProcessing, t0.Add(time.Hour), "paid", ""); err != nil {
				return err
			}
			return tx.SaveOrder(ctx, o)
		}},
	}
	for _, s := range steps {
		if !assert.NoError(t, s.do(), s.name) {
			return errors.New("portstest: " + s.name + " failed")
		}
	}
	return nil
}

// checkRolledBack checks that nothing writeEverything did remains.
func (f *fx) checkRolledBack(t *testing.T) {
	t.Helper()
	assert.Equal(t, fixtureStock(), f.levels(t), "ReserveStock and ReleaseStock undone")
	assert.Equal(t, pricing.Usage{}, f.usage(t, hemat, phoneSiti), "RedeemVoucher undone")
	assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, f.usage(t, ongkir, phoneBudi), "ReleaseVoucher undone")
	assert.ElementsMatch(t, []money.Money{200001}, f.held(t), "HoldAmount and ReleaseAmount undone")
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		_, err := tx.Idempotency(ctx, "idem-new")
		assert.ErrorIs(t, err, ports.ErrNotFound, "PutIdempotency undone")
		n, err := tx.NextSequence(ctx, "INV20261123")
		assert.NoError(t, err)
		assert.EqualValues(t, 2, n, "NextSequence undone")
		return nil
	})
	_, err := f.store.Order(f.ctx, "new")
	assert.ErrorIs(t, err, ports.ErrOrderNotFound, "CreateOrder undone")
	_, err = f.store.OrderBySlug(f.ctx, "slug-new")
	assert.ErrorIs(t, err, ports.ErrOrderNotFound, "CreateOrder undone")
	assertOrder(t, newOrder(t, "old", checkout.StatusPendingPayment), f.order(t, "old"))
	ids, total := f.list(t, ports.OrderFilter{})
	assert.Equal(t, []string{"old"}, ids)
	assert.Equal(t, 1, total)
	// The number and slug of the undone order are free again.
	f.create(t, newOrder(t, "new", checkout.StatusPendingPayment))
}

// checkCommitted checks that everything writeEverything did is stored.
func (f *fx) checkCommitted(t *testing.T) {
	t.Helper()
	assert.Equal(t, map[string]int64{kaosM: 8, kaosL: 5, topi: 4}, f.levels(t))
	assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, f.usage(t, hemat, phoneSiti))
	assert.Equal(t, pricing.Usage{}, f.usage(t, ongkir, phoneBudi))
	assert.ElementsMatch(t, []money.Money{100123}, f.held(t))
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		rec, err := tx.Idempotency(ctx, "idem-new")
		if assert.NoError(t, err) {
			assert.Equal(t, "idem-new", rec.Key)
			assert.Equal(t, "h1", rec.RequestHash)
			assert.Equal(t, "new", rec.OrderID)
			assert.True(t, t0.Equal(rec.CreatedAt))
		}
		n, err := tx.NextSequence(ctx, "INV20261123")
		assert.NoError(t, err)
		assert.EqualValues(t, 3, n)
		return nil
	})
	assertOrder(t, newOrder(t, "new", checkout.StatusPendingPayment, customer("Siti Aminah", phoneSiti)), f.order(t, "new"))
	old := f.order(t, "old")
	assert.Equal(t, checkout.StatusProcessing, old.Status())
	assert.Len(t, old.Lifecycle.History(), 2)
	ids, total := f.list(t, ports.OrderFilter{})
	assert.ElementsMatch(t, []string{"old", "new"}, ids)
	assert.Equal(t, 2, total)
}
