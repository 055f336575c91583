package kasir_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// shipFixture is the fixture with a simulated courier plugged in.
type shipFixture struct {
	*fixture
	svc *kasir.Service
	sim *simcourier.Courier
}

func withSender(s *kasir.Settings) {
	s.Fulfilment = kasir.Fulfilment{SenderName: "Toko Resep", SenderPhone: "+6281100000001", SenderAddress: "Jl. Dago 1"}
}

func newShipFixture(t testing.TB) *shipFixture {
	t.Helper()
	f := newFixture(t, withSender)
	sim, err := simcourier.New(simcourier.Config{Clock: f.clock})
	require.NoError(t, err)
	deps := f.deps()
	deps.Shipments = sim
	deps.CourierPushes = map[string]ports.TrackingPushes{"simcourier": sim}
	svc, err := kasir.New(deps, kasir.WithSettings(f.settings))
	require.NoError(t, err)
	return &shipFixture{fixture: f, svc: svc, sim: sim}
}

// placed places a COD order (processing) and returns it.
func (f *shipFixture) placed(t testing.TB) *checkout.Order {
	t.Helper()
	o, err := f.svc.PlaceOrder(t.Context(), order())
	require.NoError(t, err)
	require.Equal(t, checkout.StatusProcessing, o.Status())
	return o
}

func (f *shipFixture) booked(t testing.TB) *checkout.Order {
	t.Helper()
	o, err := f.svc.Book(t.Context(), f.placed(t).ID)
	require.NoError(t, err)
	return o
}

func orderEvents(evs []ports.Event, orderID string) []ports.EventType {
	var out []ports.EventType
	for _, e := range evs {
		if e.OrderID == orderID {
			out = append(out, e.Type)
		}
	}
	return out
}

func TestBookMovesToBookedWithAirwayBill(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	assert.Equal(t, checkout.StatusBooked, o.Status())
	assert.Equal(t, "SIM0000000001", o.AirwayBill)
	require.NotNil(t, o.Booking)
	assert.Equal(t, "BK000001", o.Booking.ID)
	assert.Equal(t, "jne", o.Booking.Courier)
	assert.Equal(t, "401-121", o.Booking.RoutingCode, "from the Bandung warehouse to Kebayoran Baru")
	assert.Contains(t, orderEvents(f.events.Published(), o.ID), ports.EventOrderBooked)

	_, err := f.svc.Book(t.Context(), o.ID)
	assert.Equal(t, checkout.CodeNotBookable, errs.Code(err), "booked once")
	got, err := f.svc.Order(t.Context(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, o.Version, got.Version, "a refused booking changes nothing")
}

func TestBookManyReportsPerRow(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	a, b := f.placed(t), f.placed(t)
	res, err := f.svc.BookMany(t.Context(), []string{a.ID, "no-such-order", b.ID, a.ID})
	require.NoError(t, err)
	require.Len(t, res, 4)
	assert.NoError(t, res[0].Err)
	assert.Equal(t, ports.CodeOrderNotFound, errs.Code(res[1].Err))
	assert.Equal(t, "order_ids[1]", errs.Field(res[1].Err))
	assert.NoError(t, res[2].Err)
	assert.Equal(t, checkout.CodeNotBookable, errs.Code(res[3].Err), "the same order is not booked twice")
	assert.NotEqual(t, res[0].Order.AirwayBill, res[2].Order.AirwayBill)
}

func TestPollFollowsTheParcelToDelivered(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	f.clock.Advance(5 * time.Hour)
	rep, err := f.svc.PollTracking(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kasir.PollReport{Checked: 1, Moved: 1}, rep)
	got, _ := f.svc.Order(t.Context(), o.ID)
	assert.Equal(t, checkout.StatusShipped, got.Status())

	f.clock.Advance(48 * time.Hour)
	_, err = f.svc.PollTracking(t.Context())
	require.NoError(t, err)
	got, _ = f.svc.Order(t.Context(), o.ID)
	assert.Equal(t, checkout.StatusDelivered, got.Status())
	require.Len(t, got.Tracking, 3, "picked up, in transit, delivered")
	last := got.LastTracking()
	assert.Equal(t, checkout.ParcelDelivered, last.Status)
	assert.Equal(t, "Paket diterima oleh Siti Aminah", last.Text)

	rep, err = f.svc.PollTracking(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kasir.PollReport{}, rep, "a delivered parcel is not polled")
	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked, ports.EventOrderPickedUp, ports.EventOrderDelivered},
		orderEvents(f.events.Published(), o.ID))
}

func TestReturnedParcel(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	f.sim.Return(o.AirwayBill)
	f.clock.Advance(80 * time.Hour)
	_, err := f.svc.PollTracking(t.Context())
	require.NoError(t, err)
	got, _ := f.svc.Order(t.Context(), o.ID)
	assert.Equal(t, checkout.StatusReturnInTransit, got.Status())
	f.clock.Advance(50 * time.Hour)
	got, err = f.svc.TrackOrder(t.Context(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusReturned, got.Status())
	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked, ports.EventOrderPickedUp, ports.EventOrderReturnStarted, ports.EventOrderReturned},
		orderEvents(f.events.Published(), o.ID))
}

func TestTrackingDuplicatesAndOutOfOrder(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	at := o.Booking.BookedAt
	pickup := checkout.TrackingEvent{Status: checkout.ParcelPickedUp, Code: "PICKUP", Text: "Paket di-pickup", At: at.Add(time.Hour), Place: "BANDUNG"}
	delivered := checkout.TrackingEvent{Status: checkout.ParcelDelivered, Code: "DELIVERED", Text: "Diterima", At: at.Add(30 * time.Hour), Place: "JAKARTA"}

	// The delivery arrives first: the order ships, then is delivered.
	got, err := f.svc.RecordTracking(t.Context(), o.ID, []checkout.TrackingEvent{delivered})
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusDelivered, got.Status())
	version := got.Version
	// The same event again changes nothing.
	got, err = f.svc.RecordTracking(t.Context(), o.ID, []checkout.TrackingEvent{delivered})
	require.NoError(t, err)
	assert.Equal(t, version, got.Version)
	require.Len(t, got.Tracking, 1)
	// The pickup scan arrives late: kept, stale, not applied.
	got, err = f.svc.RecordTracking(t.Context(), o.ID, []checkout.TrackingEvent{pickup, pickup})
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusDelivered, got.Status())
	require.Len(t, got.Tracking, 2)
	assert.Equal(t, checkout.TrackingStale, got.Tracking[1].Outcome)
	assert.Equal(t, checkout.ParcelDelivered, got.LastTracking().Status, "the latest event is the delivery, by the courier's time")
	// A return of a delivered parcel does not fit: kept, ignored.
	ret := checkout.TrackingEvent{Status: checkout.ParcelReturned, Code: "RETURNED", Text: "Retur", At: at.Add(90 * time.Hour)}
	got, err = f.svc.RecordTracking(t.Context(), o.ID, []checkout.TrackingEvent{ret})
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusDelivered, got.Status())
	assert.Equal(t, checkout.TrackingIgnored, got.Tracking[2].Outcome)
	assert.NotEmpty(t, got.Tracking[2].Note)

	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked, ports.EventOrderPickedUp, ports.EventOrderDelivered},
		orderEvents(f.events.Published(), o.ID), "each move once")
	hist := got.Lifecycle.History()
	assert.Equal(t, checkout.StatusShipped, hist[len(hist)-2].To)
	assert.Equal(t, checkout.StatusDelivered, hist[len(hist)-1].To)
}

func TestCancelBooking(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	awb := o.AirwayBill
	got, err := f.svc.CancelBooking(t.Context(), o.ID, "wrong courier")
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, got.Status())
	assert.Empty(t, got.AirwayBill)
	require.Len(t, got.AirwayBills, 1)
	assert.Equal(t, awb, got.AirwayBills[0].Old, "the void airway bill is kept")
	assert.False(t, got.Booked())
	evs, err := f.sim.Track(t.Context(), ports.TrackRequest{AirwayBill: awb})
	require.NoError(t, err)
	assert.Equal(t, checkout.ParcelCancelled, evs[0].Status, "the courier's booking is cancelled")

	// Booked again, and cancelling the order after pickup is refused.
	got, err = f.svc.Book(t.Context(), o.ID)
	require.NoError(t, err)
	f.clock.Advance(5 * time.Hour)
	_, err = f.svc.Transition(t.Context(), o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer changed mind"})
	require.ErrorIs(t, err, ports.ErrBookingNotCancellable)
	after, _ := f.svc.Order(t.Context(), o.ID)
	assert.Equal(t, got.Version, after.Version, "refused: unchanged")
	assert.Equal(t, checkout.StatusBooked, after.Status())
}

func TestCancelBookedOrderCancelsBookingFirst(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	stock := f.state(t).Stock
	got, err := f.svc.Transition(t.Context(), o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "out of stock"})
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusCancelled, got.Status())
	assert.False(t, got.Booked())
	assert.NotEqual(t, stock, f.state(t).Stock, "stock given back")
	evs, err := f.sim.Track(t.Context(), ports.TrackRequest{AirwayBill: o.AirwayBill})
	require.NoError(t, err)
	assert.Equal(t, checkout.ParcelCancelled, evs[0].Status)
}

func TestPickupAndPackingSummary(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	a, b := f.booked(t), f.booked(t)
	req := kasir.PickupRequest{OrderIDs: []string{a.ID, b.ID}, Date: "2026-11-24", From: "09:00", To: "12:00"}
	p, err := f.svc.RequestPickup(t.Context(), req)
	require.NoError(t, err)
	assert.Equal(t, "PU000001", p.CourierPickupID)
	assert.Equal(t, "Jl. Dago 1", p.Address, "the sender's address by default")
	assert.Equal(t, "motor", p.Vehicle)

	d, err := f.svc.Pickup(t.Context(), p.ID)
	require.NoError(t, err)
	require.Len(t, d.Orders, 2)
	assert.Equal(t, p.ID, d.Orders[0].Booking.PickupID)
	require.Len(t, d.Packing, 1)
	assert.Equal(t, int64(2), d.Packing[0].Quantity, "two orders of one book")
	assert.Equal(t, int64(2), d.TotalQuantity)

	_, err = f.svc.RequestPickup(t.Context(), req)
	assert.Equal(t, kasir.CodeNotInPickup, errs.Code(err), "an order is in one pickup")
	assert.Equal(t, "order_ids[0]", errs.Field(err))
	page, err := f.svc.Pickups(t.Context(), 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
}

func TestPackingSummaryPerVariant(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	cat := testCatalog(t)
	var variantSKU string
	for _, p := range cat.Products() {
		for _, v := range p.Variants() {
			if len(v.Options()) > 0 && variantSKU == "" && !p.Digital() {
				variantSKU = v.SKU()
			}
		}
	}
	if variantSKU == "" {
		t.Skip("the test catalog has no variant with options")
	}
	req := order()
	req.Lines = []catalog.LineRequest{{SKU: variantSKU, Quantity: 3}}
	o, err := f.svc.PlaceOrder(t.Context(), req)
	require.NoError(t, err)
	o, err = f.svc.Book(t.Context(), o.ID)
	require.NoError(t, err)
	p, err := f.svc.RequestPickup(t.Context(), kasir.PickupRequest{OrderIDs: []string{o.ID}, Date: "2026-11-24", From: "09:00", To: "12:00"})
	require.NoError(t, err)
	d, err := f.svc.Pickup(t.Context(), p.ID)
	require.NoError(t, err)
	require.Len(t, d.Packing, 1)
	assert.Equal(t, o.Items[0].Name, d.Packing[0].Product+" ("+d.Packing[0].Variant+")", "the product's name, without the option path")
	assert.NotContains(t, d.Packing[0].Product, "(")
	assert.Equal(t, joinOptions(o.Items[0].Options), d.Packing[0].Variant)
	assert.Equal(t, int64(3), d.Packing[0].Quantity)
}

func joinOptions(opts []string) string {
	out := ""
	for i, o := range opts {
		if i > 0 {
			out += ", "
		}
		out += o
	}
	return out
}

func TestCourierPush(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	f.clock.Advance(49 * time.Hour)
	token, body, err := f.sim.Push(t.Context(), o.AirwayBill)
	require.NoError(t, err)
	h := http.Header{}
	h.Set(simcourier.HeaderToken, token)
	rep, err := f.svc.HandleCourierPush(t.Context(), "simcourier", h.Get, body)
	require.NoError(t, err)
	assert.Equal(t, kasir.PushReport{Updates: 1, Applied: 1}, rep)
	got, _ := f.svc.Order(t.Context(), o.ID)
	assert.Equal(t, checkout.StatusDelivered, got.Status())
	// Pushed again: nothing changes.
	_, err = f.svc.HandleCourierPush(t.Context(), "simcourier", h.Get, body)
	require.NoError(t, err)
	again, _ := f.svc.Order(t.Context(), o.ID)
	assert.Equal(t, got.Version, again.Version)

	_, err = f.svc.HandleCourierPush(t.Context(), "simcourier", http.Header{}.Get, body)
	require.ErrorIs(t, err, ports.ErrInvalidSignature)
	_, err = f.svc.HandleCourierPush(t.Context(), "jne", h.Get, body)
	assert.Equal(t, kasir.CodeUnknownCourierPush, errs.Code(err))
}

func TestCorrectAirwayBill(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.placed(t)
	_, err := f.svc.CorrectAirwayBill(t.Context(), o.ID, "JNE123", "typo")
	assert.Equal(t, checkout.CodeNoAirwayBill, errs.Code(err))
	o, err = f.svc.Transition(t.Context(), o.ID, kasir.TransitionRequest{To: checkout.StatusShipped, AirwayBill: "JNE12"})
	require.NoError(t, err, "the manual airway bill path stays")
	got, err := f.svc.CorrectAirwayBill(t.Context(), o.ID, "JNE123", "typo")
	require.NoError(t, err)
	assert.Equal(t, "JNE123", got.AirwayBill)
	require.Len(t, got.AirwayBills, 1)
	assert.Equal(t, checkout.AirwayBillChange{Old: "JNE12", New: "JNE123", At: got.UpdatedAt, Reason: "typo"}, got.AirwayBills[0])
	again, err := f.svc.CorrectAirwayBill(t.Context(), o.ID, "JNE123", "typo")
	require.NoError(t, err)
	assert.Equal(t, got.Version, again.Version, "the same airway bill changes nothing")
}

func TestConcurrentBookingAndTracking(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.placed(t)
	const n = 12
	results := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			_, err := f.svc.Book(t.Context(), o.ID)
			results <- err
		})
	}
	wg.Wait()
	close(results)
	ok := 0
	for err := range results {
		if err == nil {
			ok++
		} else {
			assert.Equal(t, checkout.CodeNotBookable, errs.Code(err))
		}
	}
	assert.Equal(t, 1, ok, "one booking wins")
	got, _ := f.svc.Order(t.Context(), o.ID)
	evs, err := f.sim.Track(t.Context(), ports.TrackRequest{AirwayBill: got.AirwayBill})
	require.NoError(t, err)
	assert.Empty(t, evs, "the booking the order keeps stands")

	delivered := checkout.TrackingEvent{Status: checkout.ParcelDelivered, Code: "DELIVERED", Text: "Diterima", At: got.Booking.BookedAt.Add(40 * time.Hour)}
	for range n {
		wg.Go(func() {
			_, err := f.svc.RecordTracking(t.Context(), o.ID, []checkout.TrackingEvent{delivered})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	got, _ = f.svc.Order(t.Context(), o.ID)
	assert.Equal(t, checkout.StatusDelivered, got.Status())
	assert.Len(t, got.Tracking, 1, "kept once")
	assert.Equal(t, []ports.EventType{ports.EventOrderPlaced, ports.EventOrderBooked, ports.EventOrderPickedUp, ports.EventOrderDelivered},
		orderEvents(f.events.Published(), o.ID), "applied once")
}

// recordingShipments records the booking requests it passes on.
type recordingShipments struct {
	ports.Shipments
	mu   sync.Mutex
	reqs []ports.BookingRequest
}

func (r *recordingShipments) Book(ctx context.Context, req ports.BookingRequest) (ports.Booking, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	return r.Shipments.Book(ctx, req)
}

// TestBookingSendsInternationalPhones: the courier gets the sender's and
// the receiver's phones as international digits, also when the settings
// write the sender's nationally.
func TestBookingSendsInternationalPhones(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(s *kasir.Settings) {
		s.Fulfilment = kasir.Fulfilment{SenderName: "Toko Resep", SenderPhone: "0811-0000-0001", SenderAddress: "Jl. Dago 1"}
	})
	sim, err := simcourier.New(simcourier.Config{Clock: f.clock})
	require.NoError(t, err)
	rec := &recordingShipments{Shipments: sim}
	deps := f.deps()
	deps.Shipments = rec
	svc, err := kasir.New(deps, kasir.WithSettings(f.settings))
	require.NoError(t, err)
	o, err := svc.PlaceOrder(t.Context(), order())
	require.NoError(t, err)
	_, err = svc.Book(t.Context(), o.ID)
	require.NoError(t, err)
	require.Len(t, rec.reqs, 1)
	assert.Equal(t, "6281100000001", rec.reqs[0].Sender.Phone)
	assert.Equal(t, strings.TrimPrefix(o.Customer.Phone, "+"), rec.reqs[0].Receiver.Phone)
	assert.True(t, strings.HasPrefix(rec.reqs[0].Receiver.Phone, "62"), rec.reqs[0].Receiver.Phone)
}

// TestCourierPushWithANewAirwayBill: a push naming the order's booking
// with an airway bill the order does not have is the courier replacing
// it: the order takes it, keeps the old one, publishes order.changed once
// and applies the events; the same push again changes nothing; a push
// matching no airway bill and no booking is acknowledged and applies to
// no order.
func TestCourierPushWithANewAirwayBill(t *testing.T) {
	t.Parallel()
	f := newShipFixture(t)
	o := f.booked(t)
	other := f.booked(t)
	f.clock.Advance(49 * time.Hour)
	token, body, err := f.sim.Push(t.Context(), o.AirwayBill)
	require.NoError(t, err)
	var push map[string]any
	require.NoError(t, json.Unmarshal(body, &push))
	push["airway_bill"] = "JNE7770001"
	body, err = json.Marshal(push)
	require.NoError(t, err)
	h := http.Header{}
	h.Set(simcourier.HeaderToken, token)

	rep, err := f.svc.HandleCourierPush(t.Context(), "simcourier", h.Get, body)
	require.NoError(t, err)
	assert.Equal(t, kasir.PushReport{Updates: 1, Applied: 1}, rep)
	got, err := f.svc.Order(t.Context(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, "JNE7770001", got.AirwayBill)
	require.Len(t, got.AirwayBills, 1)
	assert.Equal(t, o.AirwayBill, got.AirwayBills[0].Old)
	assert.Equal(t, "JNE7770001", got.AirwayBills[0].New)
	assert.Equal(t, checkout.StatusDelivered, got.Status())
	assert.Len(t, got.Tracking, 3)
	evs := orderEvents(f.events.Published(), o.ID)
	assert.Equal(t, 1, countEvents(evs, ports.EventOrderChanged))
	assert.Equal(t, 1, countEvents(evs, ports.EventOrderDelivered))

	_, err = f.svc.HandleCourierPush(t.Context(), "simcourier", h.Get, body)
	require.NoError(t, err)
	again, err := f.svc.Order(t.Context(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, got.Version, again.Version, "the same push again changes nothing")
	assert.Equal(t, evs, orderEvents(f.events.Published(), o.ID))
	untouched, err := f.svc.Order(t.Context(), other.ID)
	require.NoError(t, err)
	assert.Equal(t, other.AirwayBill, untouched.AirwayBill)

	push["airway_bill"], push["booking_id"] = "JNE0000000", "BK999999"
	body, err = json.Marshal(push)
	require.NoError(t, err)
	rep, err = f.svc.HandleCourierPush(t.Context(), "simcourier", h.Get, body)
	require.NoError(t, err)
	assert.Equal(t, kasir.PushReport{Updates: 1, Applied: 0}, rep)
}

func countEvents(evs []ports.EventType, want ports.EventType) int {
	n := 0
	for _, e := range evs {
		if e == want {
			n++
		}
	}
	return n
}
