package memory

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.WebhookEndpoints = (*Store)(nil)

// PutWebhook implements [ports.WebhookEndpoints].
func (s *Store) PutWebhook(ctx context.Context, e ports.WebhookEndpoint) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := e.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhooks == nil {
		s.webhooks = map[string]ports.WebhookEndpoint{}
	}
	s.webhooks[e.ID] = e
	return nil
}

// WebhookEndpoints implements [ports.WebhookEndpoints].
func (s *Store) WebhookEndpoints(ctx context.Context) ([]ports.WebhookEndpoint, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := slices.Collect(maps.Values(s.webhooks))
	slices.SortFunc(out, func(a, b ports.WebhookEndpoint) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// DeleteWebhook implements [ports.WebhookEndpoints].
func (s *Store) DeleteWebhook(ctx context.Context, id string) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.webhooks[id]; !ok {
		return withMessage(ports.ErrWebhookNotFound, "memory: no webhook endpoint %q", id)
	}
	delete(s.webhooks, id)
	return nil
}
