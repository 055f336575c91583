package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.APIKeys = (*Store)(nil)

const apiKeyColumns = `id, name, role, hint, hash, created_ns, last_used_ns, revoked_ns`

// scanAPIKey reads one row of apiKeyColumns.
func scanAPIKey(row pgx.Row) (ports.APIKey, error) {
	var k ports.APIKey
	var role string
	var created int64
	var used, revoked *int64
	if err := row.Scan(&k.ID, &k.Name, &role, &k.Hint, &k.Hash, &created, &used, &revoked); err != nil {
		return ports.APIKey{}, err
	}
	k.Role = ports.Role(role)
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = fromNanos(&created), fromNanos(used), fromNanos(revoked)
	return k, nil
}

// CreateAPIKey implements [ports.APIKeys]. Errors: those of
// ports.APIKey.Validate; ports.ErrDuplicate; an adapter error.
func (s *Store) CreateAPIKey(ctx context.Context, k ports.APIKey) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := k.Validate(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, s.q(`INSERT INTO {s}.api_keys (store_id, id, name, role, hint, hash, created_ns, last_used_ns, revoked_ns)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
		s.store, k.ID, k.Name, string(k.Role), k.Hint, k.Hash, nanos(k.CreatedAt), nullNanos(k.LastUsedAt), nullNanos(k.RevokedAt))
	return s.dbErr("create API key", err)
}

// APIKeys implements [ports.APIKeys]. Errors: an adapter error.
func (s *Store) APIKeys(ctx context.Context) ([]ports.APIKey, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT `+apiKeyColumns+` FROM {s}.api_keys WHERE store_id = $1 ORDER BY created_ns, id`), s.store)
	if err != nil {
		return nil, s.dbErr("API keys", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ports.APIKey, error) { return scanAPIKey(row) })
	if err != nil {
		return nil, s.dbErr("API keys", err)
	}
	return out, nil
}

// APIKeyByHash implements [ports.APIKeys] with the unique index on
// (store_id, hash). Errors: ports.ErrAPIKeyNotFound; an adapter error.
func (s *Store) APIKeyByHash(ctx context.Context, hash []byte) (ports.APIKey, error) {
	if s.inUnit(ctx) {
		return ports.APIKey{}, errInsideUnit
	}
	k, err := scanAPIKey(s.pool.QueryRow(ctx, s.q(`SELECT `+apiKeyColumns+` FROM {s}.api_keys WHERE store_id = $1 AND hash = $2`), s.store, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.APIKey{}, withMessage(ports.ErrAPIKeyNotFound, "postgres: no API key has the hash")
	}
	return k, s.dbErr("API key by hash", err)
}

// RevokeAPIKey implements [ports.APIKeys] in one statement, so a
// revocation is seen by the next look-up of every process. Errors:
// ports.ErrAPIKeyNotFound; an adapter error.
func (s *Store) RevokeAPIKey(ctx context.Context, id string, at time.Time) (ports.APIKey, error) {
	if s.inUnit(ctx) {
		return ports.APIKey{}, errInsideUnit
	}
	k, err := scanAPIKey(s.pool.QueryRow(ctx, s.q(`UPDATE {s}.api_keys SET revoked_ns = coalesce(revoked_ns, $3)
		WHERE store_id = $1 AND id = $2 RETURNING `+apiKeyColumns), s.store, id, nanos(at)))
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.APIKey{}, withMessage(ports.ErrAPIKeyNotFound, "postgres: no API key %q", id)
	}
	return k, s.dbErr("revoke API key", err)
}

// TouchAPIKey implements [ports.APIKeys]. Errors: ports.ErrAPIKeyNotFound;
// an adapter error.
func (s *Store) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	var found bool
	err := s.pool.QueryRow(ctx, s.q(`WITH k AS (SELECT 1 FROM {s}.api_keys WHERE store_id = $1 AND id = $2),
		u AS (UPDATE {s}.api_keys SET last_used_ns = $3
			WHERE store_id = $1 AND id = $2 AND revoked_ns IS NULL AND (last_used_ns IS NULL OR last_used_ns < $3))
		SELECT EXISTS (SELECT 1 FROM k)`), s.store, id, nanos(at)).Scan(&found)
	if err != nil {
		return s.dbErr("touch API key", err)
	}
	if !found {
		return withMessage(ports.ErrAPIKeyNotFound, "postgres: no API key %q", id)
	}
	return nil
}
