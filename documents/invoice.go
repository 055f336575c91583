package documents

import (
	"io"
	"strconv"

	"github.com/go-pdf/fpdf"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

// Invoice is what one order's invoice shows.
type Invoice struct {
	Order *checkout.Order
	Store Party // the seller: name, customer service phone, address
	// Tax is the seller's tax profile, which says how PPN is shown: its
	// DPP (and the "DPP nilai lain" when the factor is not 1), and whether
	// prices include it. It is read only for an order that does not carry
	// the profile it was priced with (checkout.Order.Tax, kept since
	// orders keep it): an order prints as it was priced.
	Tax pricing.TaxProfile
	// OrderURL is the buyer's order page, printed as a QR code and as
	// text; "" leaves both out.
	OrderURL string
}

// WriteInvoice writes the invoice of inv.Order as an A4 PDF in Indonesian.
// Errors: invalid_input when there is no order, or the writer's.
func WriteInvoice(w io.Writer, inv Invoice) error {
	return WriteInvoices(w, []Invoice{inv})
}

// WriteInvoices writes one PDF holding each invoice, in order, each from
// a new page. Errors: invalid_input (at "invoices[i]") for an invoice
// without an order or an order page that cannot be a QR code, or for no
// invoices; the writer's.
func WriteInvoices(w io.Writer, invs []Invoice) error {
	if len(invs) == 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "documents: no invoices to print").WithField("invoices")
	}
	for i, inv := range invs {
		if inv.Order == nil {
			return errs.Invalidf(errs.CodeInvalidInput, "documents: an invoice needs an order").WithField("invoices[" + strconv.Itoa(i) + "].order")
		}
	}
	pdf := newPDF(fpdf.SizeType{Wd: 210, Ht: 297}, invs[0].Order.PlacedAt)
	title := "Invoice " + invs[0].Order.Number
	if len(invs) > 1 {
		title = "Invoice (" + strconv.Itoa(len(invs)) + " pesanan)"
	}
	pdf.SetTitle(title, true)
	pdf.SetAutoPageBreak(true, 15)
	pdf.SetMargins(15, 15, 15)
	// Every page names its invoice and its page within it, so a long
	// invoice's pages stay together.
	number, first := "", 0
	pdf.SetFooterFunc(func() {
		pdf.SetY(-11)
		pdf.SetFont(sans, "", 7)
		pdf.SetTextColor(120, 120, 120)
		pdf.CellFormat(0, 4, "Invoice "+number+" · halaman "+strconv.Itoa(pdf.PageNo()-first+1), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	for i, inv := range invs {
		pdf.AddPage()
		number, first = inv.Order.Number, pdf.PageNo()
		iv := invoiceWriter{pdf: pdf, inv: inv, o: inv.Order}
		if err := iv.header(); err != nil {
			return errs.At("invoices["+strconv.Itoa(i)+"]", err)
		}
		iv.parties()
		iv.items()
		iv.breakdown()
		iv.procurement()
		iv.payment()
	}
	return pdf.Output(w)
}

type invoiceWriter struct {
	pdf *fpdf.Fpdf
	inv Invoice
	o   *checkout.Order
}

const (
	left  = 15.0
	width = 180.0
)

// header: the store on the left, the invoice's number, date and status,
// and the QR code on the right.
func (iv *invoiceWriter) header() error {
	pdf, o := iv.pdf, iv.o
	textW := width
	if iv.inv.OrderURL != "" {
		textW = width - 34
		if err := drawQR(pdf, iv.inv.OrderURL, left+width-30, 15, 30); err != nil {
			return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "documents: the order page's address cannot be a QR code").WithField("order_url")
		}
		pdf.SetFont(sans, "", 7)
		pdf.SetXY(left+width-34, 45.5)
		pdf.CellFormat(34, 3.5, "Pindai untuk melihat pesanan", "", 0, "C", false, 0, "")
	}
	pdf.SetXY(left, 15)
	pdf.SetFont(sans, "B", 16)
	pdf.CellFormat(textW, 8, fit(pdf, iv.inv.Store.Name, textW), "", 2, "L", false, 0, "")
	pdf.SetFont(sans, "", 9)
	if iv.inv.Store.Phone != "" {
		pdf.CellFormat(textW, 4.5, "Telp/WA: "+iv.inv.Store.Phone, "", 2, "L", false, 0, "")
	}
	for _, ln := range lines(pdf, iv.inv.Store.Address, textW/2, 3) {
		pdf.CellFormat(textW, 4.5, ln, "", 2, "L", false, 0, "")
	}
	y := 15.0
	pdf.SetFont(sans, "B", 20)
	pdf.SetXY(left+textW/2, y)
	pdf.CellFormat(textW/2, 9, "INVOICE", "", 2, "R", false, 0, "")
	pdf.SetFont(sans, "", 9)
	for _, s := range [][2]string{
		{"No. Pesanan", o.Number},
		{"Tanggal", dateTime(o.PlacedAt)},
		{"Status", statusName(o.Status())},
	} {
		pdf.SetX(left + textW/2)
		pdf.CellFormat(textW/2-52, 5, s[0], "", 0, "L", false, 0, "")
		pdf.SetFont(sans, "B", 9)
		pdf.CellFormat(52, 5, s[1], "", 2, "R", false, 0, "")
		pdf.SetFont(sans, "", 9)
	}
	pdf.SetY(52)
	return nil
}

// parties: the buyer and the shipment, side by side.
func (iv *invoiceWriter) parties() {
	pdf, o := iv.pdf, iv.o
	y := pdf.GetY()
	pdf.SetDrawColor(200, 200, 200)
	pdf.Line(left, y, left+width, y)
	y += 3
	col := width / 2
	block := func(x float64, title string, rows []string, bold int) float64 {
		yy := y
		pdf.SetXY(x, yy)
		pdf.SetFont(sans, "B", 8)
		pdf.SetTextColor(100, 100, 100)
		pdf.CellFormat(col-4, 4.5, title, "", 2, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		yy += 4.5
		for i, r := range rows {
			if r == "" {
				continue
			}
			style := ""
			if i < bold {
				style = "B"
			}
			pdf.SetFont(sans, style, 9)
			for _, ln := range lines(pdf, r, col-4, 3) {
				pdf.SetXY(x, yy)
				pdf.CellFormat(col-4, 4.5, ln, "", 0, "L", false, 0, "")
				yy += 4.5
			}
		}
		return yy
	}
	buyer := []string{o.Customer.Name, o.Customer.Phone, o.Customer.Email}
	if o.Shipment != nil {
		buyer = append(buyer, address(o.Address))
	}
	end := block(left, "DITAGIHKAN KEPADA", buyer, 1)
	var ship []string
	if o.Shipment != nil {
		ship = append(ship, courier(o.Shipment), "Berat ditagih: "+weight(o.Shipment.ChargeableGrams))
		if o.AirwayBill != "" {
			ship = append(ship, "No. Resi: "+o.AirwayBill)
		}
	} else {
		ship = append(ship, "Produk digital, tanpa pengiriman")
	}
	ship = append(ship, "Pembayaran: "+methodName(o.Payment.Method))
	if end2 := block(left+col, "PENGIRIMAN", ship, 1); end2 > end {
		end = end2
	}
	if o.Notes != "" {
		pdf.SetXY(left, end+1)
		pdf.SetFont(sans, "", 9)
		pdf.MultiCell(width, 4.5, "Catatan pembeli: "+o.Notes, "", "L", false)
		end = pdf.GetY()
	}
	pdf.SetY(end + 4)
}

// Item table columns: No, product, qty, unit price, subtotal.
var itemCols = [...]float64{8, 98, 14, 30, 30}

// items: one row per item with its variant and SKU.
func (iv *invoiceWriter) items() {
	pdf := iv.pdf
	pdf.SetFillColor(235, 235, 235)
	pdf.SetFont(sans, "B", 9)
	pdf.SetX(left)
	for i, h := range [...]string{"No", "Produk", "Jumlah", "Harga", "Subtotal"} {
		align := "R"
		if i == 1 {
			align = "L"
		}
		pdf.CellFormat(itemCols[i], 7, h, "", 0, align+"M", true, 0, "")
	}
	pdf.Ln(7)
	pdf.SetDrawColor(220, 220, 220)
	if iv.o.External != nil {
		iv.externalItems()
		return
	}
	for n, it := range iv.o.Items {
		name := lines(pdf, itemName(it), itemCols[1]-2, 3)
		pdf.SetFont(sans, "", 8)
		sub := ""
		if it.SKU != "" {
			sub = "SKU " + it.SKU
		}
		if it.Kind == "bundle" {
			for _, c := range it.Components {
				sub += " · " + strconv.FormatInt(c.Quantity, 10) + "× " + c.Name
			}
		}
		subLines := lines(pdf, sub, itemCols[1]-2, 2)
		iv.itemRow(n, name, subLines, it.Quantity, it.UnitPrice, it.Subtotal)
	}
	pdf.Ln(3)
}

// externalItems: the items of an order sold on a marketplace, as the
// marketplace reported them (kasir did not price them).
func (iv *invoiceWriter) externalItems() {
	for n, it := range iv.o.External.Items {
		title := it.Name
		if it.Variation != "" {
			title += " (" + it.Variation + ")"
		}
		var sub []string
		if it.SKU != "" {
			sub = []string{"SKU " + it.SKU}
		}
		iv.itemRow(n, lines(iv.pdf, title, itemCols[1]-2, 3), sub, it.Quantity, it.UnitPrice, it.Subtotal)
	}
	iv.pdf.Ln(3)
}

// itemRow writes row n of the items table: the name's lines, the grey
// lines under them, the quantity, the unit price and the subtotal, on a
// new page when the row does not fit.
func (iv *invoiceWriter) itemRow(n int, name, sub []string, qty int64, unit, subtotal money.Money) {
	pdf := iv.pdf
	h := 5*float64(len(name)) + 4*float64(len(sub)) + 2
	if pdf.GetY()+h > 280 {
		pdf.AddPage()
	}
	y := pdf.GetY()
	pdf.SetFont(sans, "", 9)
	pdf.SetXY(left, y+1)
	pdf.CellFormat(itemCols[0], 5, strconv.Itoa(n+1), "", 0, "R", false, 0, "")
	x, yy := left+itemCols[0], y+1
	for _, ln := range name {
		pdf.SetXY(x+2, yy)
		pdf.CellFormat(itemCols[1]-2, 5, ln, "", 0, "L", false, 0, "")
		yy += 5
	}
	pdf.SetFont(sans, "", 8)
	pdf.SetTextColor(90, 90, 90)
	for _, ln := range sub {
		pdf.SetXY(x+2, yy)
		pdf.CellFormat(itemCols[1]-2, 4, ln, "", 0, "L", false, 0, "")
		yy += 4
	}
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont(sans, "", 9)
	pdf.SetXY(x+itemCols[1], y+1)
	pdf.CellFormat(itemCols[2], 5, strconv.FormatInt(qty, 10), "", 0, "R", false, 0, "")
	pdf.CellFormat(itemCols[3], 5, unit.String(), "", 0, "R", false, 0, "")
	pdf.CellFormat(itemCols[4], 5, subtotal.String(), "", 0, "R", false, 0, "")
	pdf.Line(left, y+h, left+width, y+h)
	pdf.SetY(y + h)
}

// breakdown: every figure between the subtotal and what the buyer pays,
// right-aligned under the items. Zero figures are left out, except the
// subtotal and the totals. An order sold on a marketplace shows the
// amounts the marketplace reported.
func (iv *invoiceWriter) breakdown() {
	pdf, o, q := iv.pdf, iv.o, iv.o.Breakdown
	if pdf.GetY() > 200 {
		pdf.AddPage()
	}
	row := func(label string, m money.Money, minus, bold bool) {
		s := m.String()
		if minus && m != 0 {
			s = "-" + s
		}
		style := ""
		size := 9.0
		if bold {
			style, size = "B", 11
		}
		pdf.SetFont(sans, style, size)
		pdf.SetX(left + 70)
		pdf.CellFormat(75, 6, label, "", 0, "R", false, 0, "")
		pdf.CellFormat(35, 6, s, "", 1, "R", false, 0, "")
	}
	if e := o.External; e != nil {
		row("Subtotal produk", e.Subtotal, false, false)
		row("Ongkos kirim", e.ShippingCost, false, false)
		if e.Discount != 0 {
			row("Diskon penjual", e.Discount, true, false)
		}
		y := pdf.GetY()
		pdf.SetDrawColor(0, 0, 0)
		pdf.Line(left+110, y+0.5, left+width, y+0.5)
		pdf.Ln(1)
		row("Total dibayar", e.Total, false, true)
		pdf.SetFont(sans, "", 8)
		pdf.SetX(left)
		note := "Dijual di " + e.Source
		if e.Invoice != "" {
			note += " (pesanan " + e.Invoice + ")"
		}
		pdf.MultiCell(width, 4, note+"; jumlah di atas sesuai laporan marketplace.", "", "R", false)
		pdf.Ln(3)
		return
	}
	row("Subtotal produk", q.Subtotal, false, false)
	if q.ProductDiscount != 0 {
		row(withCode("Diskon produk", o.ProductVoucher), q.ProductDiscount, true, false)
	}
	if o.Shipment != nil || q.ShippingCost != 0 {
		row("Ongkos kirim", q.ShippingCost, false, false)
	}
	if q.ShippingDiscount != 0 {
		row(withCode("Diskon ongkos kirim", o.ShipVoucher), q.ShippingDiscount, true, false)
	}
	if q.InsuranceFee != 0 {
		row("Asuransi pengiriman", q.InsuranceFee, false, false)
	}
	if q.AdditionalCost != 0 {
		row("Biaya lain", q.AdditionalCost, false, false)
	}
	iv.tax(row)
	if q.ServiceFee != 0 && q.ServiceFeePayer == pricing.Buyer {
		row("Biaya layanan COD", q.ServiceFee, false, false)
	}
	if q.UniqueCode != 0 {
		row("Kode unik", money.Money(q.UniqueCode), false, false)
	}
	y := pdf.GetY()
	pdf.SetDrawColor(0, 0, 0)
	pdf.Line(left+110, y+0.5, left+width, y+0.5)
	pdf.Ln(1)
	if q.Withheld != 0 {
		row("Total", q.GrandTotal, false, false)
		if q.PPh22 != 0 {
			row("PPh 22 dipotong pembeli", q.PPh22, true, false)
		}
		if q.PPh23 != 0 {
			row("PPh 23 dipotong pembeli", q.PPh23, true, false)
		}
		if w := q.Withheld - q.PPh22 - q.PPh23; w != 0 {
			row("PPN dipungut pembeli (WAPU)", w, true, false)
		}
	}
	row("Total dibayar", q.Payable, false, true)
	pdf.Ln(3)
}

// tax writes the PPN rows: the DPP, the "DPP nilai lain" when the factor
// is not 1, and the PPN, added or included in the prices.
func (iv *invoiceWriter) tax(row func(string, money.Money, bool, bool)) {
	q, t := iv.o.Breakdown, iv.inv.Tax
	if iv.o.Tax != nil {
		t = *iv.o.Tax
	}
	if q.PPN == 0 && t.PPNPercent.IsZero() {
		return
	}
	row("Dasar Pengenaan Pajak (DPP)", q.TaxBase, false, false)
	if !t.DPPFactor.IsZero() && !t.DPPFactor.Equal(money.RateInt(1)) {
		if other, err := t.DPPFactor.Apply(q.TaxBase, money.Down); err == nil {
			row("DPP nilai lain ("+t.DPPFactor.String()+")", other, false, false)
		}
	}
	label := "PPN " + t.PPNPercent.String() + "%"
	if q.PPNAdded == 0 {
		label += " (termasuk dalam harga)"
		iv.pdf.SetTextColor(90, 90, 90)
		defer iv.pdf.SetTextColor(0, 0, 0)
	}
	row(label, q.PPN, false, false)
}

func withCode(label, code string) string {
	if code == "" {
		return label
	}
	return label + " (" + code + ")"
}

// payment: how to pay while the order waits for it, else its status.
func (iv *invoiceWriter) payment() {
	pdf, o := iv.pdf, iv.o
	if pdf.GetY() > 240 {
		pdf.AddPage()
	}
	y := pdf.GetY()
	pdf.SetDrawColor(200, 200, 200)
	pdf.Line(left, y, left+width, y)
	pdf.Ln(3)
	pdf.SetX(left)
	pdf.SetFont(sans, "B", 10)
	pdf.CellFormat(width, 6, "Pembayaran", "", 1, "L", false, 0, "")
	pdf.SetFont(sans, "", 9)
	say := func(s string) {
		pdf.SetX(left)
		pdf.MultiCell(width, 5, s, "", "L", false)
	}
	p := o.Payment
	switch {
	case p.Status == checkout.PaymentRefunded:
		say("Pembayaran telah dikembalikan seluruhnya.")
	case p.Status == checkout.PaymentPartiallyRefunded:
		say("Pembayaran telah dikembalikan sebagian.")
	case p.Method == payment.Marketplace && o.External != nil:
		say("LUNAS: dibayar di " + o.External.Source + " sebesar " + p.Amount.String() + ".")
	case o.Paid():
		say("LUNAS: dibayar " + dateTime(p.PaidAt) + " sebesar " + p.Amount.String() + ".")
	case o.Status() == checkout.StatusCancelled || o.Status() == checkout.StatusExpired:
		say("Pesanan ini " + statusName(o.Status()) + "; tidak perlu dibayar.")
	case p.Method == payment.COD:
		say("Bayar di tempat (COD): siapkan " + p.Amount.String() + " untuk kurir saat paket diterima.")
	case p.Method == payment.BankTransfer:
		s := "Transfer tepat " + p.Amount.String()
		if p.UniqueCode != 0 {
			s += " (termasuk kode unik " + strconv.Itoa(p.UniqueCode) + ", agar pembayaran dikenali)"
		}
		if !p.ExpiresAt.IsZero() {
			s += " sebelum " + dateTime(p.ExpiresAt)
		}
		say(s + " ke salah satu rekening berikut:")
		for _, a := range p.BankAccounts {
			bank := a.BankName
			if bank == "" {
				bank = a.BankCode
			}
			pdf.SetFont(sans, "B", 9)
			say("   " + bank + " " + a.AccountNumber + " a.n. " + a.AccountName)
			pdf.SetFont(sans, "", 9)
		}
	case p.Method == payment.Gateway:
		s := "Bayar " + p.Amount.String() + " melalui tautan pembayaran"
		if !p.ExpiresAt.IsZero() {
			s += " sebelum " + dateTime(p.ExpiresAt)
		}
		say(s + ":")
		if p.PaymentURL != "" {
			say("   " + p.PaymentURL)
		}
	case p.Method == payment.Invoice:
		s := "Tagihan " + p.Amount.String()
		if !p.DueDate.IsZero() {
			s += ", jatuh tempo " + date(p.DueDate)
		}
		say(s + ".")
		for _, a := range p.BankAccounts {
			say("   " + a.BankCode + " " + a.AccountNumber + " a.n. " + a.AccountName)
		}
	default:
		say("Menunggu pembayaran " + p.Amount.String() + ".")
	}
	if iv.inv.OrderURL != "" {
		pdf.Ln(2)
		pdf.SetFont(sans, "", 8)
		pdf.SetTextColor(90, 90, 90)
		say("Status pesanan: " + iv.inv.OrderURL)
		pdf.SetTextColor(0, 0, 0)
	}
}

// procurement: for a seller's order of a procurement purchase, the
// purchase, the terms and payments so far, and the fields of the tax
// invoice (faktur pajak) and the withholding slips (bukti potong).
func (iv *invoiceWriter) procurement() {
	pr := iv.o.Procurement
	if pr == nil {
		return
	}
	pdf := iv.pdf
	if pdf.GetY() > 200 {
		pdf.AddPage()
	}
	heading := func(s string) {
		pdf.SetX(left)
		pdf.SetFont(sans, "B", 10)
		pdf.CellFormat(width, 6, s, "", 1, "L", false, 0, "")
		pdf.SetFont(sans, "", 9)
	}
	line := func(label, value string) {
		pdf.SetX(left)
		pdf.CellFormat(60, 5, label, "", 0, "L", false, 0, "")
		pdf.MultiCell(width-60, 5, value, "", "L", false)
	}
	y := pdf.GetY()
	pdf.SetDrawColor(200, 200, 200)
	pdf.Line(left, y, left+width, y)
	pdf.Ln(3)
	heading("Pengadaan")
	line("ID checkout", pr.CheckoutID)
	if pr.PurchaseRequest != "" {
		line("Nomor permintaan pembelian", pr.PurchaseRequest)
	}
	if pr.ReceiveBy != "" {
		line("Diterima paling lambat", pr.ReceiveBy)
	}
	line("Pembeli", pr.BuyerName+" (NPWP "+pr.BuyerNPWP+", "+pr.BuyerKind+")")
	line("Tempo", strconv.Itoa(pr.PaymentTermDays)+" hari, jatuh tempo "+dateTime(pr.DueAt))
	line("Sudah dibayar", pr.Paid.String()+" dari "+pr.Payable.String()+"; sisa "+pr.Outstanding().String())
	if ti := pr.TaxInvoice; ti != nil {
		pdf.Ln(2)
		heading("Faktur Pajak")
		line("Penjual (PKP)", ti.SellerName+", NPWP "+ti.SellerNPWP)
		line("Pembeli", ti.BuyerName+", NPWP "+ti.BuyerNPWP)
		line("DPP", ti.DPP.String())
		if !ti.DPPFactor.IsZero() && !ti.DPPFactor.Equal(money.RateInt(1)) {
			line("DPP nilai lain", ti.DPPFactor.String())
		}
		line("PPN "+ti.PPNPercent.String()+"%", ti.PPN.String())
		if ti.ExemptAmount != 0 {
			line("Barang dibebaskan dari PPN", ti.ExemptAmount.String())
		}
		if ti.CollectedByBuyer {
			line("Pemungutan", "PPN dipungut pembeli (WAPU)")
		}
	}
	for _, slip := range []struct {
		title string
		s     *procurement.WithholdingSlip
	}{{"Bukti Potong PPh (pembeli)", pr.WithholdingSlip}, {"Bukti Potong PPh 23 atas biaya platform (penjual)", pr.FeeSlip}} {
		if slip.s == nil {
			continue
		}
		pdf.Ln(2)
		heading(slip.title)
		line("Pemotong", slip.s.WithholderName+", NPWP "+slip.s.WithholderNPWP)
		line("Dipotong", slip.s.RecipientName+", NPWP "+slip.s.RecipientNPWP)
		for _, l := range slip.s.Lines {
			line("PPh "+l.Article, l.Percent.String()+"% x "+l.Base.String()+" = "+l.Amount.String())
		}
	}
	pdf.Ln(3)
}
