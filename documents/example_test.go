package documents_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
)

// A label needs the courier's airway bill: until the order has one,
// CheckLabel (and WriteLabels) refuse it with label_unavailable.
func ExampleWriteLabels() {
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	lc, _ := checkout.NewLifecycle(checkout.StatusProcessing, at, "placed")
	o := &checkout.Order{
		Number: "INV-20261123-0042", PlacedAt: at, Lifecycle: lc,
		Customer: checkout.Customer{Name: "Budi Santoso", Phone: "+6281234567890"},
		Address:  checkout.Address{Line: "Jl. Kenanga 3", Area: "Depok, Sleman", PostalCode: "55281"},
		Items:    []checkout.Item{{Name: "Kopi Gayo 250 g", Quantity: 2}},
		Shipment: &checkout.Shipment{Courier: "jne", Service: "reg", ChargeableGrams: 600},
		Payment:  checkout.Payment{Method: payment.COD, Amount: 152_000},
	}
	err := documents.CheckLabel(o)
	fmt.Println(errs.Code(err))

	o.AirwayBill = "JP1234567890"
	var pdf bytes.Buffer
	err = documents.WriteLabels(&pdf, documents.Thermal, []documents.Label{{Order: o, Sender: documents.Party{Name: "Kopi Nusantara", Phone: "+6282211223344"}}})
	fmt.Println(err, bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")))
	// Output:
	// label_unavailable
	// <nil> true
}
