package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

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
			WHERE phone = $1 AND status = $2 ORDER BY created_ns DESC, id DESC LIMIT 1 FOR UPDATE`,
			[]any{a.Phone, string(checkout.AbandonedOpen)}, &id, &data)
		if errors.Is(err, pgx.ErrNoRows) {
			args, err := abandonedArgs(a)
			if err != nil {
				return err
			}
			tag, err := t.exec(ctx, "capture abandoned checkout", `INSERT INTO {s}.abandoned (id, phone, status, created_ns, created_at, data)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`, args...)
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
