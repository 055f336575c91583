package ports

import (
	"context"
	"time"

	"github.com/kasir-id/kasir/errs"
)

// Role is what an API key may do in its store's admin API.
type Role string

// The roles, each allowed everything the one after it is.
const (
	// RoleOwner may do everything in the store: orders, settings, webhook
	// endpoints and API keys.
	RoleOwner Role = "owner"
	// RoleStaff works orders (changes, transitions, payments, imports,
	// prints) but manages no keys, settings or webhook endpoints.
	RoleStaff Role = "staff"
	// RoleReadOnly only reads.
	RoleReadOnly Role = "read_only"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether a key with role r may do what needs role need:
// an owner may do what staff may, staff what read_only may. An invalid
// role allows nothing and an invalid need is allowed to no one.
func (r Role) Allows(need Role) bool {
	return r.Valid() && need.Valid() && r.rank() >= need.rank()
}

func (r Role) rank() int {
	switch r {
	case RoleReadOnly:
		return 1
	case RoleStaff:
		return 2
	case RoleOwner:
		return 3
	}
	return 0
}

// APIKeyHashSize is the length of an API key's hash (SHA-256).
const APIKeyHashSize = 32

// MaxAPIKeyName bounds an API key's name, in bytes.
const MaxAPIKeyName = 100

// APIKey is one API key of a store. The secret itself is never stored:
// Hash is its SHA-256, which is all a look-up needs.
type APIKey struct {
	ID   string `json:"id"`
	Name string `json:"name"` // what the owner calls it ("gudang", "kasir toko")
	Role Role   `json:"role"`
	// Hint is the end of the secret, so that a person can tell keys apart
	// in a listing; it is too short to guess the secret from.
	Hint       string    `json:"hint"`
	Hash       []byte    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"` // zero: never used
	RevokedAt  time.Time `json:"revoked_at,omitzero"`   // zero: live
}

// Revoked reports whether the key was revoked.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// Validate checks what every store needs of a key: invalid_input at id for
// an empty id, at name for an empty name or one over MaxAPIKeyName bytes,
// at role for an unknown role, at hash for a hash that is not
// APIKeyHashSize bytes.
func (k APIKey) Validate() error {
	switch {
	case k.ID == "":
		return errs.Invalidf(errs.CodeInvalidInput, "ports: an API key needs an id").WithField("id")
	case k.Name == "" || len(k.Name) > MaxAPIKeyName:
		return errs.Invalidf(errs.CodeInvalidInput, "ports: an API key's name is 1 to %d bytes", MaxAPIKeyName).WithField("name")
	case !k.Role.Valid():
		return errs.Invalidf(errs.CodeInvalidInput, "ports: an API key's role is owner, staff or read_only, not %q", k.Role).WithField("role")
	case len(k.Hash) != APIKeyHashSize:
		return errs.Invalidf(errs.CodeInvalidInput, "ports: an API key's hash is %d bytes", APIKeyHashSize).WithField("hash")
	}
	return nil
}

// CodeAPIKeyNotFound is the code of ErrAPIKeyNotFound.
const CodeAPIKeyNotFound = "api_key_not_found"

// ErrAPIKeyNotFound: the store has no API key with the id or hash.
var ErrAPIKeyNotFound = errs.E(errs.NotFound, CodeAPIKeyNotFound, "ports: API key not found")

// APIKeys keeps a store's API keys. Every process sharing the store sees
// a key's creation and revocation as soon as the call returns.
type APIKeys interface {
	// CreateAPIKey stores a new key. Errors: those of APIKey.Validate;
	// ErrDuplicate when its id or hash is taken.
	CreateAPIKey(ctx context.Context, k APIKey) error
	// APIKeys lists the keys, revoked ones too, oldest first (by creation
	// time, then id).
	APIKeys(ctx context.Context) ([]APIKey, error)
	// APIKeyByHash returns the key whose hash is hash, revoked or not:
	// ErrAPIKeyNotFound when there is none. It answers from an index.
	APIKeyByHash(ctx context.Context, hash []byte) (APIKey, error)
	// RevokeAPIKey marks the key revoked at `at` and returns it; a key
	// already revoked keeps its first time. Errors: ErrAPIKeyNotFound.
	RevokeAPIKey(ctx context.Context, id string, at time.Time) (APIKey, error)
	// TouchAPIKey records that the key was used at `at` when that is later
	// than its last use; a revoked key is left as it is. Errors:
	// ErrAPIKeyNotFound.
	TouchAPIKey(ctx context.Context, id string, at time.Time) error
}

// CodeForbidden is the code of ErrForbidden.
const CodeForbidden = "forbidden"

// ErrForbidden: the credentials are good, but not for this: a key of
// another store, or a role that does not allow the request.
var ErrForbidden = errs.E(errs.Unauthorized, CodeForbidden, "ports: the key may not do this")
