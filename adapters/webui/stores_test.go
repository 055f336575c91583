package webui_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// storesSite serves the pages of a platform with the default store and
// store "b", both configured with the example server's demo data file
// under their own names.
type storesSite struct {
	p      *memory.Platform
	stores *kasir.Stores
	srv    *httptest.Server
	keys   map[string]string // "b-staff", "b-read", "default-owner": secrets
}

func newStoresSite(t *testing.T, cfg webui.Config) *storesSite {
	t.Helper()
	ctx := t.Context()
	clock := kasirtest.NewManualClock(time.Now())
	s := &storesSite{p: memory.NewPlatform(), keys: map[string]string{}}
	var err error
	s.stores, err = kasir.NewStores(kasir.StoresDeps{Platform: s.p, Format: storefile.Format{}, Clock: clock, IDs: memory.IDs{}},
		kasir.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	require.NoError(t, err)
	raw, err := os.ReadFile("../../examples/server/demo.json")
	require.NoError(t, err)
	for _, st := range []struct{ id, name string }{{ports.DefaultStore, "Toko Kopi Nusantara"}, {"b", "Toko Bandung"}} {
		if st.id != ports.DefaultStore {
			require.NoError(t, s.p.CreateStore(ctx, ports.StoreInfo{ID: st.id, Name: st.name, CreatedAt: clock.Now(ctx)}))
		}
		var doc map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &doc))
		var store map[string]any
		require.NoError(t, json.Unmarshal(doc["store"], &store))
		store["name"] = st.name
		doc["store"], err = json.Marshal(store)
		require.NoError(t, err)
		data, err := json.Marshal(doc)
		require.NoError(t, err)
		m, err := s.stores.Manager(st.id)
		require.NoError(t, err)
		_, err = m.Import(ctx, kasir.Edit{Author: "test"}, data)
		require.NoError(t, err)
	}
	mint := func(store, name string, role ports.Role) string {
		db, err := s.p.ForStore(store)
		require.NoError(t, err)
		k, err := kasir.NewKeys(store, db, clock)
		require.NoError(t, err)
		_, secret, err := k.Create(ctx, name, role)
		require.NoError(t, err)
		return secret
	}
	s.keys["b-staff"] = mint("b", "gudang", ports.RoleStaff)
	s.keys["b-read"] = mint("b", "akuntan", ports.RoleReadOnly)
	s.keys["b-owner"] = mint("b", "pemilik", ports.RoleOwner)
	s.keys["default-owner"] = mint(ports.DefaultStore, "pemilik", ports.RoleOwner)
	if cfg.Authenticate == nil {
		cfg.Authenticate = webui.AdminToken(adminToken)
	}
	h, err := webui.NewStores(webui.StoresConfig{Config: cfg, Platform: s.p, Service: s.stores.Service, Clock: clock})
	require.NoError(t, err)
	s.srv = httptest.NewServer(h)
	t.Cleanup(s.srv.Close)
	return s
}

// place places a COD order in store for name.
func (s *storesSite) place(t *testing.T, store, name string) *checkout.Order {
	t.Helper()
	svc, err := s.stores.Service(t.Context(), store)
	require.NoError(t, err)
	o, err := svc.PlaceOrder(context.Background(), kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{Lines: []catalog.LineRequest{{VariantID: "kopi-gayo-250-biji", Quantity: 1}},
			PaymentMethod: payment.COD, Courier: "jne", Service: "REG", Customer: kasir.CustomerInput{Name: name, Phone: "081234567890"}},
		Address: kasir.AddressInput{Line: "Jl. Senopati 10", LocationID: "jaksel-kebayoran-baru"},
	})
	require.NoError(t, err)
	return o
}

// signInAt signs a new client into the dashboard under base with token;
// it returns the client, the answer's status and body.
func signInAt(t *testing.T, srvURL, base, token string) (*http.Client, int, string) {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c := &http.Client{Jar: jar}
	res, body := postForm(t, c, srvURL+base+"/admin/masuk", url.Values{"token": {token}, "next": {"/admin/pesanan"}})
	return c, res.StatusCode, body
}

// TestStoresServeEachStoreUnderItsPath: the default store's pages are at
// /, store b's under /s/b/ with b's name, products and links; an unknown
// or disabled store is not found.
func TestStoresServeEachStoreUnderItsPath(t *testing.T) {
	t.Parallel()
	s := newStoresSite(t, webui.Config{})
	res, body := get(t, http.DefaultClient, s.srv.URL+"/")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Toko Kopi Nusantara")
	assert.Contains(t, body, `href="/beli/kopi-gayo"`)
	res, body = get(t, http.DefaultClient, s.srv.URL+"/s/b/")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Toko Bandung")
	assert.NotContains(t, body, "Toko Kopi Nusantara")
	assert.Contains(t, body, `href="/s/b/beli/kopi-gayo"`)
	assert.Contains(t, body, `href="/s/b/static/app.css"`)
	res, _ = get(t, http.DefaultClient, s.srv.URL+"/s/b/static/app.css")
	assert.Equal(t, http.StatusOK, res.StatusCode)

	// An order of b has its page under /s/b/ only.
	o := s.place(t, "b", "Budi")
	res, body = get(t, http.DefaultClient, s.srv.URL+"/s/b/o/"+o.Slug)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, o.Number)
	res, _ = get(t, http.DefaultClient, s.srv.URL+"/o/"+o.Slug)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)

	for _, p := range []string{"/s/nope/", "/s/NOPE/", "/s/b", "/s/-x/beli/kopi-gayo"} {
		res, _ = get(t, noRedirect, s.srv.URL+p)
		if p == "/s/b" {
			assert.Equal(t, http.StatusMovedPermanently, res.StatusCode, p)
			continue
		}
		assert.Equal(t, http.StatusNotFound, res.StatusCode, p)
	}
	info, err := s.p.StoreInfo(t.Context(), "b")
	require.NoError(t, err)
	info.Disabled = true
	require.NoError(t, s.p.UpdateStore(t.Context(), info))
	res, _ = get(t, http.DefaultClient, s.srv.URL+"/s/b/")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
}

// TestStoresShowASavedPriceOnTheNextPage: a price changed through the
// store's Manager (as the JSON API's product route does) is what the next
// page shows and what the form is priced with, without a restart; the
// other store keeps its own.
func TestStoresShowASavedPriceOnTheNextPage(t *testing.T) {
	t.Parallel()
	s := newStoresSite(t, webui.Config{})
	gayo := regexp.MustCompile(`href="[^"]*/beli/kopi-gayo"><span class="p-name">[^<]*</span>\s*<span class="p-price">([^<]*)</span>`)
	priceAt := func(path string) string {
		_, body := get(t, http.DefaultClient, s.srv.URL+path)
		m := gayo.FindStringSubmatch(body)
		require.NotNil(t, m, body)
		return m[1]
	}
	require.Equal(t, "Rp85.000 – Rp310.000", priceAt("/s/b/"))
	m, err := s.stores.Manager("b")
	require.NoError(t, err)
	specs, _, err := m.Products(t.Context())
	require.NoError(t, err)
	var spec catalog.ProductSpec
	for _, p := range specs {
		if p.ID == "kopi-gayo" {
			spec = p
		}
	}
	for i := range spec.Variants {
		spec.Variants[i].Price = money.Money(91000)
	}
	_, err = m.PutProduct(t.Context(), kasir.Edit{Author: "test"}, spec)
	require.NoError(t, err)

	assert.Equal(t, "Rp91.000", priceAt("/s/b/"))
	form := url.Values{"opt0": {"250 g"}, "opt1": {"Biji"}, "quantity": {"1"}, "location_id": {"jaksel-kebayoran-baru"}, "method": {"bank_transfer"}}
	res, js := postForm(t, http.DefaultClient, s.srv.URL+"/s/b/beli/kopi-gayo/harga", form)
	require.Equal(t, http.StatusOK, res.StatusCode, js)
	assert.Contains(t, js, "Rp91.000")
	assert.Equal(t, "Rp85.000 – Rp310.000", priceAt("/"), "the default store keeps its price")
	_, js = postForm(t, http.DefaultClient, s.srv.URL+"/beli/kopi-gayo/harga", form)
	assert.Contains(t, js, "Rp85.000")
}

// TestStoresSignInWithTheStoresKeys: each store's dashboard opens with its
// own API keys; the admin token opens the default store only; a key of
// one store opens no other; a session of b reads b's orders only and is
// no session in the default store; a read_only key changes nothing.
func TestStoresSignInWithTheStoresKeys(t *testing.T) {
	t.Parallel()
	s := newStoresSite(t, webui.Config{})
	oa := s.place(t, ports.DefaultStore, "Ani Default")
	ob := s.place(t, "b", "Budi Bandung")

	for name, tok := range map[string]string{"default owner key": s.keys["default-owner"], "admin token": adminToken, "nothing": "ksr_b_salah"} {
		_, code, body := signInAt(t, s.srv.URL, "/s/b", tok)
		assert.Equal(t, http.StatusUnauthorized, code, name)
		assert.Contains(t, body, "salah", name)
	}
	_, code, _ := signInAt(t, s.srv.URL, "", s.keys["b-staff"])
	assert.Equal(t, http.StatusUnauthorized, code, "a key of b does not open the default store")

	c, code, body := signInAt(t, s.srv.URL, "/s/b", s.keys["b-staff"])
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, "Budi Bandung")
	assert.Contains(t, body, ob.Number)
	assert.NotContains(t, body, "Ani Default")
	u, err := url.Parse(s.srv.URL + "/s/b/admin/")
	require.NoError(t, err)
	var sid string
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "kasir_session" {
			sid = ck.Value
		}
	}
	require.NotEmpty(t, sid)
	res, _ := get(t, c, s.srv.URL+"/s/b/admin/pesanan/"+oa.ID)
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "the default store's order is not b's")

	// b's session cookie sent to the default store's dashboard is none.
	req, err := http.NewRequest(http.MethodGet, s.srv.URL+"/admin/pesanan", nil)
	require.NoError(t, err)
	req.AddCookie(&http.Cookie{Name: "kasir_session", Value: sid})
	res, err = noRedirect.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/admin/masuk"))

	// The default store opens with the admin token and with its own key.
	for _, tok := range []string{adminToken, s.keys["default-owner"]} {
		_, code, body = signInAt(t, s.srv.URL, "", tok)
		require.Equal(t, http.StatusOK, code)
		assert.Contains(t, body, "Ani Default")
		assert.NotContains(t, body, "Budi Bandung")
	}

	// A read_only key of b reads and changes nothing.
	c, code, body = signInAt(t, s.srv.URL, "/s/b", s.keys["b-read"])
	require.Equal(t, http.StatusOK, code)
	csrf := csrfRe.FindStringSubmatch(body)[1]
	res, _ = postForm(t, c, s.srv.URL+"/s/b/admin/pesanan/"+ob.ID+"/status", url.Values{"to": {"cancelled"}, "csrf": {csrf}})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	svc, err := s.stores.Service(t.Context(), "b")
	require.NoError(t, err)
	again, err := svc.Order(t.Context(), ob.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, again.Status())
}

func TestNewStoresRefusesBadConfig(t *testing.T) {
	t.Parallel()
	p := memory.NewPlatform()
	svc := func(context.Context, string) (*kasir.Service, error) { return nil, nil }
	for name, cfg := range map[string]webui.StoresConfig{
		"no platform": {Service: svc},
		"no service":  {Platform: p},
		"base path":   {Platform: p, Service: svc, Config: webui.Config{BasePath: "/toko"}},
		"rate":        {Platform: p, Service: svc, Config: webui.Config{RateLimit: 1}},
	} {
		_, err := webui.NewStores(cfg)
		assert.Error(t, err, name)
	}
}

// TestStoresByHost: with Hosts, a request's host name picks its store's
// pages at /, links without the /s/ prefix; another host is the default
// store's.
func TestStoresByHost(t *testing.T) {
	t.Parallel()
	s := newStoresSite(t, webui.Config{})
	info, err := s.p.StoreInfo(t.Context(), "b")
	require.NoError(t, err)
	info.Host = "toko-bandung.example"
	require.NoError(t, s.p.UpdateStore(t.Context(), info))
	h, err := webui.NewStores(webui.StoresConfig{Platform: s.p, Service: s.stores.Service, Hosts: true})
	require.NoError(t, err)
	for host, want := range map[string]string{"TOKO-BANDUNG.example:8080": "Toko Bandung", "toko-bandung.example.": "Toko Bandung", "lain.example": "Toko Kopi Nusantara"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, host)
		assert.Contains(t, rec.Body.String(), "<title>"+want+"</title>", host)
		assert.Contains(t, rec.Body.String(), `href="/beli/kopi-gayo"`, host)
	}
}
