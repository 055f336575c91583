package documents_test

import (
	"bytes"
	"fmt"
	"os"
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

// An export writes each order as it comes (here one row per item, English
// headers): amounts are integer rupiah, times WIB. Service.EachOrder feeds
// it a whole listing a page at a time.
func ExampleNewExporter() {
	at := time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)
	lc, _ := checkout.NewLifecycle(checkout.StatusProcessing, at, "placed")
	o := &checkout.Order{
		Number: "INV-20261123-0042", PlacedAt: at, Lifecycle: lc,
		Customer: checkout.Customer{Name: "Budi Santoso", Phone: "+6281234567890"},
		Items: []checkout.Item{
			{SKU: "KOPI-250", Name: "Kopi Gayo", Options: []string{"250 g", "Biji"}, UnitPrice: 76_000, Quantity: 2, Subtotal: 152_000, UnitWeight: 260},
		},
	}
	e, err := documents.NewExporter(os.Stdout, documents.ExportOptions{Format: documents.CSV, Rows: documents.PerItem, Language: documents.English})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := e.Write(o); err != nil {
		fmt.Println(err)
	}
	if err := e.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Order number,Placed at (WIB),Status,Buyer name,Phone,SKU,Product,Variant,Quantity,Unit price,Subtotal,Unit weight (grams)
	// INV-20261123-0042,2026-11-23 09:30:00,processing,Budi Santoso,+6281234567890,KOPI-250,Kopi Gayo,"250 g, Biji",2,76000,152000,260
}
