package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.Outbox = (*Store)(nil)

// AppendEvent implements [ports.Tx]: the event's row is inserted in the
// unit's transaction, so it commits or rolls back with the change.
// Errors: invalid_input for an empty id or type; ports.ErrDuplicate when
// the id is taken; an adapter error.
func (t *tx) AppendEvent(ctx context.Context, e ports.Event) error {
	if err := t.check(); err != nil {
		return err
	}
	switch {
	case e.ID == "":
		return errs.Invalidf(errs.CodeInvalidInput, "an event needs an id").WithField("id")
	case e.Type == "":
		return errs.Invalidf(errs.CodeInvalidInput, "an event needs a type").WithField("type")
	}
	e.Store = t.s.store
	data, err := json.Marshal(e)
	if err != nil {
		return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "the event cannot be stored")
	}
	id := e.ID
	return t.holdBack("append event", `INSERT INTO {s}.outbox (store_id, id, order_id, type, data) VALUES ($5, $1, $2, $3, $4)`,
		func(pg *pgconn.PgError) error {
			if pg.Code != sqlUniqueViolation {
				return nil
			}
			return withMessage(ports.ErrDuplicate, "postgres: event %q exists", id)
		}, e.ID, e.OrderID, string(e.Type), data, t.s.store)
}

// ClaimEvents implements [ports.Outbox] in one statement: it selects the
// oldest undelivered event of each of the store's orders that is
// claimable at c.Now (another store's events are not seen),
// locking the rows with FOR UPDATE SKIP LOCKED so that concurrent claims
// (from any process) take different events and never wait for each
// other, and sets their lease. An order's later event is not its oldest
// undelivered one while an earlier one is leased, so it waits. Errors:
// invalid_input for a lease or limit ≤ 0; an adapter error; internal for a
// stored event that cannot be read.
func (s *Store) ClaimEvents(ctx context.Context, c ports.Claim) ([]ports.OutboxEvent, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	if c.Lease <= 0 || c.Limit <= 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "a claim needs a lease and a limit above 0").WithField("lease")
	}
	rows, err := s.pool.Query(ctx, s.q(claimSQL), s.claimArgs(c)...)
	return s.claimed(rows, err)
}

// claimSQL is ClaimEvents' statement.
const claimSQL = `WITH c AS (
		SELECT o.seq FROM {s}.outbox o
		WHERE o.store_id = $5 AND NOT o.delivered AND o.available_ns <= $1 AND ($4 = '' OR o.order_id = $4)
			AND NOT EXISTS (SELECT 1 FROM {s}.outbox p
				WHERE p.store_id = $5 AND NOT p.delivered AND p.order_id = o.order_id AND p.seq < o.seq)
		ORDER BY o.seq LIMIT $3
		FOR UPDATE SKIP LOCKED)
	UPDATE {s}.outbox o SET available_ns = $2, attempts = o.attempts + 1
	FROM c WHERE o.store_id = $5 AND o.seq = c.seq
	RETURNING o.seq, o.attempts, o.data`

func (s *Store) claimArgs(c ports.Claim) []any {
	return []any{nanos(c.Now), nanos(c.Now.Add(c.Lease)), int64(c.Limit), c.OrderID, s.store}
}

// claimed reads the rows of claimSQL, by Seq; each event names the
// handle's store.
func (s *Store) claimed(rows pgx.Rows, err error) ([]ports.OutboxEvent, error) {
	if err != nil {
		return nil, s.dbErr("claim events", err)
	}
	var out []ports.OutboxEvent
	var ev ports.OutboxEvent
	var data []byte
	var bad error
	if _, err := pgx.ForEachRow(rows, []any{&ev.Seq, &ev.Attempts, &data}, func() error {
		e := ev
		if err := json.Unmarshal(data, &e.Event); err != nil {
			bad = corrupt("event", e.ID, err)
			return bad
		}
		e.Store = s.store
		out = append(out, e)
		return nil
	}); err != nil {
		if bad != nil {
			return nil, bad
		}
		return nil, s.dbErr("claim events", err)
	}
	slices.SortFunc(out, func(a, b ports.OutboxEvent) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// MarkDelivered implements [ports.Outbox]. Errors: ports.ErrNotFound; an
// adapter error.
func (s *Store) MarkDelivered(ctx context.Context, seq int64, at time.Time) error {
	return s.updateEvent(ctx, "mark event delivered", `UPDATE {s}.outbox
		SET delivered_ns = CASE WHEN delivered THEN delivered_ns ELSE $2 END, delivered = true WHERE store_id = $3 AND seq = $1`, seq, nanos(at))
}

// MarkDeliveredAndClaim is MarkDelivered of every seq followed by
// ClaimEvents of c, in one round trip and one transaction: a [kasir.Relay]
// uses it after a claim whose events were all delivered, instead of a mark
// per event and a claim. When it fails, what it marked or claimed is
// undone, or else the events it claimed are delivered once their lease
// ends. Errors: ports.ErrNotFound when the outbox never held one of the
// seqs; those of ClaimEvents.
func (s *Store) MarkDeliveredAndClaim(ctx context.Context, seqs []int64, at time.Time, c ports.Claim) ([]ports.OutboxEvent, error) {
	if s.inUnit(ctx) {
		return nil, errInsideUnit
	}
	if c.Lease <= 0 || c.Limit <= 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "a claim needs a lease and a limit above 0").WithField("lease")
	}
	var b pgx.Batch
	b.Queue(s.q(`UPDATE {s}.outbox SET delivered_ns = CASE WHEN delivered THEN delivered_ns ELSE $2 END, delivered = true
		WHERE store_id = $3 AND seq = ANY($1)`), seqs, nanos(at), s.store)
	b.Queue(s.q(claimSQL), s.claimArgs(c)...)
	br := s.pool.SendBatch(ctx, &b)
	tag, err := br.Exec()
	if err != nil {
		_ = br.Close()
		return nil, s.dbErr("mark events delivered", err)
	}
	out, err := s.claimed(br.Query())
	if cerr := br.Close(); err == nil && cerr != nil {
		err = s.dbErr("claim events", cerr)
	}
	if err != nil {
		return nil, err
	}
	if int(tag.RowsAffected()) != len(slices.Compact(slices.Sorted(slices.Values(seqs)))) {
		return nil, withMessage(ports.ErrNotFound, "postgres: an event of %v is not in the outbox", seqs)
	}
	return out, nil
}

// DeferEvent implements [ports.Outbox]. Errors: ports.ErrNotFound; an
// adapter error.
func (s *Store) DeferEvent(ctx context.Context, seq int64, at time.Time) error {
	return s.updateEvent(ctx, "defer event", `UPDATE {s}.outbox
		SET available_ns = CASE WHEN delivered THEN available_ns ELSE $2 END WHERE store_id = $3 AND seq = $1`, seq, nanos(at))
}

// updateEvent runs an UPDATE of one outbox row of the store ($1 its seq,
// $3 the store).
func (s *Store) updateEvent(ctx context.Context, op, sql string, seq int64, at int64) error {
	if s.inUnit(ctx) {
		return errInsideUnit
	}
	tag, err := s.pool.Exec(ctx, s.q(sql), seq, at, s.store)
	if err != nil {
		return s.dbErr(op, err)
	}
	if tag.RowsAffected() == 0 {
		return withMessage(ports.ErrNotFound, "postgres: no event %d in the outbox", seq)
	}
	return nil
}

// PruneEvents deletes the store's events delivered before `before` and
// returns how many it deleted; undelivered events stay whatever their
// age. The outbox keeps delivered events until they are pruned, so a host
// calls it now and then (say daily, for events delivered a week ago).
// Errors: an adapter error.
func (s *Store) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	if s.inUnit(ctx) {
		return 0, errInsideUnit
	}
	tag, err := s.pool.Exec(ctx, s.q(`DELETE FROM {s}.outbox WHERE store_id = $2 AND delivered AND delivered_ns < $1`), nanos(before), s.store)
	if err != nil {
		return 0, s.dbErr("prune events", err)
	}
	return tag.RowsAffected(), nil
}
