package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// otherProcess opens the fixture's schema on a pool of its own, as a
// second server process on the same database would.
func otherProcess(t *testing.T, f *serviceFixture) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), testDSN(t), postgres.Schema(f.store.SchemaName()))
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}

// withoutRelay is the fixture's Service with no events sink: it commits
// events to the outbox and delivers none, as a process that dies after
// each commit.
func withoutRelay(t *testing.T, f *serviceFixture) *kasir.Service {
	t.Helper()
	deps := f.deps
	deps.Events = nil
	svc, err := kasir.New(deps, kasir.WithSettings(f.settings))
	require.NoError(t, err)
	return svc
}

func TestEventSurvivesACrashBetweenCommitAndDelivery(t *testing.T) {
	f := newServiceFixture(t)
	ctx := t.Context()
	svc := withoutRelay(t, f)
	o, err := svc.PlaceOrder(ctx, orderRequest(1))
	require.NoError(t, err)
	_, err = svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer cancelled"})
	require.NoError(t, err)

	// Another process, started later, delivers them from the outbox.
	sink := kasirtest.NewEvents()
	relay, err := kasir.NewRelay(otherProcess(t, f), sink, kasir.RelayClock(f.clock))
	require.NoError(t, err)
	n, err := relay.Deliver(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	evs := sink.Published()
	assert.Equal(t, ports.EventOrderPlaced, evs[0].Type)
	assert.Equal(t, ports.EventOrderCancelled, evs[1].Type)
	assert.Equal(t, o.ID, evs[1].OrderID)
	assert.Equal(t, "buyer cancelled", evs[1].Reason)
	n, err = relay.Deliver(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestTwoProcessesRelayEachEventOnceInOrder(t *testing.T) {
	f := newServiceFixture(t)
	ctx := t.Context()
	svc := withoutRelay(t, f)
	// 10 orders, each placed, then processing → shipped → delivered: 3
	// events per order (COD starts in processing).
	var placed []*checkout.Order
	for i := range 10 {
		o, err := svc.PlaceOrder(ctx, orderRequest(i))
		require.NoError(t, err)
		placed = append(placed, o)
	}
	for _, o := range placed {
		_, err := svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusShipped, AirwayBill: "AWB-" + o.ID})
		require.NoError(t, err)
		_, err = svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusDelivered})
		require.NoError(t, err)
	}

	var mu sync.Mutex
	got := map[string][]ports.EventType{}
	sink := sinkFunc(func(e ports.Event) {
		mu.Lock()
		defer mu.Unlock()
		got[e.OrderID] = append(got[e.OrderID], e.Type)
	})
	stores := []ports.Outbox{f.store, otherProcess(t, f)}
	var wg sync.WaitGroup
	for _, s := range stores {
		relay, err := kasir.NewRelay(s, sink, kasir.RelayClock(f.clock), kasir.RelayBatch(3), kasir.RelayLease(time.Hour))
		require.NoError(t, err)
		wg.Go(func() {
			_, err := relay.Deliver(ctx)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	// A relay stops when it finds nothing claimable, which may be while
	// the other holds an order's head: one more pass finishes the rest.
	relay, err := kasir.NewRelay(f.store, sink, kasir.RelayClock(f.clock))
	require.NoError(t, err)
	_, err = relay.Deliver(ctx)
	require.NoError(t, err)

	want := []ports.EventType{ports.EventOrderPlaced, ports.EventOrderPickedUp, ports.EventOrderDelivered}
	require.Len(t, got, len(placed))
	for _, o := range placed {
		assert.Equal(t, want, got[o.ID], "order %s: each event once, in order", o.ID)
	}
}

// sinkFunc is a ports.Events that calls a function.
type sinkFunc func(ports.Event)

func (s sinkFunc) Publish(_ context.Context, e ports.Event) error {
	s(e)
	return nil
}

func TestPruneEventsKeepsUndeliveredOnes(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	for _, id := range []string{"e1", "e2", "e3"} {
		require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.AppendEvent(ctx, ports.Event{ID: id, Type: ports.EventOrderPlaced, OrderID: "o-" + id})
		}))
	}
	evs, err := s.ClaimEvents(ctx, ports.Claim{Now: placed, Lease: time.Minute, Limit: 10})
	require.NoError(t, err)
	require.Len(t, evs, 3)
	require.NoError(t, s.MarkDelivered(ctx, evs[0].Seq, placed))
	require.NoError(t, s.MarkDelivered(ctx, evs[1].Seq, placed.Add(time.Hour)))

	n, err := s.PruneEvents(ctx, placed.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "only e1 was delivered before")
	require.ErrorIs(t, s.MarkDelivered(ctx, evs[0].Seq, placed), ports.ErrNotFound, "e1 is gone")
	n, err = s.PruneEvents(ctx, placed.Add(48*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "e2; e3 is undelivered and stays")
	got, err := s.ClaimEvents(ctx, ports.Claim{Now: placed.Add(time.Hour), Lease: time.Minute, Limit: 10})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "e3", got[0].ID)
}

// Marking an order's event delivered and claiming in one round trip gives
// the order's next event, which a claim could not take before the mark.
func TestMarkDeliveredAndClaimTakesTheNextEvent(t *testing.T) {
	f := newServiceFixture(t)
	ctx := t.Context()
	svc := withoutRelay(t, f)
	o, err := svc.PlaceOrder(ctx, orderRequest(1))
	require.NoError(t, err)
	_, err = svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer cancelled"})
	require.NoError(t, err)
	claim := ports.Claim{Now: f.clock.Now(ctx), Lease: time.Minute, Limit: 10, OrderID: o.ID}

	first, err := f.store.ClaimEvents(ctx, claim)
	require.NoError(t, err)
	require.Len(t, first, 1)
	require.Equal(t, ports.EventOrderPlaced, first[0].Type)
	next, err := f.store.MarkDeliveredAndClaim(ctx, []int64{first[0].Seq}, f.clock.Now(ctx), claim)
	require.NoError(t, err)
	require.Len(t, next, 1)
	assert.Equal(t, ports.EventOrderCancelled, next[0].Type)
	last, err := f.store.MarkDeliveredAndClaim(ctx, []int64{next[0].Seq}, f.clock.Now(ctx), claim)
	require.NoError(t, err)
	assert.Empty(t, last)

	_, err = f.store.MarkDeliveredAndClaim(ctx, []int64{next[0].Seq + 1000}, f.clock.Now(ctx), claim)
	require.ErrorIs(t, err, ports.ErrNotFound)
}
