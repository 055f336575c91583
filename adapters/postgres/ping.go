package postgres

import (
	"context"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.Pinger = (*Store)(nil)

// Ping implements ports.Pinger: it asks the database for an answer within
// ctx. A database that cannot be reached or does not answer in time is
// kind errs.Unavailable with code unavailable.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return s.dbErr("ping", err)
	}
	return nil
}
