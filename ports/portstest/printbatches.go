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
	"github.com/kasir-id/kasir/ports"
)

func batch(id string, at time.Time, orderIDs ...string) ports.PrintBatch {
	return ports.PrintBatch{ID: id, OrderIDs: orderIDs, Size: "thermal", CreatedAt: at, CreatedBy: "gudang"}
}

func (f *fx) batchIDs(t testing.TB, offset, limit int) ([]string, int) {
	t.Helper()
	bs, total, err := f.store.ListPrintBatches(f.ctx, offset, limit)
	require.NoError(t, err)
	out := []string{}
	for _, b := range bs {
		out = append(out, b.ID)
	}
	return out, total
}

var printBatchTests = []test{
	{"create_read_list_newest_first", func(t *testing.T, f *fx) {
		// Created out of time order; the same time orders by id.
		for _, b := range []ports.PrintBatch{
			batch("pb-2", t0.Add(2*time.Hour), "o-3"),
			batch("pb-1", t0, "o-1", "o-2"),
			batch("pb-4", t0.Add(3*time.Hour), "o-5"),
			batch("pb-3", t0.Add(3*time.Hour), "o-4"),
		} {
			f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePrintBatch(ctx, b) })
		}
		got, err := f.store.PrintBatch(f.ctx, "pb-1")
		require.NoError(t, err)
		assert.Equal(t, []string{"o-1", "o-2"}, got.OrderIDs, "orders in print order")
		assert.Equal(t, 2, got.Count())
		assert.Equal(t, "thermal", got.Size)
		assert.Equal(t, "gudang", got.CreatedBy)
		assert.True(t, t0.Equal(got.CreatedAt))
		assert.Equal(t, ports.PrintPrinted, got.Status())
		assert.Zero(t, got.Reprints)
		assert.Empty(t, got.LastReprints)

		ids, total := f.batchIDs(t, 0, 0)
		assert.Equal(t, []string{"pb-4", "pb-3", "pb-2", "pb-1"}, ids)
		assert.Equal(t, 4, total)
		ids, total = f.batchIDs(t, 1, 2)
		assert.Equal(t, []string{"pb-3", "pb-2"}, ids)
		assert.Equal(t, 4, total)
		ids, _ = f.batchIDs(t, 4, 10)
		assert.Empty(t, ids)

		// What a caller holds is a copy.
		got.OrderIDs[0] = "changed"
		again, err := f.store.PrintBatch(f.ctx, "pb-1")
		require.NoError(t, err)
		assert.Equal(t, "o-1", again.OrderIDs[0])
	}},
	{"refused_and_unknown", func(t *testing.T, f *fx) {
		b := batch("pb-1", t0, "o-1")
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePrintBatch(ctx, b) })
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePrintBatch(ctx, b) })
		require.ErrorIs(t, err, ports.ErrDuplicate)
		for _, bad := range []ports.PrintBatch{batch("", t0, "o-1"), batch("pb-x", t0), batch("pb-y", t0, "o-1", "")} {
			err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePrintBatch(ctx, bad) })
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%+v", bad)
		}
		_, err = f.store.PrintBatch(f.ctx, "pb-none")
		require.ErrorIs(t, err, ports.ErrPrintBatchNotFound)
		err = f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			_, err := tx.ReprintBatch(ctx, "pb-none", ports.Reprint{At: t0})
			return err
		})
		require.ErrorIs(t, err, ports.ErrPrintBatchNotFound)
		_, total := f.batchIDs(t, 0, 0)
		assert.Equal(t, 1, total)
	}},
	{"batch_and_order_flags_commit_or_roll_back_together", func(t *testing.T, f *fx) {
		o := newOrder(t, "o-1", checkout.StatusProcessing, airwayBill("JP1234567890"))
		f.create(t, o)
		boom := errors.New("boom")
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			if err := tx.CreatePrintBatch(ctx, batch("pb-1", t0, "o-1")); err != nil {
				return err
			}
			c, err := tx.Order(ctx, "o-1")
			if err != nil {
				return err
			}
			c.MarkLabelPrinted("pb-1", t0)
			if err := tx.SaveOrder(ctx, c); err != nil {
				return err
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		_, err = f.store.PrintBatch(f.ctx, "pb-1")
		require.ErrorIs(t, err, ports.ErrPrintBatchNotFound, "a rolled back unit leaves no batch")
		ids, total := f.batchIDs(t, 0, 0)
		assert.Empty(t, ids)
		assert.Zero(t, total)
		assert.True(t, f.order(t, "o-1").LabelPrintedAt.IsZero())

		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			if err := tx.CreatePrintBatch(ctx, batch("pb-1", t0, "o-1")); err != nil {
				return err
			}
			c, err := tx.Order(ctx, "o-1")
			if err != nil {
				return err
			}
			c.MarkLabelPrinted("pb-1", t0)
			return tx.SaveOrder(ctx, c)
		})
		got := f.order(t, "o-1")
		assert.True(t, t0.Equal(got.LabelPrintedAt))
		assert.Equal(t, "pb-1", got.LabelBatchID)

		// A rolled back reprint is not counted.
		err = f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			if _, err := tx.ReprintBatch(ctx, "pb-1", ports.Reprint{At: t0.Add(time.Hour)}); err != nil {
				return err
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		b, err := f.store.PrintBatch(f.ctx, "pb-1")
		require.NoError(t, err)
		assert.Zero(t, b.Reprints)
		assert.Equal(t, ports.PrintPrinted, b.Status())
	}},
	{"label_filter", func(t *testing.T, f *fx) {
		a := newOrder(t, "o-a", checkout.StatusProcessing, airwayBill("JP1"), placedAt(t0))
		b := newOrder(t, "o-b", checkout.StatusProcessing, airwayBill("JP2"), placedAt(t0.Add(time.Minute)))
		c := newOrder(t, "o-c", checkout.StatusProcessing, placedAt(t0.Add(2*time.Minute)))
		b.MarkLabelPrinted("pb-1", t0.Add(time.Hour))
		f.create(t, a, b, c)
		ids, total := f.list(t, ports.OrderFilter{Label: ports.LabelNotPrinted})
		assert.Equal(t, []string{"o-c", "o-a"}, ids)
		assert.Equal(t, 2, total)
		ids, total = f.list(t, ports.OrderFilter{Label: ports.LabelPrinted, Statuses: []checkout.Status{checkout.StatusProcessing}})
		assert.Equal(t, []string{"o-b"}, ids)
		assert.Equal(t, 1, total)
		counts, err := f.store.CountByStatus(f.ctx, ports.OrderFilter{Label: ports.LabelNotPrinted})
		require.NoError(t, err)
		assert.Equal(t, 2, counts[checkout.StatusProcessing])
		ids, _ = f.list(t, ports.OrderFilter{})
		assert.Len(t, ids, 3)
	}},
	{"concurrent_reprints_are_each_counted", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			return tx.CreatePrintBatch(ctx, batch("pb-1", t0, "o-1"))
		})
		const n = 2*ports.MaxReprintTimes + 10
		errs := parallel(n, func(i int) error {
			return f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
				_, err := tx.ReprintBatch(ctx, "pb-1", ports.Reprint{At: t0.Add(time.Duration(i+1) * time.Second), By: fmt.Sprint("kasir-", i)})
				return err
			})
		})
		for i, err := range errs {
			require.NoError(t, err, "reprint %d", i)
		}
		b, err := f.store.PrintBatch(f.ctx, "pb-1")
		require.NoError(t, err)
		assert.Equal(t, n, b.Reprints, "every reprint counted once")
		assert.Equal(t, ports.PrintReprinted, b.Status())
		assert.Len(t, b.LastReprints, ports.MaxReprintTimes, "the latest times are kept")
		seen := map[string]bool{}
		for _, r := range b.LastReprints {
			assert.False(t, seen[r.By], "a reprint is kept once")
			seen[r.By] = true
			assert.False(t, r.At.IsZero())
		}
		// One more, in a unit of its own: it comes last.
		var out ports.PrintBatch
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
			var err error
			out, err = tx.ReprintBatch(ctx, "pb-1", ports.Reprint{At: t0.Add(time.Hour), By: "last"})
			return err
		})
		assert.Equal(t, n+1, out.Reprints)
		assert.Equal(t, "last", out.LastReprints[len(out.LastReprints)-1].By)
		assert.True(t, t0.Add(time.Hour).Equal(out.LastReprints[len(out.LastReprints)-1].At))
	}},
}
