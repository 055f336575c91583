package memory

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Platform = (*Platform)(nil)

// Platform keeps many stores in memory: a [Store] per store id, made empty
// the first time the id is asked for, and the stores' descriptions. One
// Store holds exactly one store's records, so nothing of one store can be
// read or changed through another's, and two stores never wait for each
// other's units of work. It implements [ports.Platform]; every method is
// safe for concurrent use. Nothing is persisted.
type Platform struct {
	mu     sync.Mutex
	stores map[string]*Store          // store id → its records
	infos  map[string]ports.StoreInfo // store id → created store
	hosts  map[string]string          // host → store id

	procState *procurementState // buyer accounts and purchases; made on first use
}

// NewPlatform returns a platform with only the default store
// (ports.DefaultStore, named so, without a host).
func NewPlatform() *Platform {
	return &Platform{stores: map[string]*Store{}, hosts: map[string]string{},
		infos: map[string]ports.StoreInfo{ports.DefaultStore: {ID: ports.DefaultStore, Name: ports.DefaultStore}}}
}

// Store returns the store of id's records, a new empty one the first time
// (created with CreateStore or not), as a *Store with its seeding methods.
// Errors: invalid_input at "store" for an id ports.ValidateStoreID refuses.
func (p *Platform) Store(id string) (*Store, error) {
	if err := ports.ValidateStoreID(id); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.stores[id]
	if !ok {
		s, _ = NewStore() // no options: no error
		s.id = id
		p.stores[id] = s
	}
	return s, nil
}

// ForStore implements [ports.Platform]: the *Store that Store returns.
// Errors: invalid_input at "store" for an id ports.ValidateStoreID
// refuses.
func (p *Platform) ForStore(id string) (ports.Store, error) {
	s, err := p.Store(id)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// CreateStore implements [ports.Platform]. Errors: ports.ErrDuplicate when
// the id or the host is another store's; invalid_input as
// ports.StoreInfo.Validate returns it.
func (p *Platform) CreateStore(_ context.Context, info ports.StoreInfo) error {
	if err := info.Validate(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.infos[info.ID]; dup {
		return withMessage(ports.ErrDuplicate, "memory: store %q exists", info.ID)
	}
	if _, dup := p.hosts[info.Host]; dup && info.Host != "" {
		return withMessage(ports.ErrDuplicate, "memory: host %q is another store's", info.Host)
	}
	p.infos[info.ID] = info
	if info.Host != "" {
		p.hosts[info.Host] = info.ID
	}
	return nil
}

// UpdateStore implements [ports.Platform]: the name, host and disabled
// flag become info's. Errors: ports.ErrStoreNotFound; ports.ErrDuplicate
// when the host is another store's; invalid_input as
// ports.StoreInfo.Validate returns it.
func (p *Platform) UpdateStore(_ context.Context, info ports.StoreInfo) error {
	if err := info.Validate(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.infos[info.ID]
	if !ok {
		return storeNotFound(info.ID)
	}
	if holder, taken := p.hosts[info.Host]; taken && info.Host != "" && holder != info.ID {
		return withMessage(ports.ErrDuplicate, "memory: host %q is another store's", info.Host)
	}
	if old.Host != "" {
		delete(p.hosts, old.Host)
	}
	if info.Host != "" {
		p.hosts[info.Host] = info.ID
	}
	info.CreatedAt = old.CreatedAt
	p.infos[info.ID] = info
	return nil
}

// StoreInfo implements [ports.Platform]. Errors: ports.ErrStoreNotFound.
func (p *Platform) StoreInfo(_ context.Context, id string) (ports.StoreInfo, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	info, ok := p.infos[id]
	if !ok {
		return ports.StoreInfo{}, storeNotFound(id)
	}
	return info, nil
}

// StoreByHost implements [ports.Platform]; hosts compare without regard
// to case. Errors: ports.ErrStoreNotFound.
func (p *Platform) StoreByHost(_ context.Context, host string) (ports.StoreInfo, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id, ok := p.hosts[strings.ToLower(host)]
	if !ok || host == "" {
		return ports.StoreInfo{}, withMessage(ports.ErrStoreNotFound, "memory: no store has host %q", host)
	}
	return p.infos[id], nil
}

// ListStores implements [ports.Platform]. Errors: invalid_input at
// "offset" for a negative offset.
func (p *Platform) ListStores(_ context.Context, offset, limit int) ([]ports.StoreInfo, int, error) {
	if offset < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "memory: the offset must not be negative").WithField("offset")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ids := slices.Sorted(maps.Keys(p.infos))
	out := []ports.StoreInfo{}
	for i := offset; i < len(ids) && (limit <= 0 || len(out) < limit); i++ {
		out = append(out, p.infos[ids[i]])
	}
	return out, len(ids), nil
}

func storeNotFound(id string) error {
	return withMessage(ports.ErrStoreNotFound, "memory: store %q not found", id)
}
