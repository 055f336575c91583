package kasirtest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Start is the fixture's "now": 23 November 2026, 10:00 WIB.
var Start = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

// GatewaySecret is the secret the fixture's [Gateway] signs its
// notifications with.
const GatewaySecret = "rahasia"

// Catalog is the test catalog: Buku Resep (Rp100.000, 1 kg, 10 left),
// Kaos Polos in two variants (5 each), a digital e-book, Vas Kaca (no COD,
// 3 left), a draft product and a bundle of two Kaos M for Rp150.000.
func Catalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := newCatalog()
	check(t, err)
	return cat
}

func newCatalog() (*catalog.Catalog, error) {
	return catalog.New([]catalog.ProductSpec{
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
}

// Locations are Kebayoran Baru (Jakarta) and Coblong (Bandung), which take
// COD, and Abepura (Jayapura), which does not, with the default warehouse
// in Bandung.
func Locations(t testing.TB) *memory.Locations {
	t.Helper()
	locs, err := newLocations()
	check(t, err)
	return locs
}

func newLocations() (*memory.Locations, error) {
	return memory.NewLocations([]shipping.Location{
		{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12120"}, COD: true},
		{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}, COD: true},
		{ID: "jpr-abepura", Province: "Papua", City: "Jayapura", District: "Abepura", PostalCodes: []string{"99351"}, COD: false},
	}, []shipping.Warehouse{{ID: "gudang-bdg", Name: "Gudang Bandung", LocationID: "bdg-coblong", Default: true}}, nil)
}

// Vouchers are the fixture's vouchers. Public, so listed to buyers:
// HEMAT10 (10% off products, at most Rp50.000, quota 5, twice per buyer),
// ONGKIR (Rp10.000 off shipping from a Rp50.000 subtotal), LAMA (expired
// before [Start]) and TRANSFER (bank transfers only). Private, checked only
// when typed: BESAR (from a Rp1.000.000 subtotal) and SEKALI (quota 1).
func Vouchers() []pricing.Voucher {
	return []pricing.Voucher{
		{VoucherRule: pricing.VoucherRule{Code: "HEMAT10", Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: money.MustRate("10"), MaxDiscount: 50000}, Active: true, Quota: 5, PerCustomer: 2, Public: true},
		{VoucherRule: pricing.VoucherRule{Code: "ONGKIR", Kind: pricing.ShippingVoucher, Type: pricing.Fixed, Amount: 10000, MinSubtotal: 50000}, Active: true, Public: true},
		{VoucherRule: pricing.VoucherRule{Code: "LAMA", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, EndsAt: Start.Add(-time.Hour), Public: true},
		{VoucherRule: pricing.VoucherRule{Code: "TRANSFER", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, PaymentMethods: []payment.Method{payment.BankTransfer}, Public: true},
		{VoucherRule: pricing.VoucherRule{Code: "BESAR", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 20000, MinSubtotal: 1_000_000}, Active: true},
		{VoucherRule: pricing.VoucherRule{Code: "SEKALI", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, Quota: 1},
	}
}

// Settings are the fixture store's settings: Toko Resep, a 2.8% COD fee
// the seller pays, every payment method, one BCA account, payment within
// 24 hours and invoices due in 30 days.
func Settings() kasir.Settings {
	return kasir.Settings{
		StoreName:      "Toko Resep",
		COD:            pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
		PaymentMethods: []payment.Method{payment.COD, payment.BankTransfer, payment.Gateway, payment.Invoice},
		BankAccounts:   []payment.BankAccount{{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Resep"}},
		ExpiryHours:    24,
		InvoiceTerms:   payment.Terms{Days: 30},
	}
}

// Fixture is a kasir.Service on the test catalog, the test locations, the
// fixture's vouchers and a memory.Store, with every outside system
// replaced by a fake of this package, each reachable to script or inspect.
type Fixture struct {
	Service  *kasir.Service
	Deps     kasir.Deps     // the ports Service runs on, for a second Service with other options
	Settings kasir.Settings // the settings Service runs with
	Store    *memory.Store
	Clock    *ManualClock // standing at Start
	Events   *Events
	Gateway  *Gateway // signing with GatewaySecret
	WhatsApp *WhatsApp
	Couriers *Couriers
}

// Option changes what [New] builds.
type Option func(*config)

type config struct {
	settings []func(*kasir.Settings)
	catalog  ports.CatalogSource
	store    func(*memory.Store) ports.Store
	options  []kasir.Option
}

// WithSettings changes the fixture's [Settings] before the Service is
// built.
func WithSettings(change func(*kasir.Settings)) Option {
	return func(c *config) { c.settings = append(c.settings, change) }
}

// WithCatalog serves the catalog from src instead of [Catalog] (the
// store's stock is still [Catalog]'s).
func WithCatalog(src ports.CatalogSource) Option {
	return func(c *config) { c.catalog = src }
}

// WithStore has the Service use wrap(store) instead of the fixture's
// memory.Store, for a store that fails on cue; Fixture.Store stays the
// memory store underneath.
func WithStore(wrap func(*memory.Store) ports.Store) Option {
	return func(c *config) { c.store = wrap }
}

// WithServiceOptions passes options (a logger …) to kasir.New.
func WithServiceOptions(opts ...kasir.Option) Option {
	return func(c *config) { c.options = append(c.options, opts...) }
}

// New builds a [Fixture] for the test t. It ends the test with t.Fatal
// when the Service cannot be built (settings an option made invalid).
func New(t testing.TB, opts ...Option) *Fixture {
	t.Helper()
	f, err := Build(opts...)
	check(t, err)
	return f
}

// Build builds a [Fixture] outside a test (an example, a demo). Errors are
// kasir.New's, for settings an option made invalid.
func Build(opts ...Option) (*Fixture, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	cat, err := newCatalog()
	if err != nil {
		return nil, err
	}
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()), memory.WithVouchers(Vouchers()...))
	if err != nil {
		return nil, err
	}
	locs, err := newLocations()
	if err != nil {
		return nil, err
	}
	f := &Fixture{Store: store, Clock: NewManualClock(Start), Events: NewEvents(), WhatsApp: NewWhatsApp(), Couriers: &Couriers{}}
	f.Gateway = NewGateway(GatewaySecret, f.Clock)
	f.Settings = Settings()
	for _, change := range c.settings {
		change(&f.Settings)
	}
	var src ports.CatalogSource = memory.NewCatalog(cat)
	if c.catalog != nil {
		src = c.catalog
	}
	var st ports.Store = store
	if c.store != nil {
		st = c.store(store)
	}
	f.Deps = kasir.Deps{
		Catalog: src, Store: st, Locations: locs, Warehouses: locs, Couriers: f.Couriers,
		Gateway: f.Gateway, WhatsApp: f.WhatsApp, Events: f.Events, Clock: f.Clock, IDs: memory.IDs{},
	}
	f.Service, err = kasir.New(f.Deps, append([]kasir.Option{kasir.WithSettings(f.Settings)}, c.options...)...)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// State is everything placing or changing an order can change: stock of
// the catalog's variants, voucher uses, held transfer amounts (sorted) and
// the number of orders. Tests compare a State before and after a refused
// request: nothing may have changed.
type State struct {
	Stock  map[string]int64
	Usage  map[string]int64
	Held   []money.Money
	Orders int
}

// Snapshot reads the State of the fixture's store for [Catalog]'s variants
// and the fixture's [Vouchers].
func (f *Fixture) Snapshot(t testing.TB) State {
	t.Helper()
	var codes []string
	for _, v := range Vouchers() {
		codes = append(codes, v.Code)
	}
	return Snapshot(t, f.Store, codes)
}

// Snapshot reads the State of store for [Catalog]'s variants and the
// given voucher codes.
func Snapshot(t testing.TB, store ports.Store, voucherCodes []string) State {
	t.Helper()
	ctx := context.Background()
	st := State{Usage: map[string]int64{}}
	var err error
	st.Stock, err = store.StockLevels(ctx, []string{"p-buku", "v-merah-m", "v-merah-xl", "p-ebook", "p-kaca"})
	check(t, err)
	for _, code := range voucherCodes {
		u, err := store.VoucherUsage(ctx, code, "")
		check(t, err)
		st.Usage[code] = u.Total
	}
	check(t, store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		st.Held, err = tx.HeldAmounts(ctx, 0, money.MaxAmount)
		return err
	}))
	slices.Sort(st.Held)
	_, st.Orders, err = store.ListOrders(ctx, ports.OrderFilter{})
	check(t, err)
	return st
}

// check ends the test when err is not nil.
func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("kasirtest: %v", err)
	}
}
