package portstest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

func pickup(id string, created time.Time, orders ...string) ports.Pickup {
	return ports.Pickup{ID: id, CourierPickupID: "PU-" + id, OrderIDs: orders, Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
		From: "09:00", To: "12:00", Address: "Jl. Melati 1", Contact: "Rina", Phone: "6281200000001", Vehicle: "motor", CreatedAt: created}
}

var pickupTests = []test{
	{"create_read", func(t *testing.T, f *fx) {
		p := pickup("pk1", t0, "o1", "o2")
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePickup(ctx, p) })
		got, err := f.store.Pickup(f.ctx, "pk1")
		require.NoError(t, err)
		assert.True(t, p.CreatedAt.Equal(got.CreatedAt))
		assert.True(t, p.Date.Equal(got.Date))
		got.CreatedAt, got.Date = p.CreatedAt, p.Date
		assert.Equal(t, p, got)
		_, err = f.store.Pickup(f.ctx, "nope")
		require.ErrorIs(t, err, ports.ErrPickupNotFound)
	}},
	{"duplicate_and_invalid", func(t *testing.T, f *fx) {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePickup(ctx, pickup("pk1", t0, "o1")) })
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePickup(ctx, pickup("pk1", t0, "o2")) })
		require.ErrorIs(t, err, ports.ErrDuplicate)
		err = f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePickup(ctx, pickup("pk2", t0)) })
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
		got, err := f.store.Pickup(f.ctx, "pk1")
		require.NoError(t, err)
		assert.Equal(t, []string{"o1"}, got.OrderIDs, "the refused pickup changed nothing")
	}},
	{"rolled_back", func(t *testing.T, f *fx) {
		boom := errors.New("boom")
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			if err := tx.CreatePickup(ctx, pickup("pk1", t0, "o1")); err != nil {
				return err
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		_, err = f.store.Pickup(f.ctx, "pk1")
		require.ErrorIs(t, err, ports.ErrPickupNotFound, "a unit that fails stores no pickup")
	}},
	{"list_newest_first_paged", func(t *testing.T, f *fx) {
		for i := range 5 {
			p := pickup(fmt.Sprintf("pk%d", i), t0.Add(time.Duration(i)*time.Hour), "o")
			f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.CreatePickup(ctx, p) })
		}
		all, total, err := f.store.ListPickups(f.ctx, ports.PickupFilter{})
		require.NoError(t, err)
		assert.Equal(t, 5, total)
		require.Len(t, all, 5)
		assert.Equal(t, "pk4", all[0].ID, "newest first")
		page, total, err := f.store.ListPickups(f.ctx, ports.PickupFilter{Offset: 1, Limit: 2})
		require.NoError(t, err)
		assert.Equal(t, 5, total)
		require.Len(t, page, 2)
		assert.Equal(t, []string{"pk3", "pk2"}, []string{page[0].ID, page[1].ID})
	}},
}
