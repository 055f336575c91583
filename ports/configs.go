package ports

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/pricing"
)

// Codes of the configuration errors.
const (
	CodeVersionConflict = "version_conflict"
	CodeConfigNotFound  = "config_not_found"
)

// ErrVersionConflict (kind Conflict): the configuration was saved by
// someone else after the version the change was made on. Read the latest
// version, apply the change to it and save again.
var ErrVersionConflict = errs.E(errs.Conflict, CodeVersionConflict, "ports: the store's configuration changed meanwhile")

// ErrConfigNotFound (kind NotFound): the store has no configuration yet,
// or not the version asked for.
var ErrConfigNotFound = errs.E(errs.NotFound, CodeConfigNotFound, "ports: the store has no such configuration")

// MaxConfigBytes bounds a configuration document.
const MaxConfigBytes = 32 << 20

// StoreConfig is one saved version of a store's configuration: the
// document a store's Service is built from (settings, bank accounts,
// locations, warehouses, products, bundles and rate card, in the data
// file's format without its vouchers; see docs/management.md).
type StoreConfig struct {
	// Version numbers the saves of one store: 1, 2, 3 … with no gaps.
	Version int64 `json:"version"`
	// Data is the JSON document, as saved; nil in a history listing.
	Data json.RawMessage `json:"data,omitempty"`
	// Author names who saved it (a user, a key, "import").
	Author  string    `json:"author,omitempty"`
	SavedAt time.Time `json:"saved_at"`
}

// Configs keeps a store's configuration as numbered versions, with
// optimistic concurrency: a save names the version it was made on, and of
// concurrent saves made on one version exactly one succeeds. Old versions
// are kept as history. Every method refuses to run inside one of the
// store's own units of work.
type Configs interface {
	// Config returns the latest version with its document:
	// ErrConfigNotFound when the store has none.
	Config(ctx context.Context) (StoreConfig, error)
	// ConfigVersion returns the number of the latest version, 0 when the
	// store has none: one small indexed read, for a cache to check that
	// what it built is current.
	ConfigVersion(ctx context.Context) (int64, error)
	// ConfigAt returns one version with its document: ErrConfigNotFound.
	ConfigAt(ctx context.Context, version int64) (StoreConfig, error)
	// ConfigVersions lists the versions newest first, without their
	// documents, at most limit (≤ 0: all).
	ConfigVersions(ctx context.Context, limit int) ([]StoreConfig, error)
	// PutConfig saves c.Data (with c.Author and c.SavedAt) as version
	// expected+1 when the latest version is expected (0: the store has
	// none yet) and returns what it saved. ErrVersionConflict when the
	// latest version is another; invalid_input at "data" when c.Data is
	// not a JSON object or is larger than MaxConfigBytes, at "version"
	// for an expected version below 0. Nothing is saved on an error.
	PutConfig(ctx context.Context, expected int64, c StoreConfig) (StoreConfig, error)
}

// Seeding fills a store's stock and vouchers outside any unit of work:
// what an import of a data file and the voucher admin write.
type Seeding interface {
	// SeedStockIfAbsent sets the units left of the variants levels names
	// that the store has no level for yet; levels already stored are
	// kept. invalid_input (nothing stored) for an empty variant id or a
	// level out of range.
	SeedStockIfAbsent(ctx context.Context, levels map[string]int64) error
	// PutVoucher stores a voucher, replacing the one with the same code
	// (without regard to case); a replaced voucher keeps its
	// redemptions. invalid_input for a voucher that fails Validate.
	PutVoucher(ctx context.Context, v pricing.Voucher) error
}

// ValidateConfigData checks what every adapter checks of a document
// before saving it: a JSON object of at most MaxConfigBytes.
// Errors: invalid_input at "data".
func ValidateConfigData(data []byte) error {
	if len(data) > MaxConfigBytes {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a configuration is at most %d bytes", MaxConfigBytes).WithField("data")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return errs.Invalidf(errs.CodeInvalidInput, "ports: a configuration is a JSON object").WithField("data")
	}
	return nil
}
