package portstest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

var stockTests = []test{
	{"levels_of_unknown_variant_are_zero", func(t *testing.T, f *fx) {
		got, err := f.store.StockLevels(f.ctx, []string{kaosM, "nope"})
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{kaosM: 10, "nope": 0}, got)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			got, err := tx.StockLevels(ctx, []string{kaosL, "nope"})
			require.NoError(t, err)
			assert.Equal(t, map[string]int64{kaosL: 5, "nope": 0}, got)
			return nil
		})
	}},
	{"reserve_and_release", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.ReserveStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 3}, {VariantID: kaosL, Quantity: 5}})
		})
		assert.Equal(t, map[string]int64{kaosM: 7, kaosL: 0, topi: 3}, f.levels(t))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.ReleaseStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 3}, {VariantID: kaosL, Quantity: 5}})
		})
		assert.Equal(t, fixtureStock(), f.levels(t))
	}},
	{"out_of_stock_takes_nothing", func(t *testing.T, f *fx) {
		// fn goes on and commits after the failed reservation: the failed
		// call itself must have taken nothing.
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			err := tx.ReserveStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 1}, {VariantID: kaosL, SKU: "KAOS-HITAM-L", Quantity: 6}})
			var short *catalog.OutOfStockError
			require.ErrorAs(t, err, &short)
			assert.Equal(t, kaosL, short.VariantID)
			assert.EqualValues(t, 6, short.Requested)
			assert.EqualValues(t, 5, short.Available)
			assert.ErrorIs(t, err, catalog.ErrOutOfStock)
			assert.ErrorIs(t, err, errs.Conflict)
			lv, err := tx.StockLevels(ctx, []string{kaosM, kaosL})
			require.NoError(t, err)
			assert.Equal(t, map[string]int64{kaosM: 10, kaosL: 5}, lv)
			return nil
		})
		assert.Equal(t, fixtureStock(), f.levels(t))
	}},
	{"needs_of_one_variant_are_summed", func(t *testing.T, f *fx) {
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.ReserveStock(ctx, []catalog.Need{{VariantID: topi, Quantity: 2}, {VariantID: topi, Quantity: 2}})
		})
		var short *catalog.OutOfStockError
		require.ErrorAs(t, err, &short)
		assert.EqualValues(t, 4, short.Requested)
		assert.EqualValues(t, 3, short.Available)
		assert.Equal(t, fixtureStock(), f.levels(t))
	}},
	{"unknown_variant_is_out_of_stock", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			err := tx.ReserveStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 1}, {VariantID: "nope", Quantity: 1}})
			require.ErrorIs(t, err, catalog.ErrOutOfStock)
			return nil
		})
		assert.Equal(t, fixtureStock(), f.levels(t))
	}},
	{"zero_quantity_is_invalid", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			err := tx.ReserveStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 1}, {VariantID: kaosL, Quantity: 0}})
			require.ErrorIs(t, err, errs.Invalid)
			err = tx.ReleaseStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: -1}})
			require.ErrorIs(t, err, errs.Invalid)
			return nil
		})
		assert.Equal(t, fixtureStock(), f.levels(t))
	}},
}

var voucherTests = []test{
	{"codes_ignore_case", func(t *testing.T, f *fx) {
		v, err := f.store.Voucher(f.ctx, "hemat10")
		require.NoError(t, err)
		assert.Equal(t, hemat, v.Code)
		assert.EqualValues(t, 2, v.Quota)
		assert.Equal(t, money.Money(10000), v.Amount)
		assert.Equal(t, []string{"KAOS-HITAM-M", "KAOS-HITAM-L"}, v.SKUs)
		assert.True(t, v.EndsAt.Equal(t0.Add(30*24*time.Hour)))
		assert.False(t, v.Public, "a voucher is private unless marked public")
		o, err := f.store.Voucher(f.ctx, ongkir)
		require.NoError(t, err)
		assert.True(t, o.Public, "public is kept")
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			v, err := tx.Voucher(ctx, "Sekali")
			require.NoError(t, err)
			assert.Equal(t, sekali, v.Code)
			assert.EqualValues(t, 1, v.PerCustomer)
			return nil
		})
	}},
	{"unknown_code_is_voucher_not_found", func(t *testing.T, f *fx) {
		_, err := f.store.Voucher(f.ctx, "NOPE")
		require.Error(t, err)
		assert.Equal(t, pricing.CodeVoucherNotFound, errs.Code(err))
		assert.ErrorIs(t, err, errs.NotFound)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.Voucher(ctx, "NOPE")
			assert.Equal(t, pricing.CodeVoucherNotFound, errs.Code(err))
			err = tx.RedeemVoucher(ctx, ports.Redemption{Code: "NOPE", Customer: phoneBudi, OrderID: "o1"})
			assert.Equal(t, pricing.CodeVoucherNotFound, errs.Code(err))
			return nil
		})
	}},
	{"lists_every_voucher", func(t *testing.T, f *fx) {
		vs, err := f.store.Vouchers(f.ctx)
		require.NoError(t, err)
		var codes []string
		for _, v := range vs {
			codes = append(codes, v.Code)
		}
		assert.ElementsMatch(t, []string{hemat, sekali, ongkir, lima}, codes)
	}},
	{"vouchers_are_copies", func(t *testing.T, f *fx) {
		v, err := f.store.Voucher(f.ctx, hemat)
		require.NoError(t, err)
		v.SKUs[0] = "CHANGED"
		v.PaymentMethods[0] = "CHANGED"
		vs, err := f.store.Vouchers(f.ctx)
		require.NoError(t, err)
		for _, v := range vs {
			if v.Code == hemat {
				v.SKUs[0] = "CHANGED"
			}
		}
		v, err = f.store.Voucher(f.ctx, hemat)
		require.NoError(t, err)
		assert.Equal(t, []string{"KAOS-HITAM-M", "KAOS-HITAM-L"}, v.SKUs)
		assert.Equal(t, []payment.Method{payment.BankTransfer}, v.PaymentMethods)
	}},
	{"redeem_enforces_quota", func(t *testing.T, f *fx) {
		for i, phone := range []string{phoneBudi, phoneSiti} {
			f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
				return tx.RedeemVoucher(ctx, ports.Redemption{Code: hemat, Customer: phone, OrderID: ids(2, "o")[i]})
			})
		}
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			err := tx.RedeemVoucher(ctx, ports.Redemption{Code: hemat, Customer: phoneAndi, OrderID: "o-002"})
			require.Error(t, err)
			assert.Equal(t, pricing.CodeVoucherQuotaExhausted, errs.Code(err))
			assert.ErrorIs(t, err, errs.Conflict)
			return nil // commit: the refused use must not have been recorded
		})
		assert.Equal(t, pricing.Usage{Total: 2}, f.usage(t, hemat, phoneAndi))
		assert.Equal(t, pricing.Usage{Total: 2, ByCustomer: 1}, f.usage(t, hemat, phoneBudi))
	}},
	{"redeem_enforces_per_customer_limit", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: sekali, Customer: phoneBudi, OrderID: "o1"})
		})
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: sekali, Customer: phoneBudi, OrderID: "o2"})
		})
		assert.Equal(t, pricing.CodeVoucherCustomerLimit, errs.Code(err))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: sekali, Customer: phoneSiti, OrderID: "o3"})
		})
		assert.Equal(t, pricing.Usage{Total: 2, ByCustomer: 1}, f.usage(t, sekali, phoneBudi))
		assert.Equal(t, pricing.Usage{Total: 2, ByCustomer: 1}, f.usage(t, sekali, phoneSiti))
		assert.Equal(t, pricing.Usage{Total: 2}, f.usage(t, sekali, phoneAndi))
		assert.Equal(t, pricing.Usage{Total: 2}, f.usage(t, sekali, ""), `customer "" counts none`)
	}},
	{"redeem_and_release_ignore_case", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: "hemat10", Customer: phoneBudi, OrderID: "o1"})
		})
		assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, f.usage(t, hemat, phoneBudi))
		assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, f.usage(t, "Hemat10", phoneBudi))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.ReleaseVoucher(ctx, "HeMaT10", "o1") })
		assert.Equal(t, pricing.Usage{}, f.usage(t, hemat, phoneBudi))
	}},
	{"release_gives_the_use_back", func(t *testing.T, f *fx) {
		for _, id := range []string{"o1", "o2"} {
			f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
				return tx.RedeemVoucher(ctx, ports.Redemption{Code: hemat, Customer: phoneBudi, OrderID: id})
			})
		}
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			require.NoError(t, tx.ReleaseVoucher(ctx, hemat, "o-none"), "releasing a use the order does not hold is a no-op")
			require.NoError(t, tx.ReleaseVoucher(ctx, sekali, "o1"), "releasing a use the order does not hold is a no-op")
			return nil
		})
		assert.Equal(t, pricing.Usage{Total: 2, ByCustomer: 2}, f.usage(t, hemat, phoneBudi))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.ReleaseVoucher(ctx, hemat, "o1") })
		assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, f.usage(t, hemat, phoneBudi))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: hemat, Customer: phoneSiti, OrderID: "o3"})
		})
		assert.Equal(t, pricing.Usage{Total: 2, ByCustomer: 1}, f.usage(t, hemat, phoneSiti))
	}},
}

var amountTests = []test{
	{"an_amount_has_one_holder", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.HoldAmount(ctx, 100123, "o1") })
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.HoldAmount(ctx, 100123, "o1") })
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.HoldAmount(ctx, 100123, "o2") })
		require.ErrorIs(t, err, ports.ErrAmountHeld)
		assert.ErrorIs(t, err, errs.Conflict)
		assert.Equal(t, []money.Money{100123}, f.held(t))
	}},
	{"held_amounts_in_range", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			for id, a := range map[string]money.Money{"o1": 99999, "o2": 100000, "o3": 100456, "o4": 100999, "o5": 101000} {
				if err := tx.HoldAmount(ctx, a, id); err != nil {
					return err
				}
			}
			return nil
		})
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			got, err := tx.HeldAmounts(ctx, 100000, 100999)
			require.NoError(t, err)
			assert.ElementsMatch(t, []money.Money{100000, 100456, 100999}, got)
			got, err = tx.HeldAmounts(ctx, 200000, 200999)
			require.NoError(t, err)
			assert.Empty(t, got)
			return nil
		})
	}},
	{"only_the_holder_releases", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.HoldAmount(ctx, 100123, "o1") })
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			require.NoError(t, tx.ReleaseAmount(ctx, 100123, "o2"), "another order's release is a no-op")
			require.NoError(t, tx.ReleaseAmount(ctx, 100777, "o1"), "releasing an amount not held is a no-op")
			return nil
		})
		assert.Equal(t, []money.Money{100123}, f.held(t))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.ReleaseAmount(ctx, 100123, "o1") })
		assert.Empty(t, f.held(t))
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.HoldAmount(ctx, 100123, "o2") })
		assert.Equal(t, []money.Money{100123}, f.held(t))
	}},
}

var idempotencyTests = []test{
	{"records_by_key", func(t *testing.T, f *fx) {
		rec := ports.IdempotencyRecord{Key: "key-1", RequestHash: "sha256:abc", OrderID: "o1", CreatedAt: t0}
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.Idempotency(ctx, "key-1")
			require.ErrorIs(t, err, ports.ErrNotFound)
			assert.ErrorIs(t, err, errs.NotFound)
			return tx.PutIdempotency(ctx, rec)
		})
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			got, err := tx.Idempotency(ctx, "key-1")
			require.NoError(t, err)
			assert.Equal(t, rec.Key, got.Key)
			assert.Equal(t, rec.RequestHash, got.RequestHash)
			assert.Equal(t, rec.OrderID, got.OrderID)
			assert.True(t, rec.CreatedAt.Equal(got.CreatedAt))
			_, err = tx.Idempotency(ctx, "KEY-1")
			assert.ErrorIs(t, err, ports.ErrNotFound, "keys are compared exactly")
			return nil
		})
	}},
	{"duplicate_key", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.PutIdempotency(ctx, ports.IdempotencyRecord{Key: "key-1", RequestHash: "h1", OrderID: "o1", CreatedAt: t0})
		})
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.PutIdempotency(ctx, ports.IdempotencyRecord{Key: "key-1", RequestHash: "h2", OrderID: "o2", CreatedAt: t0})
		})
		require.ErrorIs(t, err, ports.ErrDuplicate)
		assert.ErrorIs(t, err, errs.Conflict)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			got, err := tx.Idempotency(ctx, "key-1")
			require.NoError(t, err)
			assert.Equal(t, "h1", got.RequestHash)
			assert.Equal(t, "o1", got.OrderID)
			return nil
		})
	}},
}

var sequenceTests = []test{
	{"counts_from_one_per_name", func(t *testing.T, f *fx) {
		next := func(ctx context.Context, tx ports.Tx, name string) int64 {
			n, err := tx.NextSequence(ctx, name)
			require.NoError(t, err)
			return n
		}
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			assert.EqualValues(t, 1, next(ctx, tx, "INV20261123"))
			assert.EqualValues(t, 2, next(ctx, tx, "INV20261123"))
			assert.EqualValues(t, 1, next(ctx, tx, "INV20261124"))
			return nil
		})
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			assert.EqualValues(t, 3, next(ctx, tx, "INV20261123"))
			assert.EqualValues(t, 2, next(ctx, tx, "INV20261124"))
			return nil
		})
		boom := errors.New("boom")
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			assert.EqualValues(t, 4, next(ctx, tx, "INV20261123"))
			return boom
		})
		require.ErrorIs(t, err, boom)
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			assert.EqualValues(t, 4, next(ctx, tx, "INV20261123"), "a rolled-back unit gives its number back")
			assert.EqualValues(t, 1, next(ctx, tx, strings.Repeat("x", 40)))
			return nil
		})
	}},
}
