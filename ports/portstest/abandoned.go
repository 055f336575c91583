package portstest

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// newAbandoned builds an open checkout left by phone at `at`.
func newAbandoned(id, phone string, at time.Time) *checkout.Abandoned {
	return &checkout.Abandoned{
		ID: id, Name: "Budi", Phone: phone, Status: checkout.AbandonedOpen,
		Lines:     []catalog.LineRequest{{VariantID: kaosM, Quantity: 2}},
		CreatedAt: at, UpdatedAt: at,
		FollowUps: []checkout.FollowUp{{At: at.Add(time.Hour), Channel: "whatsapp", Note: "reminder 1"}},
	}
}

func assertAbandoned(t testing.TB, want, got *checkout.Abandoned) {
	t.Helper()
	require.NotNil(t, got)
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.Name, got.Name)
	assert.Equal(t, want.Phone, got.Phone)
	assert.Equal(t, want.Status, got.Status)
	assert.Equal(t, want.Lines, got.Lines)
	assert.Equal(t, want.OrderID, got.OrderID)
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "created at %s, want %s", got.CreatedAt, want.CreatedAt)
	assert.True(t, want.ConvertedAt.Equal(got.ConvertedAt), "converted at %s, want %s", got.ConvertedAt, want.ConvertedAt)
	if assert.Len(t, got.FollowUps, len(want.FollowUps)) {
		for i := range want.FollowUps {
			assert.Equal(t, want.FollowUps[i].Channel, got.FollowUps[i].Channel)
			assert.Equal(t, want.FollowUps[i].Note, got.FollowUps[i].Note)
			assert.True(t, want.FollowUps[i].At.Equal(got.FollowUps[i].At))
		}
	}
}

func (f *fx) abandoned(t testing.TB, id string) *checkout.Abandoned {
	t.Helper()
	a, err := f.store.Abandoned(f.ctx, id)
	require.NoError(t, err)
	return a
}

func (f *fx) listAbandoned(t testing.TB, filter ports.AbandonedFilter) ([]string, int) {
	t.Helper()
	as, total, err := f.store.ListAbandoned(f.ctx, filter)
	require.NoError(t, err)
	ids := []string{}
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	return ids, total
}

var abandonedTests = []test{
	{"create_read_duplicate_not_found", func(t *testing.T, f *fx) {
		require.NoError(t, f.store.CreateAbandoned(f.ctx, newAbandoned("a1", phoneBudi, t0)))
		assertAbandoned(t, newAbandoned("a1", phoneBudi, t0), f.abandoned(t, "a1"))

		err := f.store.CreateAbandoned(f.ctx, newAbandoned("a1", phoneSiti, t0))
		require.ErrorIs(t, err, ports.ErrDuplicate)
		assert.ErrorIs(t, err, errs.Conflict)
		assertAbandoned(t, newAbandoned("a1", phoneBudi, t0), f.abandoned(t, "a1"))

		_, err = f.store.Abandoned(f.ctx, "nope")
		require.ErrorIs(t, err, ports.ErrAbandonedNotFound)
		assert.ErrorIs(t, err, errs.NotFound)
	}},
	{"copies_in_and_out", func(t *testing.T, f *fx) {
		in := newAbandoned("a1", phoneBudi, t0)
		require.NoError(t, f.store.CreateAbandoned(f.ctx, in))
		in.Name = "Changed"
		in.Lines[0].Quantity = 99
		in.FollowUps[0].Note = "changed"
		out := f.abandoned(t, "a1")
		out.Lines[0].Quantity = 99
		out.FollowUps[0].Note = "changed"
		list, _, err := f.store.ListAbandoned(f.ctx, ports.AbandonedFilter{})
		require.NoError(t, err)
		require.Len(t, list, 1)
		list[0].Lines[0].Quantity = 99
		assertAbandoned(t, newAbandoned("a1", phoneBudi, t0), f.abandoned(t, "a1"))
	}},
	{"update", func(t *testing.T, f *fx) {
		require.NoError(t, f.store.CreateAbandoned(f.ctx, newAbandoned("a1", phoneBudi, t0)))
		follow := checkout.FollowUp{At: t0.Add(2 * time.Hour), Channel: "call", Note: "no answer", By: "admin"}
		var kept *checkout.Abandoned
		require.NoError(t, f.store.UpdateAbandoned(f.ctx, "a1", func(a *checkout.Abandoned) error {
			a.FollowUps = append(a.FollowUps, follow)
			a.UpdatedAt = follow.At
			kept = a
			return nil
		}))
		want := newAbandoned("a1", phoneBudi, t0)
		want.FollowUps = append(want.FollowUps, follow)
		assertAbandoned(t, want, f.abandoned(t, "a1"))
		kept.FollowUps[0].Note = "changed after the update"
		assertAbandoned(t, want, f.abandoned(t, "a1"))

		boom := errors.New("boom")
		err := f.store.UpdateAbandoned(f.ctx, "a1", func(a *checkout.Abandoned) error {
			a.Name = "Changed"
			a.FollowUps = nil
			return boom
		})
		assert.Same(t, boom, err, "UpdateAbandoned returns fn's error unchanged")
		assertAbandoned(t, want, f.abandoned(t, "a1"))

		called := false
		err = f.store.UpdateAbandoned(f.ctx, "nope", func(*checkout.Abandoned) error { called = true; return nil })
		require.ErrorIs(t, err, ports.ErrAbandonedNotFound)
		assert.False(t, called)
	}},
	{"list_filters_and_pages", func(t *testing.T, f *fx) {
		converted := newAbandoned("a3", phoneBudi, t0.Add(2*time.Hour))
		converted.Status, converted.OrderID, converted.ConvertedAt = checkout.AbandonedConverted, "o1", t0.Add(3*time.Hour)
		for _, a := range []*checkout.Abandoned{
			newAbandoned("a1", phoneBudi, t0),
			newAbandoned("a2", phoneSiti, t0.Add(time.Hour)),
			converted,
			newAbandoned("a4", phoneBudi, t0.Add(3*time.Hour)),
		} {
			require.NoError(t, f.store.CreateAbandoned(f.ctx, a))
		}
		for _, tc := range []struct {
			name   string
			filter ports.AbandonedFilter
			want   []string
			total  int
		}{
			{"all_newest_first", ports.AbandonedFilter{}, []string{"a4", "a3", "a2", "a1"}, 4},
			{"open", ports.AbandonedFilter{Status: checkout.AbandonedOpen}, []string{"a4", "a2", "a1"}, 3},
			{"converted", ports.AbandonedFilter{Status: checkout.AbandonedConverted}, []string{"a3"}, 1},
			{"phone", ports.AbandonedFilter{Phone: phoneBudi}, []string{"a4", "a3", "a1"}, 3},
			{"open_phone_paged", ports.AbandonedFilter{Status: checkout.AbandonedOpen, Phone: phoneBudi, Offset: 1, Limit: 1}, []string{"a1"}, 2},
			{"first_page", ports.AbandonedFilter{Limit: 2}, []string{"a4", "a3"}, 4},
			{"past_the_end", ports.AbandonedFilter{Offset: 9, Limit: 2}, []string{}, 4},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ids, total := f.listAbandoned(t, tc.filter)
				assert.Equal(t, tc.want, ids)
				assert.Equal(t, tc.total, total)
			})
		}
	}},
	{"convert_marks_open_checkouts_of_the_phone", func(t *testing.T, f *fx) {
		earlier := newAbandoned("a3", phoneBudi, t0.Add(2*time.Hour))
		earlier.Status, earlier.OrderID, earlier.ConvertedAt = checkout.AbandonedConverted, "o0", t0.Add(3*time.Hour)
		for _, a := range []*checkout.Abandoned{
			newAbandoned("a1", phoneBudi, t0), newAbandoned("a2", phoneSiti, t0), earlier,
			newAbandoned("a4", phoneBudi, t0.Add(4*time.Hour)),
		} {
			require.NoError(t, f.store.CreateAbandoned(f.ctx, a))
		}
		at := t0.Add(5 * time.Hour)
		n, err := f.store.ConvertAbandoned(f.ctx, phoneBudi, "o9", at)
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		for _, id := range []string{"a1", "a4"} {
			a := f.abandoned(t, id)
			assert.Equal(t, checkout.AbandonedConverted, a.Status, id)
			assert.Equal(t, "o9", a.OrderID, id)
			assert.True(t, at.Equal(a.ConvertedAt), id)
		}
		assertAbandoned(t, earlier, f.abandoned(t, "a3"))
		assertAbandoned(t, newAbandoned("a2", phoneSiti, t0), f.abandoned(t, "a2"))

		n, err = f.store.ConvertAbandoned(f.ctx, phoneBudi, "o10", at.Add(time.Hour))
		require.NoError(t, err)
		assert.Equal(t, 0, n, "converted checkouts are not converted again")
		assert.Equal(t, "o9", f.abandoned(t, "a1").OrderID)
	}},
}
