package kasir_test

import (
	"testing"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/payment"
)

// start is the fixture's "now": 23 November 2026, 10:00 WIB.
var start = kasirtest.Start

// fixture is the shared kasirtest fixture under the names this package's
// tests use.
type fixture struct {
	svc      *kasir.Service
	store    *memory.Store
	clock    *kasirtest.ManualClock
	events   *kasirtest.Events
	gateway  *kasirtest.Gateway
	whatsapp *kasirtest.WhatsApp
	couriers *kasirtest.Couriers
	settings kasir.Settings
	fx       *kasirtest.Fixture
}

type fixtureOpt func(*kasir.Settings)

func testCatalog(t testing.TB) *catalog.Catalog { return kasirtest.Catalog(t) }

func newFixture(t testing.TB, opts ...fixtureOpt) *fixture {
	t.Helper()
	var kopts []kasirtest.Option
	for _, o := range opts {
		kopts = append(kopts, kasirtest.WithSettings(o))
	}
	fx := kasirtest.New(t, kopts...)
	return &fixture{svc: fx.Service, store: fx.Store, clock: fx.Clock, events: fx.Events, gateway: fx.Gateway,
		whatsapp: fx.WhatsApp, couriers: fx.Couriers, settings: fx.Settings, fx: fx}
}

// deps returns the ports the fixture's Service runs on, for a second
// Service with other options.
func (f *fixture) deps() kasir.Deps { return f.fx.Deps }

// state is everything an order can change (kasirtest.State).
type state = kasirtest.State

func (f *fixture) state(t testing.TB) state {
	t.Helper()
	return f.fx.Snapshot(t)
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
