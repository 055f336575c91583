package simcourier_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kasir-id/kasir/adapters/simcourier"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/ports/portstest"
)

// A parcel's tracking follows the clock: booked at 08:00, it is picked up
// after four hours and delivered after two days.
func Example() {
	ctx := context.Background()
	clock := kasirtest.NewManualClock(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	courier, err := simcourier.New(simcourier.Config{Clock: clock})
	if err != nil {
		panic(err)
	}
	b, err := courier.Book(ctx, portstest.ShipmentRequest())
	if err != nil {
		panic(err)
	}
	fmt.Println(b.AirwayBill)
	clock.Advance(49 * time.Hour)
	events, err := courier.Track(ctx, ports.TrackRequest{AirwayBill: b.AirwayBill})
	if err != nil {
		panic(err)
	}
	for _, e := range events {
		fmt.Println(e.At.Format("02 Jan 15:04"), e.Status, "-", e.Text)
	}
	// Output:
	// SIM0000000001
	// 23 Nov 12:00 picked_up - Paket telah di-pickup oleh kurir
	// 23 Nov 20:00 in_transit - Paket dalam perjalanan menuju BANDUNG
	// 25 Nov 08:00 delivered - Paket diterima oleh Yanti
}
