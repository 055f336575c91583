package kasir

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// KeyPrefix starts every API key's secret: "ksr_<store>_<43 characters>",
// so that a secret is recognisable where it should not be (a log, a
// repository) and names the store it opens.
const KeyPrefix = "ksr_"

// keySecretBytes is how much randomness a secret carries: 256 bits.
const keySecretBytes = 32

// keyTouchEvery is how stale a key's last use may get before a request
// records a new one, so that a busy key does not write on every request.
const keyTouchEvery = time.Minute

// errBadKey is the answer to a secret that opens nothing: malformed,
// unknown or revoked. It does not say which.
var errBadKey = errs.E(errs.Unauthorized, errs.CodeUnauthorized, "kasir: the API key is wrong or revoked")

// Keys manages one store's API keys: it mints them, lists them, revokes
// them and tells which key a secret is. It is safe for concurrent use.
//
// A secret is 256 random bits; the store keeps only its SHA-256 (see
// [ports.APIKey]). A slow password hash such as bcrypt exists to make
// guessing a low-entropy password expensive; no guessing reaches a
// 256-bit random secret, so a fast hash loses nothing and lets each
// request find its key with one indexed look-up instead of trying every
// key. The hash found is compared again in constant time.
type Keys struct {
	store string
	db    ports.APIKeys
	clock ports.Clock
}

// NewKeys returns the keys of the store with id store, kept in db. Errors:
// invalid_input at "store" for an id ports.ValidateStoreID refuses;
// internal for a nil db or clock.
func NewKeys(store string, db ports.APIKeys, clock ports.Clock) (*Keys, error) {
	if err := ports.ValidateStoreID(store); err != nil {
		return nil, err
	}
	if db == nil || clock == nil {
		return nil, errs.E(errs.Other, errs.CodeInternal, "kasir: NewKeys needs a key store and a clock")
	}
	return &Keys{store: store, db: db, clock: clock}, nil
}

// Store returns the id of the store whose keys k manages.
func (k *Keys) Store() string { return k.store }

// Create mints a key named name with role and returns it with its secret,
// which is shown this once: only its hash is kept. Errors: invalid_input
// at "name" for a name that is empty after trimming, longer than
// ports.MaxAPIKeyName bytes or holds control characters, at "role" for an
// unknown role; a store error.
func (k *Keys) Create(ctx context.Context, name string, role ports.Role) (ports.APIKey, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > ports.MaxAPIKeyName || !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		return ports.APIKey{}, "", errs.Invalidf(errs.CodeInvalidInput, "kasir: a key's name is 1 to %d bytes of text", ports.MaxAPIKeyName).WithField("name")
	}
	if !role.Valid() {
		return ports.APIKey{}, "", errs.Invalidf(errs.CodeInvalidInput, "kasir: a key's role is owner, staff or read_only, not %q", role).WithField("role")
	}
	raw := make([]byte, keySecretBytes)
	_, _ = rand.Read(raw) // crypto/rand.Read never fails
	secret := KeyPrefix + k.store + "_" + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(secret))
	key := ports.APIKey{
		ID:        "key_" + strings.ToLower(rand.Text()[:16]),
		Name:      name,
		Role:      role,
		Hint:      secret[len(secret)-4:],
		Hash:      sum[:],
		CreatedAt: k.clock.Now(ctx).UTC(),
	}
	if err := k.db.CreateAPIKey(ctx, key); err != nil {
		return ports.APIKey{}, "", err
	}
	return key, secret, nil
}

// List returns the store's keys, revoked ones too, oldest first. Errors: a
// store error.
func (k *Keys) List(ctx context.Context) ([]ports.APIKey, error) { return k.db.APIKeys(ctx) }

// Revoke revokes the key with id: from the moment it returns, the key
// opens nothing, in every process sharing the store. Revoking a revoked
// key changes nothing. Errors: ports.ErrAPIKeyNotFound; a store error.
func (k *Keys) Revoke(ctx context.Context, id string) (ports.APIKey, error) {
	return k.db.RevokeAPIKey(ctx, id, k.clock.Now(ctx).UTC())
}

// StoreOfSecret returns the store a secret names ("ksr_<store>_…"), and
// false when secret does not have the form of a key.
func StoreOfSecret(secret string) (string, bool) {
	rest, ok := strings.CutPrefix(secret, KeyPrefix)
	if !ok {
		return "", false
	}
	store, body, ok := strings.Cut(rest, "_")
	if !ok || ports.ValidateStoreID(store) != nil || base64.RawURLEncoding.DecodedLen(len(body)) != keySecretBytes {
		return "", false
	}
	return store, true
}

// Authenticate returns the live key whose secret is secret, and records
// its use (at most once a minute). Every call reads the store, so a
// revocation holds from the next request on. Errors: ports.ErrForbidden
// for a key of another store; unauthorized for a secret that is
// malformed, unknown or revoked (the error does not say which); a store
// error.
func (k *Keys) Authenticate(ctx context.Context, secret string) (ports.APIKey, error) {
	store, ok := StoreOfSecret(secret)
	if !ok {
		return ports.APIKey{}, errBadKey
	}
	if store != k.store {
		return ports.APIKey{}, errs.E(errs.Unauthorized, ports.CodeForbidden, "kasir: the API key belongs to another store")
	}
	sum := sha256.Sum256([]byte(secret))
	key, err := k.db.APIKeyByHash(ctx, sum[:])
	if errors.Is(err, ports.ErrAPIKeyNotFound) {
		return ports.APIKey{}, errBadKey
	}
	if err != nil {
		return ports.APIKey{}, err
	}
	if subtle.ConstantTimeCompare(key.Hash, sum[:]) != 1 || key.Revoked() {
		return ports.APIKey{}, errBadKey
	}
	if now := k.clock.Now(ctx).UTC(); now.Sub(key.LastUsedAt) >= keyTouchEvery {
		if err := k.db.TouchAPIKey(ctx, key.ID, now); err != nil {
			return ports.APIKey{}, err
		}
		key.LastUsedAt = now
	}
	return key, nil
}
