package kasir_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// Deliver what a store's outbox holds, as a process started after a crash
// does; in a server, run the relay in the background with Run.
func ExampleRelay() {
	ctx := context.Background()
	store, _ := memory.NewStore()
	// A unit of work that changes an order appends its event; the event
	// commits with the change.
	err := store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		return tx.AppendEvent(ctx, ports.Event{ID: "evt-1", Type: ports.EventOrderPlaced, OrderID: "o-1", OrderNumber: "INV20261123-0001"})
	})
	if err != nil {
		log.Fatal(err)
	}

	sink := kasirtest.NewEvents()
	relay, err := kasir.NewRelay(store, sink, kasir.RelayLease(time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	n, err := relay.Deliver(ctx) // or: go relay.Run(ctx, time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, sink.Published()[0].Type, sink.Published()[0].OrderNumber)
	// Output: 1 order.placed INV20261123-0001
}
