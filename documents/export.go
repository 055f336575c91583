package documents

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// Format is an export's file format.
type Format uint8

// The export formats.
const (
	CSV  Format = iota // comma-separated, UTF-8, RFC 4180
	XLSX               // an Excel workbook with one sheet
)

// Rows says what one row of an export is.
type Rows uint8

// The row kinds.
const (
	PerOrder Rows = iota // one row per order, with its whole breakdown
	PerItem              // one row per item, with its order's number, date, status and buyer
)

// Language is the language of an export's headers and status names.
type Language uint8

// The export languages.
const (
	Indonesian Language = iota
	English
)

// ExportOptions choose an export's format, rows and language.
type ExportOptions struct {
	Format   Format
	Rows     Rows
	Language Language
}

// ParseExportOptions reads an export's options as a URL gives them:
// format "csv" (or "") or "xlsx", rows "order" (or "") or "item", lang
// "id" (or "") or "en". An unknown value is invalid_input naming its
// field.
func ParseExportOptions(format, rows, lang string) (ExportOptions, error) {
	var o ExportOptions
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "", "csv":
	case "xlsx":
		o.Format = XLSX
	default:
		return o, errs.Invalidf(errs.CodeInvalidInput, "documents: unknown export format %q (csv or xlsx)", format).WithField("format")
	}
	switch strings.ToLower(strings.TrimSpace(rows)) {
	case "", "order", "orders":
	case "item", "items":
		o.Rows = PerItem
	default:
		return o, errs.Invalidf(errs.CodeInvalidInput, "documents: unknown export rows %q (order or item)", rows).WithField("rows")
	}
	switch strings.ToLower(strings.TrimSpace(lang)) {
	case "", "id":
	case "en":
		o.Language = English
	default:
		return o, errs.Invalidf(errs.CodeInvalidInput, "documents: unknown export language %q (id or en)", lang).WithField("lang")
	}
	return o, nil
}

// ContentType is the MIME type of the format.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Ext is the format's file name extension, with its dot.
func (f Format) Ext() string {
	if f == XLSX {
		return ".xlsx"
	}
	return ".csv"
}

// column is one column of an export: its headers and its value for an
// order (and, in per-item rows, an item). A value is a string, an int64
// (an amount or a count) or nil (an empty cell).
type column struct {
	id, en string
	value  func(o *checkout.Order, it *checkout.Item, lang Language) any
}

func rupiah(m money.Money) any { return m.Int64() }

func wibTime(o *checkout.Order) string { return o.PlacedAt.In(wib).Format("2006-01-02 15:04:05") }

// The columns every row starts with: which order, when, its status and
// buyer.
var keyColumns = []column{
	{"Nomor pesanan", "Order number", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Number }},
	{"Tanggal (WIB)", "Placed at (WIB)", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return wibTime(o) }},
	{"Status", "Status", func(o *checkout.Order, _ *checkout.Item, l Language) any {
		if l == English {
			return string(o.Status())
		}
		return statusName(o.Status())
	}},
	{"Nama pembeli", "Buyer name", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Customer.Name }},
	{"Telepon", "Phone", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Customer.Phone }},
}

func shipment(o *checkout.Order) checkout.Shipment {
	if o.Shipment == nil {
		return checkout.Shipment{}
	}
	return *o.Shipment
}

func paidAt(o *checkout.Order) any {
	if o.Payment.PaidAt.IsZero() {
		return nil
	}
	return o.Payment.PaidAt.In(wib).Format("2006-01-02 15:04:05")
}

// The columns of a per-order row after the key.
var orderColumns = []column{
	{"Email", "Email", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Customer.Email }},
	{"Alamat", "Address", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Address.Line }},
	{"Wilayah", "Area", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Address.Area }},
	{"Kode pos", "Postal code", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Address.PostalCode }},
	{"Kurir", "Courier", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return strings.ToUpper(shipment(o).Courier) }},
	{"Layanan", "Service", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return strings.ToUpper(shipment(o).Service) }},
	{"No. resi", "Airway bill", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.AirwayBill }},
	{"Berat ditagih (gram)", "Billed weight (grams)", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return shipment(o).ChargeableGrams }},
	{"Metode pembayaran", "Payment method", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return string(o.Payment.Method) }},
	{"Dibayar (WIB)", "Paid at (WIB)", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return paidAt(o) }},
	{"Jumlah barang", "Units", func(o *checkout.Order, _ *checkout.Item, _ Language) any {
		var n int64
		for _, it := range o.Items {
			n += it.Quantity
		}
		return n
	}},
	{"Subtotal", "Subtotal", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.Subtotal) }},
	{"Voucher produk", "Product voucher", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.ProductVoucher }},
	{"Diskon produk", "Product discount", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.ProductDiscount) }},
	{"Ongkir", "Shipping cost", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.ShippingCost) }},
	{"Voucher ongkir", "Shipping voucher", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.ShipVoucher }},
	{"Diskon ongkir", "Shipping discount", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.ShippingDiscount) }},
	{"Asuransi", "Insurance", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.InsuranceFee) }},
	{"Biaya lain", "Additional cost", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.AdditionalCost) }},
	{"DPP", "Tax base", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.TaxBase) }},
	{"PPN", "PPN (VAT)", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.PPN) }},
	{"PPN ditambahkan", "PPN added", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.PPNAdded) }},
	{"PPh 22", "PPh 22", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.PPh22) }},
	{"PPh 23", "PPh 23", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.PPh23) }},
	{"Biaya COD", "COD fee", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.ServiceFee) }},
	{"Biaya COD ditanggung", "COD fee paid by", func(o *checkout.Order, _ *checkout.Item, l Language) any {
		switch {
		case o.Breakdown.ServiceFee == 0:
			return nil
		case l == English:
			return o.Breakdown.ServiceFeePayer.String()
		case o.Breakdown.ServiceFeePayer == pricing.Buyer:
			return "pembeli"
		}
		return "penjual"
	}},
	{"Kode unik", "Unique code", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return int64(o.Breakdown.UniqueCode) }},
	{"Total", "Grand total", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.GrandTotal) }},
	{"Dipotong pembeli", "Withheld", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.Withheld) }},
	{"Total dibayar", "Payable", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.Payable) }},
	{"Cashback ongkir", "Shipping cashback", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.Breakdown.ShippingCashback) }},
	{"Laba bersih", "Net profit", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return rupiah(o.NetProfit()) }},
	// An order sold on a marketplace: kasir's figures above are 0, the
	// marketplace's are apart.
	{"Marketplace", "Marketplace", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return external(o).Source }},
	{"No. pesanan marketplace", "Marketplace order number", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return external(o).Invoice }},
	{"Total marketplace", "Marketplace total", func(o *checkout.Order, _ *checkout.Item, _ Language) any {
		if o.External == nil {
			return nil
		}
		return rupiah(o.External.Total)
	}},
	{"Catatan", "Notes", func(o *checkout.Order, _ *checkout.Item, _ Language) any { return o.Notes }},
}

// external is the order's external record, or an empty one.
func external(o *checkout.Order) checkout.External {
	if o.External == nil {
		return checkout.External{}
	}
	return *o.External
}

// The columns of a per-item row after the key.
var itemColumns = []column{
	{"SKU", "SKU", func(_ *checkout.Order, it *checkout.Item, _ Language) any { return it.SKU }},
	{"Produk", "Product", func(_ *checkout.Order, it *checkout.Item, _ Language) any { return it.Name }},
	{"Varian", "Variant", func(_ *checkout.Order, it *checkout.Item, _ Language) any { return strings.Join(it.Options, ", ") }},
	{"Jumlah", "Quantity", func(_ *checkout.Order, it *checkout.Item, _ Language) any { return it.Quantity }},
	{"Harga satuan", "Unit price", func(_ *checkout.Order, it *checkout.Item, _ Language) any { return rupiah(it.UnitPrice) }},
	{"Subtotal", "Subtotal", func(_ *checkout.Order, it *checkout.Item, _ Language) any { return rupiah(it.Subtotal) }},
	{"Berat satuan (gram)", "Unit weight (grams)", func(_ *checkout.Order, it *checkout.Item, _ Language) any { return it.UnitWeight }},
}

// Exporter writes orders as the rows of a CSV file or an XLSX workbook,
// one [Exporter.Write] at a time, so an export holds only the row it is
// writing: CSV goes straight to the writer; XLSX rows go through
// excelize's StreamWriter, which keeps up to 16 MiB of rows in memory
// and the rest in a temporary file, and the workbook is written to the
// writer by [Exporter.Close]. An Exporter is not safe for concurrent use.
type Exporter struct {
	opt  ExportOptions
	cols []column
	row  []any
	n    int // rows written, the header included

	csv  *csv.Writer
	w    io.Writer
	xlsx *excelize.File
	sw   *excelize.StreamWriter
}

// NewExporter starts an export to w and writes its header row. Errors:
// invalid_input for options out of range, or the writer's.
func NewExporter(w io.Writer, opt ExportOptions) (*Exporter, error) {
	if opt.Format > XLSX || opt.Rows > PerItem || opt.Language > English {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "documents: unknown export options %+v", opt)
	}
	e := &Exporter{opt: opt, w: w}
	e.cols = append(e.cols, keyColumns...)
	if opt.Rows == PerItem {
		e.cols = append(e.cols, itemColumns...)
	} else {
		e.cols = append(e.cols, orderColumns...)
	}
	e.row = make([]any, len(e.cols))
	if opt.Format == XLSX {
		e.xlsx = excelize.NewFile()
		sw, err := e.xlsx.NewStreamWriter("Sheet1")
		if err != nil {
			return nil, err
		}
		e.sw = sw
		sheet := "Pesanan"
		if opt.Language == English {
			sheet = "Orders"
		}
		if err := e.xlsx.SetSheetName("Sheet1", sheet); err != nil {
			return nil, err
		}
	} else {
		e.csv = csv.NewWriter(w)
	}
	for i, c := range e.cols {
		e.row[i] = c.id
		if opt.Language == English {
			e.row[i] = c.en
		}
	}
	return e, e.put()
}

// Write writes o's row, or its items' rows. Errors are the writer's.
func (e *Exporter) Write(o *checkout.Order) error {
	if e.opt.Rows == PerOrder {
		e.fill(o, nil)
		return e.put()
	}
	for i := range o.Items {
		e.fill(o, &o.Items[i])
		if err := e.put(); err != nil {
			return err
		}
	}
	return nil
}

// Close finishes the export: it flushes the CSV, or writes the workbook.
// Errors are the writer's.
func (e *Exporter) Close() error {
	if e.csv != nil {
		e.csv.Flush()
		return e.csv.Error()
	}
	defer e.xlsx.Close()
	if err := e.sw.Flush(); err != nil {
		return err
	}
	_, err := e.xlsx.WriteTo(e.w)
	return err
}

func (e *Exporter) fill(o *checkout.Order, it *checkout.Item) {
	for i, c := range e.cols {
		e.row[i] = c.value(o, it, e.opt.Language)
	}
}

// put writes e.row.
func (e *Exporter) put() error {
	e.n++
	if e.sw != nil {
		cell, err := excelize.CoordinatesToCellName(1, e.n)
		if err != nil {
			return err
		}
		return e.sw.SetRow(cell, e.row)
	}
	rec := make([]string, len(e.row))
	for i, v := range e.row {
		switch v := v.(type) {
		case string:
			rec[i] = safeCell(v)
		case int64:
			rec[i] = strconv.FormatInt(v, 10)
		}
	}
	return e.csv.Write(rec)
}

// safeCell keeps a spreadsheet from reading a text as a formula: a text
// starting with = + - @ (a buyer's name or note, say) gets a leading
// apostrophe, as spreadsheets themselves mark text. E.164 phones
// (+62…) are digits and left as they are.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '-', '@', '\t', '\r':
		return "'" + s
	case '+':
		if _, err := strconv.ParseUint(s[1:], 10, 64); err != nil {
			return "'" + s
		}
	}
	return s
}
