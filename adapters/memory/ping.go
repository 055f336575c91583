package memory

import (
	"context"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Pinger = (*Store)(nil)

// Ping implements ports.Pinger: memory is always reachable, so it returns
// nil unless ctx has already ended (then unavailable, wrapping ctx's
// error).
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(errs.Unavailable, errs.CodeUnavailable, err, "memory: ping")
	}
	return nil
}
