package kasir_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// TestScriptedWeekMemory runs a week of parcels on the simulated courier
// with the memory store.
func TestScriptedWeekMemory(t *testing.T) {
	t.Parallel()
	scriptedWeek(t, nil)
}

// TestScriptedWeekPostgres runs the same week on PostgreSQL.
func TestScriptedWeekPostgres(t *testing.T) {
	scriptedWeek(t, weekStore(t, "the scripted week"))
}

// weekStore is a migrated PostgreSQL store in a schema of its own, with
// the test catalog's stock; the test is skipped without
// KASIR_TEST_POSTGRES.
func weekStore(t *testing.T, what string) ports.Store {
	store := postgresStore(t, what)
	t.Parallel()
	require.NoError(t, store.SeedStock(t.Context(), testCatalog(t).InitialStock().Levels()))
	return store
}

// TestConcurrentBookingPostgres: many bookings of one order at once on
// PostgreSQL book it once, and the courier's other bookings are cancelled
// again; many pickups of the booked order at once make one pickup.
func TestConcurrentBookingPostgres(t *testing.T) {
	pg := weekStore(t, "concurrent bookings")
	fx := kasirtest.New(t, kasirtest.WithSettings(withSender), kasirtest.WithStore(func(*memory.Store) ports.Store { return pg }))
	sim, err := simcourier.New(simcourier.Config{Clock: fx.Clock})
	require.NoError(t, err)
	deps := fx.Deps
	deps.Shipments = sim
	svc, err := kasir.New(deps, kasir.WithSettings(fx.Settings))
	require.NoError(t, err)
	o, err := svc.PlaceOrder(t.Context(), order())
	require.NoError(t, err)

	const n = 10
	errsOf := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, errsOf[i] = svc.Book(t.Context(), o.ID) })
	}
	wg.Wait()
	booked := 0
	for _, err := range errsOf {
		if err == nil {
			booked++
			continue
		}
		assert.Equal(t, checkout.CodeNotBookable, errs.Code(err))
	}
	assert.Equal(t, 1, booked)
	got, err := svc.Order(t.Context(), o.ID)
	require.NoError(t, err)
	require.Equal(t, checkout.StatusBooked, got.Status())
	for i := 1; i <= n; i++ {
		awb := fmt.Sprintf("SIM%010d", i)
		evs, err := sim.Track(t.Context(), ports.TrackRequest{AirwayBill: awb})
		if awb == got.AirwayBill || errs.Code(err) == ports.CodeNotFound {
			continue
		}
		require.NoError(t, err)
		require.Len(t, evs, 1, awb)
		assert.Equal(t, checkout.ParcelCancelled, evs[0].Status, "%s: the courier's booking the order did not take is cancelled", awb)
	}

	made := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, made[i] = svc.RequestPickup(t.Context(), kasir.PickupRequest{OrderIDs: []string{o.ID}, Date: "2026-11-24", From: "09:00", To: "12:00"})
		})
	}
	wg.Wait()
	pickups := 0
	for _, err := range made {
		if err == nil {
			pickups++
		}
	}
	assert.Equal(t, 1, pickups, "%v", made)
	page, err := svc.Pickups(t.Context(), 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
}

// scriptedWeek places eight orders on a Monday, books them with the
// simulated courier (two of them come back), cancels one booking, asks for
// a pickup, and follows the parcels for a week by polling every six hours
// and by the courier's pushes, each push delivered twice and the late
// pickup scans replayed after the deliveries. Every order must end in its
// status with its tracking, history and events, nothing applied twice.
// pg is the PostgreSQL store to run on; nil runs on memory.
func scriptedWeek(t *testing.T, pg ports.Store) {
	ctx := t.Context()
	var opts []kasirtest.Option
	opts = append(opts, kasirtest.WithSettings(withSender))
	if pg != nil {
		opts = append(opts, kasirtest.WithStore(func(*memory.Store) ports.Store { return pg }))
	}
	fx := kasirtest.New(t, opts...)
	sim, err := simcourier.New(simcourier.Config{Clock: fx.Clock, Return: []string{"SIM0000000003", "SIM0000000007"}})
	require.NoError(t, err)
	deps := fx.Deps
	deps.Shipments = sim
	deps.CourierPushes = map[string]ports.TrackingPushes{"simcourier": sim}
	svc, err := kasir.New(deps, kasir.WithSettings(fx.Settings))
	require.NoError(t, err)

	// Monday 10:00 WIB: eight orders, the last two paid by transfer. The
	// third and seventh parcels (SIM0000000003, SIM0000000007) come back:
	// the third is COD, the seventh paid by transfer.
	var ids []string
	for i := range 8 {
		req := order()
		if i >= 6 {
			req = withMethod(req, payment.BankTransfer)
		}
		o, err := svc.PlaceOrder(ctx, req)
		require.NoError(t, err)
		if i >= 6 {
			o, err = svc.ConfirmPayment(ctx, o.ID, kasir.PaymentConfirmation{Reference: "BCA-777"})
			require.NoError(t, err)
		}
		ids = append(ids, o.ID)
	}
	res, err := svc.BookMany(ctx, ids)
	require.NoError(t, err)
	awb := map[string]string{}
	for i, r := range res {
		require.NoError(t, r.Err, "order %d", i)
		awb[r.OrderID] = r.Order.AirwayBill
	}
	// The sixth order is cancelled an hour later: its booking goes first.
	fx.Clock.Advance(time.Hour)
	cancelled := ids[5]
	_, err = svc.Transition(ctx, cancelled, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer cancelled"})
	require.NoError(t, err)
	// The rest go in one pickup.
	var rest []string
	for _, id := range ids {
		if id != cancelled {
			rest = append(rest, id)
		}
	}
	p, err := svc.RequestPickup(ctx, kasir.PickupRequest{OrderIDs: rest, Date: "2026-11-23", From: "13:00", To: "15:00"})
	require.NoError(t, err)
	d, err := svc.Pickup(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(7), d.TotalQuantity, "seven parcels of one book each")

	// A week: a poll every six hours; the courier pushes the even orders'
	// tracking, each push twice.
	header := http.Header{}
	for step := range 28 {
		fx.Clock.Advance(6 * time.Hour)
		_, err := svc.PollTracking(ctx)
		require.NoError(t, err)
		if step%2 == 0 {
			continue
		}
		for i, id := range rest {
			if i%2 != 0 {
				continue
			}
			token, body, err := sim.Push(ctx, awb[id])
			require.NoError(t, err)
			header.Set(simcourier.HeaderToken, token)
			for range 2 {
				_, err := svc.HandleCourierPush(ctx, "simcourier", header.Get, body)
				require.NoError(t, err)
			}
		}
	}
	// Late: every parcel's whole tracking again, as a courier replaying
	// its history oldest first.
	for _, id := range rest {
		evs, err := sim.Track(ctx, ports.TrackRequest{AirwayBill: awb[id]})
		require.NoError(t, err)
		_, err = svc.RecordTracking(ctx, id, evs)
		require.NoError(t, err)
	}

	returned := map[string]bool{"SIM0000000003": true, "SIM0000000007": true}
	for _, id := range ids {
		o, err := svc.Order(ctx, id)
		require.NoError(t, err)
		evs := orderEvents(fx.Events.Published(), id)
		head := []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked}
		if o.Payment.Method == payment.BankTransfer {
			head = []ports.EventType{ports.EventOrderPlaced, ports.EventOrderPaid, ports.EventOrderBooked}
		}
		switch {
		case id == cancelled:
			assert.Equal(t, checkout.StatusCancelled, o.Status())
			assert.False(t, o.Booked())
			assert.Empty(t, o.Tracking)
			assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked, ports.EventOrderCancelled}, evs)
			tr, err := sim.Track(ctx, ports.TrackRequest{AirwayBill: o.AirwayBills[0].Old})
			require.NoError(t, err)
			assert.Equal(t, checkout.ParcelCancelled, tr[0].Status, "the courier's booking was cancelled")
		case returned[awb[id]]:
			assert.Equal(t, checkout.StatusReturned, o.Status(), o.Number)
			assert.Len(t, o.Tracking, 4, "picked up, in transit, return, returned: each once")
			assert.Equal(t, checkout.ParcelReturned, o.LastTracking().Status)
			assert.Equal(t, p.ID, o.Booking.PickupID)
			assert.Equal(t, append(head, ports.EventOrderPickedUp, ports.EventOrderReturnStarted, ports.EventOrderReturned), evs, o.Number)
		default:
			assert.Equal(t, checkout.StatusDelivered, o.Status(), o.Number)
			assert.Len(t, o.Tracking, 3, "picked up, in transit, delivered: each once")
			assert.Equal(t, checkout.ParcelDelivered, o.LastTracking().Status)
			assert.Equal(t, append(head, ports.EventOrderPickedUp, ports.EventOrderDelivered), evs, o.Number)
		}
		seen := map[string]bool{}
		for _, r := range o.Tracking {
			assert.False(t, seen[r.Key()], "%s keeps %s once", o.Number, r.Text)
			seen[r.Key()] = true
			assert.Equal(t, checkout.TrackingApplied, r.Outcome, "%s: %s", o.Number, r.Text)
		}
		var path []checkout.Status
		for _, h := range o.Lifecycle.History() {
			if h.From != h.To {
				path = append(path, h.To)
			}
		}
		switch o.Status() {
		case checkout.StatusDelivered:
			assert.Equal(t, []checkout.Status{checkout.StatusDelivered}, path[len(path)-1:])
			assert.Contains(t, path, checkout.StatusShipped)
		case checkout.StatusReturned:
			assert.Equal(t, []checkout.Status{checkout.StatusShipped, checkout.StatusReturnInTransit, checkout.StatusReturned}, path[len(path)-3:])
		}
	}
	// Nothing more happens when everything is replayed once more.
	before := len(fx.Events.Published())
	rep, err := svc.PollTracking(ctx)
	require.NoError(t, err)
	assert.Equal(t, kasir.PollReport{}, rep, "no parcel is travelling")
	for _, id := range rest {
		evs, err := sim.Track(ctx, ports.TrackRequest{AirwayBill: awb[id]})
		require.NoError(t, err)
		_, err = svc.RecordTracking(ctx, id, evs)
		require.NoError(t, err)
	}
	assert.Len(t, fx.Events.Published(), before, "nothing applied twice")

	// The returned parcels' figures follow docs/settlement.md (the usual terms: a
	// return costs the whole shipping price, no COD fee).
	cod, err := svc.Order(ctx, ids[2])
	require.NoError(t, err)
	q := cod.Breakdown
	require.Positive(t, q.ShippingCashback)
	assert.Equal(t, q.ShippingCost, cod.Settlement.ReturnFee)
	assert.Zero(t, cod.Cashback(), "a return earns no cashback")
	assert.Equal(t, -(q.ShippingCost + q.ShippingCost + q.InsuranceFee), cod.NetProfit())
	assert.Equal(t, cod.NetProfit(), entrySum(t, svc, cod.ID))
	_, err = svc.Refund(ctx, cod.ID, kasir.RefundRequest{Amount: 1000, Method: checkout.RefundManualTransfer, Reference: "TRF-W0", Reason: "retur"})
	assert.Equal(t, checkout.CodeOrderNotRefundable, errs.Code(err), "a returned COD parcel brought no money")

	// The returned transfer order is refunded in part, then again with the
	// same key: one refund.
	tr, err := svc.Order(ctx, ids[6])
	require.NoError(t, err)
	require.Equal(t, checkout.StatusReturned, tr.Status())
	q = tr.Breakdown
	assert.Equal(t, q.Payable-q.ShippingCost-q.InsuranceFee-q.ShippingCost, tr.NetProfit(), "N = P − C − I − R before any refund")
	for range 2 {
		res, err := svc.Refund(ctx, tr.ID, kasir.RefundRequest{Amount: 60000, Method: checkout.RefundManualTransfer,
			Reference: "TRF-W1", Reason: "retur", Key: "week-refund"})
		require.NoError(t, err)
		tr = res.Order
	}
	assert.Equal(t, checkout.PaymentPartiallyRefunded, tr.Payment.Status)
	assert.Equal(t, money.Money(60000), tr.Payment.Refunded)
	assert.Equal(t, q.Payable-q.ShippingCost-q.InsuranceFee-q.ShippingCost-60000, tr.NetProfit(), "N = P − C − I − R − refunds")
	assert.Zero(t, tr.Cashback())
	assert.Equal(t, -(q.ShippingCost + q.InsuranceFee + q.ShippingCost), entrySum(t, svc, tr.ID), "a refund writes no balance entry")
	evs := orderEvents(fx.Events.Published(), tr.ID)
	assert.Equal(t, ports.EventOrderRefunded, evs[len(evs)-1])
	assert.Equal(t, ports.EventOrderReturned, evs[len(evs)-2], "one order.refunded for the two requests")
}
