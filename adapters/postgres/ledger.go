package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Ledger = (*Store)(nil)

// appendEntrySQL appends one entry unless its order or withdrawal already
// has one of its kind (the partial unique indexes), and returns its seq.
const appendEntrySQL = `INSERT INTO {s}.ledger_entries (store_id, kind, amount, order_id, withdrawal_id, reason, reference, at_ns)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING seq`

// AppendEntries implements [ports.Tx]: each entry is inserted unless its
// order or withdrawal has one of its kind, then the sum of those inserted
// is added to the store's balance row, which stays locked until the unit
// ends. Errors: those of ports.LedgerEntry.Check; an adapter error.
func (t *tx) AppendEntries(ctx context.Context, es []ports.LedgerEntry) ([]ports.LedgerEntry, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	for _, e := range es {
		if err := e.Check(); err != nil {
			return nil, err
		}
	}
	if len(es) == 0 {
		return nil, nil
	}
	var b pgx.Batch
	for _, e := range es {
		b.Queue(t.s.q(appendEntrySQL), t.s.store, string(e.Kind), int64(e.Amount), nullString(e.OrderID),
			nullString(e.WithdrawalID), e.Reason, e.Reference, nanos(e.At))
	}
	br, err := t.send(ctx, &b)
	if err != nil {
		return nil, err
	}
	var out []ports.LedgerEntry
	var sum money.Money
	for _, e := range es {
		var seq int64
		switch qerr := br.QueryRow().Scan(&seq); {
		case errors.Is(qerr, pgx.ErrNoRows): // one of its kind is stored
		case qerr != nil:
			if err == nil {
				err = qerr
			}
		default:
			e.Seq = seq
			sum += e.Amount
			out = append(out, e)
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, t.fail("append ledger entries", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	if _, err := t.exec(ctx, "add to balance", `INSERT INTO {s}.ledger_balances AS b (store_id, balance) VALUES ($1, $2)
		ON CONFLICT (store_id) DO UPDATE SET balance = b.balance + EXCLUDED.balance`, t.s.store, int64(sum)); err != nil {
		return nil, err
	}
	return out, nil
}

// LockBalance implements [ports.Tx]: it locks the store's balance row
// (creating it at 0 the first time) until the unit ends, so units that
// withdraw or append entries run one after another. Errors: an adapter
// error.
func (t *tx) LockBalance(ctx context.Context) (money.Money, error) {
	var bal int64
	err := t.queryRow(ctx, "lock balance", `WITH ins AS (
			INSERT INTO {s}.ledger_balances (store_id, balance) VALUES ($1, 0) ON CONFLICT (store_id) DO NOTHING
		) SELECT balance FROM {s}.ledger_balances WHERE store_id = $1 FOR UPDATE`, []any{t.s.store}, &bal)
	if errors.Is(err, pgx.ErrNoRows) {
		// The row was created by this statement: its snapshot did not see it.
		err = t.queryRow(ctx, "lock balance", `SELECT balance FROM {s}.ledger_balances WHERE store_id = $1 FOR UPDATE`, []any{t.s.store}, &bal)
	}
	if err != nil {
		return 0, err
	}
	return money.Money(bal), nil
}

// CreateWithdrawal implements [ports.Tx]. Errors: ports.ErrDuplicate;
// invalid_input for an empty id; an adapter error.
func (t *tx) CreateWithdrawal(ctx context.Context, w ledger.Payout) error {
	if w.ID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "postgres: a withdrawal needs an id").WithField("id")
	}
	data, err := json.Marshal(w)
	if err != nil {
		return errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the withdrawal cannot be encoded")
	}
	tag, err := t.exec(ctx, "create withdrawal", `INSERT INTO {s}.withdrawals (store_id, id, status, requested_ns, data)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, t.s.store, w.ID, string(w.Status), nanos(w.RequestedAt), data)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrDuplicate, "postgres: withdrawal %q exists", w.ID)
	}
	return nil
}

// WithdrawalForUpdate implements [ports.Tx]: it locks the withdrawal's
// row until the unit ends. Errors: ports.ErrWithdrawalNotFound; an adapter
// error.
func (t *tx) WithdrawalForUpdate(ctx context.Context, id string) (ledger.Payout, error) {
	var data []byte
	err := t.queryRow(ctx, "withdrawal", `SELECT data FROM {s}.withdrawals WHERE store_id = $1 AND id = $2 FOR UPDATE`, []any{t.s.store, id}, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.Payout{}, withdrawalNotFound(id)
	}
	if err != nil {
		return ledger.Payout{}, err
	}
	return decodePayout(id, data)
}

// SaveWithdrawal implements [ports.Tx]. Errors: ports.ErrWithdrawalNotFound;
// an adapter error.
func (t *tx) SaveWithdrawal(ctx context.Context, w ledger.Payout) error {
	data, err := json.Marshal(w)
	if err != nil {
		return errs.Wrap(errs.Other, errs.CodeInternal, err, "postgres: the withdrawal cannot be encoded")
	}
	tag, err := t.exec(ctx, "save withdrawal", `UPDATE {s}.withdrawals SET status = $3, requested_ns = $4, data = $5
		WHERE store_id = $1 AND id = $2`, t.s.store, w.ID, string(w.Status), nanos(w.RequestedAt), data)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return withdrawalNotFound(w.ID)
	}
	return nil
}

// OrderByAirwayBill implements [ports.Tx]: the order's id is found through
// the index on the store's airway bills, then the order is read and locked
// as [tx.Order] does. Errors: ports.ErrOrderNotFound; an adapter error.
func (t *tx) OrderByAirwayBill(ctx context.Context, awb string) (*checkout.Order, error) {
	key := strings.ToLower(strings.TrimSpace(awb))
	var id string
	err := t.queryRow(ctx, "order by airway bill", `SELECT order_id FROM {s}.order_figures
		WHERE store_id = $1 AND airway_bill = $2 AND airway_bill <> '' ORDER BY placed_ns DESC, order_id DESC LIMIT 1`, []any{t.s.store, key}, &id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, withMessage(ports.ErrOrderNotFound, "postgres: no order has airway bill %q", awb)
	}
	if err != nil {
		return nil, err
	}
	return t.Order(ctx, id)
}

func decodePayout(id string, data []byte) (ledger.Payout, error) {
	var w ledger.Payout
	if err := json.Unmarshal(data, &w); err != nil {
		return ledger.Payout{}, corrupt("withdrawal", id, err)
	}
	return w, nil
}

func withdrawalNotFound(id string) error {
	return withMessage(ports.ErrWithdrawalNotFound, "postgres: withdrawal %q not found", id)
}

// Balance implements [ports.Ledger]: the store's balance row. Errors: an
// adapter error.
func (s *Store) Balance(ctx context.Context) (money.Money, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	var bal int64
	err := s.pool.QueryRow(ctx, s.q(`SELECT coalesce((SELECT balance FROM {s}.ledger_balances WHERE store_id = $1), 0)`), s.store).Scan(&bal)
	if err != nil {
		return 0, s.dbErr("balance", err)
	}
	return money.Money(bal), nil
}

// LedgerEntries implements [ports.Ledger]: newest first, the page and the
// total in one query through the store's indexes by seq, kind, order or
// withdrawal. Errors: invalid_input for a negative offset or limit; an
// adapter error.
func (s *Store) LedgerEntries(ctx context.Context, f ports.LedgerFilter) ([]ports.LedgerEntry, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "postgres: offset and limit must not be negative").WithField("offset")
	}
	w := &sqlWhere{}
	w.add("store_id = %s", s.store)
	if len(f.Kinds) > 0 {
		ks := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			ks[i] = string(k)
		}
		w.add("kind = ANY(%s)", ks)
	}
	if f.OrderID != "" {
		w.add("order_id = %s", f.OrderID)
	}
	if f.WithdrawalID != "" {
		w.add("withdrawal_id = %s", f.WithdrawalID)
	}
	if !f.From.IsZero() {
		w.add("at_ns >= %s", nanos(f.From))
	}
	if !f.To.IsZero() {
		w.add("at_ns < %s", nanos(f.To))
	}
	lp, op := w.page(f.Offset, f.Limit)
	sql := `SELECT count(*) OVER (), seq, kind, amount, coalesce(order_id, ''), coalesce(withdrawal_id, ''), reason, reference, at_ns
		FROM {s}.ledger_entries` + w.String() + ` ORDER BY seq DESC LIMIT ` + lp + ` OFFSET ` + op
	rows, err := s.pool.Query(ctx, s.q(sql), w.args...)
	if err != nil {
		return nil, 0, s.dbErr("ledger entries", err)
	}
	out := []ports.LedgerEntry{}
	total := 0
	var e ports.LedgerEntry
	var kind string
	var amount, at int64
	if _, err := pgx.ForEachRow(rows, []any{&total, &e.Seq, &kind, &amount, &e.OrderID, &e.WithdrawalID, &e.Reason, &e.Reference, &at}, func() error {
		e.Kind, e.Amount, e.At = ledger.Kind(kind), money.Money(amount), fromNanos(&at)
		out = append(out, e)
		return nil
	}); err != nil {
		return nil, 0, s.dbErr("ledger entries", err)
	}
	if len(out) == 0 && f.Offset > 0 {
		// A page past the end has no row to carry the total.
		c := *w
		c.args = c.args[:len(c.args)-2]
		if err := s.pool.QueryRow(ctx, s.q(`SELECT count(*) FROM {s}.ledger_entries`+c.String()), c.args...).Scan(&total); err != nil {
			return nil, 0, s.dbErr("ledger entries", err)
		}
	}
	return out, total, nil
}

// Withdrawal implements [ports.Ledger]. Errors: ports.ErrWithdrawalNotFound;
// an adapter error.
func (s *Store) Withdrawal(ctx context.Context, id string) (ledger.Payout, error) {
	if s.inUnit(ctx) {
		return ledger.Payout{}, errInsideUnit
	}
	var data []byte
	err := s.pool.QueryRow(ctx, s.q(`SELECT data FROM {s}.withdrawals WHERE store_id = $1 AND id = $2`), s.store, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.Payout{}, withdrawalNotFound(id)
	}
	if err != nil {
		return ledger.Payout{}, s.dbErr("withdrawal", err)
	}
	return decodePayout(id, data)
}

// Withdrawals implements [ports.Ledger]: newest first through
// withdrawals_newest. Errors: invalid_input for a negative offset or limit;
// an adapter error.
func (s *Store) Withdrawals(ctx context.Context, f ports.WithdrawalFilter) ([]ledger.Payout, int, error) {
	if s.inUnit(ctx) {
		return nil, 0, errInsideUnit
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, errs.Invalidf(errs.CodeInvalidInput, "postgres: offset and limit must not be negative").WithField("offset")
	}
	w := &sqlWhere{}
	w.add("store_id = %s", s.store)
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, x := range f.Statuses {
			st[i] = string(x)
		}
		w.add("status = ANY(%s)", st)
	}
	lp, op := w.page(f.Offset, f.Limit)
	sql := `WITH m AS (SELECT id, requested_ns, data FROM {s}.withdrawals` + w.String() + `)
		SELECT t.total, p.id, p.data FROM (SELECT count(*) AS total FROM m) t
		LEFT JOIN LATERAL (SELECT * FROM m ORDER BY requested_ns DESC, id DESC LIMIT ` + lp + ` OFFSET ` + op + `) p ON true
		ORDER BY p.requested_ns DESC, p.id DESC`
	return listPage(ctx, s, "withdrawals", sql, w.args, decodePayout)
}

var _ ports.Reports = (*Store)(nil)

// PendingBalance implements [ports.Reports]: Σ net profit of the store's
// shipped COD orders through order_figures_status. Errors: an adapter
// error.
func (s *Store) PendingBalance(ctx context.Context) (money.Money, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	var n int64
	err := s.pool.QueryRow(ctx, s.q(`SELECT coalesce(sum(net_profit), 0)::bigint FROM {s}.order_figures
		WHERE store_id = $1 AND status = 'shipped' AND payment_method = 'cod'`), s.store).Scan(&n)
	if err != nil {
		return 0, s.dbErr("pending balance", err)
	}
	return money.Money(n), nil
}

// reportSQL groups the orders of a period (and perhaps a courier) by day,
// status and method, from the index on placement time (or on courier and
// placement time), which holds every column read. The day is a number:
// days since the Unix epoch of the placement time shifted by $4
// nanoseconds (the report zone's offset, when it has one offset over the
// whole period; floor division, so times before 1970 fall on their day
// too), or, when $5 names a zone (one with changing offsets), the date in
// that zone as days since the epoch.
const reportSQL = `SELECT CASE WHEN $5 = '' THEN
			((placed_ns + $4) - (((placed_ns + $4) % 86400000000000) + 86400000000000) % 86400000000000) / 86400000000000
		ELSE ((to_timestamp(placed_ns / 1e9) AT TIME ZONE $5)::date - DATE '1970-01-01')::bigint END AS day,
		status, payment_method, count(*),
		coalesce(sum(grand_total), 0)::bigint, coalesce(sum(net_profit), 0)::bigint, coalesce(sum(cashback), 0)::bigint
	FROM {s}.order_figures
	WHERE store_id = $1 AND placed_ns >= $2 AND placed_ns < $3 AND ($6 = '' OR courier = $6)
	GROUP BY 1, 2, 3`

// Report implements [ports.Reports]: one aggregate query over the index on
// the store's placement times (or on its courier and placement times),
// grouped by day, status and method, summed up by ledger.SummarizeGroups.
// Errors: invalid_input for totals too large to add up; an adapter error.
func (s *Store) Report(ctx context.Context, f ports.ReportFilter) (ledger.Report, error) {
	if s.inUnit(ctx) {
		return ledger.Report{}, errInsideUnit
	}
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	from, to := int64(math.MinInt64/2), int64(math.MaxInt64/2)
	if !f.From.IsZero() {
		from = max(nanos(f.From), from)
	}
	if !f.To.IsZero() {
		to = min(nanos(f.To), to)
	}
	offset, zone := zoneArgs(loc, time.Unix(0, from), time.Unix(0, to))
	rows, err := s.pool.Query(ctx, s.q(reportSQL), s.store, from, to, offset, zone, f.Courier)
	if err != nil {
		return ledger.Report{}, s.dbErr("report", err)
	}
	var groups []ledger.Group
	var g ledger.Group
	var day int64
	var status, method string
	var gt, np, cb int64
	if _, err := pgx.ForEachRow(rows, []any{&day, &status, &method, &g.Count, &gt, &np, &cb}, func() error {
		g.Date = time.Unix(day*86400, 0).UTC().Format(time.DateOnly)
		g.Status, g.Method = checkout.Status(status), payment.Method(method)
		g.GrandTotal, g.NetProfit, g.Cashback = money.Money(gt), money.Money(np), money.Money(cb)
		groups = append(groups, g)
		return nil
	}); err != nil {
		return ledger.Report{}, s.dbErr("report", err)
	}
	return ledger.SummarizeGroups(groups)
}

// zoneArgs returns how the report query finds an order's day in loc: the
// zone's offset in nanoseconds when it has one offset from `from` to `to`
// (a fixed zone such as WIB, or no change of offset in the period), or
// else the zone's name for PostgreSQL to convert each time with.
func zoneArgs(loc *time.Location, from, to time.Time) (int64, string) {
	_, off := from.In(loc).Zone()
	if _, offTo := to.In(loc).Zone(); offTo == off {
		start, end := from.In(loc).ZoneBounds()
		if !end.IsZero() && end.Before(to) || !start.IsZero() && start.After(from) {
			return 0, zoneName(loc)
		}
		return int64(off) * int64(time.Second), ""
	}
	return 0, zoneName(loc)
}

// zoneName returns a zone PostgreSQL reads for loc: its IANA name, or for
// another zone (a fixed one such as WIB) its offset now, written the POSIX
// way (west positive: UTC+7 is "<+0700>-07:00").
func zoneName(loc *time.Location) string {
	name := loc.String()
	if name != "Local" {
		if _, err := time.LoadLocation(name); err == nil {
			return name
		}
	}
	_, off := time.Now().In(loc).Zone()
	east, west := "+", "-"
	if off < 0 {
		east, west, off = "-", "+", -off
	}
	hm := fmt.Sprintf("%02d%02d", off/3600, off%3600/60)
	return "<" + east + hm + ">" + west + hm[:2] + ":" + hm[2:]
}
