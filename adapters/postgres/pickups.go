package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.Pickups = (*Store)(nil)

// pickupColumns are the columns of a pickup read back, in scan order.
const pickupColumns = `id, courier_pickup_id, order_ids, pickup_date, time_from, time_to, address, contact, phone, vehicle, created_ns`

// CreatePickup implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input from ports.Pickup.Validate; an adapter error.
func (t *tx) CreatePickup(ctx context.Context, p ports.Pickup) error {
	if err := p.Validate(); err != nil {
		return err
	}
	ids, err := json.Marshal(p.OrderIDs)
	if err != nil {
		return err
	}
	d := p.Date.UTC()
	tag, err := t.exec(ctx, "create pickup", `INSERT INTO {s}.pickups (store_id, `+pickupColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
		t.s.store, p.ID, p.CourierPickupID, ids, time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC),
		p.From, p.To, p.Address, p.Contact, p.Phone, p.Vehicle, nanos(p.CreatedAt))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: pickup %q exists", p.ID)
	}
	return nil
}

// scanPickup reads one row of pickupColumns.
func scanPickup(row pgx.Row) (ports.Pickup, error) {
	var p ports.Pickup
	var ids []byte
	var created int64
	if err := row.Scan(&p.ID, &p.CourierPickupID, &ids, &p.Date, &p.From, &p.To, &p.Address, &p.Contact, &p.Phone, &p.Vehicle, &created); err != nil {
		return ports.Pickup{}, err
	}
	if err := json.Unmarshal(ids, &p.OrderIDs); err != nil {
		return ports.Pickup{}, err
	}
	p.Date = p.Date.UTC()
	p.CreatedAt = fromNanos(&created)
	return p, nil
}

// Pickup implements [ports.Pickups]. Errors: ports.ErrPickupNotFound; an
// adapter error.
func (s *Store) Pickup(ctx context.Context, id string) (ports.Pickup, error) {
	if s.inUnit(ctx) {
		return ports.Pickup{}, errInsideUnit
	}
	p, err := scanPickup(s.pool.QueryRow(ctx, s.q(`SELECT `+pickupColumns+` FROM {s}.pickups WHERE store_id = $1 AND id = $2`), s.store, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return ports.Pickup{}, withMessage(ports.ErrPickupNotFound, "postgres: no pickup %q", id)
	}
	if err != nil {
		return ports.Pickup{}, s.dbErr("pickup", err)
	}
	return p, nil
}

// ListPickups implements [ports.Pickups] through the index on the store's
// pickups by creation. Errors: an adapter error.
func (s *Store) ListPickups(ctx context.Context, f ports.PickupFilter) ([]ports.Pickup, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	var total int
	if err := s.pool.QueryRow(ctx, s.q(`SELECT count(*) FROM {s}.pickups WHERE store_id = $1`), s.store).Scan(&total); err != nil {
		return nil, 0, s.dbErr("count pickups", err)
	}
	limit := any(nil)
	if f.Limit > 0 {
		limit = f.Limit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT `+pickupColumns+` FROM {s}.pickups WHERE store_id = $1
		ORDER BY created_ns DESC, id DESC OFFSET $2 LIMIT $3`), s.store, max(f.Offset, 0), limit)
	if err != nil {
		return nil, 0, s.dbErr("pickups", err)
	}
	defer rows.Close()
	out := []ports.Pickup{}
	for rows.Next() {
		p, err := scanPickup(rows)
		if err != nil {
			return nil, 0, s.dbErr("pickups", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.dbErr("pickups", err)
	}
	return out, total, nil
}
