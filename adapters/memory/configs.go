package memory

import (
	"context"
	"slices"
	"sync"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Configs = (*Store)(nil)

// configs is a store's configuration history, behind its own lock so that
// reading the version never waits for a unit of work.
type configs struct {
	mu       sync.RWMutex
	versions []ports.StoreConfig // versions[i].Version == i+1
}

// Config implements [ports.Configs].
func (s *Store) Config(ctx context.Context) (ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return ports.StoreConfig{}, errInsideUnit
	}
	s.configs.mu.RLock()
	defer s.configs.mu.RUnlock()
	n := len(s.configs.versions)
	if n == 0 {
		return ports.StoreConfig{}, withMessage(ports.ErrConfigNotFound, "memory: the store has no configuration")
	}
	return copyConfig(s.configs.versions[n-1]), nil
}

// ConfigVersion implements [ports.Configs].
func (s *Store) ConfigVersion(ctx context.Context) (int64, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	s.configs.mu.RLock()
	defer s.configs.mu.RUnlock()
	return int64(len(s.configs.versions)), nil
}

// ConfigAt implements [ports.Configs].
func (s *Store) ConfigAt(ctx context.Context, version int64) (ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return ports.StoreConfig{}, errInsideUnit
	}
	s.configs.mu.RLock()
	defer s.configs.mu.RUnlock()
	if version < 1 || version > int64(len(s.configs.versions)) {
		return ports.StoreConfig{}, withMessage(ports.ErrConfigNotFound, "memory: the store has no configuration version %d", version)
	}
	return copyConfig(s.configs.versions[version-1]), nil
}

// ConfigVersions implements [ports.Configs].
func (s *Store) ConfigVersions(ctx context.Context, limit int) ([]ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.configs.mu.RLock()
	defer s.configs.mu.RUnlock()
	n := len(s.configs.versions)
	if limit <= 0 || limit > n {
		limit = n
	}
	out := make([]ports.StoreConfig, 0, limit)
	for i := n - 1; i >= n-limit; i-- {
		c := s.configs.versions[i]
		c.Data = nil
		out = append(out, c)
	}
	return out, nil
}

// PutConfig implements [ports.Configs].
func (s *Store) PutConfig(ctx context.Context, expected int64, c ports.StoreConfig) (ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return ports.StoreConfig{}, errInsideUnit
	}
	if expected < 0 {
		return ports.StoreConfig{}, errs.Invalidf(errs.CodeInvalidInput, "memory: a configuration version is 0 or more, got %d", expected).WithField("version")
	}
	if err := ports.ValidateConfigData(c.Data); err != nil {
		return ports.StoreConfig{}, err
	}
	s.configs.mu.Lock()
	defer s.configs.mu.Unlock()
	if latest := int64(len(s.configs.versions)); latest != expected {
		return ports.StoreConfig{}, withMessage(ports.ErrVersionConflict, "memory: the configuration is at version %d, not %d", latest, expected)
	}
	c.Version = expected + 1
	c = copyConfig(c)
	s.configs.versions = append(s.configs.versions, c)
	return copyConfig(c), nil
}

func copyConfig(c ports.StoreConfig) ports.StoreConfig {
	c.Data = slices.Clone(c.Data)
	return c
}
