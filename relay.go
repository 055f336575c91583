package kasir

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// Relay delivers the events in a store's outbox to a sink after the units
// of work that appended them have committed: at least once, and each
// order's events one after another in the order of its changes. An event
// whose delivery fails stays in the outbox and is tried again after a
// backoff; so is one whose relay crashed mid-delivery, once its lease
// ends. Several relays, in one process or in several sharing a database,
// may run on one outbox: a claim gives each event to one of them.
//
// A receiver may get an event twice (a crash between delivery and the
// mark): it drops the repeat by the event's ID.
type Relay struct {
	outbox  ports.Outbox
	sink    ports.Events
	clock   ports.Clock
	lease   time.Duration
	batch   int
	backoff func(attempts int) time.Duration
	log     *slog.Logger
	wake    chan struct{}
}

// RelayOption configures a [Relay].
type RelayOption func(*Relay)

// RelayClock sets the clock that leases and retries are timed by; the
// default is the system clock.
func RelayClock(c ports.Clock) RelayOption { return func(r *Relay) { r.clock = c } }

// RelayLease sets how long a claimed event is the relay's (default one
// minute). Each delivery is cancelled when its lease ends, so the lease
// bounds how long the sink may take; another relay may deliver the event
// again after it.
func RelayLease(d time.Duration) RelayOption { return func(r *Relay) { r.lease = d } }

// RelayBatch sets how many events one claim takes (default 32). The
// events of one claim belong to different orders and are delivered
// concurrently.
func RelayBatch(n int) RelayOption { return func(r *Relay) { r.batch = n } }

// RelayBackoff sets the wait before an event is tried again after its
// n-th failed delivery (default [DefaultRelayBackoff]).
func RelayBackoff(f func(attempts int) time.Duration) RelayOption {
	return func(r *Relay) { r.backoff = f }
}

// RelayLogger sets the logger for failed deliveries (default
// slog.Default()).
func RelayLogger(l *slog.Logger) RelayOption { return func(r *Relay) { r.log = l } }

// DefaultRelayBackoff doubles from one second after the first failure to
// at most ten minutes.
func DefaultRelayBackoff(attempts int) time.Duration {
	d := time.Second
	for i := 1; i < attempts && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

// NewRelay returns a relay from outbox (a store) to sink. Errors:
// invalid_input for a nil outbox or sink, a lease or batch ≤ 0, or a nil
// clock or backoff.
func NewRelay(outbox ports.Outbox, sink ports.Events, opts ...RelayOption) (*Relay, error) {
	r := &Relay{outbox: outbox, sink: sink, clock: systemClock{}, lease: time.Minute, batch: 32,
		backoff: DefaultRelayBackoff, log: slog.Default(), wake: make(chan struct{}, 1)}
	for _, o := range opts {
		o(r)
	}
	switch {
	case outbox == nil || sink == nil:
		return nil, errs.Invalidf(errs.CodeInvalidInput, "a relay needs an outbox and a sink")
	case r.lease <= 0 || r.batch <= 0:
		return nil, errs.Invalidf(errs.CodeInvalidInput, "a relay needs a lease and a batch above 0")
	case r.clock == nil || r.backoff == nil || r.log == nil:
		return nil, errs.Invalidf(errs.CodeInvalidInput, "a relay needs a clock, a backoff and a logger")
	}
	return r, nil
}

// systemClock is the wall clock.
type systemClock struct{}

func (systemClock) Now(context.Context) time.Time { return time.Now() }

// markClaimer is an outbox that can mark events delivered and claim the
// next ones in one round trip (the PostgreSQL store).
type markClaimer interface {
	MarkDeliveredAndClaim(ctx context.Context, seqs []int64, at time.Time, c ports.Claim) ([]ports.OutboxEvent, error)
}

// Deliver delivers every event claimable now, claim after claim, until
// none is left, and returns how many it delivered. Events that fail are
// deferred by the backoff and logged, not returned. Errors: the outbox's
// (the pass stops), or ctx's.
func (r *Relay) Deliver(ctx context.Context) (int, error) {
	return r.deliver(ctx, "")
}

// deliver is Deliver for one order's events, or every order's for "".
func (r *Relay) deliver(ctx context.Context, orderID string) (int, error) {
	total := 0
	claim := func() ports.Claim {
		return ports.Claim{Now: r.clock.Now(ctx), Lease: r.lease, Limit: r.batch, OrderID: orderID}
	}
	evs, err := r.outbox.ClaimEvents(ctx, claim())
	for {
		if err == nil {
			err = ctx.Err()
		}
		if err != nil || len(evs) == 0 {
			return total, err
		}
		ok := make([]bool, len(evs))
		if len(evs) == 1 {
			// The common case (an order's one new event): no goroutine
			// to start and wait for.
			ok[0] = r.publish(ctx, evs[0])
		} else {
			var wg sync.WaitGroup
			for i, e := range evs {
				wg.Go(func() { ok[i] = r.publish(ctx, e) })
			}
			wg.Wait()
		}
		if mc, yes := r.outbox.(markClaimer); yes && ctx.Err() == nil && !slices.Contains(ok, false) {
			// All delivered: mark them and claim the next in one round
			// trip. When that fails, they are marked one by one below.
			seqs := make([]int64, len(evs))
			for i, e := range evs {
				seqs[i] = e.Seq
			}
			if next, err := mc.MarkDeliveredAndClaim(ctx, seqs, r.clock.Now(ctx), claim()); err == nil {
				total += len(evs)
				evs = next
				continue
			}
		}
		// What was delivered is recorded even when ctx ended meanwhile (a
		// shutdown), so it is not delivered again.
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		delivered := 0
		var errOut error
		for i, e := range evs {
			if ok[i] {
				delivered++
				errOut = errors.Join(errOut, r.outbox.MarkDelivered(bctx, e.Seq, r.clock.Now(ctx)))
			} else {
				// At least a nanosecond, so this pass does not claim it again.
				wait := max(r.backoff(e.Attempts), time.Nanosecond)
				errOut = errors.Join(errOut, r.outbox.DeferEvent(bctx, e.Seq, r.clock.Now(ctx).Add(wait)))
			}
		}
		cancel()
		total += delivered
		if errOut != nil {
			return total, errOut
		}
		if delivered == 0 {
			return total, nil // every event of the claim failed: wait for the backoff
		}
		evs, err = r.outbox.ClaimEvents(ctx, claim())
	}
}

// publish hands one event to the sink within its lease and reports whether
// the sink took it.
func (r *Relay) publish(ctx context.Context, e ports.OutboxEvent) (ok bool) {
	pctx, cancel := context.WithTimeout(ctx, r.lease)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			r.log.ErrorContext(ctx, "event sink panicked", "event", e.ID, "type", e.Type, "order", e.OrderID, "panic", p)
			ok = false
		}
	}()
	if err := r.sink.Publish(pctx, e.Event); err != nil {
		r.log.WarnContext(ctx, "event not delivered; it will be tried again", "event", e.ID, "type", e.Type,
			"order", e.OrderID, "attempts", e.Attempts, "err", err)
		return false
	}
	return true
}

// Notify wakes [Relay.Run] to deliver now rather than at its next tick. It
// never blocks.
func (r *Relay) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run delivers pending events at once, then every interval and whenever
// [Relay.Notify] is called, until ctx is done; it returns ctx's error.
// Errors of a pass are logged.
func (r *Relay) Run(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := r.Deliver(ctx); err != nil && ctx.Err() == nil {
			r.log.ErrorContext(ctx, "delivering events", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-r.wake:
		}
	}
}
