package kasir_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/internal/kasirtest"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

// start is the fixture's "now": 23 November 2026, 10:00 WIB.
var start = kasirtest.Start

type fixture struct {
	svc      *kasir.Service
	store    *memory.Store
	clock    *memory.ManualClock
	events   *memory.Events
	gateway  *memory.Gateway
	whatsapp *memory.WhatsApp
	couriers *kasirtest.Couriers
	settings kasir.Settings
	depsOf   kasir.Deps
}

type fixtureOpt func(*kasir.Settings)

func testCatalog(t testing.TB) *catalog.Catalog { return kasirtest.Catalog(t) }

func testVouchers() []pricing.Voucher {
	return []pricing.Voucher{
		{VoucherRule: pricing.VoucherRule{Code: "HEMAT10", Kind: pricing.ProductVoucher, Type: pricing.Percent, Percent: pricing.MustRate("10"), MaxDiscount: 50000}, Active: true, Quota: 5, PerCustomer: 2, Public: true},
		{VoucherRule: pricing.VoucherRule{Code: "ONGKIR", Kind: pricing.ShippingVoucher, Type: pricing.Fixed, Amount: 10000, MinSubtotal: 50000}, Active: true, Public: true},
		{VoucherRule: pricing.VoucherRule{Code: "LAMA", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, EndsAt: start.Add(-time.Hour), Public: true},
		{VoucherRule: pricing.VoucherRule{Code: "TRANSFER", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000}, Active: true, PaymentMethods: []string{"bank_transfer"}, Public: true},
		// BESAR is private: checked only when a buyer types it.
		{VoucherRule: pricing.VoucherRule{Code: "BESAR", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 20000, MinSubtotal: 1_000_000}, Active: true},
	}
}

func newFixture(t testing.TB, opts ...fixtureOpt) *fixture {
	t.Helper()
	cat := testCatalog(t)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()), memory.WithVouchers(testVouchers()...))
	require.NoError(t, err)
	locs := kasirtest.Locations(t)
	f := &fixture{store: store, clock: memory.NewManualClock(start), events: memory.NewEvents(), whatsapp: memory.NewWhatsApp(), couriers: &kasirtest.Couriers{}}
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

// state is everything an order can change (kasirtest.State).
type state = kasirtest.State

func (f *fixture) state(t testing.TB) state {
	t.Helper()
	var codes []string
	for _, v := range testVouchers() {
		codes = append(codes, v.Code)
	}
	return kasirtest.Snapshot(t, f.store, codes)
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
