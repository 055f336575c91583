package webui_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/ledger"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// ship moves o to shipped with an airway bill.
func ship(t *testing.T, s *site, o *checkout.Order, awb string) {
	t.Helper()
	_, err := s.fx.Service.Transition(context.Background(), o.ID, kasir.TransitionRequest{To: checkout.StatusShipped, AirwayBill: awb})
	require.NoError(t, err)
}

// TestPrintLabelsRecordsABatch: the ticked orders' labels come as one PDF
// recorded as a print batch that marks each label printed; the batch is
// listed and reprinted (counted); an order without a label refuses the
// whole print and records nothing; a read_only session prints nothing.
func TestPrintLabelsRecordsABatch(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	o1, o2, o3 := place(t, s, "Budi", payment.COD), place(t, s, "Sari", payment.COD), place(t, s, "Rina", payment.COD)
	ship(t, s, o1, "JNE1")
	ship(t, s, o2, "JNE2")
	c, csrf := signIn(t, s)
	_, body := get(t, c, s.srv.URL+"/admin/pesanan")
	assert.Contains(t, body, `value="`+o1.ID+`" form="bulk"`)
	assert.NotContains(t, body, `value="`+o3.ID+`" form="bulk"`, "no label before the airway bill")

	res, _ := postForm(t, c, s.srv.URL+"/admin/cetak", url.Values{"csrf": {csrf}, "size": {"a4"}, "order": {o1.ID, o3.ID}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	batches, err := s.fx.Service.ListPrintBatches(context.Background(), 0, 0)
	require.NoError(t, err)
	assert.Zero(t, batches.Total, "a refused print records nothing")

	res, pdf := postForm(t, c, s.srv.URL+"/admin/cetak", url.Values{"csrf": {csrf}, "size": {"a4"}, "order": {o1.ID, o2.ID}})
	require.Equal(t, http.StatusOK, res.StatusCode, pdf)
	assert.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(pdf, "%PDF"))
	id := res.Header.Get("X-Print-Batch-Id")
	b, err := s.fx.Service.PrintBatch(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, []string{o1.ID, o2.ID}, b.OrderIDs)
	assert.Equal(t, "a4", b.Size)
	assert.Equal(t, webui.RoleAdmin, b.CreatedBy)
	for _, o := range []*checkout.Order{o1, o2} {
		got, err := s.fx.Service.Order(context.Background(), o.ID)
		require.NoError(t, err)
		assert.False(t, got.LabelPrintedAt.IsZero())
	}

	_, body = get(t, c, s.srv.URL+"/admin/cetak")
	assert.Contains(t, body, `data-batch="`+id+`"`)
	assert.Contains(t, body, o1.Number+", "+o2.Number)
	res, pdf = postForm(t, c, s.srv.URL+"/admin/cetak/"+id+"/ulang", url.Values{"csrf": {csrf}})
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.True(t, strings.HasPrefix(pdf, "%PDF"))
	b, err = s.fx.Service.PrintBatch(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, 1, b.Reprints)
	res, _ = postForm(t, c, s.srv.URL+"/admin/cetak/nope/ulang", url.Values{"csrf": {csrf}})
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

// uploadForm is a multipart form with fields and one file.
func uploadForm(t *testing.T, fields map[string]string, name, content string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(t, mw.WriteField(k, v))
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		require.NoError(t, err)
		_, err = io.WriteString(fw, content)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), &buf
}

const importCSV = "No Pesanan;Nama;No HP;Alamat;Kota;Kode Pos;SKU;Produk;Variasi;Jumlah;Kurir;Pembayaran\n" +
	"T-1;Sari;+62 857 1234 5678;Jl. Dago 5, Coblong;Bandung;40132;;kaos polos;Merah, M;2;jne reguler;transfer\n" +
	"T-2;Andi;;Jl. Dago 3;Bandung;40132;BUKU-01;;;1;JNE;COD\n"

// TestImportPreviewThenCommit: an upload is previewed row by row with
// nothing placed; the ticked rows are then placed, once: saving the same
// preview again places nothing new; a preview of another session or an
// old one is refused.
func TestImportPreviewThenCommit(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	c, csrf := signIn(t, s)
	ct, body := uploadForm(t, map[string]string{"csrf": csrf, "method": "bank_transfer"}, "pesanan.csv", importCSV)
	res, err := c.Post(s.srv.URL+"/admin/impor", ct, body)
	require.NoError(t, err)
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, string(page))
	assert.Contains(t, string(page), "Sari")
	assert.Contains(t, string(page), "Andi")
	assert.Contains(t, string(page), `name="row" value="0" checked`)
	assert.NotContains(t, string(page), `name="row" value="1"`, "a refused row cannot be ticked")
	list, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	assert.Zero(t, list.Total, "a preview places nothing")
	m := regexp.MustCompile(`name="import" value="([^"]+)"`).FindStringSubmatch(string(page))
	require.NotNil(t, m)

	res, done := postForm(t, c, s.srv.URL+"/admin/impor/simpan", url.Values{"csrf": {csrf}, "import": {m[1]}, "row": {"0", "1"}})
	require.Equal(t, http.StatusOK, res.StatusCode, done)
	assert.Contains(t, done, "1 pesanan dibuat")
	list, err = s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, list.Total)
	assert.Equal(t, "Sari", list.Orders[0].Customer.Name)
	assert.Contains(t, done, list.Orders[0].Number)

	_, again := postForm(t, c, s.srv.URL+"/admin/impor/simpan", url.Values{"csrf": {csrf}, "import": {m[1]}, "row": {"0"}})
	assert.Contains(t, again, "0 pesanan dibuat")
	list, err = s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, list.Total, "the same rows twice place one order")

	other, csrf2 := signIn(t, s)
	res, _ = postForm(t, other, s.srv.URL+"/admin/impor/simpan", url.Values{"csrf": {csrf2}, "import": {m[1]}, "row": {"0"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "another session's preview")

	// Chat messages pasted, and an upload with neither.
	ct, body = uploadForm(t, map[string]string{"csrf": csrf, "text": "Nama : Budi\nNo. HP: 0812-3456-7890\nAlamat: Jl. Dago 1, Kec. Coblong, Bandung 40132\nPesan: 1x Buku Resep\nKurir: JNE reg\nBayar: COD"}, "", "")
	res, err = c.Post(s.srv.URL+"/admin/impor", ct, body)
	require.NoError(t, err)
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(page), "Budi")
	ct, body = uploadForm(t, map[string]string{"csrf": csrf}, "", "")
	res, err = c.Post(s.srv.URL+"/admin/impor", ct, body)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
}

// TestExternalOrderPage: an order imported from a marketplace shows on
// its page the items and amounts the marketplace reported and where it was
// sold, not a quote of kasir's.
func TestExternalOrderPage(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	c, csrf := signIn(t, s)
	shopee := "No. Pesanan,No. Resi,Opsi Pengiriman,Nama Produk,Nomor Referensi SKU,Jumlah,Harga Setelah Diskon,Ongkos Kirim Dibayar oleh Pembeli,Total Pembayaran,Nama Penerima,No. Telepon,Alamat Pengiriman,Kota/Kabupaten\n" +
		"241201QWERTY12,JP4417520938,Reguler (Cashless)-J&T Express,Buku Resep Nusantara,BUKU-01,1,Rp45.000,Rp12.000,Rp57.000,Budi Santoso,6281234567890,\"Jl. Dago 1, Coblong, KOTA BANDUNG, 40132\",KOTA BANDUNG\n"
	ct, body := uploadForm(t, map[string]string{"csrf": csrf, "method": "cod"}, "Order.all.20241201.csv", shopee)
	res, err := c.Post(s.srv.URL+"/admin/impor", ct, body)
	require.NoError(t, err)
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, string(page))
	m := regexp.MustCompile(`name="import" value="([^"]+)"`).FindStringSubmatch(string(page))
	require.NotNil(t, m)
	res, done := postForm(t, c, s.srv.URL+"/admin/impor/simpan", url.Values{"csrf": {csrf}, "import": {m[1]}, "row": {"0"}})
	require.Equal(t, http.StatusOK, res.StatusCode, done)
	list, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, list.Total)
	require.NotNil(t, list.Orders[0].External)
	assert.Equal(t, int64(57000), list.Orders[0].External.Total.Int64())

	// its page shows the marketplace's amounts, not a quote of kasir's
	res, err = c.Get(s.srv.URL + "/admin/pesanan/" + list.Orders[0].ID)
	require.NoError(t, err)
	page, err = io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(page), "Dijual di shopee · 241201QWERTY12")
	assert.Contains(t, string(page), "Rp45.000")
	assert.Contains(t, string(page), "Rp57.000")
}

// TestBalanceAndWithdrawals: the balance page shows the Service's balance
// and entries; the owner requests a withdrawal, which leaves the balance
// at once, and moves it along; a role that is not the owner may not.
func TestBalanceAndWithdrawals(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{Authenticate: func(_ context.Context, tok string) (string, error) {
		switch tok {
		case adminToken:
			return webui.RoleAdmin, nil
		case "staf":
			return string(ports.RoleStaff), nil
		}
		return "", webui.ErrWrongToken
	}})
	o := place(t, s, "Budi", payment.COD)
	ship(t, s, o, "JNE1")
	_, err := s.fx.Service.Transition(context.Background(), o.ID, kasir.TransitionRequest{To: checkout.StatusDelivered})
	require.NoError(t, err)
	bal, err := s.fx.Service.Balance(context.Background())
	require.NoError(t, err)
	require.Positive(t, bal.Balance)

	c, csrf := signIn(t, s)
	_, body := get(t, c, s.srv.URL+"/admin/saldo")
	assert.Contains(t, body, `id="balance">`+bal.Balance.String()+`<`)
	assert.Contains(t, body, "Dana COD diterima")
	assert.Contains(t, body, o.Number)

	res, body := postForm(t, c, s.srv.URL+"/admin/saldo/tarik", url.Values{"csrf": {csrf}, "amount": {"10.000"}, "account": {"1234567890"}})
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Penarikan diajukan")
	after, err := s.fx.Service.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, bal.Balance-10000, after.Balance)
	ws, err := s.fx.Service.Withdrawals(context.Background(), ports.WithdrawalFilter{})
	require.NoError(t, err)
	require.Len(t, ws.Withdrawals, 1)
	wid := ws.Withdrawals[0].ID

	res, body = postForm(t, c, s.srv.URL+"/admin/saldo/tarik", url.Values{"csrf": {csrf}, "amount": {"999999999"}, "account": {"1234567890"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "more than the balance")
	assert.Contains(t, body, `id="balance-error"`)
	res, _ = postForm(t, c, s.srv.URL+"/admin/saldo/tarik", url.Values{"csrf": {csrf}, "amount": {"1000"}, "account": {"999"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "not one of the store's accounts")

	for _, to := range []ledger.WithdrawalStatus{ledger.WithdrawalOnReview, ledger.WithdrawalCompleted} {
		res, _ = postForm(t, c, s.srv.URL+"/admin/saldo/tarik/"+wid, url.Values{"csrf": {csrf}, "to": {string(to)}, "reason": {"TRF-1"}})
		require.Equal(t, http.StatusOK, res.StatusCode)
	}
	w, err := s.fx.Service.Withdrawal(context.Background(), wid)
	require.NoError(t, err)
	assert.Equal(t, ledger.WithdrawalCompleted, w.Status)
	res, _ = postForm(t, c, s.srv.URL+"/admin/saldo/tarik/"+wid, url.Values{"csrf": {csrf}, "to": {"cancelled"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "a completed withdrawal moves no more")

	staff, staffCSRF := signInWith(t, s, "staf")
	_, body = get(t, staff, s.srv.URL+"/admin/saldo")
	assert.NotContains(t, body, `id="withdraw"`, "no withdrawal form for staff")
	res, _ = postForm(t, staff, s.srv.URL+"/admin/saldo/tarik", url.Values{"csrf": {staffCSRF}, "amount": {"1000"}, "account": {"1234567890"}})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	again, err := s.fx.Service.Balance(context.Background())
	require.NoError(t, err)
	assert.Equal(t, after.Balance, again.Balance)
}

// TestReportDrawsTheReturnRate: of the day's orders one was delivered and
// one returned: the return-rate chart and its table say 50,0% for the
// day, and the period's figures count the return.
func TestReportDrawsTheReturnRate(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{Now: func() time.Time { return time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC) }})
	a, b := place(t, s, "A", payment.COD), place(t, s, "B", payment.COD)
	place(t, s, "C", payment.COD)
	ship(t, s, a, "JNE1")
	ship(t, s, b, "JNE2")
	for o, to := range map[*checkout.Order]checkout.Status{a: checkout.StatusDelivered, b: checkout.StatusReturned} {
		_, err := s.fx.Service.Transition(context.Background(), o.ID, kasir.TransitionRequest{To: to, Reason: "test"})
		require.NoError(t, err)
	}
	c, _ := signIn(t, s)
	_, body := get(t, c, s.srv.URL+"/admin/laporan")
	assert.Contains(t, body, `id="retur-chart"`)
	assert.Contains(t, body, `<tr><th scope="row">23-11-2026</th><td>50,0%</td></tr>`)
	assert.Contains(t, body, `<tr><th scope="row">22-11-2026</th><td>–</td></tr>`)
	assert.Contains(t, body, `<tr><th scope="row">23-11-2026</th><td>3</td></tr>`)
	assert.Contains(t, body, "Retur (1, 50%)")
}

// TestImportMarketplaceRows: a marketplace's export is previewed with the
// total the marketplace reported and placed as an external order, whose
// pages open.
func TestImportMarketplaceRows(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	c, csrf := signIn(t, s)
	csv := "No. Pesanan;No. Resi;Opsi Pengiriman;Nama Produk;Nomor Referensi SKU;Jumlah;Harga Setelah Diskon;Total Harga Produk;Ongkos Kirim Dibayar oleh Pembeli;Voucher Ditanggung Penjual;Total Pembayaran;Metode Pembayaran;Nama Penerima;No. Telepon;Alamat Pengiriman;Kota/Kabupaten\n" +
		"241201QWERTY12;JP4417520938;Reguler (Cashless)-J&T Express;Buku Resep Nusantara;BUKU-01;2;Rp45.000;Rp90.000;Rp12.000;Rp2.000;Rp100.000;COD (Bayar di Tempat);Budi Santoso;6281234567890;Jl. Dago 1, Coblong, KOTA BANDUNG, JAWA BARAT, ID, 40132;KOTA BANDUNG\n"
	ct, body := uploadForm(t, map[string]string{"csrf": csrf, "marketplace": "shopee"}, "shopee.csv", csv)
	res, err := c.Post(s.srv.URL+"/admin/impor", ct, body)
	require.NoError(t, err)
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, string(page))
	assert.Contains(t, string(page), "Rp100.000")
	assert.Contains(t, string(page), "JP4417520938")
	m := regexp.MustCompile(`name="import" value="([^"]+)"`).FindStringSubmatch(string(page))
	require.NotNil(t, m, string(page))
	res, done := postForm(t, c, s.srv.URL+"/admin/impor/simpan", url.Values{"csrf": {csrf}, "import": {m[1]}, "row": {"0"}})
	require.Equal(t, http.StatusOK, res.StatusCode, done)
	list, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, list.Total)
	o := list.Orders[0]
	assert.Equal(t, payment.Marketplace, o.Payment.Method)
	for _, p := range []string{"/admin/pesanan", "/admin/pesanan/" + o.ID} {
		res, body := get(t, c, s.srv.URL+p)
		assert.Equal(t, http.StatusOK, res.StatusCode, p)
		assert.Contains(t, body, "Marketplace", p)
		assert.NotContains(t, body, "method_marketplace", p)
	}
}
