package portstest

import (
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

// rename is a CaptureAbandoned update that sets the name.
func rename(name string) func(*checkout.Abandoned) error {
	return func(a *checkout.Abandoned) error {
		a.Name = name
		return nil
	}
}

var captureTests = []test{
	{"creates_then_updates_the_open_checkout", func(t *testing.T, f *fx) {
		got, err := f.store.CaptureAbandoned(f.ctx, newAbandoned("a1", phoneBudi, t0), rename("never"))
		require.NoError(t, err)
		assertAbandoned(t, newAbandoned("a1", phoneBudi, t0), got)
		assertAbandoned(t, newAbandoned("a1", phoneBudi, t0), f.abandoned(t, "a1"))

		got, err = f.store.CaptureAbandoned(f.ctx, newAbandoned("a2", phoneBudi, t0.Add(time.Hour)), rename("Budi Santoso"))
		require.NoError(t, err)
		want := newAbandoned("a1", phoneBudi, t0)
		want.Name = "Budi Santoso"
		assertAbandoned(t, want, got)
		assertAbandoned(t, want, f.abandoned(t, "a1"))
		ids, total := f.listAbandoned(t, ports.AbandonedFilter{})
		assert.Equal(t, []string{"a1"}, ids, "the second capture of the phone made no new checkout")
		assert.Equal(t, 1, total)

		got.Name = "changed after the capture"
		assertAbandoned(t, want, f.abandoned(t, "a1"))
	}},
	{"a_converted_checkout_is_not_reopened", func(t *testing.T, f *fx) {
		_, err := f.store.CaptureAbandoned(f.ctx, newAbandoned("a1", phoneBudi, t0), rename("never"))
		require.NoError(t, err)
		_, err = f.store.ConvertAbandoned(f.ctx, phoneBudi, "o1", t0.Add(time.Hour))
		require.NoError(t, err)
		_, err = f.store.CaptureAbandoned(f.ctx, newAbandoned("a2", phoneBudi, t0.Add(2*time.Hour)), rename("never"))
		require.NoError(t, err)
		ids, _ := f.listAbandoned(t, ports.AbandonedFilter{Status: checkout.AbandonedOpen})
		assert.Equal(t, []string{"a2"}, ids)
	}},
	{"updates_the_newest_open_checkout_only", func(t *testing.T, f *fx) {
		require.NoError(t, f.store.CreateAbandoned(f.ctx, newAbandoned("a1", phoneBudi, t0)))
		require.NoError(t, f.store.CreateAbandoned(f.ctx, newAbandoned("a2", phoneBudi, t0.Add(time.Hour))))
		require.NoError(t, f.store.CreateAbandoned(f.ctx, newAbandoned("a3", phoneSiti, t0.Add(2*time.Hour))))
		got, err := f.store.CaptureAbandoned(f.ctx, newAbandoned("a4", phoneBudi, t0.Add(3*time.Hour)), rename("Budi Santoso"))
		require.NoError(t, err)
		assert.Equal(t, "a2", got.ID)
		assert.Equal(t, "Budi", f.abandoned(t, "a1").Name)
		assert.Equal(t, "Budi", f.abandoned(t, "a3").Name)
	}},
	{"refusals_store_nothing", func(t *testing.T, f *fx) {
		require.NoError(t, f.store.CreateAbandoned(f.ctx, newAbandoned("a1", phoneBudi, t0)))
		boom := errors.New("boom")
		_, err := f.store.CaptureAbandoned(f.ctx, newAbandoned("a2", phoneBudi, t0), func(a *checkout.Abandoned) error {
			a.Name = "Changed"
			return boom
		})
		assert.Same(t, boom, err, "update's error comes back unchanged")
		_, err = f.store.CaptureAbandoned(f.ctx, newAbandoned("a2", phoneBudi, t0), func(a *checkout.Abandoned) error {
			a.ID = "other"
			return nil
		})
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
		assertAbandoned(t, newAbandoned("a1", phoneBudi, t0), f.abandoned(t, "a1"))

		_, err = f.store.CaptureAbandoned(f.ctx, newAbandoned("a1", phoneSiti, t0), rename("never"))
		require.ErrorIs(t, err, ports.ErrDuplicate, "a new checkout with a taken id")
		for _, bad := range []*checkout.Abandoned{nil, newAbandoned("", phoneSiti, t0), newAbandoned("a9", "", t0)} {
			_, err := f.store.CaptureAbandoned(f.ctx, bad, rename("never"))
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
		}
		_, total := f.listAbandoned(t, ports.AbandonedFilter{})
		assert.Equal(t, 1, total)
	}},
	{"concurrent_captures_of_one_phone_leave_one_open_checkout", func(t *testing.T, f *fx) {
		const n = 200
		errList := parallel(n, func(i int) error {
			_, err := f.store.CaptureAbandoned(f.ctx, newAbandoned(fmt.Sprintf("a%03d", i), phoneBudi, t0), func(a *checkout.Abandoned) error {
				a.FollowUps = append(a.FollowUps, checkout.FollowUp{At: t0, Channel: "capture", Note: fmt.Sprint(i)})
				return nil
			})
			return err
		})
		for i, err := range errList {
			require.NoError(t, err, "capture %d", i)
		}
		ids, total := f.listAbandoned(t, ports.AbandonedFilter{Phone: phoneBudi})
		require.Equal(t, 1, total, "one checkout for the phone, not %v", ids)
		a := f.abandoned(t, ids[0])
		assert.Equal(t, checkout.AbandonedOpen, a.Status)
		assert.Len(t, a.FollowUps, 1+n-1, "its own follow-up and one from each later capture: no update was lost")
	}},
}
