package memory_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

func voucher(code string, quota int64) pricing.Voucher {
	return pricing.Voucher{
		VoucherRule: pricing.VoucherRule{Code: code, Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000},
		Active:      true, Quota: quota,
	}
}

func newStore(t testing.TB, opts ...memory.Option) *memory.Store {
	t.Helper()
	s, err := memory.NewStore(opts...)
	require.NoError(t, err)
	return s
}

func TestNewStoreRefusesBadInput(t *testing.T) {
	t.Parallel()
	bad := voucher("BAD", -1)
	for _, tc := range []struct {
		name  string
		opts  []memory.Option
		field string
	}{
		{"negative_stock", []memory.Option{memory.WithStock(map[string]int64{"v1": -1})}, `stock["v1"]`},
		{"empty_variant_id", []memory.Option{memory.WithStock(map[string]int64{"": 1})}, "stock"},
		{"invalid_voucher", []memory.Option{memory.WithVouchers(voucher("OK", 0), bad)}, "vouchers[1].quota"},
		{"voucher_without_code", []memory.Option{memory.WithVouchers(voucher(" ", 0))}, "vouchers[0].code"},
		{"codes_differing_in_case", []memory.Option{memory.WithVouchers(voucher("HEMAT", 0), voucher("hemat", 0))}, "vouchers[1].code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := memory.NewStore(tc.opts...)
			require.ErrorIs(t, err, errs.Invalid)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
			assert.Equal(t, tc.field, errs.Field(err))
		})
	}
}

func TestRedeemTwiceByOneOrderIsDuplicate(t *testing.T) {
	t.Parallel()
	s := newStore(t, memory.WithVouchers(voucher("HEMAT", 0)))
	err := s.Atomic(t.Context(), func(ctx context.Context, tx ports.Tx) error {
		require.NoError(t, tx.RedeemVoucher(ctx, ports.Redemption{Code: "HEMAT", OrderID: "o1"}))
		return tx.RedeemVoucher(ctx, ports.Redemption{Code: "hemat", OrderID: "o1"})
	})
	require.ErrorIs(t, err, ports.ErrDuplicate)
}

func TestStoreCalledInsideItsUnitFailsInsteadOfDeadlocking(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	err := s.Atomic(t.Context(), func(ctx context.Context, _ ports.Tx) error {
		_, err := s.Order(ctx, "o1")
		assert.ErrorIs(t, err, errs.Other)
		assert.Equal(t, errs.CodeInternal, errs.Code(err))
		_, err = s.StockLevels(ctx, nil)
		assert.Equal(t, errs.CodeInternal, errs.Code(err))
		return s.Atomic(ctx, func(context.Context, ports.Tx) error { return nil })
	})
	assert.Equal(t, errs.CodeInternal, errs.Code(err))
}

func TestTxUsedAfterItsUnitFails(t *testing.T) {
	t.Parallel()
	s := newStore(t, memory.WithStock(map[string]int64{"v1": 5}))
	var kept ports.Tx
	require.NoError(t, s.Atomic(t.Context(), func(_ context.Context, tx ports.Tx) error { kept = tx; return nil }))
	err := kept.ReserveStock(t.Context(), []catalog.Need{{VariantID: "v1", Quantity: 1}})
	assert.Equal(t, errs.CodeInternal, errs.Code(err))
	lv, err := s.StockLevels(t.Context(), []string{"v1"})
	require.NoError(t, err)
	assert.EqualValues(t, 5, lv["v1"])
}

func TestAtomicWithDoneContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	called := false
	err := newStore(t).Atomic(ctx, func(context.Context, ports.Tx) error { called = true; return nil })
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, called)
}

func TestFailNowInsideUnitRollsBackAndUnlocks(t *testing.T) {
	t.Parallel()
	s := newStore(t, memory.WithStock(map[string]int64{"v1": 5}))
	done := make(chan struct{})
	go func() { // runtime.Goexit, as t.FailNow inside fn does
		defer close(done)
		_ = s.Atomic(t.Context(), func(ctx context.Context, tx ports.Tx) error {
			_ = tx.ReserveStock(ctx, []catalog.Need{{VariantID: "v1", Quantity: 2}})
			runtime.Goexit()
			return nil
		})
	}()
	<-done
	lv, err := s.StockLevels(t.Context(), []string{"v1"})
	require.NoError(t, err)
	assert.EqualValues(t, 5, lv["v1"])
}

func TestReleaseToUnknownVariantAddsItAndRollsBack(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	release := func(ctx context.Context, tx ports.Tx) error {
		return tx.ReleaseStock(ctx, []catalog.Need{{VariantID: "v9", Quantity: 2}})
	}
	require.Error(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		require.NoError(t, release(ctx, tx))
		return errs.E(errs.Conflict, "boom", "boom")
	}))
	lv, err := s.StockLevels(ctx, []string{"v9"})
	require.NoError(t, err)
	assert.EqualValues(t, 0, lv["v9"])
	require.NoError(t, s.Atomic(ctx, release))
	lv, err = s.StockLevels(ctx, []string{"v9"})
	require.NoError(t, err)
	assert.EqualValues(t, 2, lv["v9"])
}

func TestInvalidInputs(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		assert.ErrorIs(t, tx.HoldAmount(ctx, 0, "o1"), errs.Invalid)
		assert.ErrorIs(t, tx.HoldAmount(ctx, 100, ""), errs.Invalid)
		assert.ErrorIs(t, tx.PutIdempotency(ctx, ports.IdempotencyRecord{}), errs.Invalid)
		assert.ErrorIs(t, tx.CreateOrder(ctx, &checkout.Order{}), errs.Invalid)
		assert.ErrorIs(t, tx.CreateOrder(ctx, nil), errs.Invalid)
		assert.ErrorIs(t, tx.SaveOrder(ctx, nil), errs.Invalid)
		return nil
	}))
	_, _, err := s.ListOrders(ctx, ports.OrderFilter{Offset: -1})
	assert.ErrorIs(t, err, errs.Invalid)
	_, _, err = s.ListAbandoned(ctx, ports.AbandonedFilter{Limit: -1})
	assert.ErrorIs(t, err, errs.Invalid)
	assert.ErrorIs(t, s.CreateAbandoned(ctx, &checkout.Abandoned{}), errs.Invalid)

	require.NoError(t, s.CreateAbandoned(ctx, &checkout.Abandoned{ID: "a1", Phone: "+6281234567890", Status: checkout.AbandonedOpen}))
	err = s.UpdateAbandoned(ctx, "a1", func(a *checkout.Abandoned) error { a.ID = "a2"; return nil })
	assert.ErrorIs(t, err, errs.Invalid)
	_, err = s.Abandoned(ctx, "a1")
	assert.NoError(t, err)
	n, err := s.ConvertAbandoned(ctx, "", "o1", time.Now())
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestQueryWithLettersDoesNotMatchPhoneDigits(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	lc, err := checkout.NewLifecycle(checkout.StatusProcessing, time.Now(), "")
	require.NoError(t, err)
	o := &checkout.Order{ID: "o1", Number: "INV-1", Customer: checkout.Customer{Name: "Budi", Phone: "+6281234567890"}, Lifecycle: lc}
	require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, o) }))
	for q, want := range map[string]int{"1234": 1, "0812-3456": 1, "(0812) 345": 1, "INV 1234": 0, "budi 0812": 0} {
		_, total, err := s.ListOrders(ctx, ports.OrderFilter{Query: q})
		require.NoError(t, err)
		assert.Equal(t, want, total, q)
	}
}
