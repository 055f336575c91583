package kasir_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// eventTypes lists the types of evs in order, with their order ids.
func eventTypes(evs []ports.Event) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, string(e.Type)+" "+e.OrderID)
	}
	return out
}

func TestEventSurvivesACrashBetweenCommitAndDelivery(t *testing.T) {
	f := newFixture(t)
	// The process that places and pays the order has no relay running: it
	// commits its changes and dies before delivering anything.
	deps := f.deps()
	deps.Events = nil
	svc, err := kasir.New(deps, kasir.WithSettings(f.settings))
	require.NoError(t, err)
	o, err := svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	_, err = svc.ConfirmPayment(ctx, o.ID, kasir.PaymentConfirmation{})
	require.NoError(t, err)
	assert.Empty(t, f.events.Published())

	// A new process's relay finds both events in the store's outbox.
	sink := kasirtest.NewEvents()
	relay, err := kasir.NewRelay(f.store, sink, kasir.RelayClock(f.clock))
	require.NoError(t, err)
	n, err := relay.Deliver(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	evs := sink.Published()
	require.Equal(t, []string{"order.placed " + o.ID, "order.paid " + o.ID}, eventTypes(evs))
	assert.Equal(t, o.Number, evs[0].OrderNumber)
	assert.Equal(t, checkout.StatusPendingPayment, evs[1].From)
	assert.Equal(t, checkout.StatusProcessing, evs[1].To)
	assert.NotEmpty(t, evs[0].ID)
	assert.NotEqual(t, evs[0].ID, evs[1].ID)

	n, err = relay.Deliver(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "a delivered event is not delivered again")
}

func TestAFailedDeliveryIsRetriedAfterBackoff(t *testing.T) {
	f := newFixture(t)
	f.events.Fail(errors.New("queue down"))
	o, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err, "a sink that fails does not fail the order")
	assert.Empty(t, f.events.Published())

	f.events.Fail(nil)
	n, err := f.svc.Relay().Deliver(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "the event waits for its backoff")

	f.clock.Advance(kasir.DefaultRelayBackoff(1))
	n, err = f.svc.Relay().Deliver(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []string{"order.placed " + o.ID}, eventTypes(f.events.Published()))
}

func TestAnOrdersEventsWaitForItsUndeliveredOne(t *testing.T) {
	f := newFixture(t)
	f.events.Fail(errors.New("queue down"))
	o, err := f.svc.PlaceOrder(ctx, withMethod(order(), payment.BankTransfer))
	require.NoError(t, err)
	f.events.Fail(nil)
	_, err = f.svc.ConfirmPayment(ctx, o.ID, kasir.PaymentConfirmation{})
	require.NoError(t, err)
	assert.Empty(t, f.events.Published(), "paid is not delivered before placed")

	f.clock.Advance(time.Hour)
	_, err = f.svc.Relay().Deliver(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"order.placed " + o.ID, "order.paid " + o.ID}, eventTypes(f.events.Published()))
}

func TestAnEventOfACrashedRelayIsDeliveredWhenItsLeaseEnds(t *testing.T) {
	f := newFixture(t)
	deps := f.deps()
	deps.Events = nil
	svc, err := kasir.New(deps, kasir.WithSettings(f.settings))
	require.NoError(t, err)
	o, err := svc.PlaceOrder(ctx, order())
	require.NoError(t, err)

	// A relay claims the event and dies before delivering it.
	claimed, err := f.store.ClaimEvents(ctx, ports.Claim{Now: f.clock.Now(ctx), Lease: time.Minute, Limit: 10})
	require.NoError(t, err)
	require.Len(t, claimed, 1)

	sink := kasirtest.NewEvents()
	relay, err := kasir.NewRelay(f.store, sink, kasir.RelayClock(f.clock), kasir.RelayLease(time.Minute))
	require.NoError(t, err)
	n, err := relay.Deliver(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "the event is the other relay's while its lease runs")

	f.clock.Advance(time.Minute)
	n, err = relay.Deliver(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	evs := sink.Published()
	require.Equal(t, []string{"order.placed " + o.ID}, eventTypes(evs))
	assert.Equal(t, claimed[0].ID, evs[0].ID, "the same event, with its id")
}

func TestBackgroundEventsWaitForTheRelay(t *testing.T) {
	f := newFixture(t)
	svc, err := kasir.New(f.deps(), kasir.WithSettings(f.settings), kasir.WithBackgroundEvents())
	require.NoError(t, err)
	o, err := svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	assert.Empty(t, f.events.Published())

	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- svc.Relay().Run(runCtx, time.Hour) }()
	require.Eventually(t, func() bool { return len(f.events.Published()) == 1 }, 10*time.Second, time.Millisecond)
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	assert.Equal(t, []string{"order.placed " + o.ID}, eventTypes(f.events.Published()))
}

func TestEventsOfARefusedChangeAreNotRecorded(t *testing.T) {
	f := newFixture(t)
	o, err := f.svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	_, err = f.svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusDelivered})
	require.Error(t, err)

	sink := kasirtest.NewEvents()
	relay, err := kasir.NewRelay(f.store, sink, kasir.RelayClock(f.clock))
	require.NoError(t, err)
	f.clock.Advance(time.Hour)
	_, err = relay.Deliver(ctx)
	require.NoError(t, err)
	assert.Empty(t, sink.Published(), "the placed event was delivered inline; the refused change left none")
	assert.Equal(t, []string{"order.placed " + o.ID}, eventTypes(f.events.Published()))
}

func TestNewRelayRefusesBadOptions(t *testing.T) {
	store, err := memory.NewStore()
	require.NoError(t, err)
	for name, opts := range map[string][]kasir.RelayOption{
		"no lease": {kasir.RelayLease(0)},
		"no batch": {kasir.RelayBatch(0)},
		"no clock": {kasir.RelayClock(nil)},
	} {
		_, err := kasir.NewRelay(store, kasirtest.NewEvents(), opts...)
		assert.Error(t, err, name)
	}
	_, err = kasir.NewRelay(store, nil)
	assert.Error(t, err)
}

func TestDefaultRelayBackoffDoublesToACap(t *testing.T) {
	assert.Equal(t, time.Second, kasir.DefaultRelayBackoff(1))
	assert.Equal(t, 2*time.Second, kasir.DefaultRelayBackoff(2))
	assert.Equal(t, 8*time.Second, kasir.DefaultRelayBackoff(4))
	assert.Equal(t, 10*time.Minute, kasir.DefaultRelayBackoff(50))
}
