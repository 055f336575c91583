package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// The fixture follows the root package's service tests: the memory
// adapters, a fixed courier and a manual clock.

// start is the fixture's "now": 23 November 2026, 10:00 WIB.
var start = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

const adminToken = "rahasia-admin-123"

// couriers is a fixed rate source: JNE REG (COD, 2.8%, cashback 25%) at
// Rp14.000 per kg and SiCepat BEST (no COD) at Rp20.000 per kg.
type couriers struct {
	mu   sync.Mutex
	fail error
}

func (c *couriers) Fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fail = err
}

func (c *couriers) Rates(_ context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		return nil, c.fail
	}
	var items []shipping.Item
	for _, it := range req.Items {
		items = append(items, shipping.Item{WeightGrams: it.WeightGrams, Quantity: it.Quantity})
	}
	w, err := shipping.ChargeableWeight(items, nil, shipping.DefaultWeightRule())
	if err != nil {
		return nil, err
	}
	kg := pricing.Money(w.ChargeableKg)
	jne := shipping.Option{Courier: "jne", Service: "REG", Name: "JNE Reguler", Price: 14000 * kg, EtdMinDays: 2, EtdMaxDays: 3,
		COD: true, CODFeePercent: pricing.MustRate("2.8"), CashbackPercent: pricing.MustRate("25"), CODMax: 5_000_000,
		Insurance: &shipping.InsurancePolicy{Percent: pricing.MustRate("0.2"), AdminFee: 5000}, Weight: shipping.DefaultWeightRule()}
	sicepat := shipping.Option{Courier: "sicepat", Service: "BEST", Name: "SiCepat BEST", Price: 20000 * kg, EtdMinDays: 1, EtdMaxDays: 1,
		Weight: shipping.DefaultWeightRule()}
	return []shipping.Option{jne, sicepat}, nil
}

// syncBuffer is a log sink safe for the handler's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type fixture struct {
	svc      *kasir.Service
	store    *memory.Store
	clock    *memory.ManualClock
	gateway  *memory.Gateway
	whatsapp *memory.WhatsApp
	couriers *couriers
	log      *syncBuffer
	h        http.Handler
}

type fixtureConfig struct {
	catalog ports.CatalogSource // nil: the test catalog
	cfg     httpapi.Config
}

type fixtureOpt func(*fixtureConfig)

func withCatalog(c ports.CatalogSource) fixtureOpt {
	return func(fc *fixtureConfig) { fc.catalog = c }
}

func withConfig(f func(*httpapi.Config)) fixtureOpt {
	return func(fc *fixtureConfig) { f(&fc.cfg) }
}

func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.New([]catalog.ProductSpec{
		{ID: "p-buku", Name: "Buku Resep", SKU: "BUKU-01", Status: catalog.Published, CODAllowed: true, WeightGrams: 1000, Price: 100000, Stock: 10},
		{ID: "p-kaos", Name: "Kaos Polos", SKU: "KAOS", Status: catalog.Published, CODAllowed: true, WeightGrams: 200,
			Options: []string{"Warna", "Ukuran"},
			Variants: []catalog.VariantSpec{
				{ID: "v-merah-m", SKU: "KAOS-MERAH-M", Options: []string{"Merah", "M"}, Price: 80000, Stock: 5},
				{ID: "v-merah-xl", SKU: "KAOS-MERAH-XL", Options: []string{"Merah", "XL"}, Price: 85000, Stock: 5},
			}},
		{ID: "p-ebook", Name: "E-book Resep", SKU: "EBOOK-01", Status: catalog.Published, Digital: true, Price: 50000, Stock: 1000},
		{ID: "p-kaca", Name: "Vas Kaca", SKU: "VAS-01", Status: catalog.Published, WeightGrams: 1500, Price: 150000, Stock: 3},
		{ID: "p-draft", Name: "Belum Terbit", SKU: "DRAFT-01", Status: catalog.Draft, WeightGrams: 100, Price: 1000, Stock: 5},
	}, []catalog.BundleSpec{
		{ID: "b-paket", Name: "Paket Hemat", PriceOptions: []catalog.PriceOptionSpec{
			{ID: "po-2kaos", Name: "2 Kaos M", Price: 150000, Items: []catalog.BundleItemSpec{{SKU: "KAOS-MERAH-M", Quantity: 2}}},
		}},
	})
	require.NoError(t, err)
	return cat
}

func testVouchers() []pricing.Voucher {
	return []pricing.Voucher{
		{VoucherRule: pricing.VoucherRule{Code: "HEMAT10", Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: pricing.MustRate("10"), MaxDiscount: 50000}, Active: true, Quota: 5, PerCustomer: 2},
		{VoucherRule: pricing.VoucherRule{Code: "ONGKIR", Kind: pricing.ShippingVoucher, Type: pricing.Fixed, Amount: 10000, MinSubtotal: 50000}, Active: true},
		{VoucherRule: pricing.VoucherRule{Code: "LAMA", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, EndsAt: start.Add(-time.Hour)},
		{VoucherRule: pricing.VoucherRule{Code: "SEKALI", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, Quota: 1},
	}
}

func newFixture(t testing.TB, opts ...fixtureOpt) *fixture {
	t.Helper()
	fc := fixtureConfig{cfg: httpapi.Config{AdminToken: adminToken}}
	for _, o := range opts {
		o(&fc)
	}
	cat := testCatalog(t)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()), memory.WithVouchers(testVouchers()...))
	require.NoError(t, err)
	locs, err := memory.NewLocations([]shipping.Location{
		{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12120"}, COD: true},
		{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}, COD: true},
		{ID: "jpr-abepura", Province: "Papua", City: "Jayapura", District: "Abepura", PostalCodes: []string{"99351"}, COD: false},
	}, []shipping.Warehouse{{ID: "gudang-bdg", Name: "Gudang Bandung", LocationID: "bdg-coblong", Default: true}}, nil)
	require.NoError(t, err)
	f := &fixture{store: store, clock: memory.NewManualClock(start), whatsapp: memory.NewWhatsApp(), couriers: &couriers{}, log: &syncBuffer{}}
	f.gateway = memory.NewGateway("rahasia", f.clock)
	var src ports.CatalogSource = memory.NewCatalog(cat)
	if fc.catalog != nil {
		src = fc.catalog
	}
	f.svc, err = kasir.New(kasir.Deps{
		Catalog: src, Store: store, Locations: locs, Warehouses: locs, Couriers: f.couriers,
		Gateway: f.gateway, WhatsApp: f.whatsapp, Clock: f.clock, IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		StoreName:      "Toko Resep",
		COD:            pricing.CODFee{Percent: pricing.MustRate("2.8"), Payer: pricing.Seller},
		PaymentMethods: []payment.Method{payment.COD, payment.BankTransfer, payment.Gateway, payment.Invoice},
		BankAccounts:   []payment.BankAccount{{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Resep"}},
		ExpiryHours:    24,
		InvoiceTerms:   payment.Terms{Days: 30},
	}), kasir.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	require.NoError(t, err)
	if fc.cfg.Logger == nil {
		fc.cfg.Logger = slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	f.h = httpapi.New(f.svc, fc.cfg)
	return f
}

// state is everything an order can change: stock, voucher use, held
// transfer amounts and the orders.
type state struct {
	Stock  map[string]int64
	Usage  map[string]int64
	Held   []pricing.Money
	Orders int
}

func (f *fixture) state(t testing.TB) state {
	t.Helper()
	ctx := context.Background()
	st := state{Usage: map[string]int64{}}
	var err error
	st.Stock, err = f.store.StockLevels(ctx, []string{"p-buku", "v-merah-m", "v-merah-xl", "p-ebook", "p-kaca"})
	require.NoError(t, err)
	for _, v := range testVouchers() {
		u, err := f.store.VoucherUsage(ctx, v.Code, "")
		require.NoError(t, err)
		st.Usage[v.Code] = u.Total
	}
	require.NoError(t, f.store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		st.Held, err = tx.HeldAmounts(ctx, 0, pricing.MaxAmount)
		return err
	}))
	sort.Slice(st.Held, func(i, j int) bool { return st.Held[i] < st.Held[j] })
	_, st.Orders, err = f.store.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	return st
}

// req describes one request to the handler.
type req struct {
	method, path string
	body         any // string and []byte are sent as they are; anything else as JSON
	admin        bool
	header       map[string]string
}

// resp is an answer: its status, headers and body.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (r resp) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), "body: %s", r.Body)
	return m
}

// Decode decodes the body into v.
func (r resp) Decode(t testing.TB, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Body, v), "body: %s", r.Body)
}

// errorBody is the error answer.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

func (r resp) Err(t testing.TB) errorBody {
	t.Helper()
	var e errorBody
	r.Decode(t, &e)
	require.NotEmpty(t, e.Error.Code, "not an error answer: %s", r.Body)
	return e
}

func (f *fixture) do(t testing.TB, rq req) resp {
	t.Helper()
	var body io.Reader
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		require.NoError(t, err)
		body = bytes.NewReader(js)
	}
	r := httptest.NewRequest(rq.method, rq.path, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if rq.admin {
		r.Header.Set("Authorization", "Bearer "+adminToken)
	}
	for k, v := range rq.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// orderBody is a valid COD order for one Buku Resep to Kebayoran Baru by
// JNE REG, as a checkout form sends it.
func orderBody() map[string]any {
	return map[string]any{
		"lines":          []any{map[string]any{"sku": "BUKU-01", "quantity": 1}},
		"courier":        "jne",
		"service":        "REG",
		"payment_method": "cod",
		"customer":       map[string]any{"name": "Siti Aminah", "phone": "0812-3456-7890", "email": "siti@example.com"},
		"address":        map[string]any{"line": "Jl. Melawai Raya No. 5", "location_id": "jkt-kebayoran-baru", "postal_code": "12110"},
	}
}

// quoteBody is orderBody's quote request.
func quoteBody() map[string]any {
	b := orderBody()
	delete(b, "address")
	b["location_id"] = "jkt-kebayoran-baru"
	return b
}

// with returns a copy of b with key set to v.
func with(b map[string]any, key string, v any) map[string]any {
	c := make(map[string]any, len(b)+1)
	for k, x := range b {
		c[k] = x
	}
	c[key] = v
	return c
}

// orderView is the part of an order answer the tests read.
type orderView struct {
	ID        string         `json:"id"`
	Number    string         `json:"number"`
	Slug      string         `json:"slug"`
	Status    string         `json:"status"`
	History   []any          `json:"history"`
	Breakdown map[string]any `json:"breakdown"`
	Payment   struct {
		Method       string           `json:"method"`
		Amount       int64            `json:"amount"`
		UniqueCode   int              `json:"unique_code"`
		BankAccounts []map[string]any `json:"bank_accounts"`
		PaymentURL   string           `json:"payment_url"`
		ExpiresAt    string           `json:"expires_at"`
	} `json:"payment"`
}

// placeOrder places orderBody (changed by the options) and returns it.
func (f *fixture) placeOrder(t testing.TB, body map[string]any) orderView {
	t.Helper()
	res := f.do(t, req{method: http.MethodPost, path: "/v1/orders", body: body})
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	var o orderView
	res.Decode(t, &o)
	return o
}
