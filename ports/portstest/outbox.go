package portstest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// event builds an order event with the given id.
func event(id, orderID string, typ ports.EventType) ports.Event {
	return ports.Event{ID: id, Type: typ, OrderID: orderID, OrderNumber: "INV-" + orderID,
		From: checkout.StatusPendingPayment, To: checkout.StatusProcessing, At: t0.Add(time.Minute), Reason: "paid by transfer"}
}

// appendEvents appends events, one unit each.
func (f *fx) appendEvents(t testing.TB, evs ...ports.Event) {
	t.Helper()
	for _, e := range evs {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.AppendEvent(ctx, e) })
	}
}

// claim claims with a one-minute lease at now and returns the ids claimed.
func (f *fx) claim(t testing.TB, now time.Time, limit int, orderID string) ([]string, []ports.OutboxEvent) {
	t.Helper()
	evs, err := f.store.ClaimEvents(f.ctx, ports.Claim{Now: now, Lease: time.Minute, Limit: limit, OrderID: orderID})
	require.NoError(t, err)
	ids := []string{}
	for _, e := range evs {
		ids = append(ids, e.ID)
	}
	return ids, evs
}

var outboxTests = []test{
	{"append_commits_with_the_unit", func(t *testing.T, f *fx) {
		boom := errors.New("boom")
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			require.NoError(t, tx.AppendEvent(ctx, event("e-rolled-back", "o1", ports.EventOrderPlaced)))
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, _ := f.claim(t, t0, 10, "")
		assert.Empty(t, got, "a rolled-back unit leaves no event")

		f.appendEvents(t, event("e1", "o1", ports.EventOrderPlaced))
		got, evs := f.claim(t, t0, 10, "")
		require.Equal(t, []string{"e1"}, got)
		want := event("e1", "o1", ports.EventOrderPlaced)
		e := evs[0]
		assert.True(t, want.At.Equal(e.At), "at %s, want %s", e.At, want.At)
		e.At = want.At
		assert.NotEmpty(t, e.Store, "a claimed event names the store whose outbox holds it")
		want.Store = e.Store
		assert.Equal(t, want, e.Event, "the event comes back as appended")
		assert.Equal(t, 1, e.Attempts)
		assert.Positive(t, e.Seq)
	}},
	{"append_refuses_bad_and_duplicate_events", func(t *testing.T, f *fx) {
		f.appendEvents(t, event("e1", "o1", ports.EventOrderPlaced))
		err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.AppendEvent(ctx, event("e1", "o2", ports.EventOrderPaid))
		})
		require.ErrorIs(t, err, ports.ErrDuplicate)
		for _, bad := range []ports.Event{event("", "o1", ports.EventOrderPaid), event("e2", "o1", "")} {
			err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.AppendEvent(ctx, bad) })
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%+v: %v", bad, err)
		}
		got, _ := f.claim(t, t0, 10, "")
		assert.Equal(t, []string{"e1"}, got, "nothing but the first event is stored")
	}},
	{"claims_keep_each_orders_events_in_order", func(t *testing.T, f *fx) {
		f.appendEvents(t,
			event("a1", "oA", ports.EventOrderPlaced), event("b1", "oB", ports.EventOrderPlaced),
			event("a2", "oA", ports.EventOrderPaid), event("b2", "oB", ports.EventOrderPaid), event("a3", "oA", ports.EventOrderTransitioned))
		got, evs := f.claim(t, t0, 10, "")
		require.Equal(t, []string{"a1", "b1"}, got, "only the oldest undelivered event of each order")
		assert.Less(t, evs[0].Seq, evs[1].Seq)

		got, _ = f.claim(t, t0, 10, "")
		assert.Empty(t, got, "a2 waits while a1 is leased")

		require.NoError(t, f.store.MarkDelivered(f.ctx, evs[0].Seq, t0))
		got, a2 := f.claim(t, t0, 10, "")
		assert.Equal(t, []string{"a2"}, got, "a2 once a1 is delivered; b2 waits for b1")
		require.NoError(t, f.store.MarkDelivered(f.ctx, a2[0].Seq, t0))
		require.NoError(t, f.store.MarkDelivered(f.ctx, evs[1].Seq, t0))
		got, _ = f.claim(t, t0, 1, "")
		assert.Equal(t, []string{"b2"}, got, "the limit takes the oldest first")
		got, _ = f.claim(t, t0, 10, "")
		assert.Equal(t, []string{"a3"}, got)
	}},
	{"claim_of_one_order", func(t *testing.T, f *fx) {
		f.appendEvents(t, event("a1", "oA", ports.EventOrderPlaced), event("b1", "oB", ports.EventOrderPlaced))
		got, _ := f.claim(t, t0, 10, "oB")
		assert.Equal(t, []string{"b1"}, got)
		got, _ = f.claim(t, t0, 10, "oB")
		assert.Empty(t, got)
		got, _ = f.claim(t, t0, 10, "")
		assert.Equal(t, []string{"a1"}, got)
	}},
	{"an_expired_lease_frees_the_event", func(t *testing.T, f *fx) {
		f.appendEvents(t, event("e1", "o1", ports.EventOrderPlaced))
		_, first := f.claim(t, t0, 10, "")
		require.Len(t, first, 1)
		got, _ := f.claim(t, t0.Add(time.Minute-time.Nanosecond), 10, "")
		assert.Empty(t, got, "leased until t0 + 1 min")
		got, again := f.claim(t, t0.Add(time.Minute), 10, "")
		require.Equal(t, []string{"e1"}, got, "a relay that crashed gives the event back when its lease ends")
		assert.Equal(t, first[0].Seq, again[0].Seq)
		assert.Equal(t, 2, again[0].Attempts)
	}},
	{"defer_and_deliver", func(t *testing.T, f *fx) {
		f.appendEvents(t, event("e1", "o1", ports.EventOrderPlaced), event("e2", "o1", ports.EventOrderPaid))
		_, evs := f.claim(t, t0, 10, "")
		require.Len(t, evs, 1)
		seq := evs[0].Seq
		require.NoError(t, f.store.DeferEvent(f.ctx, seq, t0.Add(10*time.Second)))
		got, _ := f.claim(t, t0.Add(9*time.Second), 10, "")
		assert.Empty(t, got, "deferred, and e2 still waits for e1")
		got, _ = f.claim(t, t0.Add(10*time.Second), 10, "")
		assert.Equal(t, []string{"e1"}, got, "claimable again at the deferred time, before e2")

		require.NoError(t, f.store.MarkDelivered(f.ctx, seq, t0.Add(10*time.Second)))
		require.NoError(t, f.store.MarkDelivered(f.ctx, seq, t0.Add(11*time.Second)), "marking again is a no-op")
		require.NoError(t, f.store.DeferEvent(f.ctx, seq, t0), "deferring a delivered event changes nothing")
		got, _ = f.claim(t, t0.Add(time.Hour), 10, "")
		assert.Equal(t, []string{"e2"}, got, "a delivered event is never claimed again")

		require.ErrorIs(t, f.store.MarkDelivered(f.ctx, seq+1000, t0), ports.ErrNotFound)
		require.ErrorIs(t, f.store.DeferEvent(f.ctx, seq+1000, t0), ports.ErrNotFound)
	}},
	{"claim_refuses_no_lease_or_limit", func(t *testing.T, f *fx) {
		for _, c := range []ports.Claim{{Now: t0, Lease: 0, Limit: 1}, {Now: t0, Lease: time.Minute, Limit: 0}} {
			_, err := f.store.ClaimEvents(f.ctx, c)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%+v", c)
		}
	}},
	{"concurrent_relays_deliver_each_event_once_in_order", func(t *testing.T, f *fx) {
		// 20 orders with 5 events each, appended by concurrent units; then
		// 8 relays claim and deliver at once, as several processes do.
		const orders, perOrder, relays = 20, 5, 8
		errList := parallel(orders, func(i int) error {
			for j := range perOrder {
				e := event(fmt.Sprintf("e%02d-%d", i, j), fmt.Sprintf("o%02d", i), ports.EventOrderTransitioned)
				if err := f.store.Atomic(f.ctx, func(ctx context.Context, tx ports.Tx) error { return tx.AppendEvent(ctx, e) }); err != nil {
					return err
				}
			}
			return nil
		})
		for i, err := range errList {
			require.NoError(t, err, "unit %d", i)
		}
		var mu sync.Mutex
		delivered := map[string][]string{} // order id → event ids as delivered
		errList = parallel(relays, func(int) error {
			for idle := 0; idle < 3; {
				evs, err := f.store.ClaimEvents(f.ctx, ports.Claim{Now: t0, Lease: time.Hour, Limit: 4})
				if err != nil {
					return err
				}
				if len(evs) == 0 {
					idle++ // another relay may still hold the head of an order
					time.Sleep(time.Millisecond)
					continue
				}
				idle = 0
				for _, e := range evs {
					mu.Lock()
					delivered[e.OrderID] = append(delivered[e.OrderID], e.ID)
					mu.Unlock()
					if err := f.store.MarkDelivered(f.ctx, e.Seq, t0); err != nil {
						return err
					}
				}
			}
			return nil
		})
		for i, err := range errList {
			require.NoError(t, err, "relay %d", i)
		}
		// Relays may stop while others still deliver; finish what is left
		// and check nothing is left after.
		for {
			evs, err := f.store.ClaimEvents(f.ctx, ports.Claim{Now: t0, Lease: time.Hour, Limit: 100})
			require.NoError(t, err)
			if len(evs) == 0 {
				break
			}
			for _, e := range evs {
				delivered[e.OrderID] = append(delivered[e.OrderID], e.ID)
				require.NoError(t, f.store.MarkDelivered(f.ctx, e.Seq, t0))
			}
		}
		require.Len(t, delivered, orders)
		for i := range orders {
			var want []string
			for j := range perOrder {
				want = append(want, fmt.Sprintf("e%02d-%d", i, j))
			}
			assert.Equal(t, want, delivered[fmt.Sprintf("o%02d", i)], "order %d: each event once, in order", i)
		}
	}},
}
