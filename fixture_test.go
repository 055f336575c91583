package kasir_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// start is the fixture's "now": 23 November 2026, 10:00 WIB.
var start = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

// couriers is a fixed rate source: JNE REG (COD, 2.8%, cashback 25%) at
// Rp14.000 per kg and SiCepat BEST (no COD) at Rp20.000 per kg.
type couriers struct {
	mu    sync.Mutex
	calls int
	fail  error
}

func (c *couriers) Rates(_ context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
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

type fixture struct {
	svc      *kasir.Service
	store    *memory.Store
	clock    *memory.ManualClock
	events   *memory.Events
	gateway  *memory.Gateway
	whatsapp *memory.WhatsApp
	couriers *couriers
	settings kasir.Settings
	depsOf   kasir.Deps
}

type fixtureOpt func(*kasir.Settings)

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
		{VoucherRule: pricing.VoucherRule{Code: "TRANSFER", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, PaymentMethods: []string{"bank_transfer"}},
		{VoucherRule: pricing.VoucherRule{Code: "BESAR", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 20000, MinSubtotal: 1_000_000}, Active: true},
	}
}

func newFixture(t testing.TB, opts ...fixtureOpt) *fixture {
	t.Helper()
	cat := testCatalog(t)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()), memory.WithVouchers(testVouchers()...))
	require.NoError(t, err)
	locs, err := memory.NewLocations([]shipping.Location{
		{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12120"}, COD: true},
		{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}, COD: true},
		{ID: "jpr-abepura", Province: "Papua", City: "Jayapura", District: "Abepura", PostalCodes: []string{"99351"}, COD: false},
	}, []shipping.Warehouse{{ID: "gudang-bdg", Name: "Gudang Bandung", LocationID: "bdg-coblong", Default: true}}, nil)
	require.NoError(t, err)
	f := &fixture{store: store, clock: memory.NewManualClock(start), events: memory.NewEvents(), whatsapp: memory.NewWhatsApp(), couriers: &couriers{}}
	f.gateway = memory.NewGateway("rahasia", f.clock)
	settings := kasir.Settings{
		StoreName:      "Toko Resep",
		COD:            pricing.CODFee{Percent: pricing.MustRate("2.8"), Payer: pricing.Seller},
		PaymentMethods: []payment.Method{payment.COD, payment.BankTransfer, payment.Gateway, payment.Invoice},
		BankAccounts:   []payment.BankAccount{{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Resep"}},
		ExpiryHours:    24,
		InvoiceTerms:   payment.Terms{Days: 30},
	}
	for _, o := range opts {
		o(&settings)
	}
	f.settings = settings
	f.depsOf = kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locs, Warehouses: locs, Couriers: f.couriers,
		Gateway: f.gateway, WhatsApp: f.whatsapp, Events: f.events, Clock: f.clock, IDs: memory.IDs{},
	}
	f.svc, err = kasir.New(f.deps(), kasir.WithSettings(settings))
	require.NoError(t, err)
	return f
}

// deps returns the ports the fixture's Service runs on, for a second
// Service with other options.
func (f *fixture) deps() kasir.Deps { return f.depsOf }

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

// order is a valid COD order for one Buku Resep to Kebayoran Baru by JNE REG.
func order() kasir.OrderRequest {
	return kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: "BUKU-01", Quantity: 1}},
			Courier: "jne", Service: "REG",
			PaymentMethod: payment.COD,
			Customer:      kasir.CustomerInput{Name: "Siti Aminah", Phone: "0812-3456-7890", Email: "siti@example.com"},
		},
		Address: kasir.AddressInput{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru", PostalCode: "12110"},
	}
}

func withMethod(r kasir.OrderRequest, m payment.Method) kasir.OrderRequest {
	r.PaymentMethod = m
	return r
}

var _ = checkout.StatusDraft
