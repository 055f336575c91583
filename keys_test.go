package kasir_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

func newKeys(t *testing.T, store string) (*kasir.Keys, *kasirtest.ManualClock) {
	t.Helper()
	db, err := memory.NewStore()
	require.NoError(t, err)
	clock := kasirtest.NewManualClock(kasirtest.Start)
	k, err := kasir.NewKeys(store, db, clock)
	require.NoError(t, err)
	return k, clock
}

func TestKeysCreateShowsTheSecretOnceAndAuthenticates(t *testing.T) {
	t.Parallel()
	keys, clock := newKeys(t, "toko-a")
	key, secret, err := keys.Create(ctx, "  kasir depan ", ports.RoleStaff)
	require.NoError(t, err)
	assert.Equal(t, "kasir depan", key.Name, "the name is trimmed")
	assert.Equal(t, ports.RoleStaff, key.Role)
	assert.True(t, strings.HasPrefix(secret, "ksr_toko-a_"), "a recognisable prefix naming the store: %s", secret)
	assert.Len(t, secret, len("ksr_toko-a_")+43, "256 bits in base64url")
	assert.Equal(t, secret[len(secret)-4:], key.Hint)
	assert.NotContains(t, string(key.Hash), secret, "the secret is not what is kept")
	store, ok := kasir.StoreOfSecret(secret)
	assert.True(t, ok)
	assert.Equal(t, "toko-a", store)

	clock.Advance(time.Hour)
	got, err := keys.Authenticate(ctx, secret)
	require.NoError(t, err)
	assert.Equal(t, key.ID, got.ID)
	assert.True(t, got.LastUsedAt.Equal(clock.Now(ctx)), "the use is recorded")

	listed, err := keys.List(ctx)
	require.NoError(t, err)
	require.Len(t, listed, 1)
	assert.True(t, listed[0].LastUsedAt.Equal(clock.Now(ctx)))

	_, other, err := keys.Create(ctx, "gudang", ports.RoleReadOnly)
	require.NoError(t, err)
	assert.NotEqual(t, secret, other, "several keys per store, each its own secret")
	second, err := keys.Authenticate(ctx, other)
	require.NoError(t, err)
	assert.Equal(t, ports.RoleReadOnly, second.Role)
}

func TestKeysRefuseWrongSecrets(t *testing.T) {
	t.Parallel()
	keys, _ := newKeys(t, "toko-a")
	_, secret, err := keys.Create(ctx, "owner", ports.RoleOwner)
	require.NoError(t, err)
	others, _ := newKeys(t, "toko-b")
	_, otherSecret, err := others.Create(ctx, "owner", ports.RoleOwner)
	require.NoError(t, err)

	flipped := []byte(secret)
	flipped[len(flipped)-1] ^= 1
	for name, s := range map[string]string{
		"empty": "", "no_prefix": strings.TrimPrefix(secret, "ksr_"), "short": secret[:len(secret)-1],
		"changed": string(flipped), "long": secret + "A", "bad_store": "ksr_TOKO_" + secret[len("ksr_toko-a_"):],
	} {
		_, err := keys.Authenticate(ctx, s)
		assert.Equal(t, errs.CodeUnauthorized, errs.Code(err), name)
		assert.True(t, errors.Is(err, errs.Unauthorized), name)
	}
	_, err = keys.Authenticate(ctx, otherSecret)
	assert.Equal(t, ports.CodeForbidden, errs.Code(err), "a key of another store is forbidden here")
}

func TestKeysRevokeTakesEffectAtOnce(t *testing.T) {
	t.Parallel()
	keys, _ := newKeys(t, "toko-a")
	key, secret, err := keys.Create(ctx, "staff", ports.RoleStaff)
	require.NoError(t, err)
	_, keep, err := keys.Create(ctx, "owner", ports.RoleOwner)
	require.NoError(t, err)

	revoked, err := keys.Revoke(ctx, key.ID)
	require.NoError(t, err)
	assert.True(t, revoked.Revoked())
	_, err = keys.Authenticate(ctx, secret)
	assert.Equal(t, errs.CodeUnauthorized, errs.Code(err), "the next request is refused")
	_, err = keys.Authenticate(ctx, keep)
	require.NoError(t, err, "the other key still opens")
	_, err = keys.Revoke(ctx, "key_none")
	require.ErrorIs(t, err, ports.ErrAPIKeyNotFound)
}

func TestKeysCreateRefusesBadInput(t *testing.T) {
	t.Parallel()
	keys, _ := newKeys(t, "toko-a")
	for name, tc := range map[string]struct {
		name  string
		role  ports.Role
		field string
	}{
		"empty_name":   {"   ", ports.RoleOwner, "name"},
		"long_name":    {strings.Repeat("a", ports.MaxAPIKeyName+1), ports.RoleOwner, "name"},
		"control_name": {"a\x00b", ports.RoleOwner, "name"},
		"bad_role":     {"kasir", "admin", "role"},
		"empty_role":   {"kasir", "", "role"},
	} {
		_, secret, err := keys.Create(ctx, tc.name, tc.role)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), name)
		assert.Equal(t, tc.field, errs.Field(err), name)
		assert.Empty(t, secret, name)
	}
	listed, err := keys.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, listed, "nothing refused is stored")

	_, err = kasir.NewKeys("Toko A", nil, nil)
	assert.Equal(t, "store", errs.Field(err))
}

func TestKeysConcurrentAuthenticateAndRevoke(t *testing.T) {
	t.Parallel()
	keys, clock := newKeys(t, "toko-a")
	key, secret, err := keys.Create(ctx, "staff", ports.RoleStaff)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			clock.Advance(time.Duration(i) * time.Second)
			_, err := keys.Authenticate(ctx, secret)
			if err != nil {
				assert.Equal(t, errs.CodeUnauthorized, errs.Code(err), "refused only as revoked")
			}
		})
	}
	_, err = keys.Revoke(ctx, key.ID)
	require.NoError(t, err)
	wg.Wait()
	_, err = keys.Authenticate(ctx, secret)
	assert.Equal(t, errs.CodeUnauthorized, errs.Code(err), "after the revocation returned, refused")
}
