package kasirtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// An order for the fixture's catalog: one Buku Resep to Kebayoran Baru by
// JNE REG.
func bookOrder(method payment.Method) kasir.OrderRequest {
	return kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: "BUKU-01", Quantity: 1}},
			Courier: "jne", Service: "REG", PaymentMethod: method,
			Customer: kasir.CustomerInput{Name: "Siti Aminah", Phone: "0812-3456-7890"},
		},
		Address: kasir.AddressInput{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru"},
	}
}

// A host application tests its checkout on the fixture: a Service wired to
// fakes it can script. Here the gateway pays an order, the clock moves on
// and the recorder shows what was published.
func Example() {
	ctx := context.Background()
	f, err := kasirtest.Build() // in a test: f := kasirtest.New(t)
	if err != nil {
		fmt.Println(err)
		return
	}

	o, err := f.Service.PlaceOrder(ctx, bookOrder(payment.Gateway))
	if err != nil {
		fmt.Println(errs.Code(err))
		return
	}
	fmt.Println(o.Status(), f.Gateway.Requests()[0].Amount)

	body := f.Gateway.Notification(ports.GatewayNotification{OrderID: o.ID, Status: payment.GatewayPaid,
		Amount: o.Payment.Amount, TransactionID: "tx-1"})
	f.Clock.Advance(10 * time.Minute)
	paid, err := f.Service.HandleGatewayNotification(ctx, body)
	fmt.Println(paid.Status(), err)
	for _, e := range f.Events.Published() {
		fmt.Println(e.Type)
	}
	// Output:
	// pending_payment Rp114.000
	// processing <nil>
	// order.placed
	// order.paid
}

// A Gateway fake lets a host application test its payment flow end to end.
func ExampleGateway() {
	ctx := context.Background()
	gw := kasirtest.NewGateway("secret", nil)
	body := gw.Notification(ports.GatewayNotification{OrderID: "o1", Status: "paid", Amount: 150000, TransactionID: "tx-1"})
	n, err := gw.VerifyNotification(ctx, body)
	fmt.Println(n.OrderID, n.Status, n.Amount, err)
	_, err = gw.VerifyNotification(ctx, []byte(`{"order_id":"o1","status":"paid","signature":"guess"}`))
	fmt.Println(errs.Code(err))
	fmt.Println(gw.LinkURL("o1"))
	// Output:
	// o1 paid Rp150.000 <nil>
	// invalid_signature
	// https://gateway.kasir.test/pay/o1
}
