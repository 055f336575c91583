package simcourier_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
)

var start = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func newCourier(t testing.TB, cfg simcourier.Config) (*simcourier.Courier, *kasirtest.ManualClock) {
	t.Helper()
	clock := kasirtest.NewManualClock(start)
	cfg.Clock = clock
	c, err := simcourier.New(cfg)
	require.NoError(t, err)
	return c, clock
}

func TestConformance(t *testing.T) {
	portstest.TestShipments(t, func(t testing.TB) portstest.Courier {
		c, clock := newCourier(t, simcourier.Config{})
		tl := simcourier.DefaultTimeline()
		return portstest.Courier{
			Shipments: c, Pushes: c,
			Advance: func(t testing.TB, b ports.Booking, to checkout.ParcelStatus) {
				var after time.Duration
				switch to {
				case checkout.ParcelPickedUp:
					after = tl.PickedUp
				case checkout.ParcelInTransit:
					after = tl.InTransit
				case checkout.ParcelDelivered:
					after = tl.Delivered
				case checkout.ParcelReturnInTransit:
					c.Return(b.AirwayBill)
					after = tl.ReturnStarted
				case checkout.ParcelReturned:
					c.Return(b.AirwayBill)
					after = tl.Returned
				}
				if at := b.BookedAt.Add(after); at.After(clock.Now(context.Background())) {
					clock.Set(at)
				}
			},
			Push: func(t testing.TB, b ports.Booking) (map[string]string, []byte) {
				token, body, err := c.Push(t.Context(), b.AirwayBill)
				require.NoError(t, err)
				return map[string]string{simcourier.HeaderToken: token}, body
			},
		}
	})
}

func TestTimelineFollowsClock(t *testing.T) {
	t.Parallel()
	c, clock := newCourier(t, simcourier.Config{})
	b, err := c.Book(t.Context(), portstest.ShipmentRequest())
	require.NoError(t, err)
	assert.Equal(t, "SIM0000000001", b.AirwayBill, "airway bills are deterministic")
	assert.Equal(t, "BK000001", b.ID)
	assert.Equal(t, "121-401", b.Label.RoutingCode)
	steps := []struct {
		at   time.Duration
		want []checkout.ParcelStatus
	}{
		{3 * time.Hour, nil},
		{4 * time.Hour, []checkout.ParcelStatus{checkout.ParcelPickedUp}},
		{12 * time.Hour, []checkout.ParcelStatus{checkout.ParcelPickedUp, checkout.ParcelInTransit}},
		{48 * time.Hour, []checkout.ParcelStatus{checkout.ParcelPickedUp, checkout.ParcelInTransit, checkout.ParcelDelivered}},
		{200 * time.Hour, []checkout.ParcelStatus{checkout.ParcelPickedUp, checkout.ParcelInTransit, checkout.ParcelDelivered}},
	}
	for _, s := range steps {
		clock.Set(start.Add(s.at))
		evs, err := c.Track(t.Context(), ports.TrackRequest{AirwayBill: b.AirwayBill})
		require.NoError(t, err)
		var got []checkout.ParcelStatus
		for _, e := range evs {
			got = append(got, e.Status)
		}
		assert.Equal(t, s.want, got, "after %s", s.at)
	}
	evs, _ := c.Track(t.Context(), ports.TrackRequest{AirwayBill: b.AirwayBill})
	assert.Equal(t, "Paket diterima oleh Yanti", evs[2].Text)
	assert.Equal(t, "BANDUNG", evs[2].Place)
	assert.Equal(t, start.Add(48*time.Hour), evs[2].At)
}

func TestReturnShareIsDeterministic(t *testing.T) {
	t.Parallel()
	returned := func() []string {
		c, clock := newCourier(t, simcourier.Config{ReturnPercent: 30, Return: []string{"SIM0000000002"}})
		var awbs, out []string
		for range 40 {
			b, err := c.Book(t.Context(), portstest.ShipmentRequest())
			require.NoError(t, err)
			awbs = append(awbs, b.AirwayBill)
		}
		clock.Set(start.Add(30 * 24 * time.Hour))
		for _, awb := range awbs {
			evs, err := c.Track(t.Context(), ports.TrackRequest{AirwayBill: awb})
			require.NoError(t, err)
			if evs[len(evs)-1].Status == checkout.ParcelReturned {
				out = append(out, awb)
			}
		}
		return out
	}
	first := returned()
	assert.Equal(t, first, returned(), "the same parcels come back every time")
	assert.Contains(t, first, "SIM0000000002", "a named airway bill comes back")
	assert.True(t, len(first) >= 4 && len(first) <= 24, "about 30%% of 40 parcels come back, got %d", len(first))
}

func TestCancelledBookingTracksCancelled(t *testing.T) {
	t.Parallel()
	c, clock := newCourier(t, simcourier.Config{})
	b, err := c.Book(t.Context(), portstest.ShipmentRequest())
	require.NoError(t, err)
	clock.Advance(time.Hour)
	require.NoError(t, c.CancelBooking(t.Context(), b.ID))
	clock.Advance(100 * time.Hour)
	evs, err := c.Track(t.Context(), ports.TrackRequest{AirwayBill: b.AirwayBill})
	require.NoError(t, err)
	require.Len(t, evs, 1)
	assert.Equal(t, checkout.ParcelCancelled, evs[0].Status)
	_, err = c.RequestPickup(t.Context(), ports.PickupRequest{Bookings: []string{b.ID}, Date: start, From: "09:00", To: "10:00",
		Address: "Jl. Melati 1", Contact: "Rina", Phone: "628120000", Vehicle: "motor"})
	require.ErrorIs(t, err, ports.ErrProviderRejected)
}

func TestNewRefusesInvalid(t *testing.T) {
	t.Parallel()
	clock := kasirtest.NewManualClock(start)
	for field, cfg := range map[string]simcourier.Config{
		"clock":          {},
		"return_percent": {Clock: clock, ReturnPercent: 101},
		"timeline":       {Clock: clock, Timeline: simcourier.Timeline{PickedUp: time.Hour, InTransit: time.Minute, Delivered: 2 * time.Hour, ReturnStarted: 3 * time.Hour, Returned: 4 * time.Hour}},
		"prefix":         {Clock: clock, Prefix: "SI M"},
	} {
		_, err := simcourier.New(cfg)
		require.Error(t, err, field)
		assert.Equal(t, field, errs.Field(err))
	}
}
