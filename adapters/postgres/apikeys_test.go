package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// TestAPIKeysPerStoreAndAcrossProcesses: two stores' keys in one schema
// never meet, and a key revoked through one process's pool is refused by
// the next look-up of another's.
func TestAPIKeysPerStoreAndAcrossProcesses(t *testing.T) {
	t.Parallel()
	first := newStore(t)
	// A second "process": its own pool on the same schema.
	second, err := postgres.Open(t.Context(), testDSN(t), postgres.Schema(first.SchemaName()))
	require.NoError(t, err)
	t.Cleanup(second.Close)

	clock := kasirtest.NewManualClock(kasirtest.Start)
	handle := func(s *postgres.Store, store string) *kasir.Keys {
		h, err := s.ForStore(store)
		require.NoError(t, err)
		k, err := kasir.NewKeys(store, h, clock)
		require.NoError(t, err)
		return k
	}
	aFirst, aSecond, bSecond := handle(first, "toko-a"), handle(second, "toko-a"), handle(second, "toko-b")

	key, secret, err := aFirst.Create(t.Context(), "staff", ports.RoleStaff)
	require.NoError(t, err)
	_, bSecret, err := bSecond.Create(t.Context(), "owner", ports.RoleOwner)
	require.NoError(t, err)

	got, err := aSecond.Authenticate(t.Context(), secret)
	require.NoError(t, err, "the other process finds the key")
	assert.Equal(t, key.ID, got.ID)
	_, err = bSecond.Authenticate(t.Context(), secret)
	assert.Equal(t, ports.CodeForbidden, errs.Code(err), "store A's key opens nothing of store B")
	listed, err := bSecond.List(t.Context())
	require.NoError(t, err)
	require.Len(t, listed, 1, "store B lists only its own key")

	// Store B's handle does not find store A's hash even when asked for it.
	bHandle, err := second.ForStore("toko-b")
	require.NoError(t, err)
	_, err = bHandle.APIKeyByHash(t.Context(), key.Hash)
	require.ErrorIs(t, err, ports.ErrAPIKeyNotFound)
	_, err = bHandle.RevokeAPIKey(t.Context(), key.ID, clock.Now(t.Context()))
	require.ErrorIs(t, err, ports.ErrAPIKeyNotFound, "nor revokes it")

	clock.Advance(time.Minute)
	_, err = aFirst.Revoke(t.Context(), key.ID)
	require.NoError(t, err)
	_, err = aSecond.Authenticate(t.Context(), secret)
	assert.Equal(t, errs.CodeUnauthorized, errs.Code(err), "revoked in one process, refused by the other at once")
	_, err = bSecond.Authenticate(t.Context(), bSecret)
	require.NoError(t, err, "store B's key is untouched")
}
