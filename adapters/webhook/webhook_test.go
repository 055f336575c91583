package webhook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/webhook"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

var t0 = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

const secret = "whsec_test_secret_0123456789"

// fakeTime is a manual clock whose Sleep advances it at once and records
// the waits.
type fakeTime struct {
	clock *kasirtest.ManualClock
	mu    sync.Mutex
	waits []time.Duration
}

func newFakeTime() *fakeTime { return &fakeTime{clock: kasirtest.NewManualClock(t0)} }

func (f *fakeTime) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fakeTime) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// receiver is an endpoint that answers each event's attempts from a
// script ("fail", "hang", "ok") and keeps what it took.
type receiver struct {
	t      *testing.T
	now    func() time.Time
	script []string // by attempt; the last entry repeats

	mu       sync.Mutex
	attempts map[string]int    // event id → attempts seen
	bodies   map[string]string // event id → body
	taken    []string          // event ids answered 2xx, in order
	release  chan struct{}
}

func newReceiver(t *testing.T, now func() time.Time, script ...string) (*receiver, *httptest.Server) {
	r := &receiver{t: t, now: now, script: script, attempts: map[string]int{}, bodies: map[string]string{}, release: make(chan struct{})}
	srv := httptest.NewServer(r)
	t.Cleanup(func() {
		close(r.release)
		srv.Close()
	})
	return r, srv
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	require.NoError(r.t, err)
	assert.NoError(r.t, webhook.Verify(secret, req.Header.Get(webhook.SignatureHeader), body, r.now(), 0), "every delivery is signed")
	assert.Equal(r.t, "application/json", req.Header.Get("Content-Type"))
	id := req.Header.Get(webhook.EventIDHeader)
	r.mu.Lock()
	if prev, ok := r.bodies[id]; ok {
		assert.Equal(r.t, prev, string(body), "a repeat of %s is the same event", id)
	}
	r.bodies[id] = string(body)
	r.attempts[id]++
	step := r.script[min(r.attempts[id], len(r.script))-1]
	if step == "ok" {
		r.taken = append(r.taken, id)
	}
	r.mu.Unlock()
	switch step {
	case "fail":
		http.Error(w, "database down", http.StatusInternalServerError)
	case "hang":
		select { // never answers: the dispatcher's attempt times out
		case <-req.Context().Done():
		case <-r.release:
		}
	case "ok":
		w.WriteHeader(http.StatusNoContent)
	}
}

// appendEvents stores events of orders in a memory store's outbox, as
// units of work do.
func appendEvents(t *testing.T, store *memory.Store, evs ...ports.Event) {
	t.Helper()
	for _, e := range evs {
		require.NoError(t, store.Atomic(t.Context(), func(ctx context.Context, tx ports.Tx) error { return tx.AppendEvent(ctx, e) }))
	}
}

func TestEveryEventArrivesThroughFailuresAndTimeouts(t *testing.T) {
	ft := newFakeTime()
	rcv, srv := newReceiver(t, func() time.Time { return ft.clock.Now(context.Background()) }, "fail", "hang", "ok")
	d, err := webhook.New(t.Context(), webhook.Config{
		Endpoints: []ports.WebhookEndpoint{{ID: "wh_1", URL: srv.URL + "/hooks", Secret: secret}},
		// Long enough that only the hanging answer times out.
		AttemptTimeout: 2 * time.Second,
		Clock:          ft.clock, Sleep: ft.Sleep,
	})
	require.NoError(t, err)

	store, err := memory.NewStore()
	require.NoError(t, err)
	var want []string
	for i := range 3 {
		for _, typ := range []ports.EventType{ports.EventOrderPlaced, ports.EventOrderPaid} {
			id := fmt.Sprintf("evt-%d-%s", i, typ)
			want = append(want, id)
			appendEvents(t, store, ports.Event{ID: id, Type: typ, OrderID: fmt.Sprintf("o%d", i), At: t0})
		}
	}
	relay, err := kasir.NewRelay(store, d, kasir.RelayClock(ft.clock), kasir.RelayLease(time.Hour))
	require.NoError(t, err)
	n, err := relay.Deliver(t.Context())
	require.NoError(t, err)
	assert.Equal(t, len(want), n, "the relay marks every event delivered")

	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	assert.ElementsMatch(t, want, rcv.taken, "every event arrives, each taken once")
	for _, id := range want {
		assert.Equal(t, 3, rcv.attempts[id], "%s: failed, timed out, then taken", id)
	}
	for i := range 3 {
		// An order's events arrive in order: placed is taken before paid.
		placed, paid := fmt.Sprintf("evt-%d-order.placed", i), fmt.Sprintf("evt-%d-order.paid", i)
		assert.Less(t, indexOf(rcv.taken, placed), indexOf(rcv.taken, paid))
	}
	// Each event waited 1 s, then 2 s (events of different orders go at
	// once, so their waits interleave).
	count := map[time.Duration]int{}
	for _, w := range ft.Waits() {
		count[w]++
	}
	assert.Equal(t, map[time.Duration]int{time.Second: len(want), 2 * time.Second: len(want)}, count)

	log, err := d.WebhookDeliveries(t.Context(), 0)
	require.NoError(t, err)
	require.Len(t, log, 3*len(want))
	outcomes := map[string][]string{}
	for i := len(log) - 1; i >= 0; i-- { // oldest first
		l := log[i]
		outcomes[l.EventID] = append(outcomes[l.EventID], fmt.Sprintf("%d %s %d", l.Attempt, l.Outcome, l.Status))
		assert.Equal(t, "wh_1", l.EndpointID)
	}
	for _, id := range want {
		assert.Equal(t, []string{"1 retrying 500", "2 retrying 0", "3 delivered 204"}, outcomes[id], id)
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func TestRetriesStopAfterTheBoundedTime(t *testing.T) {
	ft := newFakeTime()
	var tick sync.Mutex
	// Each wait advances the clock by what was asked.
	sleepFn := func(ctx context.Context, d time.Duration) error {
		tick.Lock()
		defer tick.Unlock()
		ft.clock.Advance(d)
		return ft.Sleep(ctx, d)
	}
	rcv, srv := newReceiver(t, func() time.Time { return ft.clock.Now(context.Background()) }, "fail")
	d, err := webhook.New(t.Context(), webhook.Config{
		Endpoints:  []ports.WebhookEndpoint{{URL: srv.URL, Secret: secret}},
		MaxElapsed: 10 * time.Second, Clock: ft.clock, Sleep: sleepFn,
	})
	require.NoError(t, err)
	e := ports.Event{ID: "evt-1", Type: ports.EventOrderPlaced, OrderID: "o1", At: t0}
	require.NoError(t, d.Publish(t.Context(), e), "giving up is not an error: the relay must not send it again")
	// Attempts at 0, 1, 3 and 7 s; the next would start at 15 s > 10 s.
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, ft.Waits())
	assert.Equal(t, 4, rcv.attempts["evt-1"])
	log, err := d.WebhookDeliveries(t.Context(), 1)
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.Equal(t, ports.WebhookGaveUp, log[0].Outcome)
	assert.Equal(t, 4, log[0].Attempt)
	assert.Equal(t, "the endpoint answered 500", log[0].Error)
}

func TestAnInterruptedDeliveryIsAnError(t *testing.T) {
	rcv, srv := newReceiver(t, time.Now, "fail")
	ctx, cancel := context.WithCancel(t.Context())
	d, err := webhook.New(t.Context(), webhook.Config{
		Endpoints: []ports.WebhookEndpoint{{URL: srv.URL, Secret: secret}},
		Sleep: func(context.Context, time.Duration) error {
			cancel() // the relay's lease ends, or the server shuts down
			return context.Canceled
		},
	})
	require.NoError(t, err)
	err = d.Publish(ctx, ports.Event{ID: "evt-1", Type: ports.EventOrderPlaced, OrderID: "o1"})
	require.ErrorIs(t, err, context.Canceled, "the relay keeps the event to deliver it again")
	assert.Equal(t, 1, rcv.attempts["evt-1"])
}

func TestEndpointsRegistry(t *testing.T) {
	ctx := t.Context()
	d, err := webhook.New(t.Context(), webhook.Config{})
	require.NoError(t, err)
	require.NoError(t, d.Publish(ctx, ports.Event{ID: "e", Type: ports.EventOrderPlaced}), "no endpoints: nothing to do")

	ep, err := d.AddWebhook(ctx, "https://toko.example/hooks/kasir", "")
	require.NoError(t, err)
	assert.NotEmpty(t, ep.ID)
	assert.GreaterOrEqual(t, len(ep.Secret), webhook.MinSecretLength, "a secret is generated and shown once")
	list, err := d.Webhooks(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, ep.URL, list[0].URL)
	assert.Empty(t, list[0].Secret, "the list never shows a secret")

	for _, bad := range []string{"", "ftp://toko.example/x", "/relative", "https://user:pw@toko.example/", "not a url"} {
		_, err := d.AddWebhook(ctx, bad, "")
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%q", bad)
		assert.Equal(t, "url", errs.Field(err), "%q", bad)
	}
	_, err = d.AddWebhook(ctx, "https://toko.example/", "short")
	assert.Equal(t, "secret", errs.Field(err))

	require.NoError(t, d.RemoveWebhook(ctx, ep.ID))
	require.ErrorIs(t, d.RemoveWebhook(ctx, ep.ID), ports.ErrWebhookNotFound)
	list, err = d.Webhooks(ctx)
	require.NoError(t, err)
	assert.Empty(t, list)

	_, err = webhook.New(t.Context(), webhook.Config{Endpoints: []ports.WebhookEndpoint{{URL: "nope"}}})
	assert.Equal(t, "endpoints[0].url", errs.Field(err))
}

func TestDeliveryLogKeepsTheNewest(t *testing.T) {
	_, srv := newReceiver(t, time.Now, "ok")
	d, err := webhook.New(t.Context(), webhook.Config{Endpoints: []ports.WebhookEndpoint{{URL: srv.URL, Secret: secret}}, LogSize: 3})
	require.NoError(t, err)
	for i := range 5 {
		require.NoError(t, d.Publish(t.Context(), ports.Event{ID: fmt.Sprint("e", i), Type: ports.EventOrderPlaced, OrderID: "o"}))
	}
	log, err := d.WebhookDeliveries(t.Context(), 0)
	require.NoError(t, err)
	var ids []string
	for _, l := range log {
		ids = append(ids, l.EventID)
	}
	assert.Equal(t, []string{"e4", "e3", "e2"}, ids)
	log, err = d.WebhookDeliveries(t.Context(), 2)
	require.NoError(t, err)
	assert.Len(t, log, 2)
}

func TestProcessesSharingAStoreSendToTheSameEndpoints(t *testing.T) {
	store, err := memory.NewStore() // or a postgres.Store shared by processes
	require.NoError(t, err)
	rcv, srv := newReceiver(t, time.Now, "ok")
	a, err := webhook.New(t.Context(), webhook.Config{Store: store})
	require.NoError(t, err)
	b, err := webhook.New(t.Context(), webhook.Config{Store: store})
	require.NoError(t, err)

	ep, err := a.AddWebhook(t.Context(), srv.URL, secret)
	require.NoError(t, err)
	require.NoError(t, b.Publish(t.Context(), ports.Event{ID: "evt-1", Type: ports.EventOrderPlaced, OrderID: "o1"}),
		"the other process delivers to the endpoint registered here")
	assert.Equal(t, []string{"evt-1"}, rcv.taken)

	require.NoError(t, b.RemoveWebhook(t.Context(), ep.ID))
	list, err := a.Webhooks(t.Context())
	require.NoError(t, err)
	assert.Empty(t, list)
}

// BenchmarkPublishWithoutEndpoints is the relay's cost per event when the
// seller has no endpoint: nothing is sent, so nothing should be encoded.
func BenchmarkPublishWithoutEndpoints(b *testing.B) {
	ctx := b.Context()
	d, err := webhook.New(ctx, webhook.Config{})
	require.NoError(b, err)
	e := ports.Event{ID: "ev_0123456789", Type: ports.EventOrderPlaced, OrderID: "ord_0123456789", OrderNumber: "INV/20261123/0001",
		To: "awaiting_payment", At: t0, Store: "default"}
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Publish(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}
