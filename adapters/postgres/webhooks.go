package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.WebhookEndpoints = (*Store)(nil)

// PutWebhook implements [ports.WebhookEndpoints]. Errors: invalid_input
// for an empty id or URL; an adapter error.
func (s *Store) PutWebhook(ctx context.Context, e ports.WebhookEndpoint) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if err := e.Validate(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, s.q(`INSERT INTO {s}.webhook_endpoints (store_id, id, url, secret, created_ns) VALUES ($5, $1, $2, $3, $4)
		ON CONFLICT (store_id, id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, created_ns = EXCLUDED.created_ns`),
		e.ID, e.URL, e.Secret, nanos(e.CreatedAt), s.store)
	return s.dbErr("put webhook endpoint", err)
}

// WebhookEndpoints implements [ports.WebhookEndpoints]. Errors: an adapter
// error.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]ports.WebhookEndpoint, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT id, url, secret, created_ns FROM {s}.webhook_endpoints WHERE store_id = $1 ORDER BY created_ns, id`), s.store)
	if err != nil {
		return nil, s.dbErr("webhook endpoints", err)
	}
	var out []ports.WebhookEndpoint
	var e ports.WebhookEndpoint
	var created int64
	if _, err := pgx.ForEachRow(rows, []any{&e.ID, &e.URL, &e.Secret, &created}, func() error {
		e.CreatedAt = fromNanos(&created)
		out = append(out, e)
		return nil
	}); err != nil {
		return nil, s.dbErr("webhook endpoints", err)
	}
	return out, nil
}

// DeleteWebhook implements [ports.WebhookEndpoints]. Errors:
// ports.ErrWebhookNotFound; an adapter error.
func (s *Store) DeleteWebhook(ctx context.Context, id string) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	tag, err := s.pool.Exec(ctx, s.q(`DELETE FROM {s}.webhook_endpoints WHERE store_id = $2 AND id = $1`), id, s.store)
	if err != nil {
		return s.dbErr("delete webhook endpoint", err)
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrWebhookNotFound, "postgres: no webhook endpoint %q", id)
	}
	return nil
}
