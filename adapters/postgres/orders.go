package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// CreateOrder implements [ports.Tx]; it stores a copy. An empty number or
// slug is not unique. Errors: ports.ErrDuplicate when the id, number or
// slug is taken; invalid_input for a nil order or an empty id; an adapter
// error.
func (t *tx) CreateOrder(ctx context.Context, o *checkout.Order) error {
	if err := t.check(); err != nil {
		return err
	}
	if o == nil || o.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: an order needs an id").WithField("id")
	}
	args, err := orderArgs(o)
	if err != nil {
		return err
	}
	// Held back until the unit's next round trip: a taken id, number or
	// slug is told by the key it violates.
	return t.holdBack("create order", `INSERT INTO {s}.orders (store_id, `+orderColumns+`)
		VALUES ($15, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, orderKeyTaken(o.ID, o.Number), append(args, t.s.store)...)
}

// orderKeyTaken tells which of an order's keys a write violated — its
// id, number or slug — as ports.ErrDuplicate.
func orderKeyTaken(id, number string) func(*pgconn.PgError) error {
	return func(pg *pgconn.PgError) error {
		if pg.Code != sqlUniqueViolation {
			return nil
		}
		switch pg.ConstraintName {
		case "orders_number_key":
			return withMessage(ports.ErrDuplicate, "postgres: order number %q is taken", number)
		case "orders_slug_key":
			return withMessage(ports.ErrDuplicate, "postgres: order slug is taken")
		}
		return withMessage(ports.ErrDuplicate, "postgres: order id %q is taken", id)
	}
}

// Order implements [ports.Tx]: a copy, which changes nothing until saved.
// It locks the order's row until the unit ends, so two units changing one
// order run one after another. Errors: ports.ErrOrderNotFound; an adapter
// error; internal for a stored order that cannot be read.
func (t *tx) Order(ctx context.Context, id string) (*checkout.Order, error) {
	var data []byte
	err := t.queryRow(ctx, "order", `SELECT data FROM {s}.orders WHERE store_id = $2 AND id = $1 FOR UPDATE`, []any{id, t.s.store}, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, orderNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	return decodeOrder(id, data)
}

// SaveOrder implements [ports.Tx]; it stores a copy. Errors:
// ports.ErrOrderNotFound; ports.ErrDuplicate when a changed number or slug
// is another order's; invalid_input for a nil order; an adapter error.
func (t *tx) SaveOrder(ctx context.Context, o *checkout.Order) error {
	if err := t.check(); err != nil {
		return err
	}
	if o == nil {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: no order to save")
	}
	var one int
	err := t.queryRow(ctx, "save order", `SELECT 1 FROM {s}.orders WHERE store_id = $2 AND id = $1 FOR UPDATE`, []any{o.ID, t.s.store}, &one)
	if errors.Is(err, pgx.ErrNoRows) {
		return orderNotFound(o.ID)
	}
	if err != nil {
		return err
	}
	args, err := orderArgs(o)
	if err != nil {
		return err
	}
	// A number or slug another order has violates its key.
	return t.holdBack("save order", `UPDATE {s}.orders SET (`+orderColumns+`) =
		($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) WHERE store_id = $15 AND id = $1`, orderKeyTaken(o.ID, o.Number), append(args, t.s.store)...)
}

// unpaidOrdersSQL counts a phone's ($1) orders waiting for payment in a
// store ($2) through the partial index orders_unpaid_phone.
const unpaidOrdersSQL = `SELECT count(*) FROM {s}.orders WHERE store_id = $2 AND phone_digits = $1 AND status = 'pending_payment'`

// UnpaidOrders implements [ports.Tx]: it takes an advisory lock on the
// phone, held until the unit ends, then counts through the partial index
// of orders pending payment by phone. Errors: an adapter error.
func (t *tx) UnpaidOrders(ctx context.Context, phone string) (int, error) {
	var n int
	err := t.lockThen(ctx, "unpaid", phone, unpaidOrdersSQL, []any{ports.Digits(phone), t.s.store}, scanOne(&n))
	return n, err
}

// Order implements [ports.Orders]: a copy. Errors: ports.ErrOrderNotFound;
// an adapter error.
func (s *Store) Order(ctx context.Context, id string) (*checkout.Order, error) {
	return s.orderBy(ctx, "id", id)
}

// OrderBySlug implements [ports.Orders]: a copy. Errors:
// ports.ErrOrderNotFound; an adapter error.
func (s *Store) OrderBySlug(ctx context.Context, slug string) (*checkout.Order, error) {
	if slug == "" {
		return nil, withMessage(ports.ErrOrderNotFound, "postgres: no order has that slug")
	}
	return s.orderBy(ctx, "slug", slug)
}

func (s *Store) orderBy(ctx context.Context, column, value string) (*checkout.Order, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	var id string
	var data []byte
	err := s.pool.QueryRow(ctx, s.q(`SELECT id, data FROM {s}.orders WHERE store_id = $2 AND `+column+` = $1`), value, s.store).Scan(&id, &data)
	switch {
	case errors.Is(err, pgx.ErrNoRows) && column == "slug":
		return nil, withMessage(ports.ErrOrderNotFound, "postgres: no order has that slug")
	case errors.Is(err, pgx.ErrNoRows):
		return nil, orderNotFound(value)
	case err != nil:
		return nil, s.dbErr("order", err)
	}
	return decodeOrder(id, data)
}

// orderColumns are the orders table's columns in orderRow.args' order.
const orderColumns = `id, number, slug, placed_ns, placed_at, status, payment_method, payment_expires_ns,
	search_name, search_number, search_airway_bill, phone_digits, phone_local, data`

// orderArgs returns the orders row of o: its JSON and the columns listing
// filters and sorts on. Errors: internal when o cannot be encoded.
func orderArgs(o *checkout.Order) ([]any, error) {
	data, err := json.Marshal(o)
	if err != nil {
		return nil, errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the order cannot be encoded")
	}
	intl := ports.Digits(o.Customer.Phone)
	var local *string
	if rest, ok := strings.CutPrefix(intl, "62"); ok {
		l := "0" + rest
		local = &l
	}
	return []any{
		o.ID, nullString(o.Number), nullString(o.Slug), nanos(o.PlacedAt), o.PlacedAt,
		string(o.Status()), string(o.Payment.Method), nullNanos(o.Payment.ExpiresAt),
		strings.ToLower(o.Customer.Name), strings.ToLower(o.Number), strings.ToLower(o.AirwayBill),
		intl, local, data,
	}, nil
}

// decodeOrder reads an order's JSON; its life cycle is checked on the way.
func decodeOrder(id string, data []byte) (*checkout.Order, error) {
	var o checkout.Order
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, corrupt("order", id, err)
	}
	return &o, nil
}

// newestOrderFirst orders by placement time, then number, then id, all
// descending, as the in-memory store does.
const newestOrderFirst = `placed_ns DESC, coalesce(number, '') DESC, id DESC`

// ListOrders implements [ports.Orders]: copies of the page f selects,
// newest first (by placement time, then number, then id, all descending,
// comparing bytes), and how many match before paging, both read from one
// snapshot. The page and the total are separate queries sent together: the
// page walks the orders_newest index for its offset and limit only, and the
// total of a filter by status alone (or none) sums the per-status counters
// instead of counting orders. Errors: invalid_input for a negative offset
// or limit; an adapter error.
func (s *Store) ListOrders(ctx context.Context, f ports.OrderFilter) ([]*checkout.Order, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "postgres: offset and limit must not be negative").WithField("offset")
	}
	pageSQL, pageArgs := orderPageSQL(s.store, f)
	countSQL, countArgs := orderTotalSQL(s.store, f)
	out := []*checkout.Order{}
	var total int
	err := s.readTx(ctx, func(pt pgx.Tx) error {
		b := &pgx.Batch{}
		b.Queue(s.q(pageSQL), pageArgs...)
		b.Queue(s.q(countSQL), countArgs...)
		br := pt.SendBatch(ctx, b)
		defer br.Close()
		rows, err := br.Query()
		if err != nil {
			return err
		}
		var id string
		var data []byte
		var bad error
		if _, err := pgx.ForEachRow(rows, []any{&id, &data}, func() error {
			o, err := decodeOrder(id, data)
			if err != nil {
				bad = err
				return err
			}
			out = append(out, o)
			return nil
		}); err != nil {
			if bad != nil {
				return &decodeError{bad}
			}
			return err
		}
		if err := br.QueryRow().Scan(&total); err != nil {
			return err
		}
		return br.Close()
	})
	if err != nil {
		var de *decodeError
		if errors.As(err, &de) {
			return nil, 0, de.err
		}
		return nil, 0, s.dbErr("list orders", err)
	}
	return out, total, nil
}

// orderPageSQL is the query of the page f selects in a store: rows (id,
// data), newest first, through the orders_newest index.
func orderPageSQL(store string, f ports.OrderFilter) (string, []any) {
	w := orderWhere(store, f)
	lp, op := w.page(f.Offset, f.Limit)
	return `SELECT id, data FROM {s}.orders` + w.String() + ` ORDER BY ` + newestOrderFirst + ` LIMIT ` + lp + ` OFFSET ` + op, w.args
}

// statusesOnly reports whether f filters by status alone (or not at all),
// so that the per-status counters answer its totals.
func statusesOnly(f ports.OrderFilter) bool {
	return f.From.IsZero() && f.To.IsZero() && f.Method == "" && strings.TrimSpace(f.Query) == "" && f.PaymentExpiresBefore.IsZero() && f.Label == ports.LabelAny && !f.TermsDue()
}

// statusArg returns f's statuses as a text array, nil for none.
func statusArg(f ports.OrderFilter) []string {
	if len(f.Statuses) == 0 {
		return nil
	}
	st := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		st[i] = string(s)
	}
	return st
}

// orderTotalSQL is the query of the number of orders f matches in a
// store: a sum of the store's per-status counters when f filters by status
// alone, a count otherwise.
func orderTotalSQL(store string, f ports.OrderFilter) (string, []any) {
	if statusesOnly(f) {
		return `SELECT coalesce(sum(n), 0) FROM {s}.order_counts WHERE store_id = $2 AND ($1::text[] IS NULL OR status = ANY($1))`,
			[]any{statusArg(f), store}
	}
	w := orderWhere(store, f)
	return `SELECT count(*) FROM {s}.orders` + w.String(), w.args
}

// CountByStatus implements [ports.Orders]: the number of orders matching f
// per status, ignoring paging; statuses without orders are left out. A
// filter by status alone (or none) reads the per-status counters, not the
// orders. Errors: an adapter error.
func (s *Store) CountByStatus(ctx context.Context, f ports.OrderFilter) (map[checkout.Status]int, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	sql, args := `SELECT status, sum(n) FROM {s}.order_counts WHERE store_id = $2 AND ($1::text[] IS NULL OR status = ANY($1))
		GROUP BY status HAVING sum(n) > 0`, []any{statusArg(f), s.store}
	if !statusesOnly(f) {
		w := orderWhere(s.store, f)
		sql, args = `SELECT status, count(*) FROM {s}.orders`+w.String()+` GROUP BY status`, w.args
	}
	rows, err := s.pool.Query(ctx, s.q(sql), args...)
	if err != nil {
		return nil, s.dbErr("count orders", err)
	}
	out := map[checkout.Status]int{}
	var status string
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&status, &n}, func() error {
		out[checkout.Status(status)] = n
		return nil
	}); err != nil {
		return nil, s.dbErr("count orders", err)
	}
	return out, nil
}

func orderNotFound(id string) error {
	return withMessage(ports.ErrOrderNotFound, "postgres: order %q not found", id)
}
