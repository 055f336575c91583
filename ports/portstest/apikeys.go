package portstest

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// apiKey is a key named id whose hash is the SHA-256 of "secret-"+id.
func apiKey(id string, role ports.Role, created time.Time) ports.APIKey {
	h := sha256.Sum256([]byte("secret-" + id))
	return ports.APIKey{ID: id, Name: "key " + id, Role: role, Hint: id[len(id)-1:], Hash: h[:], CreatedAt: created}
}

func assertAPIKey(t testing.TB, want, got ports.APIKey) {
	t.Helper()
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.Name, got.Name)
	assert.Equal(t, want.Role, got.Role)
	assert.Equal(t, want.Hint, got.Hint)
	assert.Equal(t, want.Hash, got.Hash)
	assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "created %s, got %s", want.CreatedAt, got.CreatedAt)
	assert.True(t, want.LastUsedAt.Equal(got.LastUsedAt), "last used %s, got %s", want.LastUsedAt, got.LastUsedAt)
	assert.True(t, want.RevokedAt.Equal(got.RevokedAt), "revoked %s, got %s", want.RevokedAt, got.RevokedAt)
}

var apiKeyTests = []test{
	{"create_list_look_up", func(t *testing.T, f *fx) {
		owner := apiKey("key_owner", ports.RoleOwner, t0.Add(time.Minute))
		staff := apiKey("key_staff", ports.RoleStaff, t0)
		reader := apiKey("key_reader", ports.RoleReadOnly, t0)
		for _, k := range []ports.APIKey{owner, staff, reader} {
			require.NoError(t, f.store.CreateAPIKey(f.ctx, k))
		}
		got, err := f.store.APIKeys(f.ctx)
		require.NoError(t, err)
		require.Len(t, got, 3)
		assert.Equal(t, []string{"key_reader", "key_staff", "key_owner"}, []string{got[0].ID, got[1].ID, got[2].ID},
			"oldest first, then by id")
		assertAPIKey(t, owner, got[2])

		k, err := f.store.APIKeyByHash(f.ctx, staff.Hash)
		require.NoError(t, err)
		assertAPIKey(t, staff, k)
		k.Hash[0] ^= 0xff // the caller's copy
		k, err = f.store.APIKeyByHash(f.ctx, staff.Hash)
		require.NoError(t, err)
		assert.Equal(t, staff.Hash, k.Hash, "a returned hash is a copy")

		other := sha256.Sum256([]byte("no such key"))
		_, err = f.store.APIKeyByHash(f.ctx, other[:])
		require.ErrorIs(t, err, ports.ErrAPIKeyNotFound)
		_, err = f.store.APIKeyByHash(f.ctx, nil)
		require.ErrorIs(t, err, ports.ErrAPIKeyNotFound)
	}},
	{"create_refused", func(t *testing.T, f *fx) {
		k := apiKey("key_a", ports.RoleOwner, t0)
		require.NoError(t, f.store.CreateAPIKey(f.ctx, k))

		sameID := apiKey("key_a", ports.RoleStaff, t0)
		sameID.Hash = apiKey("key_b", ports.RoleStaff, t0).Hash
		require.ErrorIs(t, f.store.CreateAPIKey(f.ctx, sameID), ports.ErrDuplicate, "a taken id")
		sameHash := apiKey("key_c", ports.RoleStaff, t0)
		sameHash.Hash = k.Hash
		require.ErrorIs(t, f.store.CreateAPIKey(f.ctx, sameHash), ports.ErrDuplicate, "a taken hash")

		bad := map[string]func(*ports.APIKey){
			"id":   func(k *ports.APIKey) { k.ID = "" },
			"name": func(k *ports.APIKey) { k.Name = "" },
			"role": func(k *ports.APIKey) { k.Role = "admin" },
			"hash": func(k *ports.APIKey) { k.Hash = k.Hash[:16] },
		}
		for field, change := range bad {
			k := apiKey("key_bad", ports.RoleOwner, t0)
			change(&k)
			err := f.store.CreateAPIKey(f.ctx, k)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), field)
			assert.Equal(t, field, errs.Field(err), field)
		}
		got, err := f.store.APIKeys(f.ctx)
		require.NoError(t, err)
		require.Len(t, got, 1, "nothing refused is stored")
		assertAPIKey(t, k, got[0])
	}},
	{"revoke_at_once", func(t *testing.T, f *fx) {
		k := apiKey("key_a", ports.RoleStaff, t0)
		keep := apiKey("key_b", ports.RoleStaff, t0)
		require.NoError(t, f.store.CreateAPIKey(f.ctx, k))
		require.NoError(t, f.store.CreateAPIKey(f.ctx, keep))

		revoked, err := f.store.RevokeAPIKey(f.ctx, "key_a", t0.Add(time.Hour))
		require.NoError(t, err)
		assert.True(t, revoked.RevokedAt.Equal(t0.Add(time.Hour)))
		got, err := f.store.APIKeyByHash(f.ctx, k.Hash)
		require.NoError(t, err, "a revoked key is still found")
		assert.True(t, got.Revoked(), "the next look-up sees the revocation")

		again, err := f.store.RevokeAPIKey(f.ctx, "key_a", t0.Add(2*time.Hour))
		require.NoError(t, err)
		assert.True(t, again.RevokedAt.Equal(t0.Add(time.Hour)), "a second revocation keeps the first time")

		_, err = f.store.RevokeAPIKey(f.ctx, "key_none", t0)
		require.ErrorIs(t, err, ports.ErrAPIKeyNotFound)
		other, err := f.store.APIKeyByHash(f.ctx, keep.Hash)
		require.NoError(t, err)
		assert.False(t, other.Revoked(), "other keys stay live")
	}},
	{"touch", func(t *testing.T, f *fx) {
		k := apiKey("key_a", ports.RoleReadOnly, t0)
		require.NoError(t, f.store.CreateAPIKey(f.ctx, k))
		require.NoError(t, f.store.TouchAPIKey(f.ctx, "key_a", t0.Add(2*time.Minute)))
		require.NoError(t, f.store.TouchAPIKey(f.ctx, "key_a", t0.Add(time.Minute)), "an earlier use is no error")
		got, err := f.store.APIKeyByHash(f.ctx, k.Hash)
		require.NoError(t, err)
		assert.True(t, got.LastUsedAt.Equal(t0.Add(2*time.Minute)), "the latest use is kept, got %s", got.LastUsedAt)

		_, err = f.store.RevokeAPIKey(f.ctx, "key_a", t0.Add(3*time.Minute))
		require.NoError(t, err)
		require.NoError(t, f.store.TouchAPIKey(f.ctx, "key_a", t0.Add(4*time.Minute)))
		got, err = f.store.APIKeyByHash(f.ctx, k.Hash)
		require.NoError(t, err)
		assert.True(t, got.LastUsedAt.Equal(t0.Add(2*time.Minute)), "a revoked key is not touched")
		require.ErrorIs(t, f.store.TouchAPIKey(f.ctx, "key_none", t0), ports.ErrAPIKeyNotFound)
	}},
	{"concurrent_create_and_revoke", func(t *testing.T, f *fx) {
		const n = 16
		keys := make([]ports.APIKey, n)
		for i := range keys {
			keys[i] = apiKey(fmt.Sprintf("key_%02d", i), ports.RoleStaff, t0)
		}
		for i, err := range parallel(n, func(i int) error { return f.store.CreateAPIKey(f.ctx, keys[i]) }) {
			require.NoError(t, err, "key %d", i)
		}
		// Every key is revoked once and touched many times at once; the
		// revocations win whatever the order.
		errs := parallel(2*n, func(i int) error {
			if i%2 == 0 {
				_, err := f.store.RevokeAPIKey(f.ctx, keys[i/2].ID, t0.Add(time.Hour))
				return err
			}
			return f.store.TouchAPIKey(f.ctx, keys[i/2].ID, t0.Add(time.Duration(i)*time.Minute))
		})
		for i, err := range errs {
			require.NoError(t, err, "call %d", i)
		}
		got, err := f.store.APIKeys(f.ctx)
		require.NoError(t, err)
		require.Len(t, got, n)
		for _, k := range got {
			assert.True(t, k.RevokedAt.Equal(t0.Add(time.Hour)), "%s revoked", k.ID)
		}
	}},
}
