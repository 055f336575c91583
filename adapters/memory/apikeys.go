package memory

import (
	"bytes"
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.APIKeys = (*Store)(nil)

// apiKeys holds a store's API keys, by id and by hash.
type apiKeys struct {
	byID   map[string]ports.APIKey
	byHash map[string]string // string(hash) → id
}

// CreateAPIKey implements [ports.APIKeys].
func (s *Store) CreateAPIKey(ctx context.Context, k ports.APIKey) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := k.Validate(); err != nil {
		return err
	}
	k.Hash = bytes.Clone(k.Hash)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys.byID == nil {
		s.keys = apiKeys{byID: map[string]ports.APIKey{}, byHash: map[string]string{}}
	}
	if _, ok := s.keys.byID[k.ID]; ok {
		return withMessage(ports.ErrDuplicate, "memory: API key %q exists", k.ID)
	}
	if _, ok := s.keys.byHash[string(k.Hash)]; ok {
		return withMessage(ports.ErrDuplicate, "memory: an API key with the same hash exists")
	}
	s.keys.byID[k.ID] = k
	s.keys.byHash[string(k.Hash)] = k.ID
	return nil
}

// APIKeys implements [ports.APIKeys].
func (s *Store) APIKeys(ctx context.Context) ([]ports.APIKey, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	out := slices.Collect(maps.Values(s.keys.byID))
	s.mu.RUnlock()
	for i := range out {
		out[i].Hash = bytes.Clone(out[i].Hash)
	}
	slices.SortFunc(out, func(a, b ports.APIKey) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// APIKeyByHash implements [ports.APIKeys].
func (s *Store) APIKeyByHash(ctx context.Context, hash []byte) (ports.APIKey, error) {
	if s.inUnit(ctx) {
		return ports.APIKey{}, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	k, ok := s.keys.byID[s.keys.byHash[string(hash)]]
	if !ok {
		return ports.APIKey{}, withMessage(ports.ErrAPIKeyNotFound, "memory: no API key has the hash")
	}
	k.Hash = bytes.Clone(k.Hash)
	return k, nil
}

// RevokeAPIKey implements [ports.APIKeys].
func (s *Store) RevokeAPIKey(ctx context.Context, id string, at time.Time) (ports.APIKey, error) {
	if s.inUnit(ctx) {
		return ports.APIKey{}, errInsideUnit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys.byID[id]
	if !ok {
		return ports.APIKey{}, withMessage(ports.ErrAPIKeyNotFound, "memory: no API key %q", id)
	}
	if !k.Revoked() {
		k.RevokedAt = at
		s.keys.byID[id] = k
	}
	k.Hash = bytes.Clone(k.Hash)
	return k, nil
}

// TouchAPIKey implements [ports.APIKeys].
func (s *Store) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys.byID[id]
	if !ok {
		return withMessage(ports.ErrAPIKeyNotFound, "memory: no API key %q", id)
	}
	if !k.Revoked() && at.After(k.LastUsedAt) {
		k.LastUsedAt = at
		s.keys.byID[id] = k
	}
	return nil
}
