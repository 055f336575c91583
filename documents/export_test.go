package documents_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/documents"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

// exportRows writes orders with opt and reads the file back as rows of
// cells, the header first.
func exportRows(t *testing.T, opt documents.ExportOptions, orders []*checkout.Order) [][]string {
	t.Helper()
	var buf bytes.Buffer
	e, err := documents.NewExporter(&buf, opt)
	require.NoError(t, err)
	for _, o := range orders {
		require.NoError(t, e.Write(o))
	}
	require.NoError(t, e.Close())
	if opt.Format == documents.CSV {
		rows, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		return rows
	}
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.Len(t, sheets, 1)
	rows, err := f.GetRows(sheets[0])
	require.NoError(t, err)
	return rows
}

// column returns the index of header h in rows' header.
func column(t *testing.T, rows [][]string, h string) int {
	t.Helper()
	for i, c := range rows[0] {
		if c == h {
			return i
		}
	}
	t.Fatalf("no column %q in %q", h, rows[0])
	return -1
}

// sum adds up column h of every row but the header, as integers.
func sum(t *testing.T, rows [][]string, h string) int64 {
	t.Helper()
	i := column(t, rows, h)
	var s int64
	for _, r := range rows[1:] {
		n, err := strconv.ParseInt(r[i], 10, 64)
		require.NoError(t, err, "%s %q", h, r[i])
		s += n
	}
	return s
}

// The accountant opens the export: one row per order (or per item), the
// amounts integers that add up to the orders' own, dates in WIB, headers
// in the language asked for.
func TestExportSumsToTheOrders(t *testing.T) {
	t.Parallel()
	var orders []*checkout.Order
	var payable, subtotal, ppn, units int64
	for i := 1; i <= 12; i++ {
		m := payment.COD
		if i%2 == 0 {
			m = payment.BankTransfer
		}
		o := order(t, i, m)
		o.Customer.Name = "=HYPERLINK(\"http://x\")" + strconv.Itoa(i) // a name a spreadsheet must not run
		orders = append(orders, o)
		payable += o.Breakdown.Payable.Int64()
		subtotal += o.Breakdown.Subtotal.Int64()
		ppn += o.Breakdown.PPN.Int64()
		for _, it := range o.Items {
			units += it.Quantity
		}
	}
	for _, format := range []documents.Format{documents.CSV, documents.XLSX} {
		t.Run(format.Ext()[1:], func(t *testing.T) {
			t.Parallel()
			rows := exportRows(t, documents.ExportOptions{Format: format}, orders)
			require.Len(t, rows, 1+len(orders))
			assert.Equal(t, payable, sum(t, rows, "Total dibayar"))
			assert.Equal(t, subtotal, sum(t, rows, "Subtotal"))
			assert.Equal(t, ppn, sum(t, rows, "PPN"))
			assert.Equal(t, units, sum(t, rows, "Jumlah barang"))
			first := rows[1]
			assert.Equal(t, orders[0].Number, first[column(t, rows, "Nomor pesanan")])
			assert.Equal(t, "2026-11-23 09:30:00", first[column(t, rows, "Tanggal (WIB)")])
			assert.Equal(t, "Diproses", first[column(t, rows, "Status")])
			assert.Equal(t, orders[0].AirwayBill, first[column(t, rows, "No. resi")])
			assert.Equal(t, "+6281234567890", first[column(t, rows, "Telepon")])
			assert.Equal(t, "pembeli", first[column(t, rows, "Biaya COD ditanggung")])
			if format == documents.CSV {
				assert.Equal(t, `'=HYPERLINK("http://x")1`, first[column(t, rows, "Nama pembeli")], "a formula is kept as text")
			} else {
				assert.Equal(t, `=HYPERLINK("http://x")1`, first[column(t, rows, "Nama pembeli")], "an XLSX cell is text")
			}

			assert.Empty(t, first[column(t, rows, "Marketplace")], "an order kasir priced")

			items := exportRows(t, documents.ExportOptions{Format: format, Rows: documents.PerItem, Language: documents.English}, orders)
			require.Len(t, items, 1+2*len(orders))
			assert.Equal(t, subtotal, sum(t, items, "Subtotal"), "the items add up to the orders' subtotals")
			assert.Equal(t, units, sum(t, items, "Quantity"))
			assert.Equal(t, "Merah, L", items[1][column(t, items, "Variant")])
			assert.Equal(t, "processing", items[1][column(t, items, "Status")])
			assert.Equal(t, "Placed at (WIB)", items[0][1])
		})
	}
}

func TestParseExportOptions(t *testing.T) {
	t.Parallel()
	o, err := documents.ParseExportOptions("xlsx", "item", "en")
	require.NoError(t, err)
	assert.Equal(t, documents.ExportOptions{Format: documents.XLSX, Rows: documents.PerItem, Language: documents.English}, o)
	o, err = documents.ParseExportOptions("", "", "")
	require.NoError(t, err)
	assert.Equal(t, documents.ExportOptions{}, o)
	for field, in := range map[string][3]string{"format": {"pdf", "", ""}, "rows": {"", "line", ""}, "lang": {"", "", "jv"}} {
		_, err := documents.ParseExportOptions(in[0], in[1], in[2])
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), field)
		assert.Equal(t, field, errs.Field(err))
	}
}

// An order sold on a marketplace exports kasir's figures as 0 (kasir did
// not price it) and the marketplace's in columns of their own.
func TestExportOfAnExternalOrder(t *testing.T) {
	t.Parallel()
	o := order(t, 5, payment.COD)
	o.Breakdown = pricing.Quote{}
	o.External = &checkout.External{Source: "tiktokshop", Invoice: "578123456789012345", Total: 201000,
		Items: []checkout.ExternalItem{{Name: "Kopi", Quantity: 1, UnitPrice: 192000, Subtotal: 192000}}, Subtotal: 192000, ShippingCost: 9000}
	o.Payment = checkout.Payment{Method: payment.Marketplace, Amount: 201000, PaidAt: o.PlacedAt}
	rows := exportRows(t, documents.ExportOptions{Format: documents.CSV}, []*checkout.Order{o})
	require.Len(t, rows, 2)
	r := rows[1]
	assert.Equal(t, "tiktokshop", r[column(t, rows, "Marketplace")])
	assert.Equal(t, "578123456789012345", r[column(t, rows, "No. pesanan marketplace")])
	assert.Equal(t, "201000", r[column(t, rows, "Total marketplace")])
	assert.Equal(t, "marketplace", r[column(t, rows, "Metode pembayaran")])
	assert.Equal(t, "0", r[column(t, rows, "Total dibayar")])
}
