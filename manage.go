package kasir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// ConfigSections are the sections of a configuration document that
// [Manager.PutSection] replaces whole: the data file's keys but vouchers.
var ConfigSections = []string{"store", "bank_accounts", "locations", "warehouses", "products", "bundles", "rates"}

// maxEditAttempts bounds the retries of an edit made on the latest
// version when other saves keep coming first.
const maxEditAttempts = 8

// Edit says how a change to a store's configuration is saved.
type Edit struct {
	// Version is the configuration version the change was made on: the
	// change is refused with ports.ErrVersionConflict when the latest
	// version is another. 0 applies the change to whatever version is
	// the latest when it is saved (an edit of one product, say, does not
	// undo another made meanwhile).
	Version int64
	// Author names who makes the change, kept with the version.
	Author string
}

// Manager changes one store's configuration and vouchers: the use cases
// of a seller's admin. Every change to the configuration is checked as a
// whole document by the deployment's ConfigFormat (the same rules as the
// data file, errors naming the field as a path such as
// "products[2].variants[0].price") and saved as a new version; the
// store's Service is rebuilt from it on its next use. It is safe for
// concurrent use.
type Manager struct {
	stores *Stores
	e      *storeEntry
}

// Manager returns the manager of one store. Errors: invalid_input at
// "store" for an invalid id.
func (s *Stores) Manager(id string) (*Manager, error) {
	e, err := s.entry(id)
	if err != nil {
		return nil, err
	}
	return &Manager{stores: s, e: e}, nil
}

// StoreID returns the id of the managed store.
func (m *Manager) StoreID() string { return m.e.id }

// Config returns the latest configuration version with its document:
// ports.ErrConfigNotFound when the store has none.
func (m *Manager) Config(ctx context.Context) (ports.StoreConfig, error) {
	return m.e.store.Config(ctx)
}

// ConfigVersions lists the saved versions newest first, without their
// documents, at most limit (≤ 0: all).
func (m *Manager) ConfigVersions(ctx context.Context, limit int) ([]ports.StoreConfig, error) {
	return m.e.store.ConfigVersions(ctx, limit)
}

// PutConfig checks a whole configuration document and saves it as a new
// version. Errors: the format's (kind Invalid, naming the field);
// ports.ErrVersionConflict when e.Version is set and not the latest.
func (m *Manager) PutConfig(ctx context.Context, e Edit, data []byte) (ports.StoreConfig, error) {
	if _, err := m.stores.deps.Format.ParseConfig(data); err != nil {
		return ports.StoreConfig{}, err
	}
	return m.save(ctx, e, func(int64) ([]byte, error) { return data, nil })
}

// save stores what next makes of the latest version (0 and nil data when
// there is none), as a new version: on e.Version when it is set, or on
// the latest, trying again when another save came first.
func (m *Manager) save(ctx context.Context, e Edit, next func(latest int64) ([]byte, error)) (ports.StoreConfig, error) {
	for attempt := 1; ; attempt++ {
		latest, err := m.e.store.ConfigVersion(ctx)
		if err != nil {
			return ports.StoreConfig{}, err
		}
		if e.Version != 0 && e.Version != latest {
			return ports.StoreConfig{}, errs.Wrap(errs.Conflict, ports.CodeVersionConflict, ports.ErrVersionConflict,
				fmt.Sprintf("kasir: the configuration is at version %d, not %d", latest, e.Version)).WithField("version")
		}
		data, err := next(latest)
		if err != nil {
			return ports.StoreConfig{}, err
		}
		saved, err := m.e.store.PutConfig(ctx, latest, ports.StoreConfig{Data: data, Author: e.Author, SavedAt: m.stores.deps.Clock.Now(ctx)})
		if err == nil || !errors.Is(err, ports.ErrVersionConflict) || e.Version != 0 || attempt == maxEditAttempts {
			return saved, err
		}
	}
}

// edit applies change to the latest document's sections, checks the
// result and saves it. Errors: ports.ErrConfigNotFound when the store has
// no configuration to change; change's error; the format's.
func (m *Manager) edit(ctx context.Context, e Edit, change func(doc map[string]json.RawMessage) error) (ports.StoreConfig, error) {
	return m.save(ctx, e, func(latest int64) ([]byte, error) {
		if latest == 0 {
			return nil, errs.Wrap(errs.NotFound, ports.CodeConfigNotFound, ports.ErrConfigNotFound, "kasir: the store has no configuration to change; import one first")
		}
		cur, err := m.e.store.ConfigAt(ctx, latest)
		if err != nil {
			return nil, err
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(cur.Data, &doc); err != nil {
			return nil, fmt.Errorf("kasir: stored configuration version %d: %w", latest, err)
		}
		if err := change(doc); err != nil {
			return nil, err
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		if _, err := m.stores.deps.Format.ParseConfig(data); err != nil {
			return nil, err
		}
		return data, nil
	})
}

// PutSection replaces one section of the configuration (one of
// ConfigSections) with value, checks the whole document and saves it.
// Errors: invalid_input at "section" for another name, at "value" for a
// value that is not JSON; the format's; ports.ErrConfigNotFound;
// ports.ErrVersionConflict.
func (m *Manager) PutSection(ctx context.Context, e Edit, section string, value json.RawMessage) (ports.StoreConfig, error) {
	if !slices.Contains(ConfigSections, section) {
		return ports.StoreConfig{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a configuration has no section %q (it has %s)", section, strings.Join(ConfigSections, ", ")).WithField("section")
	}
	if !json.Valid(value) {
		return ports.StoreConfig{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: the section's value is not JSON").WithField("value")
	}
	return m.edit(ctx, e, func(doc map[string]json.RawMessage) error {
		doc[section] = slices.Clone(value)
		return nil
	})
}

// Section returns one section of the latest configuration as stored
// (null when the document leaves it out). Errors: invalid_input at
// "section"; ports.ErrConfigNotFound.
func (m *Manager) Section(ctx context.Context, section string) (json.RawMessage, int64, error) {
	if !slices.Contains(ConfigSections, section) {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "kasir: a configuration has no section %q", section).WithField("section")
	}
	cur, err := m.e.store.Config(ctx)
	if err != nil {
		return nil, 0, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(cur.Data, &doc); err != nil {
		return nil, 0, fmt.Errorf("kasir: stored configuration version %d: %w", cur.Version, err)
	}
	v, ok := doc[section]
	if !ok {
		v = json.RawMessage("null")
	}
	return v, cur.Version, nil
}

// specs reads a section holding a list of T (products, bundles).
func specs[T any](doc map[string]json.RawMessage, section string) ([]T, error) {
	var out []T
	raw := doc[section]
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "kasir: the stored "+section+" cannot be read").WithField(section)
	}
	return out, nil
}

// putSpecs writes a list section back.
func putSpecs[T any](doc map[string]json.RawMessage, section string, list []T) error {
	if list == nil {
		list = []T{}
	}
	raw, err := json.Marshal(list)
	if err != nil {
		return err
	}
	doc[section] = raw
	return nil
}

// Products returns the catalog's products as the latest configuration
// has them, drafts included, and the version. Errors:
// ports.ErrConfigNotFound.
func (m *Manager) Products(ctx context.Context) ([]catalog.ProductSpec, int64, error) {
	raw, v, err := m.Section(ctx, "products")
	if err != nil {
		return nil, 0, err
	}
	list, err := specs[catalog.ProductSpec](map[string]json.RawMessage{"products": raw}, "products")
	return list, v, err
}

// PutProduct adds a product, or replaces the one with its id (in its
// place in the list), with its variants, option axes, SKUs, prices,
// weights, dimensions and status. Errors: the format's, naming the field
// in the document ("products[2].variants[0].price"); unknown_sku at a
// bundle that names a SKU the product no longer has; ErrConfigNotFound;
// ErrVersionConflict.
func (m *Manager) PutProduct(ctx context.Context, e Edit, p catalog.ProductSpec) (ports.StoreConfig, error) {
	return m.edit(ctx, e, func(doc map[string]json.RawMessage) error {
		list, err := specs[catalog.ProductSpec](doc, "products")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(q catalog.ProductSpec) bool { return q.ID == p.ID })
		if i < 0 {
			list = append(list, p)
		} else {
			list[i] = p
		}
		return putSpecs(doc, "products", list)
	})
}

// SetProductStatus publishes a product or makes it a draft: a draft is
// neither listed to buyers nor sold. Errors: unknown_product (kind
// NotFound) at "id"; invalid_input at "status"; ErrConfigNotFound;
// ErrVersionConflict.
func (m *Manager) SetProductStatus(ctx context.Context, e Edit, id string, status catalog.Status) (ports.StoreConfig, error) {
	if !status.Valid() {
		return ports.StoreConfig{}, errs.Invalidf(errs.CodeInvalidInput, "kasir: a product's status is %q or %q, got %q", catalog.Published, catalog.Draft, status).WithField("status")
	}
	return m.edit(ctx, e, func(doc map[string]json.RawMessage) error {
		list, err := specs[catalog.ProductSpec](doc, "products")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(q catalog.ProductSpec) bool { return q.ID == id })
		if i < 0 {
			return unknownProduct(id)
		}
		list[i].Status = status
		return putSpecs(doc, "products", list)
	})
}

// DeleteProduct removes a product and its variants from the catalog;
// orders that sold it keep their lines. Errors: unknown_product at "id";
// unknown_sku naming the bundle item that still sells it; the format's;
// ErrConfigNotFound; ErrVersionConflict.
func (m *Manager) DeleteProduct(ctx context.Context, e Edit, id string) (ports.StoreConfig, error) {
	return m.edit(ctx, e, func(doc map[string]json.RawMessage) error {
		list, err := specs[catalog.ProductSpec](doc, "products")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(q catalog.ProductSpec) bool { return q.ID == id })
		if i < 0 {
			return unknownProduct(id)
		}
		return putSpecs(doc, "products", slices.Delete(list, i, i+1))
	})
}

func unknownProduct(id string) error {
	return errs.E(errs.NotFound, catalog.CodeUnknownProduct, fmt.Sprintf("kasir: the catalog has no product %q", id)).WithField("id")
}

func unknownBundle(id string) error {
	return errs.E(errs.NotFound, catalog.CodeUnknownBundle, fmt.Sprintf("kasir: the catalog has no bundle %q", id)).WithField("id")
}

// PutBundle adds a bundle, or replaces the one with its id, with its
// price options. Errors: the format's ("bundles[1].price_options[0].items[2].sku");
// ErrConfigNotFound; ErrVersionConflict.
func (m *Manager) PutBundle(ctx context.Context, e Edit, b catalog.BundleSpec) (ports.StoreConfig, error) {
	return m.edit(ctx, e, func(doc map[string]json.RawMessage) error {
		list, err := specs[catalog.BundleSpec](doc, "bundles")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(q catalog.BundleSpec) bool { return q.ID == b.ID })
		if i < 0 {
			list = append(list, b)
		} else {
			list[i] = b
		}
		return putSpecs(doc, "bundles", list)
	})
}

// DeleteBundle removes a bundle. Errors: unknown_bundle at "id";
// ErrConfigNotFound; ErrVersionConflict.
func (m *Manager) DeleteBundle(ctx context.Context, e Edit, id string) (ports.StoreConfig, error) {
	return m.edit(ctx, e, func(doc map[string]json.RawMessage) error {
		list, err := specs[catalog.BundleSpec](doc, "bundles")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(q catalog.BundleSpec) bool { return q.ID == id })
		if i < 0 {
			return unknownBundle(id)
		}
		return putSpecs(doc, "bundles", slices.Delete(list, i, i+1))
	})
}

// ImportResult tells what an import stored.
type ImportResult struct {
	Config   ports.StoreConfig `json:"config"`   // the version saved (without its document)
	Vouchers int               `json:"vouchers"` // vouchers stored (created or replaced)
}

// Import reads a whole data file: its settings and catalog become a new
// configuration version, its vouchers are stored (replacing those with
// the same codes, whose uses still count), and the initial stock of each
// variant is set where the store has no level yet. Nothing is stored when
// the file is refused. Errors: the format's (naming the field of the
// file); ErrVersionConflict when e.Version is set and not the latest; the
// store's.
func (m *Manager) Import(ctx context.Context, e Edit, data []byte) (ImportResult, error) {
	config, vouchers, err := m.stores.deps.Format.ParseFile(data)
	if err != nil {
		return ImportResult{}, err
	}
	setup, err := m.stores.deps.Format.ParseConfig(config)
	if err != nil {
		return ImportResult{}, err
	}
	saved, err := m.save(ctx, e, func(int64) ([]byte, error) { return config, nil })
	if err != nil {
		return ImportResult{}, err
	}
	saved.Data = nil
	res := ImportResult{Config: saved}
	for _, v := range vouchers {
		if err := m.e.store.PutVoucher(ctx, v); err != nil {
			return res, err
		}
		res.Vouchers++
	}
	// Levels already kept (with their sales) stay as they are.
	if err := m.e.store.SeedStockIfAbsent(ctx, setup.Catalog.InitialStock().Levels()); err != nil {
		return res, err
	}
	return res, nil
}

// Export returns the whole data file of the store: the latest
// configuration with the stored vouchers as "vouchers", ready to import
// into this store or another, and the version it holds. Errors:
// ErrConfigNotFound; the store's.
func (m *Manager) Export(ctx context.Context) ([]byte, int64, error) {
	cur, err := m.e.store.Config(ctx)
	if err != nil {
		return nil, 0, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(cur.Data, &doc); err != nil {
		return nil, 0, fmt.Errorf("kasir: stored configuration version %d: %w", cur.Version, err)
	}
	vs, err := m.e.store.Vouchers(ctx)
	if err != nil {
		return nil, 0, err
	}
	list := make([]json.RawMessage, 0, len(vs))
	for _, v := range vs {
		raw, err := m.stores.deps.Format.FormatVoucher(v)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, raw)
	}
	if doc["vouchers"], err = json.Marshal(list); err != nil {
		return nil, 0, err
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	return out, cur.Version, err
}

// VoucherState is a stored voucher as the data file writes it, with its
// uses so far.
type VoucherState struct {
	Code    string          `json:"code"`
	Voucher json.RawMessage `json:"voucher"`
	Active  bool            `json:"active"`
	Used    int64           `json:"used"` // live redemptions (orders not cancelled or expired)
}

// Vouchers lists the store's vouchers with their uses. Errors: the
// store's.
func (m *Manager) Vouchers(ctx context.Context) ([]VoucherState, error) {
	vs, err := m.e.store.Vouchers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]VoucherState, 0, len(vs))
	for _, v := range vs {
		st, err := m.voucherState(ctx, v)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b VoucherState) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// Voucher returns one voucher with its uses. Errors: pricing
// voucher_not_found.
func (m *Manager) Voucher(ctx context.Context, code string) (VoucherState, error) {
	v, err := m.e.store.Voucher(ctx, code)
	if err != nil {
		return VoucherState{}, err
	}
	return m.voucherState(ctx, v)
}

func (m *Manager) voucherState(ctx context.Context, v pricing.Voucher) (VoucherState, error) {
	raw, err := m.stores.deps.Format.FormatVoucher(v)
	if err != nil {
		return VoucherState{}, err
	}
	u, err := m.e.store.VoucherUsage(ctx, v.Code, "")
	if err != nil {
		return VoucherState{}, err
	}
	return VoucherState{Code: v.Code, Voucher: raw, Active: v.Active, Used: u.Total}, nil
}

// PutVoucher creates a voucher or replaces the one with its code (its
// uses still count), from the data file's form of one voucher, checked
// as the file's vouchers are against the store's current catalog.
// Errors: the format's, naming the voucher's field ("value", "skus[0]");
// ErrConfigNotFound when the store has no catalog to check against.
func (m *Manager) PutVoucher(ctx context.Context, data []byte) (VoucherState, error) {
	cur, err := m.e.store.Config(ctx)
	if err != nil {
		return VoucherState{}, err
	}
	setup, err := m.stores.deps.Format.ParseConfig(cur.Data)
	if err != nil {
		return VoucherState{}, err
	}
	v, err := m.stores.deps.Format.ParseVoucher(data, setup.Catalog)
	if err != nil {
		return VoucherState{}, err
	}
	if err := m.e.store.PutVoucher(ctx, v); err != nil {
		return VoucherState{}, err
	}
	return m.Voucher(ctx, v.Code)
}

// SetVoucherActive deactivates a voucher, so that new orders can no
// longer use it (orders that used it keep it), or activates it again.
// Errors: pricing voucher_not_found.
func (m *Manager) SetVoucherActive(ctx context.Context, code string, active bool) (VoucherState, error) {
	v, err := m.e.store.Voucher(ctx, code)
	if err != nil {
		return VoucherState{}, err
	}
	v.Active = active
	if err := m.e.store.PutVoucher(ctx, v); err != nil {
		return VoucherState{}, err
	}
	return m.voucherState(ctx, v)
}
