package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/internal/pdftest"
	"github.com/kasir-id/kasir/money"
)

// ship marks the order shipped with airway bill awb.
func (f *fixture) ship(t *testing.T, id, awb string) {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/" + id + "/transitions", admin: true, body: map[string]any{"to": "shipped", "airway_bill": awb}})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
}

// pdfAnswer requires a 200 PDF answer and returns its bytes.
func pdfAnswer(t *testing.T, res resp) []byte {
	t.Helper()
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
	assert.Contains(t, res.Header.Get("Content-Disposition"), "inline; filename=")
	require.True(t, bytes.HasPrefix(res.Body, []byte("%PDF-")))
	return res.Body
}

// The seller prints a shipped order's label at both sizes and its
// invoice; the courier scans the airway bill and the order number, and
// the buyer opens the invoice the order answer links, whose QR code opens
// the order page.
func TestOrderDocuments(t *testing.T) {
	t.Parallel()
	pdftest.NeedTools(t)
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.OrderPageURL = "https://toko.example.id/pesanan/{slug}?lihat=1" }))
	o := f.placeOrder(t, with(orderBody(), "notes", "titip di satpam"))
	f.ship(t, o.ID, "JNE0012345678")
	payable := money.Money(o.Payment.Amount).String()

	for _, size := range []string{"thermal", "a4"} {
		pdf := pdfAnswer(t, f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + o.ID + "/label?size=" + size, admin: true}))
		assert.ElementsMatch(t, []string{"CODE-128:JNE0012345678", "CODE-128:" + o.Number}, pdftest.Barcodes(t, pdf), size)
		text := pdftest.Text(t, pdf)
		for _, want := range []string{"JNE REG", "COD " + payable, "Siti Aminah", "+6281234567890", "Jl. Melawai Raya No. 5", "12110",
			"Toko Resep", "Coblong, Bandung, Jawa Barat", "1× Buku Resep", "Catatan: titip di satpam"} {
			assert.Contains(t, text, want, size)
		}
	}

	pdf := pdfAnswer(t, f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + o.ID + "/invoice", admin: true}))
	page := "https://toko.example.id/pesanan/" + o.Slug + "?lihat=1"
	assert.Equal(t, []string{"QR-Code:" + page}, pdftest.Barcodes(t, pdf))
	text := pdftest.Text(t, pdf)
	for _, want := range []string{"INVOICE", o.Number, "Toko Resep", "Siti Aminah", "Buku Resep", "Total dibayar", payable, "No. Resi: JNE0012345678"} {
		assert.Contains(t, text, want)
	}

	buyer := f.do(t, req{method: http.MethodGet, path: "/v1/public/orders/" + o.Slug}).JSON(t)
	link, _ := buyer["invoice_url"].(string)
	require.Equal(t, "/v1/public/orders/"+o.Slug+"/invoice", link)
	public := pdfAnswer(t, f.do(t, req{method: http.MethodGet, path: link}))
	assert.Contains(t, pdftest.Text(t, public), payable)
	assert.Equal(t, http.StatusNotFound, f.do(t, req{method: http.MethodGet, path: "/v1/public/orders/nope/invoice"}).Status)
}

// An order that cannot have a label is a coded error; a bulk print
// reports every order and prints nothing, or prints every label in one
// PDF.
func TestLabelsAndInvoicesInBulk(t *testing.T) {
	t.Parallel()
	pdftest.NeedTools(t)
	f := newFixture(t)
	a := f.placeOrder(t, orderBody())
	b := f.placeOrder(t, with(orderBody(), "payment_method", "bank_transfer"))
	c := f.placeOrder(t, orderBody())
	f.ship(t, a.ID, "JNE0000000001")
	f.ship(t, c.ID, "JNE0000000003")

	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + b.ID + "/label", admin: true})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	assert.Equal(t, "label_unavailable", res.Err(t).Error.Code)
	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders/" + a.ID + "/label?size=a5", admin: true})
	require.Equal(t, http.StatusBadRequest, res.Status, "%s", res.Body)
	assert.Equal(t, "size", res.Err(t).Error.Field)

	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", admin: true, body: map[string]any{"order_ids": []string{a.ID, b.ID, "nope"}, "size": "a4"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	var refused struct {
		Error   errorBody `json:"-"`
		Results []struct {
			Index   int    `json:"index"`
			OrderID string `json:"order_id"`
			Number  string `json:"number"`
			Error   *struct {
				Code  string `json:"code"`
				Field string `json:"field"`
			} `json:"error"`
		} `json:"results"`
	}
	res.Decode(t, &refused)
	assert.Equal(t, "label_unavailable", res.Err(t).Error.Code)
	assert.Equal(t, "order_ids[1]", res.Err(t).Error.Field)
	require.Len(t, refused.Results, 3)
	assert.Nil(t, refused.Results[0].Error)
	assert.Equal(t, a.Number, refused.Results[0].Number)
	assert.Equal(t, b.Number, refused.Results[1].Number)
	assert.Equal(t, "label_unavailable", refused.Results[1].Error.Code)
	assert.Equal(t, "order_ids[1]", refused.Results[1].Error.Field)
	assert.Equal(t, "order_not_found", refused.Results[2].Error.Code)
	assert.Equal(t, "order_ids[2]", refused.Results[2].Error.Field)

	pdf := pdfAnswer(t, f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", admin: true, body: map[string]any{"order_ids": []string{c.ID, a.ID}, "size": "a4"}}))
	assert.Equal(t, 1, pdftest.Pages(t, pdf), "two labels on one A4 sheet")
	assert.ElementsMatch(t, []string{"CODE-128:JNE0000000001", "CODE-128:JNE0000000003", "CODE-128:" + a.Number, "CODE-128:" + c.Number}, pdftest.Barcodes(t, pdf))

	pdf = pdfAnswer(t, f.do(t, req{method: http.MethodPost, path: "/v1/orders/invoices", admin: true, body: map[string]any{"order_ids": []string{a.ID, b.ID, c.ID}}}))
	assert.Equal(t, 3, pdftest.Pages(t, pdf))
	text := pdftest.Text(t, pdf)
	for _, o := range []orderView{a, b, c} {
		assert.Contains(t, text, o.Number)
	}
	assert.Contains(t, text, "kode unik "+strconv.Itoa(b.Payment.UniqueCode))

	for _, body := range []map[string]any{{"order_ids": []string{}}, {"order_ids": []string{a.ID}, "size": "a3"}} {
		res := f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", admin: true, body: body})
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status, "%s", res.Body)
	}
}

// The accountant's export: every order the filter selects, its amounts
// adding up to the orders' own, in CSV or XLSX; a malformed filter names
// its parameter.
func TestExportOrders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var all int64
	for i, m := range []string{"cod", "bank_transfer", "cod", "gateway", "cod"} {
		o := f.placeOrder(t, with(with(orderBody(), "payment_method", m), "lines", []any{map[string]any{"sku": "BUKU-01", "quantity": 1 + i%2}}))
		all += o.Payment.Amount
	}
	sum := func(rows [][]string, header string) (int64, int) {
		col := -1
		for i, h := range rows[0] {
			if h == header {
				col = i
			}
		}
		require.GreaterOrEqual(t, col, 0, "no column %s in %q", header, rows[0])
		var s int64
		for _, r := range rows[1:] {
			n, err := strconv.ParseInt(r[col], 10, 64)
			require.NoError(t, err)
			s += n
		}
		return s, len(rows) - 1
	}

	res := f.do(t, req{method: http.MethodGet, path: "/v1/orders/export", admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, "text/csv; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, res.Header.Get("Content-Disposition"), `attachment; filename="orders-`)
	rows, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
	require.NoError(t, err)
	total, n := sum(rows, "Total dibayar")
	assert.Equal(t, 5, n)
	assert.Equal(t, all, total)

	res = f.do(t, req{method: http.MethodGet, path: "/v1/orders/export?format=xlsx&rows=item&lang=en&payment_method=cod", admin: true})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	book, err := excelize.OpenReader(bytes.NewReader(res.Body))
	require.NoError(t, err)
	defer book.Close()
	rows, err = book.GetRows("Orders")
	require.NoError(t, err)
	units, n := sum(rows, "Quantity")
	assert.Equal(t, 3, n, "one row per item of the three COD orders")
	assert.Equal(t, int64(1+1+1), units)

	for _, c := range []struct {
		query, code, field string
		status             int
	}{
		{"status=lost", "invalid_input", "status[0]", http.StatusUnprocessableEntity},
		{"from=yesterday", "invalid_query", "from", http.StatusBadRequest},
		{"payment_method=cheque", "invalid_input", "payment_method", http.StatusUnprocessableEntity},
		{"format=pdf", "invalid_query", "format", http.StatusBadRequest},
		{"rows=lines", "invalid_query", "rows", http.StatusBadRequest},
	} {
		res := f.do(t, req{method: http.MethodGet, path: "/v1/orders/export?" + c.query, admin: true})
		require.Equal(t, c.status, res.Status, "%s: %s", c.query, res.Body)
		e := res.Err(t)
		assert.Equal(t, c.code, e.Error.Code, c.query)
		assert.Equal(t, c.field, e.Error.Field, c.query)
	}
}
