package ports

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
)

// DefaultStore is the id of the store a single-store deployment keeps its
// records under: an adapter's store handle that was not scoped with
// ForStore belongs to it.
const DefaultStore = "default"

// MaxStoreIDLength bounds a store id.
const MaxStoreIDLength = 40

// CodeStoreNotFound is the code of ErrStoreNotFound.
const CodeStoreNotFound = "store_not_found"

// ErrStoreNotFound: the deployment has no store with the id.
var ErrStoreNotFound = errs.E(errs.NotFound, CodeStoreNotFound, "ports: store not found")

// ValidateStoreID checks a store id: 1 to MaxStoreIDLength characters, each
// a lower-case ASCII letter, a digit or "-", starting with a letter or a
// digit. It is used in URLs (/s/{store}/…) and in every record's key.
// Errors: invalid_input at field "store".
func ValidateStoreID(id string) error {
	bad := len(id) == 0 || len(id) > MaxStoreIDLength || id[0] == '-'
	for i := 0; i < len(id) && !bad; i++ {
		c := id[i]
		bad = !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')
	}
	if bad {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a store id is 1 to %d of a–z, 0–9 and \"-\", not starting with \"-\"", MaxStoreIDLength).WithField("store")
	}
	return nil
}

// StoreInfo is one store (a seller) of a deployment.
type StoreInfo struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Host      string    `json:"host,omitempty"` // a host name that serves the store, lower case; "" for none
	Disabled  bool      `json:"disabled,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// MaxStoreNameLength bounds a store's name, in bytes.
const MaxStoreNameLength = 200

// MaxHostLength bounds a store's host name.
const MaxHostLength = 253

// Validate checks a store as CreateStore and UpdateStore take it: an id
// ValidateStoreID accepts, a name of at most MaxStoreNameLength bytes of
// valid UTF-8 without control characters, and a host that is empty or 1
// to MaxHostLength of a–z, 0–9, "." and "-" (lower case: hosts compare
// without regard to case, see [Platform]). Errors: invalid_input at
// "store", "name" or "host".
func (s StoreInfo) Validate() error {
	if err := ValidateStoreID(s.ID); err != nil {
		return err
	}
	if len(s.Name) > MaxStoreNameLength || !utf8.ValidString(s.Name) || strings.IndexFunc(s.Name, unicode.IsControl) >= 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a store name is at most %d bytes of text without control characters", MaxStoreNameLength).WithField("name")
	}
	bad := len(s.Host) > MaxHostLength
	for i := 0; i < len(s.Host) && !bad; i++ {
		c := s.Host[i]
		bad = !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')
	}
	if bad {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a store host is at most %d of a–z, 0–9, \".\" and \"-\"", MaxHostLength).WithField("host")
	}
	return nil
}

// Platform is one deployment's storage of many stores. Every record a
// [Store] keeps (orders, stock, vouchers and their redemptions, kode unik
// holds, order-number sequences, idempotency keys, abandoned checkouts,
// outbox events, webhook endpoints, and every kind added later) belongs
// to one store, with the store in its key: two stores may use the same
// SKU, voucher code, kode unik amount or idempotency key without touching
// each other, and nothing read through one store's handle shows another
// store's records.
type Platform interface {
	// ForStore returns the handle of one store's records. It does no I/O
	// and does not check that the store was created. Errors:
	// invalid_input at "store" for an id ValidateStoreID refuses.
	ForStore(id string) (Store, error)
	// CreateStore records a new store as given (CreatedAt included):
	// ErrDuplicate when the id (or a non-empty host) is taken, as
	// DefaultStore always is (a platform starts with it, named
	// DefaultStore, without a host);
	// invalid_input as StoreInfo.Validate returns it.
	CreateStore(ctx context.Context, info StoreInfo) error
	// UpdateStore changes a store's name, host and disabled flag to
	// info's (its CreatedAt is kept): ErrStoreNotFound; ErrDuplicate for a
	// host another store has; invalid_input as StoreInfo.Validate returns
	// it.
	UpdateStore(ctx context.Context, info StoreInfo) error
	// StoreInfo returns one store: ErrStoreNotFound.
	StoreInfo(ctx context.Context, id string) (StoreInfo, error)
	// StoreByHost returns the store a host name serves, comparing without
	// regard to case: ErrStoreNotFound (also for "").
	StoreByHost(ctx context.Context, host string) (StoreInfo, error)
	// ListStores returns stores by id, from offset, at most limit (≤ 0:
	// all), and how many there are; the default store (DefaultStore) is
	// always among them. Errors: invalid_input at "offset" for a negative
	// offset.
	ListStores(ctx context.Context, offset, limit int) ([]StoreInfo, int, error)
}

// StoreOfHost is the store a request without a /s/{store} prefix is for,
// by the host it names (host or host:port; case and a trailing dot do not
// count): the store p gives the host (StoreByHost), or DefaultStore when
// no store has it. Errors: the platform's, but not-found.
func StoreOfHost(ctx context.Context, p Platform, hostport string) (string, error) {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	info, err := p.StoreByHost(ctx, strings.ToLower(strings.TrimSuffix(host, ".")))
	switch {
	case errors.Is(err, ErrStoreNotFound):
		return DefaultStore, nil
	case err != nil:
		return "", err
	}
	return info.ID, nil
}

// CheckServed tells whether a deployment serves store: a valid id of a
// store p keeps and has not disabled, or the default store without a
// record (a deployment that began with one store). Errors:
// ErrStoreNotFound for an invalid id or a disabled store; p's error (a
// not-found one for a store it does not keep).
func CheckServed(ctx context.Context, p Platform, store string) error {
	if ValidateStoreID(store) != nil {
		return ErrStoreNotFound
	}
	info, err := p.StoreInfo(ctx, store)
	return served(store, info, err)
}

// served is CheckServed's answer for the store's record as read.
func served(store string, info StoreInfo, err error) error {
	switch {
	case errors.Is(err, ErrStoreNotFound) && store == DefaultStore:
		return nil
	case err != nil:
		return err
	case info.Disabled:
		return ErrStoreNotFound
	}
	return nil
}

// StoreState is a store's record and the number of its latest
// configuration version, read together.
type StoreState struct {
	Info          StoreInfo
	Found         bool  // the platform keeps a record of the store (Info is it)
	ConfigVersion int64 // the latest configuration version; 0: none saved
}

// StoreStates is what a Platform may also implement: a store's record and
// the number of its latest configuration version (Configs.ConfigVersion)
// in one read of the storage, so a request learns whether the store is
// served and which configuration serves it at the cost of one read
// instead of two (see ServedVersion).
type StoreStates interface {
	// StoreState returns the store's record, when the platform keeps one,
	// and its latest configuration version, as of one read. Errors: the
	// platform's (a store without a record is not an error: Found is
	// false).
	StoreState(ctx context.Context, id string) (StoreState, error)
}

// ServedVersion is CheckServed that, when p is a StoreStates, also
// returns the store's latest configuration version, read with its record
// in one read (known is then true); otherwise it checks as CheckServed
// does and known is false. Errors: CheckServed's.
func ServedVersion(ctx context.Context, p Platform, store string) (version int64, known bool, err error) {
	ss, ok := p.(StoreStates)
	if !ok {
		return 0, false, CheckServed(ctx, p, store)
	}
	if ValidateStoreID(store) != nil {
		return 0, false, ErrStoreNotFound
	}
	st, err := ss.StoreState(ctx, store)
	if err == nil && !st.Found {
		err = ErrStoreNotFound
	}
	if err := served(store, st.Info, err); err != nil {
		return 0, false, err
	}
	return st.ConfigVersion, true, nil
}

// ServedService checks that the deployment serves store (CheckServed) and
// gets its service: by serviceAt with the latest configuration version
// when serviceAt is set and p read that version with the store's record
// (ServedVersion), otherwise by service. err is the check's error (the
// service is then not asked for); svcErr is the service function's.
func ServedService[S any](ctx context.Context, p Platform, store string,
	service func(context.Context, string) (S, error), serviceAt func(context.Context, string, int64) (S, error),
) (svc S, svcErr, err error) {
	v, known, err := ServedVersion(ctx, p, store)
	switch {
	case err != nil:
		return svc, nil, err
	case known && serviceAt != nil:
		svc, svcErr = serviceAt(ctx, store, v)
	default:
		svc, svcErr = service(ctx, store)
	}
	return svc, svcErr, nil
}
