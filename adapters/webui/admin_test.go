package webui_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs a client into the dashboard and returns it with the
// session's CSRF token.
func signIn(t *testing.T, s *site) (*http.Client, string) {
	t.Helper()
	return signInWith(t, s, adminToken)
}

// signInWith signs a client in with token.
func signInWith(t *testing.T, s *site, token string) (*http.Client, string) {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar}
	res, body := postForm(t, c, s.srv.URL+"/admin/masuk", url.Values{"token": {token}, "next": {"/admin/pesanan"}})
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	m := csrfRe.FindStringSubmatch(body)
	require.NotNil(t, m, "the dashboard's forms carry the CSRF token")
	return c, m[1]
}

func place(t *testing.T, s *site, name string, m payment.Method) *checkout.Order {
	t.Helper()
	o, err := s.fx.Service.PlaceOrder(context.Background(), kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{Lines: []catalog.LineRequest{{ProductID: "p-kaos", Options: "Merah, M", Quantity: 1}},
			PaymentMethod: m, Courier: "jne", Service: "REG", Customer: kasir.CustomerInput{Name: name, Phone: "081234567890"}},
		Address: kasir.AddressInput{Line: "Jl. Dago 1", LocationID: "bdg-coblong"},
	})
	require.NoError(t, err)
	return o
}

// TestDashboardNeedsSignIn: every dashboard page sends a visitor without a
// session to the sign-in page, and a post changes nothing.
func TestDashboardNeedsSignIn(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	o := place(t, s, "Budi", payment.COD)
	for _, p := range []string{"/admin", "/admin/pesanan", "/admin/pesanan/" + o.ID, "/admin/tertinggal", "/admin/laporan", "/admin/ekspor", "/admin/pesanan/" + o.ID + "/faktur"} {
		res, _ := get(t, noRedirect, s.srv.URL+p)
		assert.Equal(t, http.StatusSeeOther, res.StatusCode, p)
		assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/admin/masuk?next="), p)
	}
	res, _ := postForm(t, noRedirect, s.srv.URL+"/admin/pesanan/"+o.ID+"/status", url.Values{"to": {"cancelled"}})
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	again, err := s.fx.Service.Order(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, again.Status())

	res, body := postForm(t, noRedirect, s.srv.URL+"/admin/masuk", url.Values{"token": {"salah"}})
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	assert.Contains(t, body, "Token salah")
	assert.Empty(t, res.Cookies())

	// Without an authenticator there is no dashboard.
	off, err := webui.New(s.fx.Service, webui.Config{Authenticate: nil})
	require.NoError(t, err)
	rec := httptestGet(off, "/admin/masuk")
	assert.Equal(t, http.StatusNotFound, rec)
}

// TestSessionCookie: HttpOnly, SameSite, Secure over TLS, scoped to the
// dashboard's path, and expiring.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := newSite(t, webui.Config{SessionTTL: time.Hour, Now: clock})
	res, _ := postForm(t, noRedirect, s.srv.URL+"/admin/masuk", url.Values{"token": {adminToken}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	var c *http.Cookie
	for _, k := range res.Cookies() {
		if k.Name == "kasir_session" {
			c = k
		}
	}
	require.NotNil(t, c)
	assert.True(t, c.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, c.SameSite)
	assert.False(t, c.Secure, "plain HTTP in the test")
	assert.Equal(t, "/admin", c.Path)
	assert.Equal(t, 3600, c.MaxAge)

	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/admin/pesanan", nil)
	req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	r1, err := noRedirect.Do(req)
	require.NoError(t, err)
	r1.Body.Close()
	assert.Equal(t, http.StatusOK, r1.StatusCode)

	mu.Lock()
	now = now.Add(time.Hour + time.Second)
	mu.Unlock()
	r2, err := noRedirect.Do(req)
	require.NoError(t, err)
	r2.Body.Close()
	assert.Equal(t, http.StatusSeeOther, r2.StatusCode, "the session expired")

	// Over TLS the cookie is Secure.
	tls := newTLSSite(t)
	cl := tls.srv.Client()
	cl.CheckRedirect = noRedirect.CheckRedirect
	res, _ = postForm(t, cl, tls.srv.URL+"/admin/masuk", url.Values{"token": {adminToken}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	for _, k := range res.Cookies() {
		if k.Name == "kasir_session" {
			assert.True(t, k.Secure)
		}
	}
}

// TestCSRF: a dashboard post without the session's CSRF token is refused
// with 403 and changes nothing; with it, it goes through.
func TestCSRF(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	o := place(t, s, "Budi", payment.COD)
	c, csrf := signIn(t, s)
	for _, token := range []string{"", "salah", csrf + "x"} {
		res, body := postForm(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/status", url.Values{"to": {"cancelled"}, "csrf": {token}})
		assert.Equal(t, http.StatusForbidden, res.StatusCode)
		assert.Contains(t, body, "Tidak diizinkan")
	}
	again, err := s.fx.Service.Order(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, again.Status())

	res, body := postForm(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/status", url.Values{"to": {"shipped"}, "airway_bill": {"JNE123"}, "csrf": {csrf}})
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Status pesanan diperbarui.")
	again, err = s.fx.Service.Order(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusShipped, again.Status())
	assert.Equal(t, "JNE123", again.AirwayBill)

	// Signing out ends the session: its token no longer works.
	res, _ = postForm(t, c, s.srv.URL+"/admin/keluar", url.Values{"csrf": {csrf}})
	require.Equal(t, http.StatusOK, res.StatusCode)
	res, _ = get(t, noRedirect, s.srv.URL+"/admin/pesanan")
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
}

// TestDashboardEscapesBuyerText: names typed by buyers are text on the
// seller's pages too.
func TestDashboardEscapesBuyerText(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	evil := `<script>alert(1)</script>`
	o := place(t, s, evil, payment.COD)
	c, _ := signIn(t, s)
	for _, p := range []string{"/admin/pesanan", "/admin/pesanan/" + o.ID} {
		_, body := get(t, c, s.srv.URL+p)
		assert.NotContains(t, body, evil, p)
		assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;", p)
	}
}

// TestChangePreviewThenSave: the edit form shows the new quote before
// saving; the preview stores nothing.
func TestChangePreviewThenSave(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	o := place(t, s, "Budi", payment.BankTransfer)
	c, csrf := signIn(t, s)
	form := url.Values{"csrf": {csrf}, "ship": {"jne/REG"}, "method": {"bank_transfer"}, "name": {"Budi"}, "phone": {"081234567890"},
		"address": {"Jl. Dago 1"}, "additional_cost": {"5000"}, "reason": {"packing kayu"}, "aksi": {"lihat"}}
	res, body := postForm(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/ubah", form)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Harga baru (belum disimpan)")
	assert.Contains(t, body, "Rp5.000")
	same, err := s.fx.Service.Order(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, o.Version, same.Version, "a preview stores nothing")

	form.Set("aksi", "simpan")
	res, body = postForm(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/ubah", form)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Perubahan disimpan.")
	changed, err := s.fx.Service.Order(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(5000), int64(changed.AdditionalCost))

	// A refused change says why and keeps the order.
	form.Set("phone", "0215551234")
	res, body = postForm(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/ubah", form)
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	assert.Contains(t, body, "Mohon masukkan nomor ponsel.")
}

// TestFollowUpRecordsAndOpensWhatsApp: the follow-up button records the
// attempt and leads to wa.me with an Indonesian message.
func TestFollowUpRecordsAndOpensWhatsApp(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	a, err := s.fx.Service.CaptureAbandoned(context.Background(), kasir.AbandonedRequest{Name: "Rina", Phone: "081298765432",
		Lines: []catalog.LineRequest{{ProductID: "p-buku", Quantity: 1}}})
	require.NoError(t, err)
	c, csrf := signIn(t, s)
	_, body := get(t, c, s.srv.URL+"/admin/tertinggal")
	assert.Contains(t, body, "Rina")
	assert.Contains(t, body, "Buku Resep ×1")
	c.CheckRedirect = noRedirect.CheckRedirect
	res, _ := postForm(t, c, s.srv.URL+"/admin/tertinggal/"+a.ID+"/hubungi", url.Values{"csrf": {csrf}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	loc := res.Header.Get("Location")
	assert.True(t, strings.HasPrefix(loc, "https://wa.me/6281298765432?text="), loc)
	msg, err := url.QueryUnescape(strings.SplitN(loc, "text=", 2)[1])
	require.NoError(t, err)
	assert.Equal(t, "Halo Rina, kami dari Toko Resep. Pesanan Buku Resep ×1 Anda belum selesai. Ada yang bisa kami bantu agar pesanannya bisa segera kami kirim?", msg)
	page, err := s.fx.Service.ListAbandoned(context.Background(), portsAbandoned())
	require.NoError(t, err)
	require.Len(t, page.Checkouts[0].FollowUps, 1)
	assert.Equal(t, "whatsapp", page.Checkouts[0].FollowUps[0].Channel)
}

// TestReportCountsOrdersPerDay: the chart's bars are the orders placed
// each day.
func TestReportCountsOrdersPerDay(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{Now: func() time.Time { return time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC) }})
	place(t, s, "A", payment.COD)
	place(t, s, "B", payment.COD)
	c, _ := signIn(t, s)
	_, body := get(t, c, s.srv.URL+"/admin/laporan")
	assert.Contains(t, body, "<svg")
	assert.Contains(t, body, `<tr><th scope="row">23-11-2026</th><td>2</td></tr>`)
	assert.Contains(t, body, `<tr><th scope="row">22-11-2026</th><td>0</td></tr>`)
}

// TestDocumentsAndExport: the invoice and the export are served to a
// signed-in seller.
func TestDocumentsAndExport(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	o := place(t, s, "Budi", payment.COD)
	c, _ := signIn(t, s)
	res, body := get(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/faktur")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(body, "%PDF"))
	res, _ = get(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/label")
	assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "no label before the airway bill")
	_, err := s.fx.Service.Transition(context.Background(), o.ID, kasir.TransitionRequest{To: checkout.StatusShipped, AirwayBill: "JNE1"})
	require.NoError(t, err)
	res, body = get(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/label")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.True(t, strings.HasPrefix(body, "%PDF"))
	res, body = get(t, c, s.srv.URL+"/admin/ekspor")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, o.Number)

	// The orders page links the export of what it lists, CSV and XLSX.
	_, body = get(t, c, s.srv.URL+"/admin/pesanan?status=shipped&q=Budi")
	m := regexp.MustCompile(`href="([^"]+)" id="export-xlsx"`).FindStringSubmatch(body)
	require.NotNil(t, m)
	xlsx := strings.ReplaceAll(m[1], "&amp;", "&")
	assert.Contains(t, xlsx, "status=shipped")
	assert.Contains(t, xlsx, "q=Budi")
	res, body = get(t, c, s.srv.URL+xlsx)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, res.Header.Get("Content-Type"), "spreadsheetml")
	assert.True(t, strings.HasPrefix(body, "PK"), "an XLSX is a zip")
}

func portsAbandoned() ports.AbandonedFilter { return ports.AbandonedFilter{} }

func httptestGet(h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code
}

// newTLSSite serves the fixture store over TLS.
func newTLSSite(t *testing.T) *site {
	t.Helper()
	s := newSite(t, webui.Config{})
	srv := httptest.NewTLSServer(s.h)
	t.Cleanup(srv.Close)
	return &site{fx: s.fx, srv: srv, h: s.h}
}

// TestReadOnlyRoleChangesNothing: a session whose role is read_only reads
// the dashboard and is refused every action.
func TestReadOnlyRoleChangesNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{Authenticate: func(_ context.Context, token string) (string, error) {
		if token == "lihat-saja" {
			return webui.RoleReadOnly, nil
		}
		return "", webui.ErrWrongToken
	}})
	o := place(t, s, "Budi", payment.COD)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar}
	res, body := postForm(t, c, s.srv.URL+"/admin/masuk", url.Values{"token": {"lihat-saja"}})
	require.Equal(t, http.StatusOK, res.StatusCode)
	csrf := csrfRe.FindStringSubmatch(body)[1]
	_, body = get(t, c, s.srv.URL+"/admin/pesanan/"+o.ID)
	assert.Contains(t, body, o.Number)
	res, _ = postForm(t, c, s.srv.URL+"/admin/pesanan/"+o.ID+"/status", url.Values{"to": {"cancelled"}, "csrf": {csrf}})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	again, err := s.fx.Service.Order(context.Background(), o.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, again.Status())
}
