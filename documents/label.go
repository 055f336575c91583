package documents

import (
	"io"
	"strconv"

	"github.com/go-pdf/fpdf"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
)

// CodeLabelUnavailable (kind Precondition) is the error code of an order
// that cannot have a shipping label yet: it has no airway bill, ships
// nothing (digital goods only) or is cancelled or expired.
const CodeLabelUnavailable = checkout.CodeLabelUnavailable

// LabelSize is the paper a label is printed on.
type LabelSize uint8

// The label sizes.
const (
	Thermal LabelSize = iota // one 100×150 mm label per page, for thermal printers
	A4                       // four 105×148.5 mm labels on an A4 sheet, with cut lines
)

// Valid reports whether s is a known size.
func (s LabelSize) Valid() bool { return s <= A4 }

// String returns "thermal" or "a4".
func (s LabelSize) String() string {
	if s == A4 {
		return "a4"
	}
	return "thermal"
}

// ParseLabelSize reads "thermal" (also "" and "100x150") or "a4"; anything
// else is invalid_input naming the field "size".
func ParseLabelSize(s string) (LabelSize, error) {
	switch s {
	case "", "thermal", "100x150":
		return Thermal, nil
	case "a4", "A4":
		return A4, nil
	}
	return 0, errs.Invalidf(errs.CodeInvalidInput, "documents: unknown label size %q (thermal or a4)", s).WithField("size")
}

// Label is one order's shipping label: the order, and the sender the
// parcel ships from (the warehouse, under the store's name).
type Label struct {
	Order  *checkout.Order
	Sender Party
}

// CheckLabel returns nil when o can have a shipping label, else a
// label_unavailable error (kind Precondition) naming the order: it has no
// shipment (digital goods only), no airway bill yet, or is cancelled or
// expired. It is [checkout.Order.CheckLabel].
func CheckLabel(o *checkout.Order) error { return o.CheckLabel() }

// WriteLabels writes one PDF holding a label for each of labels, in their
// order, at size. Every label is checked first with [CheckLabel]: if one
// fails nothing is written and the error (label_unavailable, at
// "labels[i]") names it. Other errors are the writer's or invalid_input
// for an unknown size or no labels.
func WriteLabels(w io.Writer, size LabelSize, labels []Label) error {
	if !size.Valid() {
		return errs.Invalidf(errs.CodeInvalidInput, "documents: unknown label size %d", size).WithField("size")
	}
	if len(labels) == 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "documents: no labels to print").WithField("labels")
	}
	for i, l := range labels {
		if err := CheckLabel(l.Order); err != nil {
			return errs.At("labels["+strconv.Itoa(i)+"]", err)
		}
	}
	paper := fpdf.SizeType{Wd: 100, Ht: 150}
	cw, ch := 100.0, 150.0
	if size == A4 {
		paper, cw, ch = fpdf.SizeType{Wd: 210, Ht: 297}, 105, 148.5
	}
	pdf := newPDF(paper, labels[0].Order.PlacedAt)
	pdf.SetTitle("Label pengiriman", true)
	for i, l := range labels {
		x, y := 0.0, 0.0
		if size == A4 {
			slot := i % 4
			if slot == 0 {
				pdf.AddPage()
				cutLines(pdf)
			}
			x, y = float64(slot%2)*cw, float64(slot/2)*ch
		} else {
			pdf.AddPage()
		}
		if err := drawLabel(pdf, l, x, y, cw, ch); err != nil {
			return errs.At("labels["+strconv.Itoa(i)+"]", err)
		}
	}
	return pdf.Output(w)
}

// cutLines draws the dashed lines an A4 sheet of four labels is cut along.
func cutLines(pdf *fpdf.Fpdf) {
	pdf.SetDrawColor(150, 150, 150)
	pdf.SetLineWidth(0.2)
	pdf.SetDashPattern([]float64{2, 2}, 0)
	pdf.Line(105, 0, 105, 297)
	pdf.Line(0, 148.5, 210, 148.5)
	pdf.SetDashPattern(nil, 0)
	pdf.SetDrawColor(0, 0, 0)
}

// drawLabel draws one label in the w×h box at (x0, y0).
func drawLabel(pdf *fpdf.Fpdf, l Label, x0, y0, w, h float64) error {
	o := l.Order
	const m = 4.0 // margin
	x, W := x0+m, w-2*m
	y := y0 + m
	bottom := y0 + h - m
	pdf.SetTextColor(0, 0, 0)
	pdf.SetLineWidth(0.3)

	// Courier and service, the weight billed.
	pdf.SetFont(sans, "B", 18)
	pdf.SetXY(x, y)
	pdf.CellFormat(W*0.6, 9, fit(pdf, courier(o.Shipment), W*0.6), "", 0, "LM", false, 0, "")
	pdf.SetFont(sans, "B", 12)
	pdf.SetXY(x+W*0.6, y)
	pdf.CellFormat(W*0.4, 9, "Berat: "+weight(o.Shipment.ChargeableGrams), "", 0, "RM", false, 0, "")
	y += 10

	// COD: what the courier collects, or NON COD. An order sold on a
	// marketplace for cash on delivery collects the total it reported.
	if o.Payment.Method == payment.COD || o.External.CashOnDelivery() {
		collect := o.Payment.Amount
		if o.External != nil {
			collect = o.External.Total
		}
		pdf.SetFillColor(0, 0, 0)
		pdf.Rect(x, y, W, 14, "F")
		pdf.SetTextColor(255, 255, 255)
		pdf.SetFont(sans, "B", 20)
		pdf.SetXY(x, y)
		pdf.CellFormat(W, 14, fit(pdf, "COD "+collect.String(), W-2), "", 0, "CM", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	} else {
		pdf.Rect(x, y, W, 14, "D")
		pdf.SetFont(sans, "B", 20)
		pdf.SetXY(x, y)
		pdf.CellFormat(W, 14, "NON COD", "", 0, "CM", false, 0, "")
	}
	y += 16

	// The airway bill, as a barcode and as text.
	pdf.SetFont(sans, "", 7)
	pdf.SetXY(x, y)
	pdf.CellFormat(W, 3, "No. Resi", "", 0, "L", false, 0, "")
	y += 3
	if err := drawCode128(pdf, o.AirwayBill, x+5, y, W-10, 15); err != nil {
		return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "documents: the airway bill "+strconv.Quote(o.AirwayBill)+" cannot be printed as a barcode").WithField("airway_bill")
	}
	y += 15.5
	pdf.SetFont(mono, "B", 13)
	pdf.SetXY(x, y)
	pdf.CellFormat(W, 5.5, o.AirwayBill, "", 0, "CM", false, 0, "")
	y += 6.5
	pdf.Line(x, y, x+W, y)
	y += 1.5

	// Receiver, then sender.
	pdf.SetFont(sans, "", 7)
	pdf.SetXY(x, y)
	pdf.CellFormat(W, 3, "Penerima", "", 0, "L", false, 0, "")
	y += 3
	pdf.SetFont(sans, "B", 12)
	pdf.SetXY(x, y)
	pdf.CellFormat(W, 5.5, fit(pdf, o.Customer.Name, W), "", 0, "L", false, 0, "")
	y += 5.5
	pdf.SetFont(sans, "B", 10)
	pdf.SetXY(x, y)
	pdf.CellFormat(W, 4.5, o.Customer.Phone, "", 0, "L", false, 0, "")
	y += 4.8
	pdf.SetFont(sans, "", 9)
	for _, ln := range lines(pdf, address(o.Address), W, 3) {
		pdf.SetXY(x, y)
		pdf.CellFormat(W, 4, ln, "", 0, "L", false, 0, "")
		y += 4
	}
	y += 1
	pdf.SetFont(sans, "", 7)
	pdf.SetXY(x, y)
	pdf.CellFormat(W, 3, "Pengirim", "", 0, "L", false, 0, "")
	y += 3
	pdf.SetFont(sans, "B", 9)
	pdf.SetXY(x, y)
	sender := l.Sender.Name
	if l.Sender.Phone != "" {
		sender += " · " + l.Sender.Phone
	}
	pdf.CellFormat(W, 4, fit(pdf, sender, W), "", 0, "L", false, 0, "")
	y += 4
	pdf.SetFont(sans, "", 8)
	for _, ln := range lines(pdf, l.Sender.Address, W, 2) {
		pdf.SetXY(x, y)
		pdf.CellFormat(W, 3.5, ln, "", 0, "L", false, 0, "")
		y += 3.5
	}
	y += 1
	pdf.Line(x, y, x+W, y)
	y += 1.5

	// The order number as a barcode, and the order's facts beside it.
	bw := W * 0.55
	pdf.SetFont(sans, "", 7)
	pdf.SetXY(x, y)
	pdf.CellFormat(bw, 3, "No. Pesanan", "", 0, "L", false, 0, "")
	if err := drawCode128(pdf, o.Number, x+2, y+3, bw-4, 9); err != nil {
		return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "documents: the order number "+strconv.Quote(o.Number)+" cannot be printed as a barcode").WithField("number")
	}
	pdf.SetFont(mono, "B", 9)
	pdf.SetXY(x, y+12.3)
	pdf.CellFormat(bw, 4, o.Number, "", 0, "C", false, 0, "")
	insured := "Tidak"
	if o.Shipment.Insured {
		insured = "Ya"
	}
	pdf.SetFont(sans, "", 8)
	for i, s := range []string{"Tanggal: " + date(o.PlacedAt), "Layanan: " + courier(o.Shipment), "Asuransi: " + insured, "Ongkir: " + o.Shipment.Price.String()} {
		pdf.SetXY(x+bw+2, y+1+float64(i)*3.8)
		pdf.CellFormat(W-bw-2, 3.8, fit(pdf, s, W-bw-2), "", 0, "L", false, 0, "")
	}
	y += 17
	pdf.Line(x, y, x+W, y)
	y += 1.5

	// The packing list, then the buyer's notes, within what is left.
	notes := []string(nil)
	pdf.SetFont(sans, "", 8)
	if o.Notes != "" {
		notes = lines(pdf, "Catatan: "+o.Notes, W, 2)
	}
	itemsBottom := bottom - float64(len(notes))*3.5 - 1
	var units int64
	for _, it := range o.Items {
		units += it.Quantity
	}
	pdf.SetFont(sans, "B", 8)
	pdf.SetXY(x, y)
	pdf.CellFormat(W, 3.5, "Isi paket ("+strconv.FormatInt(units, 10)+" barang)", "", 0, "L", false, 0, "")
	y += 3.8
	pdf.SetFont(sans, "", 8)
	for i, it := range o.Items {
		if y+2*3.4 > itemsBottom && i < len(o.Items)-1 {
			pdf.SetXY(x, y)
			pdf.CellFormat(W, 3.4, "+ "+strconv.Itoa(len(o.Items)-i)+" jenis barang lain", "", 0, "L", false, 0, "")
			break
		}
		pdf.SetXY(x, y)
		pdf.CellFormat(8, 3.4, strconv.FormatInt(it.Quantity, 10)+"×", "", 0, "R", false, 0, "")
		text := itemName(it)
		if it.SKU != "" {
			text += " · " + it.SKU
		}
		pdf.CellFormat(W-9, 3.4, fit(pdf, text, W-9), "", 0, "L", false, 0, "")
		y += 3.4
	}
	y = itemsBottom + 1
	for _, ln := range notes {
		pdf.SetXY(x, y)
		pdf.CellFormat(W, 3.5, ln, "", 0, "L", false, 0, "")
		y += 3.5
	}
	return pdf.Error()
}
