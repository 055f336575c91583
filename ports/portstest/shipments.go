package portstest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// Courier is one adapter under [TestShipments] and the hands that move
// its parcels as the courier's people would.
type Courier struct {
	Shipments ports.Shipments
	// Pushes reads the courier's pushes; nil when it has none.
	Pushes ports.TrackingPushes
	// Advance moves the booked parcel on to status (picked_up, in_transit,
	// delivered, return_in_transit or returned), as the courier would,
	// so that Track reports it. The suite moves a parcel only forward.
	Advance func(t testing.TB, b ports.Booking, to checkout.ParcelStatus)
	// Push returns the headers and body the courier pushes about the
	// parcel's latest change (nil when Pushes is nil).
	Push func(t testing.TB, b ports.Booking) (map[string]string, []byte)
}

// NewCourierFunc builds the adapter one subtest of [TestShipments] runs
// against, new and independent of every other. It fails t when it cannot.
type NewCourierFunc = func(t testing.TB) Courier

// ShipmentRequest is a booking every adapter under the suite accepts: a
// JNE REG parcel from a Jakarta warehouse to Bandung, cash on delivery.
func ShipmentRequest() ports.BookingRequest {
	return ports.BookingRequest{
		Reference: "INV20261123-0001", Courier: "jne", Service: "reg",
		Sender: ports.Party{Name: "Gudang Toko Rina", Phone: "6281200000001", Address: "Jl. Melati 1",
			Location: shipping.Location{ID: "IDNP6IDNC148IDND834", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110"}}},
		Receiver: ports.Party{Name: "Yanti", Phone: "6281298765432", Address: "Jl. Dago 10",
			Location: shipping.Location{ID: "IDNP9IDNC22IDND277", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}}},
		Items:           []ports.RateItem{{Name: "Kaos Merah L", SKU: "KAOS-M-L", Value: 85_000, WeightGrams: 300, Quantity: 2}},
		ChargeableGrams: 1000, COD: money.Money(185_000), Insured: true, InsuredValue: 170_000,
	}
}

// TestShipments runs the conformance suite of ports.Shipments (and of
// ports.TrackingPushes, when the adapter has it) against the adapters
// newCourier builds. Every subtest builds its own adapter and runs in
// parallel with the others. It checks:
//
//   - a booking gives a booking id and an airway bill (the label's too),
//     distinct for every booking, also when many are made at once;
//   - an invalid request is invalid_input naming the field;
//   - a fresh booking's tracking has no delivery; after the courier
//     picks the parcel up and delivers it, Track reports picked_up, then
//     delivered, oldest first, each event with a text and a time, and
//     the same events when asked again;
//   - a returned parcel reports return_in_transit, then returned, and
//     never delivered;
//   - a booking cancels before pickup (again: no error) and not after
//     (booking_not_cancellable); an unknown one is booking_not_found;
//   - a pickup of bookings has an id; an unknown booking is
//     booking_not_found; an empty pickup is invalid_input;
//   - an unknown airway bill is not_found;
//   - a push with the courier's token gives the parcel's events, and
//     without it invalid_signature.
func TestShipments(t *testing.T, newCourier NewCourierFunc) {
	for _, tc := range shipmentTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newCourier(t)
			require.NotNil(t, c.Shipments, "newCourier returned no Shipments")
			tc.run(t, c)
		})
	}
}

var shipmentTests = []struct {
	name string
	run  func(t *testing.T, c Courier)
}{
	{"BookGivesAirwayBill", func(t *testing.T, c Courier) {
		b := book(t, c)
		assert.NotEmpty(t, b.ID)
		assert.NotEmpty(t, b.AirwayBill)
		assert.Equal(t, b.AirwayBill, b.Label.AirwayBill, "the label prints the airway bill")
		assert.Equal(t, "jne", b.Courier)
		b2 := book(t, c)
		assert.NotEqual(t, b.ID, b2.ID)
		assert.NotEqual(t, b.AirwayBill, b2.AirwayBill)
	}},
	{"BookRefusesInvalid", func(t *testing.T, c Courier) {
		for field, mutate := range map[string]func(*ports.BookingRequest){
			"receiver.phone":    func(r *ports.BookingRequest) { r.Receiver.Phone = "" },
			"items":             func(r *ports.BookingRequest) { r.Items = nil },
			"items[0].quantity": func(r *ports.BookingRequest) { r.Items[0].Quantity = 0 },
			"courier":           func(r *ports.BookingRequest) { r.Courier = "" },
			"cod":               func(r *ports.BookingRequest) { r.COD = -1 },
		} {
			req := ShipmentRequest()
			req.Items = append([]ports.RateItem(nil), req.Items...)
			mutate(&req)
			_, err := c.Shipments.Book(t.Context(), req)
			require.Error(t, err, field)
			assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), field)
			assert.Equal(t, field, errs.Field(err), field)
		}
	}},
	{"TrackDelivered", func(t *testing.T, c Courier) {
		b := book(t, c)
		evs := track(t, c, b)
		assert.False(t, hasStatus(evs, checkout.ParcelDelivered), "a fresh booking is not delivered")
		c.Advance(t, b, checkout.ParcelPickedUp)
		evs = track(t, c, b)
		require.True(t, hasStatus(evs, checkout.ParcelPickedUp), "picked up: %v", evs)
		c.Advance(t, b, checkout.ParcelDelivered)
		evs = track(t, c, b)
		checkTimeline(t, evs)
		require.True(t, hasStatus(evs, checkout.ParcelDelivered), "delivered: %v", evs)
		assert.Less(t, index(evs, checkout.ParcelPickedUp), index(evs, checkout.ParcelDelivered), "oldest first")
		assert.False(t, hasStatus(evs, checkout.ParcelReturned))
		assert.Equal(t, evs, track(t, c, b), "asking again gives the same events")
	}},
	{"TrackReturned", func(t *testing.T, c Courier) {
		b := book(t, c)
		c.Advance(t, b, checkout.ParcelPickedUp)
		c.Advance(t, b, checkout.ParcelReturnInTransit)
		evs := track(t, c, b)
		require.True(t, hasStatus(evs, checkout.ParcelReturnInTransit), "return in transit: %v", evs)
		c.Advance(t, b, checkout.ParcelReturned)
		evs = track(t, c, b)
		checkTimeline(t, evs)
		require.True(t, hasStatus(evs, checkout.ParcelReturned), "returned: %v", evs)
		assert.Less(t, index(evs, checkout.ParcelReturnInTransit), index(evs, checkout.ParcelReturned))
		assert.False(t, hasStatus(evs, checkout.ParcelDelivered), "a returned parcel is never delivered")
	}},
	{"CancelBeforePickup", func(t *testing.T, c Courier) {
		b := book(t, c)
		require.NoError(t, c.Shipments.CancelBooking(t.Context(), b.ID))
		require.NoError(t, c.Shipments.CancelBooking(t.Context(), b.ID), "cancelling again is no error")
	}},
	{"CancelAfterPickupRefused", func(t *testing.T, c Courier) {
		b := book(t, c)
		c.Advance(t, b, checkout.ParcelPickedUp)
		err := c.Shipments.CancelBooking(t.Context(), b.ID)
		require.ErrorIs(t, err, ports.ErrBookingNotCancellable)
		assert.Equal(t, errs.Precondition, errs.KindOf(err))
	}},
	{"CancelUnknown", func(t *testing.T, c Courier) {
		require.ErrorIs(t, c.Shipments.CancelBooking(t.Context(), "no-such-booking"), ports.ErrBookingNotFound)
	}},
	{"Pickup", func(t *testing.T, c Courier) {
		b1, b2 := book(t, c), book(t, c)
		req := pickupRequest(b1.ID, b2.ID)
		id, err := c.Shipments.RequestPickup(t.Context(), req)
		require.NoError(t, err)
		assert.NotEmpty(t, id)
		_, err = c.Shipments.RequestPickup(t.Context(), pickupRequest(b1.ID, "no-such-booking"))
		require.ErrorIs(t, err, ports.ErrBookingNotFound)
		_, err = c.Shipments.RequestPickup(t.Context(), pickupRequest())
		require.Error(t, err)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
		assert.Equal(t, "bookings", errs.Field(err))
	}},
	{"TrackUnknown", func(t *testing.T, c Courier) {
		_, err := c.Shipments.Track(t.Context(), ports.TrackRequest{AirwayBill: "NOSUCHAWB0000", Courier: "jne"})
		require.ErrorIs(t, err, ports.ErrNotFound)
		_, err = c.Shipments.Track(t.Context(), ports.TrackRequest{Courier: "jne"})
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	}},
	{"Push", func(t *testing.T, c Courier) {
		if c.Pushes == nil {
			t.Skip("the courier pushes nothing")
		}
		b := book(t, c)
		c.Advance(t, b, checkout.ParcelPickedUp)
		c.Advance(t, b, checkout.ParcelDelivered)
		headers, body := c.Push(t, b)
		ups, err := c.Pushes.VerifyPush(t.Context(), func(n string) string { return headers[n] }, body)
		require.NoError(t, err)
		require.Len(t, ups, 1)
		assert.Equal(t, b.ID, ups[0].BookingID)
		require.NotEmpty(t, ups[0].Events)
		assert.Equal(t, checkout.ParcelDelivered, ups[0].Events[len(ups[0].Events)-1].Status, "the latest event is the delivery")
		_, err = c.Pushes.VerifyPush(t.Context(), func(string) string { return "wrong" }, body)
		require.ErrorIs(t, err, ports.ErrInvalidSignature)
		_, err = c.Pushes.VerifyPush(t.Context(), func(n string) string { return headers[n] }, []byte(`{"event":`))
		require.ErrorIs(t, err, ports.ErrInvalidNotification)
	}},
	{"ConcurrentBookings", func(t *testing.T, c Courier) {
		const n = 24
		var mu sync.Mutex
		awbs, ids := map[string]bool{}, map[string]bool{}
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				req := ShipmentRequest()
				req.Reference = fmt.Sprintf("INV-C-%02d", i)
				b, err := c.Shipments.Book(context.WithoutCancel(t.Context()), req)
				if !assert.NoError(t, err) {
					return
				}
				mu.Lock()
				awbs[b.AirwayBill], ids[b.ID] = true, true
				mu.Unlock()
			})
		}
		wg.Wait()
		assert.Len(t, awbs, n, "every booking its own airway bill")
		assert.Len(t, ids, n, "every booking its own id")
	}},
}

func book(t testing.TB, c Courier) ports.Booking {
	t.Helper()
	b, err := c.Shipments.Book(t.Context(), ShipmentRequest())
	require.NoError(t, err)
	return b
}

func track(t testing.TB, c Courier, b ports.Booking) []checkout.TrackingEvent {
	t.Helper()
	evs, err := c.Shipments.Track(t.Context(), ports.TrackRequest{AirwayBill: b.AirwayBill, Courier: b.Courier, BookingID: b.ID})
	require.NoError(t, err)
	require.NotNil(t, evs, "no events is an empty list")
	return evs
}

func pickupRequest(ids ...string) ports.PickupRequest {
	return ports.PickupRequest{Bookings: ids, Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), From: "09:00", To: "12:00",
		Address: "Jl. Melati 1, Kebayoran Baru", Contact: "Rina", Phone: "6281200000001", Vehicle: "motor"}
}

// checkTimeline checks every event has a text, a time and a known status,
// oldest first.
func checkTimeline(t testing.TB, evs []checkout.TrackingEvent) {
	t.Helper()
	for i, e := range evs {
		assert.NotEmpty(t, e.Text, "event %d has the courier's text", i)
		assert.False(t, e.At.IsZero(), "event %d has a time", i)
		assert.True(t, e.Status.Valid(), "event %d status %q", i, e.Status)
		if i > 0 {
			assert.False(t, e.At.Before(evs[i-1].At), "events oldest first")
		}
	}
}

func hasStatus(evs []checkout.TrackingEvent, s checkout.ParcelStatus) bool { return index(evs, s) >= 0 }

func index(evs []checkout.TrackingEvent, s checkout.ParcelStatus) int {
	for i, e := range evs {
		if e.Status == s {
			return i
		}
	}
	return -1
}
