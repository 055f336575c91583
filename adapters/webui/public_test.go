package webui_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (*http.Response, string) {
	t.Helper()
	res, err := c.PostForm(u, v)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

func orderForm(name, method, key string) url.Values {
	return url.Values{"opt0": {"Merah"}, "opt1": {"M"}, "quantity": {"1"}, "name": {name}, "phone": {"081234567890"},
		"location_id": {"bdg-coblong"}, "address": {"Jl. Dago 1"}, "method": {method}, "key": {key}}
}

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	fx := kasirtest.New(t)
	for _, cfg := range []webui.Config{{BasePath: "s/toko"}, {BasePath: "/s/toko/"}, {SessionTTL: -1}} {
		_, err := webui.New(fx.Service, cfg)
		require.Error(t, err, "%+v", cfg)
	}
	_, err := webui.New(nil, webui.Config{})
	require.Error(t, err)
}

// TestDoubleSubmitPlacesOneOrder: the same form posted twice (a double tap,
// a resend) is one order, and both answers lead to its page.
func TestDoubleSubmitPlacesOneOrder(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	form := orderForm("Budi", "bank_transfer", "k-123")
	first, _ := postForm(t, noRedirect, s.srv.URL+"/beli/p-kaos", form)
	second, _ := postForm(t, noRedirect, s.srv.URL+"/beli/p-kaos", form)
	require.Equal(t, http.StatusSeeOther, first.StatusCode)
	require.Equal(t, http.StatusSeeOther, second.StatusCode)
	assert.Equal(t, first.Header.Get("Location"), second.Header.Get("Location"))
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
	// Another form (another key) is another order.
	third, _ := postForm(t, noRedirect, s.srv.URL+"/beli/p-kaos", orderForm("Budi", "cod", "k-456"))
	require.Equal(t, http.StatusSeeOther, third.StatusCode)
	assert.NotEqual(t, first.Header.Get("Location"), third.Header.Get("Location"))
}

// TestRefusedOrderShowsTheFormAgain: a refusal keeps what was typed and
// says why beside the field; nothing is stored.
func TestRefusedOrderShowsTheFormAgain(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	form := orderForm("Budi", "cod", "k-1")
	form.Set("phone", "0215551234")
	res, body := postForm(t, noRedirect, s.srv.URL+"/beli/p-kaos", form)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	assert.Contains(t, body, "Mohon masukkan nomor ponsel.")
	assert.Contains(t, body, `value="0215551234"`)
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	assert.Zero(t, page.Total)
}

// TestBuyerTextIsEscaped: what a buyer types is shown as text, never as
// markup, on the order page and on a refused form.
func TestBuyerTextIsEscaped(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	evil := `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	form := orderForm("Budi", "cod", "k-x")
	form.Set("address", evil)
	res, err := noRedirect.PostForm(s.srv.URL+"/beli/p-kaos", form)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	_, body := get(t, http.DefaultClient, s.srv.URL+res.Header.Get("Location"))
	assert.NotContains(t, body, "<script>alert")
	assert.NotContains(t, body, "<img src=x")
	assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")

	form = orderForm(evil, "cod", "k-y")
	form.Set("phone", "x")
	_, body = postForm(t, noRedirect, s.srv.URL+"/beli/p-kaos", form)
	assert.NotContains(t, body, "<script>alert")
	assert.NotContains(t, body, "<img src=x")
}

// TestPriceAnswer: the form's price request answers the Service's quote:
// the COD fee the buyer pays, a voucher's refusal reason in the chosen
// language.
func TestPriceAnswer(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	form := orderForm("Budi", "cod", "")
	form.Set("voucher", "LAMA")
	res, body := postForm(t, http.DefaultClient, s.srv.URL+"/beli/p-kaos/harga?lang=en", form)
	require.Equal(t, http.StatusOK, res.StatusCode)
	q, err := s.fx.Service.Quote(context.Background(), kasir.QuoteRequest{LocationID: "bdg-coblong", PaymentMethod: "cod", Courier: "jne", Service: "REG",
		Lines: orderLines()})
	require.NoError(t, err)
	assert.Contains(t, body, "COD service fee")
	assert.Contains(t, body, q.Breakdown.ServiceFee.String())
	assert.Contains(t, body, q.Breakdown.Payable.String())
	assert.Contains(t, body, "This voucher has expired.")
}

// TestPageWeight: every page with its stylesheet and script stays under
// 100 KB (there are no images).
func TestPageWeight(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	assets := 0
	for _, p := range []string{"/static/app.css", "/static/app.js"} {
		res, body := get(t, http.DefaultClient, s.srv.URL+p)
		require.Equal(t, http.StatusOK, res.StatusCode, p)
		assets += len(body)
	}
	res, _ := postForm(t, noRedirect, s.srv.URL+"/beli/p-kaos", orderForm("Budi", "bank_transfer", "k-w"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	order := res.Header.Get("Location")
	c, _ := signIn(t, s)
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	for _, p := range []string{"/", "/beli/p-kaos", order, "/admin/pesanan", "/admin/pesanan/" + page.Orders[0].ID, "/admin/laporan",
		"/admin/cetak", "/admin/impor", "/admin/saldo"} {
		res, body := get(t, c, s.srv.URL+p)
		require.Equal(t, http.StatusOK, res.StatusCode, p)
		t.Logf("%s: %d bytes, %d with the stylesheet and script", p, len(body), len(body)+assets)
		assert.Less(t, len(body)+assets, 100_000, p)
	}
}

// TestBasePath: mounted under a path, every page and link carries it.
func TestBasePath(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{BasePath: "/s/toko"})
	res, body := get(t, http.DefaultClient, s.srv.URL+"/s/toko/")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, `href="/s/toko/beli/p-kaos"`)
	assert.Contains(t, body, `href="/s/toko/static/app.css"`)
	res, _ = get(t, http.DefaultClient, s.srv.URL+"/beli/p-kaos")
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "outside the base path")
	res, _ = get(t, http.DefaultClient, s.srv.URL+"/s/tokolain/")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	res, _ = postForm(t, noRedirect, s.srv.URL+"/s/toko/beli/p-kaos", orderForm("Budi", "cod", "k"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/s/toko/o/"))
}

func TestUnknownPagesAreNotFound(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	for _, p := range []string{"/beli/p-draft", "/beli/nope", "/o/nope", "/paket/nope", "/nope"} {
		res, body := get(t, http.DefaultClient, s.srv.URL+p)
		assert.Equal(t, http.StatusNotFound, res.StatusCode, p)
		assert.Contains(t, body, "Halaman tidak ditemukan", p)
	}
}

func TestLanguageIsRemembered(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	res, body := get(t, http.DefaultClient, s.srv.URL+"/?lang=en")
	assert.Contains(t, body, "Our products")
	var lc *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "kasir_lang" {
			lc = c
		}
	}
	require.NotNil(t, lc)
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/", nil)
	req.AddCookie(lc)
	res2, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(res2.Body)
	res2.Body.Close()
	assert.Contains(t, string(b), "Our products")
	_, body = get(t, http.DefaultClient, s.srv.URL+"/")
	assert.Contains(t, body, "Produk kami", "Indonesian first")
}

func orderLines() []catalog.LineRequest {
	return []catalog.LineRequest{{ProductID: "p-kaos", Options: "Merah, M", Quantity: 1}}
}

// TestBundleForm: a bundle's form offers its price options and places a
// bundle order.
func TestBundleForm(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	res, body := get(t, http.DefaultClient, s.srv.URL+"/paket/b-paket")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, `name="price_option" value="po-2kaos" checked`)
	assert.Contains(t, body, "Rp150.000")
	form := url.Values{"price_option": {"po-2kaos"}, "quantity": {"1"}, "name": {"Budi"}, "phone": {"081234567890"},
		"location_id": {"bdg-coblong"}, "address": {"Jl. Dago 1"}, "method": {"cod"}, "key": {"k-b"}}
	res, _ = postForm(t, noRedirect, s.srv.URL+"/paket/b-paket", form)
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	assert.Equal(t, "po-2kaos", page.Orders[0].Items[0].PriceOptionID)
}

// TestGatewayOrderPageHasThePayButton: a gateway order's page links to
// the gateway's payment page.
func TestGatewayOrderPageHasThePayButton(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{})
	res, _ := postForm(t, noRedirect, s.srv.URL+"/beli/p-kaos", orderForm("Budi", "gateway", "k-g"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	_, body := get(t, http.DefaultClient, s.srv.URL+res.Header.Get("Location"))
	page, err := s.fx.Service.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	require.NotEmpty(t, page.Orders[0].Payment.PaymentURL)
	assert.Contains(t, body, `href="`+page.Orders[0].Payment.PaymentURL+`"`)
	assert.Contains(t, body, "Bayar sekarang")
}

// TestBuyerPageLinksTheInvoice: the order page links the buyer's invoice,
// a PDF of that order reached by its secret slug only.
func TestBuyerPageLinksTheInvoice(t *testing.T) {
	t.Parallel()
	s := newSite(t, webui.Config{BasePath: "/s/toko"})
	res, _ := postForm(t, noRedirect, s.srv.URL+"/s/toko/beli/p-kaos", orderForm("Budi", "bank_transfer", "k-inv"))
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	orderURL := res.Header.Get("Location")
	_, body := get(t, http.DefaultClient, s.srv.URL+orderURL)
	assert.Contains(t, body, `href="`+orderURL+`/faktur"`)
	res, pdf := get(t, http.DefaultClient, s.srv.URL+orderURL+"/faktur")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
	assert.True(t, strings.HasPrefix(pdf, "%PDF"))
	res, _ = get(t, http.DefaultClient, s.srv.URL+"/s/toko/o/not-a-slug/faktur")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}
