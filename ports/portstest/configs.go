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

// doc returns a small configuration document naming n.
func doc(n int) []byte { return fmt.Appendf(nil, `{"store":{"name":"Toko %d"}}`, n) }

var configTests = []test{
	{"none_yet", func(t *testing.T, f *fx) {
		v, err := f.store.ConfigVersion(f.ctx)
		require.NoError(t, err)
		assert.Zero(t, v)
		_, err = f.store.Config(f.ctx)
		require.ErrorIs(t, err, ports.ErrConfigNotFound)
		_, err = f.store.ConfigAt(f.ctx, 1)
		require.ErrorIs(t, err, ports.ErrConfigNotFound)
		hist, err := f.store.ConfigVersions(f.ctx, 0)
		require.NoError(t, err)
		assert.Empty(t, hist)
	}},
	{"versions_and_history", func(t *testing.T, f *fx) {
		c1, err := f.store.PutConfig(f.ctx, 0, ports.StoreConfig{Data: doc(1), Author: "import", SavedAt: t0})
		require.NoError(t, err)
		assert.Equal(t, int64(1), c1.Version)
		c2, err := f.store.PutConfig(f.ctx, 1, ports.StoreConfig{Data: doc(2), Author: "siti", SavedAt: t0.Add(time.Minute)})
		require.NoError(t, err)
		assert.Equal(t, int64(2), c2.Version)

		v, err := f.store.ConfigVersion(f.ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(2), v)
		got, err := f.store.Config(f.ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.Version)
		assert.JSONEq(t, string(doc(2)), string(got.Data))
		assert.Equal(t, "siti", got.Author)
		assert.True(t, t0.Add(time.Minute).Equal(got.SavedAt))

		old, err := f.store.ConfigAt(f.ctx, 1)
		require.NoError(t, err)
		assert.JSONEq(t, string(doc(1)), string(old.Data), "old versions are kept")
		_, err = f.store.ConfigAt(f.ctx, 3)
		require.ErrorIs(t, err, ports.ErrConfigNotFound)

		hist, err := f.store.ConfigVersions(f.ctx, 0)
		require.NoError(t, err)
		require.Len(t, hist, 2)
		assert.Equal(t, int64(2), hist[0].Version, "newest first")
		assert.Equal(t, "import", hist[1].Author)
		assert.Nil(t, hist[0].Data, "a listing leaves the documents out")
		hist, err = f.store.ConfigVersions(f.ctx, 1)
		require.NoError(t, err)
		require.Len(t, hist, 1)
		assert.Equal(t, int64(2), hist[0].Version)
	}},
	{"stale_version_conflicts", func(t *testing.T, f *fx) {
		_, err := f.store.PutConfig(f.ctx, 0, ports.StoreConfig{Data: doc(1), SavedAt: t0})
		require.NoError(t, err)
		for _, expected := range []int64{0, 2, 7} {
			_, err = f.store.PutConfig(f.ctx, expected, ports.StoreConfig{Data: doc(9), SavedAt: t0})
			require.ErrorIs(t, err, ports.ErrVersionConflict, "expected %d", expected)
			assert.Equal(t, ports.CodeVersionConflict, errs.Code(err))
			require.ErrorIs(t, err, errs.Conflict)
		}
		got, err := f.store.Config(f.ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(1), got.Version, "a refused save stores nothing")
		assert.JSONEq(t, string(doc(1)), string(got.Data))
	}},
	{"refused_input", func(t *testing.T, f *fx) {
		for _, data := range []string{"", "null", "[1]", `"x"`, "{", `{"a":1} x`} {
			_, err := f.store.PutConfig(f.ctx, 0, ports.StoreConfig{Data: []byte(data), SavedAt: t0})
			require.ErrorIs(t, err, errs.Invalid, "data %q", data)
			assert.Equal(t, "data", errs.Field(err))
		}
		_, err := f.store.PutConfig(f.ctx, -1, ports.StoreConfig{Data: doc(1), SavedAt: t0})
		require.ErrorIs(t, err, errs.Invalid)
		assert.Equal(t, "version", errs.Field(err))
		v, err := f.store.ConfigVersion(f.ctx)
		require.NoError(t, err)
		assert.Zero(t, v)
	}},
	{"not_inside_own_unit", func(t *testing.T, f *fx) {
		err := f.store.Atomic(f.ctx, func(ctx context.Context, _ ports.Tx) error {
			_, err := f.store.PutConfig(ctx, 0, ports.StoreConfig{Data: doc(1), SavedAt: t0})
			return err
		})
		require.Error(t, err)
		v, err := f.store.ConfigVersion(f.ctx)
		require.NoError(t, err)
		assert.Zero(t, v)
	}},
	{"concurrent_saves_one_wins", func(t *testing.T, f *fx) {
		_, err := f.store.PutConfig(f.ctx, 0, ports.StoreConfig{Data: doc(0), SavedAt: t0})
		require.NoError(t, err)
		for round := int64(1); round <= 3; round++ {
			const n = 24
			results := parallel(n, func(i int) error {
				_, err := f.store.PutConfig(f.ctx, round, ports.StoreConfig{Data: doc(i), Author: fmt.Sprint(i), SavedAt: t0})
				return err
			})
			winner := -1
			for i, err := range results {
				switch {
				case err == nil:
					require.Equal(t, -1, winner, "round %d: saves %d and %d both won", round, winner, i)
					winner = i
				case errors.Is(err, ports.ErrVersionConflict):
				default:
					require.NoError(t, err, "round %d", round)
				}
			}
			require.NotEqual(t, -1, winner, "round %d: no save won", round)
			got, err := f.store.Config(f.ctx)
			require.NoError(t, err)
			assert.Equal(t, round+1, got.Version)
			assert.Equal(t, fmt.Sprint(winner), got.Author)
			assert.JSONEq(t, string(doc(winner)), string(got.Data), "the winner's document is stored")
		}
	}},
}
