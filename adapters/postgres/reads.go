package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// StockLevels implements [ports.Stock]: the units left of each variant id
// asked for, 0 for an unknown one. Errors: an adapter error.
func (s *Store) StockLevels(ctx context.Context, variantIDs []string) (map[string]int64, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT variant_id, available FROM {s}.stock WHERE variant_id = ANY($1)`), variantIDs)
	out, err := collectLevels(variantIDs, rows, err)
	if err != nil {
		return nil, s.dbErr("stock levels", err)
	}
	return out, nil
}

// Vouchers implements [ports.Vouchers]: every stored voucher, by code.
// Errors: an adapter error; internal for a stored voucher that cannot be
// read.
func (s *Store) Vouchers(ctx context.Context) ([]pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	rows, err := s.pool.Query(ctx, s.q(`SELECT `+voucherColumns+` FROM {s}.vouchers ORDER BY code_key`))
	if err != nil {
		return nil, s.dbErr("vouchers", err)
	}
	out := []pricing.Voucher{}
	var r voucherRow
	var bad error
	if _, err := pgx.ForEachRow(rows, r.dest(), func() error {
		v, err := r.voucher()
		if err != nil {
			bad = err
			return err
		}
		out = append(out, v)
		return nil
	}); err != nil {
		if bad != nil {
			return nil, bad
		}
		return nil, s.dbErr("vouchers", err)
	}
	return out, nil
}

// Voucher implements [ports.Vouchers]; codes compare without regard to
// case. Errors: voucher_not_found (kind NotFound); an adapter error.
func (s *Store) Voucher(ctx context.Context, code string) (pricing.Voucher, error) {
	if s.inUnit(ctx) {
		return pricing.Voucher{}, errInsideUnit
	}
	var r voucherRow
	err := s.pool.QueryRow(ctx, s.q(`SELECT `+voucherColumns+` FROM {s}.vouchers WHERE code_key = $1`), voucherKey(code)).Scan(r.dest()...)
	if errors.Is(err, pgx.ErrNoRows) {
		return pricing.Voucher{}, voucherNotFound(code)
	}
	if err != nil {
		return pricing.Voucher{}, s.dbErr("voucher", err)
	}
	return r.voucher()
}

// VoucherUsage implements [ports.Vouchers]. An unknown code has no usage;
// customer "" counts none. Errors: an adapter error.
func (s *Store) VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error) {
	if s.inUnit(ctx) {
		return pricing.Usage{}, errInsideUnit
	}
	var u pricing.Usage
	var held bool
	err := s.pool.QueryRow(ctx, s.q(usageSQL), voucherKey(code), customer, "").Scan(&u.Total, &u.ByCustomer, &held)
	return u, s.dbErr("voucher usage", err)
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
	err := s.pool.QueryRow(ctx, s.q(`SELECT id, data FROM {s}.orders WHERE `+column+` = $1`), value).Scan(&id, &data)
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

// sqlWhere builds a WHERE clause and its arguments.
type sqlWhere struct {
	conds []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (w *sqlWhere) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *sqlWhere) add(format string, args ...any) {
	ph := make([]any, len(args))
	for i, a := range args {
		ph[i] = w.arg(a)
	}
	w.conds = append(w.conds, fmt.Sprintf(format, ph...))
}

func (w *sqlWhere) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// orderWhere is the WHERE clause of an order filter (paging aside). Query
// matches as the in-memory store does: the lower-cased text within the
// name, number or airway bill, and, when it reads as a phone number, its
// digits within the phone's international or local digits.
func orderWhere(f ports.OrderFilter) *sqlWhere {
	w := &sqlWhere{}
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			st[i] = string(s)
		}
		w.add("status = ANY(%s)", st)
	}
	if !f.From.IsZero() {
		w.add("placed_ns >= %s", nanos(f.From))
	}
	if !f.To.IsZero() {
		w.add("placed_ns < %s", nanos(f.To))
	}
	if f.Method != "" {
		w.add("payment_method = %s", string(f.Method))
	}
	if !f.PaymentExpiresBefore.IsZero() {
		w.add("payment_expires_ns < %s", nanos(f.PaymentExpiresBefore))
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		ph := w.arg(q)
		cond := fmt.Sprintf("strpos(search_name, %[1]s) > 0 OR strpos(search_number, %[1]s) > 0 OR strpos(search_airway_bill, %[1]s) > 0", ph)
		if phoneLike(q) {
			if d := digitsOf(q); d != "" {
				dp := w.arg(d)
				cond += fmt.Sprintf(" OR strpos(phone_digits, %[1]s) > 0 OR strpos(phone_local, %[1]s) > 0", dp)
			}
		}
		w.conds = append(w.conds, "("+cond+")")
	}
	return w
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
	pageSQL, pageArgs := orderPageSQL(f)
	countSQL, countArgs := orderTotalSQL(f)
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

// decodeError carries a stored record that cannot be read out of a read
// transaction, so that it is not reported as the database's error.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }

// readTx runs fn in a read-only REPEATABLE READ transaction of the pool, so
// that the queries fn sends see one snapshot.
func (s *Store) readTx(ctx context.Context, fn func(pgx.Tx) error) error {
	pt, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer rollback(ctx, pt)
	if err := fn(pt); err != nil {
		return err
	}
	return pt.Commit(ctx)
}

// orderPageSQL is the query of the page f selects: rows (id, data), newest
// first, through the orders_newest index.
func orderPageSQL(f ports.OrderFilter) (string, []any) {
	w := orderWhere(f)
	lp, op := w.page(f.Offset, f.Limit)
	return `SELECT id, data FROM {s}.orders` + w.String() + ` ORDER BY ` + newestOrderFirst + ` LIMIT ` + lp + ` OFFSET ` + op, w.args
}

// statusesOnly reports whether f filters by status alone (or not at all),
// so that the per-status counters answer its totals.
func statusesOnly(f ports.OrderFilter) bool {
	return f.From.IsZero() && f.To.IsZero() && f.Method == "" && strings.TrimSpace(f.Query) == "" && f.PaymentExpiresBefore.IsZero()
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

// orderTotalSQL is the query of the number of orders f matches: a sum of
// the per-status counters when f filters by status alone, a count
// otherwise.
func orderTotalSQL(f ports.OrderFilter) (string, []any) {
	if statusesOnly(f) {
		return `SELECT coalesce(sum(n), 0) FROM {s}.order_counts WHERE $1::text[] IS NULL OR status = ANY($1)`, []any{statusArg(f)}
	}
	w := orderWhere(f)
	return `SELECT count(*) FROM {s}.orders` + w.String(), w.args
}

// page adds the LIMIT and OFFSET arguments of a page (a limit of 0 is no
// limit) and returns their placeholders.
func (w *sqlWhere) page(offset, limit int) (limitArg, offsetArg string) {
	var l *int64
	if limit > 0 {
		n := int64(limit)
		l = &n
	}
	return w.arg(l), w.arg(int64(offset))
}

// listPage runs a page query whose rows are (total, id, data), with one
// row of a NULL id for an empty page, and decodes each record.
func listPage[T any](ctx context.Context, s *Store, what, sql string, args []any, decode func(id string, data []byte) (T, error)) ([]T, int, error) {
	rows, err := s.pool.Query(ctx, s.q(sql), args...)
	if err != nil {
		return nil, 0, s.dbErr(what, err)
	}
	out := []T{}
	var total int
	var id *string
	var data []byte
	var bad error
	if _, err := pgx.ForEachRow(rows, []any{&total, &id, &data}, func() error {
		if id == nil {
			return nil // the empty page
		}
		v, err := decode(*id, data)
		if err != nil {
			bad = err
			return err
		}
		out = append(out, v)
		return nil
	}); err != nil {
		if bad != nil {
			return nil, 0, bad
		}
		return nil, 0, s.dbErr(what, err)
	}
	return out, total, nil
}

// CountByStatus implements [ports.Orders]: the number of orders matching f
// per status, ignoring paging; statuses without orders are left out. A
// filter by status alone (or none) reads the per-status counters, not the
// orders. Errors: an adapter error.
func (s *Store) CountByStatus(ctx context.Context, f ports.OrderFilter) (map[checkout.Status]int, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	sql, args := `SELECT status, sum(n) FROM {s}.order_counts WHERE $1::text[] IS NULL OR status = ANY($1)
		GROUP BY status HAVING sum(n) > 0`, []any{statusArg(f)}
	if !statusesOnly(f) {
		w := orderWhere(f)
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
	tag, err := s.pool.Exec(ctx, s.q(`INSERT INTO {s}.abandoned (id, phone, status, created_ns, created_at, data)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`), args...)
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
	err := s.pool.QueryRow(ctx, s.q(`SELECT data FROM {s}.abandoned WHERE id = $1`), id).Scan(&data)
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
		err := t.queryRow(ctx, "update abandoned checkout", `SELECT data FROM {s}.abandoned WHERE id = $1 FOR UPDATE`, []any{id}, &data)
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

// saveAbandoned replaces a stored checkout.
func (t *tx) saveAbandoned(ctx context.Context, a *checkout.Abandoned) error {
	args, err := abandonedArgs(a)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "save abandoned checkout", `UPDATE {s}.abandoned SET (id, phone, status, created_ns, created_at, data) =
		($1, $2, $3, $4, $5, $6) WHERE id = $1`, args...)
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
	err := s.pool.QueryRow(ctx, s.q(`SELECT EXISTS (SELECT FROM {s}.abandoned WHERE phone = $1 AND status = $2)`),
		phone, string(checkout.AbandonedOpen)).Scan(&open)
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
			WHERE phone = $1 AND status = $2 ORDER BY id FOR UPDATE`, phone, string(checkout.AbandonedOpen))
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
