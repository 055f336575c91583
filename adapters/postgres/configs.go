package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Configs = (*Store)(nil)

// Config implements [ports.Configs]. Errors: ports.ErrConfigNotFound; an
// adapter error.
func (s *Store) Config(ctx context.Context) (ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return ports.StoreConfig{}, errInsideUnit
	}
	c, err := s.readConfig(ctx, s.q(`SELECT version, data, author, saved_ns FROM {s}.store_configs
		WHERE store_id = $1 ORDER BY version DESC LIMIT 1`), s.store)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, withMessage(ports.ErrConfigNotFound, "postgres: the store has no configuration")
	}
	return c, s.dbErr("config", err)
}

// ConfigAt implements [ports.Configs]. Errors: ports.ErrConfigNotFound; an
// adapter error.
func (s *Store) ConfigAt(ctx context.Context, version int64) (ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return ports.StoreConfig{}, errInsideUnit
	}
	c, err := s.readConfig(ctx, s.q(`SELECT version, data, author, saved_ns FROM {s}.store_configs
		WHERE store_id = $1 AND version = $2`), s.store, version)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, withMessage(ports.ErrConfigNotFound, "postgres: the store has no configuration version %d", version)
	}
	return c, s.dbErr("config", err)
}

func (s *Store) readConfig(ctx context.Context, sql string, args ...any) (ports.StoreConfig, error) {
	var c ports.StoreConfig
	var data string
	var saved int64
	if err := s.pool.QueryRow(ctx, sql, args...).Scan(&c.Version, &data, &c.Author, &saved); err != nil {
		return ports.StoreConfig{}, err
	}
	c.Data, c.SavedAt = []byte(data), fromNanos(&saved)
	return c, nil
}

// ConfigVersion implements [ports.Configs]: one read of the primary key's
// index. Errors: an adapter error.
func (s *Store) ConfigVersion(ctx context.Context) (int64, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	var v int64
	err := s.pool.QueryRow(ctx, s.q(`SELECT coalesce(max(version), 0) FROM {s}.store_configs WHERE store_id = $1`), s.store).Scan(&v)
	return v, s.dbErr("config version", err)
}

// ConfigVersions implements [ports.Configs]. Errors: an adapter error.
func (s *Store) ConfigVersions(ctx context.Context, limit int) ([]ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT version, author, saved_ns FROM {s}.store_configs
		WHERE store_id = $1 ORDER BY version DESC LIMIT $2`), s.store, lim)
	if err != nil {
		return nil, s.dbErr("config versions", err)
	}
	var out []ports.StoreConfig
	var c ports.StoreConfig
	var saved int64
	if _, err := pgx.ForEachRow(rows, []any{&c.Version, &c.Author, &saved}, func() error {
		c.SavedAt = fromNanos(&saved)
		out = append(out, c)
		return nil
	}); err != nil {
		return nil, s.dbErr("config versions", err)
	}
	return out, nil
}

// PutConfig implements [ports.Configs]: one INSERT that adds version
// expected+1 only while expected is the latest; of concurrent saves on
// one version the primary key lets one in. Errors:
// ports.ErrVersionConflict; invalid_input; an adapter error.
func (s *Store) PutConfig(ctx context.Context, expected int64, c ports.StoreConfig) (ports.StoreConfig, error) {
	if s.inUnit(ctx) {
		return ports.StoreConfig{}, errInsideUnit
	}
	if expected < 0 {
		return ports.StoreConfig{}, errs.Invalidf(errs.CodeInvalidInput, "postgres: a configuration version is 0 or more, got %d", expected).WithField("version")
	}
	if err := ports.ValidateConfigData(c.Data); err != nil {
		return ports.StoreConfig{}, err
	}
	tag, err := s.pool.Exec(ctx, s.q(`INSERT INTO {s}.store_configs (store_id, version, data, author, saved_ns)
		SELECT $1, $2 + 1, $3, $4, $5
		WHERE (SELECT coalesce(max(version), 0) FROM {s}.store_configs WHERE store_id = $1) = $2
		ON CONFLICT (store_id, version) DO NOTHING`),
		s.store, expected, string(c.Data), c.Author, nanos(c.SavedAt))
	if err != nil {
		return ports.StoreConfig{}, s.dbErr("put config", err)
	}
	if tag.RowsAffected() == 0 {
		return ports.StoreConfig{}, withMessage(ports.ErrVersionConflict, "postgres: the configuration is no longer at version %d", expected)
	}
	c.Version = expected + 1
	return c, nil
}
