package kasir

import (
	"context"

	"github.com/kasir-id/kasir/ports"
)

// Ready reports whether the Service can serve requests: nil when its store
// answers within ctx, or cannot tell (it does not implement ports.Pinger),
// and the store's error (kind errs.Unavailable) when it does not answer.
// It is what a readiness probe asks; liveness needs nothing.
func (s *Service) Ready(ctx context.Context) error {
	if p, ok := s.deps.Store.(ports.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}
