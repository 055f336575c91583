package httpapi_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
)

const importChat = `Halo kak mau order
Nama : Budi Santoso
No. HP: 0812-3456-7890
Alamat: Jl. Dago 1, Kec. Coblong, Bandung 40132
Pesan: 1x Buku Resep
Kurir: JNE reg
Bayar: COD`

const importCSV = "No Pesanan;Nama;No HP;Alamat;Kota;Kode Pos;SKU;Produk;Variasi;Jumlah;Kurir;Pembayaran\n" +
	"T-1;Sari;+62 857 1234 5678;Jl. Senopati 5, Kebayoran Baru;Jakarta Selatan;12110;;kaos polos;Merah, XL;2;jne reguler;transfer\n" +
	"T-2;Andi;;Jl. Dago 3;Bandung;40132;BUKU-01;;;1;JNE;COD\n"

type importAnswer struct {
	Marketplace string `json:"marketplace"`
	Accepted    int    `json:"accepted"`
	Refused     int    `json:"refused"`
	Placed      int    `json:"placed"`
	Imported    int    `json:"imported"`
	Rows        []struct {
		Accepted bool `json:"accepted"`
		Imported bool `json:"imported"`
		Request  *struct {
			Lines []struct {
				SKU      string `json:"sku"`
				Quantity int64  `json:"quantity"`
			} `json:"lines"`
			LocationID    string `json:"location_id"`
			PaymentMethod string `json:"payment_method"`
		} `json:"request"`
		Errors []struct {
			Code  string `json:"code"`
			Field string `json:"field"`
		} `json:"errors"`
		Order *struct {
			ID string `json:"id"`
		} `json:"order"`
	} `json:"rows"`
}

func decodeImport(t *testing.T, res resp) importAnswer {
	t.Helper()
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var a importAnswer
	require.NoError(t, json.Unmarshal(res.Body, &a))
	return a
}

func multipartCSV(t *testing.T, name, content string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(t, err)
	_, err = fw.Write([]byte(content))
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), buf.Bytes()
}

func TestImportChatPreviewAndCommitOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	text := map[string]string{"Content-Type": "text/plain; charset=utf-8"}
	preview := decodeImport(t, f.do(t, req{method: http.MethodPost, path: "/v1/imports/preview", admin: true, body: importChat, header: text}))
	assert.Equal(t, "chat", preview.Marketplace)
	require.Len(t, preview.Rows, 1)
	require.True(t, preview.Rows[0].Accepted, "%+v", preview.Rows[0].Errors)
	assert.Equal(t, "BUKU-01", preview.Rows[0].Request.Lines[0].SKU)
	assert.Equal(t, "bdg-coblong", preview.Rows[0].Request.LocationID)
	assert.Nil(t, preview.Rows[0].Order)

	first := decodeImport(t, f.do(t, req{method: http.MethodPost, path: "/v1/imports/commit", admin: true, body: importChat, header: text}))
	assert.Equal(t, 1, first.Placed)
	require.NotNil(t, first.Rows[0].Order)
	second := decodeImport(t, f.do(t, req{method: http.MethodPost, path: "/v1/imports/commit", admin: true, body: importChat, header: text}))
	assert.Zero(t, second.Placed)
	assert.Equal(t, 1, second.Imported)
	assert.Equal(t, first.Rows[0].Order.ID, second.Rows[0].Order.ID)
}

func TestImportUploadedCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ct, body := multipartCSV(t, "pesanan.csv", importCSV)
	up := map[string]string{"Content-Type": ct}
	preview := decodeImport(t, f.do(t, req{method: http.MethodPost, path: "/v1/imports/preview", admin: true, body: body, header: up}))
	assert.Equal(t, "kasir", preview.Marketplace)
	require.Len(t, preview.Rows, 2)
	sari, andi := preview.Rows[0], preview.Rows[1]
	require.True(t, sari.Accepted, "%+v", sari.Errors)
	assert.Equal(t, "KAOS-MERAH-XL", sari.Request.Lines[0].SKU)
	assert.Equal(t, int64(2), sari.Request.Lines[0].Quantity)
	assert.Equal(t, "bank_transfer", sari.Request.PaymentMethod)
	assert.False(t, andi.Accepted)
	require.NotEmpty(t, andi.Errors)
	assert.Equal(t, "missing_field", andi.Errors[0].Code)
	assert.Equal(t, "phone", andi.Errors[0].Field)

	commit := decodeImport(t, f.do(t, req{method: http.MethodPost, path: "/v1/imports/commit", admin: true, body: body, header: up}))
	assert.Equal(t, 1, commit.Placed)
	assert.Nil(t, commit.Rows[1].Order, "a refused row is never placed")

	// the same rows as JSON objects, with the mapping named
	rows := []map[string]any{{"No Pesanan": "T-1", "Nama": "Sari", "No HP": "+62 857 1234 5678", "Alamat": "Jl. Senopati 5, Kebayoran Baru", "Kota": "Jakarta Selatan",
		"Kode Pos": "12110", "Produk": "kaos polos", "Variasi": "Merah, XL", "Jumlah": 2, "Kurir": "jne reguler", "Pembayaran": "transfer"}}
	again := decodeImport(t, f.do(t, req{method: http.MethodPost, path: "/v1/imports/commit?marketplace=kasir", admin: true, body: map[string]any{"rows": rows}}))
	assert.Zero(t, again.Placed)
	assert.Equal(t, 1, again.Imported, "the same invoice is not placed twice")
}

func TestImportRefusesUnreadableInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for name, c := range map[string]struct {
		path, ct string
		body     any
		code     string
	}{
		"unknown_marketplace": {"/v1/imports/preview?marketplace=lazada", "", map[string]any{"rows": []any{map[string]any{"Nama": "A", "Produk": "Buku"}}}, "unknown_marketplace"},
		"unknown_headers":     {"/v1/imports/preview", "", map[string]any{"rows": []any{map[string]any{"Tanggal": "1", "Total": "2"}}}, "unknown_marketplace"},
		"chat_without_labels": {"/v1/imports/preview", "text/plain", "halo kak, ready?", "unreadable_file"},
		"not_a_file":          {"/v1/imports/preview", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\n1\r\n--x--\r\n", "unreadable_file"},
		"form":                {"/v1/imports/preview", "application/x-www-form-urlencoded", "a=1", "unsupported_media_type"},
		"bad_select":          {"/v1/imports/commit?select=a", "text/plain", importChat, "invalid_query"},
	} {
		rq := req{method: http.MethodPost, path: c.path, admin: true, body: c.body}
		if c.ct != "" {
			rq.header = map[string]string{"Content-Type": c.ct}
		}
		res := f.do(t, rq)
		assert.NotEqual(t, http.StatusOK, res.Status, name)
		assert.Equal(t, c.code, res.Err(t).Error.Code, name)
	}
	res := f.do(t, req{method: http.MethodPost, path: "/v1/imports/preview", body: importChat, header: map[string]string{"Content-Type": "text/plain"}})
	assert.Equal(t, http.StatusUnauthorized, res.Status)
}

func TestImportAnswersAreDocumented(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	f := newFixture(t)
	for path, res := range map[string]resp{
		"/v1/imports/mappings": f.do(t, req{method: http.MethodGet, path: "/v1/imports/mappings", admin: true}),
		"/v1/imports/preview":  f.do(t, req{method: http.MethodPost, path: "/v1/imports/preview", admin: true, body: importChat, header: map[string]string{"Content-Type": "text/plain"}}),
		"/v1/imports/commit":   f.do(t, req{method: http.MethodPost, path: "/v1/imports/commit", admin: true, body: importChat + "\nNama: X\nPesan: Vas", header: map[string]string{"Content-Type": "text/plain"}}),
	} {
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		method := "post"
		if strings.HasSuffix(path, "mappings") {
			method = "get"
		}
		s := d.Paths[path][method].Responses["200"].Content["application/json"].Schema
		var v any
		require.NoError(t, json.Unmarshal(res.Body, &v))
		assert.Empty(t, d.undocumented(t, s, v, ""), path)
	}
}

// An import upload has its own body limit, larger than the JSON routes':
// an export over the general limit is read, one over the import limit is
// refused with 413 body_too_large.
func TestImportUploadLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.MaxBodyBytes, c.MaxImportBytes = 1024, 4096 }))
	padded := importChat + "\n" + strings.Repeat(" ", 2000) // over 1 KiB, under 4 KiB
	text := map[string]string{"Content-Type": "text/plain"}
	preview := decodeImport(t, f.do(t, req{method: http.MethodPost, path: "/v1/imports/preview", admin: true, body: padded, header: text}))
	require.Len(t, preview.Rows, 1)
	assert.True(t, preview.Rows[0].Accepted)

	ct, body := multipartCSV(t, "pesanan.csv", importCSV+strings.Repeat("\n", 5000))
	res := f.do(t, req{method: http.MethodPost, path: "/v1/imports/commit", admin: true, body: body, header: map[string]string{"Content-Type": ct}})
	require.Equal(t, http.StatusRequestEntityTooLarge, res.Status, "%s", res.Body)
	assert.Equal(t, "body_too_large", res.Err(t).Error.Code)
	assert.Zero(t, len(f.listIDs(t, "")), "nothing is imported")

	// The other routes keep the general limit.
	res = f.do(t, req{method: http.MethodPost, path: "/v1/orders/labels", admin: true, body: map[string]any{"order_ids": []string{strings.Repeat("x", 2000)}}})
	require.Equal(t, http.StatusRequestEntityTooLarge, res.Status, "%s", res.Body)
}

// A marketplace's rows are answered with the record their external order
// keeps instead of a request kasir prices, and the order placed carries
// it; both answers are what the OpenAPI document says.
func TestImportMarketplaceRowsAreExternalOrders(t *testing.T) {
	t.Parallel()
	d := loadOpenAPI(t)
	f := newFixture(t)
	row := map[string]any{
		"No. Pesanan": "241201QWERTY12", "No. Resi": "JP4417520938", "Opsi Pengiriman": "Reguler (Cashless)-J&T Express",
		"Nama Produk": "Buku Resep Nusantara", "Nomor Referensi SKU": "BUKU-01", "Jumlah": "2", "Harga Setelah Diskon": "Rp45.000",
		"Total Harga Produk": "Rp90.000", "Ongkos Kirim Dibayar oleh Pembeli": "Rp12.000", "Voucher Ditanggung Penjual": "Rp2.000",
		"Total Pembayaran": "Rp100.000", "Metode Pembayaran": "COD (Bayar di Tempat)", "Nama Penerima": "Budi Santoso",
		"No. Telepon": "6281234567890", "Alamat Pengiriman": "Jl. Dago 1, Coblong, KOTA BANDUNG, JAWA BARAT, ID, 40132", "Kota/Kabupaten": "KOTA BANDUNG",
	}
	body := map[string]any{"rows": []any{row}}
	type answer struct {
		Rows []struct {
			Accepted bool            `json:"accepted"`
			Request  json.RawMessage `json:"request"`
			External *struct {
				Source     string `json:"source"`
				Subtotal   int64  `json:"subtotal"`
				Discount   int64  `json:"discount"`
				Total      int64  `json:"total"`
				AirwayBill string `json:"airway_bill"`
			} `json:"external"`
			Order *struct {
				Status   string                  `json:"status"`
				Payment  struct{ Method string } `json:"payment"`
				External *struct {
					Total int64 `json:"total"`
				} `json:"external"`
			} `json:"order"`
		} `json:"rows"`
		Placed int `json:"placed"`
	}
	for _, path := range []string{"/v1/imports/preview", "/v1/imports/commit"} {
		res := f.do(t, req{method: http.MethodPost, path: path + "?marketplace=shopee", admin: true, body: body})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var v any
		require.NoError(t, json.Unmarshal(res.Body, &v))
		assert.Empty(t, d.undocumented(t, d.Paths[path]["post"].Responses["200"].Content["application/json"].Schema, v, ""), path)
		var a answer
		require.NoError(t, json.Unmarshal(res.Body, &a))
		require.Len(t, a.Rows, 1)
		r := a.Rows[0]
		require.True(t, r.Accepted, string(res.Body))
		assert.Empty(t, r.Request, "a marketplace's row is not priced by kasir")
		require.NotNil(t, r.External)
		assert.Equal(t, "shopee", r.External.Source)
		assert.Equal(t, int64(90000), r.External.Subtotal)
		assert.Equal(t, int64(2000), r.External.Discount)
		assert.Equal(t, int64(100000), r.External.Total)
		assert.Equal(t, "JP4417520938", r.External.AirwayBill)
		if path == "/v1/imports/commit" {
			assert.Equal(t, 1, a.Placed)
			require.NotNil(t, r.Order)
			assert.Equal(t, "booked", r.Order.Status)
			assert.Equal(t, "marketplace", r.Order.Payment.Method)
			require.NotNil(t, r.Order.External)
			assert.Equal(t, int64(100000), r.Order.External.Total)
		}
	}
}
