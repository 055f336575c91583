package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// CreateAbandoned implements [ports.Abandoned]; it stores a copy. Errors:
// ports.ErrDuplicate; invalid_input for a nil checkout or an empty id; an
// adapter error.
func (s *Store) CreateAbandoned(ctx context.Context, a *checkout.Abandoned) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	if a == nil || a.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: an abandoned checkout needs an id").WithField("id")
	}
	args, err := abandonedArgs(a)
	if err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, s.q(insertAbandonedSQL), append(args, s.store)...)
	if err != nil {
		return s.dbErr("create abandoned checkout", err)
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: abandoned checkout %q exists", a.ID)
	}
	return nil
}

// Abandoned implements [ports.Abandoned]: a copy. Errors:
// ports.ErrAbandonedNotFound; an adapter error.
func (s *Store) Abandoned(ctx context.Context, id string) (*checkout.Abandoned, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	var data []byte
	err := s.pool.QueryRow(ctx, s.q(`SELECT data FROM {s}.abandoned WHERE store_id = $2 AND id = $1`), id, s.store).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, abandonedNotFound(id)
	}
	if err != nil {
		return nil, s.dbErr("abandoned checkout", err)
	}
	return decodeAbandoned(id, data)
}

// UpdateAbandoned implements [ports.Abandoned]. It locks the checkout's row
// (SELECT … FOR UPDATE) in a transaction of its own, so concurrent updates
// of one checkout run one after another; fn gets a copy, runs once, and
// must not call the store. Errors: ports.ErrAbandonedNotFound; fn's error
// unchanged (nothing is stored, as when fn panics); invalid_input when fn
// changes the id; an adapter error.
func (s *Store) UpdateAbandoned(ctx context.Context, id string, fn func(*checkout.Abandoned) error) error {
	return s.inTx(ctx, "update abandoned checkout", func(ctx context.Context, t *tx) error {
		var data []byte
		err := t.queryRow(ctx, "update abandoned checkout", `SELECT data FROM {s}.abandoned WHERE store_id = $2 AND id = $1 FOR UPDATE`,
			[]any{id, t.s.store}, &data)
		if errors.Is(err, pgx.ErrNoRows) {
			return abandonedNotFound(id)
		}
		if err != nil {
			return err
		}
		_, err = t.changeAbandoned(ctx, id, data, fn)
		return err
	})
}

// CaptureAbandoned implements [ports.Abandoned] in a transaction of its
// own that first takes an advisory lock on the phone, so captures for one
// phone run one after another and the second finds the first's checkout;
// the open checkout's row is locked too, against a concurrent update.
// update runs once, with a copy, and must not call the store. Errors:
// update's error unchanged; ports.ErrDuplicate; invalid_input for a nil
// checkout, an empty id or phone, or an update that changes the id; an
// adapter error.
func (s *Store) CaptureAbandoned(ctx context.Context, a *checkout.Abandoned, update func(*checkout.Abandoned) error) (*checkout.Abandoned, error) {
	if a == nil || a.ID == "" || a.Phone == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "an abandoned checkout needs an id and a phone").WithField("id")
	}
	var out *checkout.Abandoned
	err := s.inTx(ctx, "capture abandoned checkout", func(ctx context.Context, t *tx) error {
		if err := t.lock(ctx, "abandoned_phone", a.Phone); err != nil {
			return err
		}
		var id string
		var data []byte
		err := t.queryRow(ctx, "capture abandoned checkout", `SELECT id, data FROM {s}.abandoned
			WHERE store_id = $3 AND phone = $1 AND status = $2 ORDER BY created_ns DESC, id DESC LIMIT 1 FOR UPDATE`,
			[]any{a.Phone, string(checkout.AbandonedOpen), t.s.store}, &id, &data)
		if errors.Is(err, pgx.ErrNoRows) {
			args, err := abandonedArgs(a)
			if err != nil {
				return err
			}
			tag, err := t.exec(ctx, "capture abandoned checkout", insertAbandonedSQL, append(args, t.s.store)...)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return withMessage(ports.ErrDuplicate, "postgres: abandoned checkout %q exists", a.ID)
			}
			out = a.Clone()
			return nil
		}
		if err != nil {
			return err
		}
		out, err = t.changeAbandoned(ctx, id, data, update)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// changeAbandoned decodes the locked checkout id (its stored data), lets
// fn change it and saves it, returning a copy of what it saved. Errors:
// fn's error unchanged; invalid_input when fn changes the id; an adapter
// error; internal for data that cannot be read.
func (t *tx) changeAbandoned(ctx context.Context, id string, data []byte, fn func(*checkout.Abandoned) error) (*checkout.Abandoned, error) {
	a, err := decodeAbandoned(id, data)
	if err != nil {
		return nil, err
	}
	if err := fn(a); err != nil {
		return nil, err
	}
	if a.ID != id {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "an abandoned checkout's id cannot change").WithField("id")
	}
	out := a.Clone()
	return out, t.saveAbandoned(ctx, a)
}

// saveAbandoned replaces a stored checkout.
func (t *tx) saveAbandoned(ctx context.Context, a *checkout.Abandoned) error {
	args, err := abandonedArgs(a)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "save abandoned checkout", `UPDATE {s}.abandoned SET (id, phone, status, created_ns, created_at, data) =
		($1, $2, $3, $4, $5, $6) WHERE store_id = $7 AND id = $1`, append(args, t.s.store)...)
	return err
}

// ListAbandoned implements [ports.Abandoned]: copies of the page f selects,
// newest first (by creation time, then id, both descending), and the total
// before paging. Limit 0 means no limit. Errors: invalid_input for a
// negative offset or limit; an adapter error.
func (s *Store) ListAbandoned(ctx context.Context, f ports.AbandonedFilter) ([]*checkout.Abandoned, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "postgres: offset and limit must not be negative").WithField("offset")
	}
	w := &sqlWhere{}
	w.add("store_id = %s", s.store)
	if f.Status != "" {
		w.add("status = %s", string(f.Status))
	}
	if f.Phone != "" {
		w.add("phone = %s", f.Phone)
	}
	lp, op := w.page(f.Offset, f.Limit)
	sql := `WITH m AS (SELECT id, created_ns, data FROM {s}.abandoned` + w.String() + `)
		SELECT t.total, p.id, p.data FROM (SELECT count(*) AS total FROM m) t
		LEFT JOIN LATERAL (SELECT * FROM m ORDER BY created_ns DESC, id DESC LIMIT ` + lp + ` OFFSET ` + op + `) p ON true
		ORDER BY p.created_ns DESC, p.id DESC`
	return listPage(ctx, s, "list abandoned checkouts", sql, w.args, decodeAbandoned)
}

// ConvertAbandoned implements [ports.Abandoned]: every open checkout with
// the phone becomes converted to the order at `at`, in one transaction
// that locks their rows. An empty phone marks none. It returns how many it
// marked. When the phone has no open checkout (most orders), one indexed
// read tells so and no transaction is begun. Errors: an adapter error
// (nothing is then marked).
func (s *Store) ConvertAbandoned(ctx context.Context, phone, orderID string, at time.Time) (int, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	if phone == "" {
		return 0, nil
	}
	var open bool
	err := s.pool.QueryRow(ctx, s.q(`SELECT EXISTS (SELECT FROM {s}.abandoned WHERE store_id = $3 AND phone = $1 AND status = $2)`),
		phone, string(checkout.AbandonedOpen), s.store).Scan(&open)
	if err != nil {
		return 0, s.dbErr("convert abandoned checkouts", err)
	}
	if !open {
		return 0, nil
	}
	n := 0
	err = s.inTx(ctx, "convert abandoned checkouts", func(ctx context.Context, t *tx) error {
		n = 0
		rows, err := t.query(ctx, "convert abandoned checkouts", `SELECT id, data FROM {s}.abandoned
			WHERE store_id = $3 AND phone = $1 AND status = $2 ORDER BY id FOR UPDATE`, phone, string(checkout.AbandonedOpen), t.s.store)
		if err != nil {
			return err
		}
		var open []*checkout.Abandoned
		var id string
		var data []byte
		var bad error
		if _, err := pgx.ForEachRow(rows, []any{&id, &data}, func() error {
			a, err := decodeAbandoned(id, data)
			if err != nil {
				bad = err
				return err
			}
			open = append(open, a)
			return nil
		}); err != nil {
			if bad != nil {
				return bad
			}
			return t.fail("convert abandoned checkouts", err)
		}
		for _, a := range open {
			a.Status = checkout.AbandonedConverted
			a.OrderID = orderID
			a.ConvertedAt = at
			a.UpdatedAt = at
			if err := t.saveAbandoned(ctx, a); err != nil {
				return err
			}
		}
		n = len(open)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// insertAbandonedSQL inserts the row of abandonedArgs ($1 to $6) in the
// store $7, unless the store has the id.
const insertAbandonedSQL = `INSERT INTO {s}.abandoned (id, phone, status, created_ns, created_at, data, store_id)
	VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (store_id, id) DO NOTHING`

// abandonedArgs returns the abandoned row of a: id, phone, status,
// created_ns, created_at, data.
func abandonedArgs(a *checkout.Abandoned) ([]any, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return nil, errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the abandoned checkout cannot be encoded")
	}
	return []any{a.ID, a.Phone, string(a.Status), nanos(a.CreatedAt), a.CreatedAt, data}, nil
}

func decodeAbandoned(id string, data []byte) (*checkout.Abandoned, error) {
	var a checkout.Abandoned
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, corrupt("abandoned checkout", id, err)
	}
	return &a, nil
}

func abandonedNotFound(id string) error {
	return withMessage(ports.ErrAbandonedNotFound, "postgres: abandoned checkout %q not found", id)
}
