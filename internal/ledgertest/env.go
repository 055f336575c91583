// Package ledgertest runs the seller's money through a Service on any
// store: a scripted month of orders, deliveries, returns, remittances and
// withdrawals, checked against figures this package computes on its own
// from the rules of docs/settlement.md (not with package ledger). The
// memory and PostgreSQL tests both run it.
package ledgertest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Store is a store the month can seed.
type Store interface {
	ports.Store
	SeedStock(ctx context.Context, levels map[string]int64) error
}

// Env is a Service on the store under test, with a manual clock.
type Env struct {
	Svc   *kasir.Service
	Store Store
	Clock *kasirtest.ManualClock
}

// Account is the store's bank account withdrawals go to.
var Account = payment.BankAccount{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Resep"}

// Return terms of the couriers: JNE charges half the shipping price for a
// return and the COD fee too; SiCepat the usual (100 %, no COD fee).
var jneReturn = func() pricing.ReturnTerms {
	r, err := pricing.NewReturnTerms(money.MustRate("50"), true)
	if err != nil {
		panic(err)
	}
	return r
}()

// couriers are kasirtest's couriers with JNE's return terms.
type couriers struct{ kasirtest.Couriers }

func (c *couriers) Rates(ctx context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	opts, err := c.Couriers.Rates(ctx, req)
	for i := range opts {
		if opts[i].Courier == "jne" {
			opts[i].Return = jneReturn
		}
	}
	return opts, err
}

// New builds the Service on store: a catalog of two books with plenty of
// stock, kasirtest's locations, COD (2,8 % paid by the seller) and bank
// transfer, the clock at kasirtest.Start.
func New(t testing.TB, store Store) *Env {
	t.Helper()
	cat, err := catalog.New([]catalog.ProductSpec{
		{ID: "p-buku", Name: "Buku Resep", SKU: "BUKU-01", Status: catalog.Published, CODAllowed: true, WeightGrams: 1000, Price: 100000, Stock: 10000},
		{ID: "p-kaos", Name: "Kaos", SKU: "KAOS-01", Status: catalog.Published, CODAllowed: true, WeightGrams: 300, Price: 85000, Stock: 10000},
	}, nil)
	require.NoError(t, err)
	require.NoError(t, store.SeedStock(t.Context(), cat.InitialStock().Levels()))
	locs := kasirtest.Locations(t)
	clock := kasirtest.NewManualClock(kasirtest.Start)
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locs, Warehouses: locs, Couriers: &couriers{},
		Events: kasirtest.NewEvents(), Clock: clock, IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		StoreName:             "Toko Resep",
		COD:                   pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
		PaymentMethods:        []payment.Method{payment.COD, payment.BankTransfer},
		BankAccounts:          []payment.BankAccount{Account},
		MaxOpenUnpaidPerPhone: new(int),
	}))
	require.NoError(t, err)
	return &Env{Svc: svc, Store: store, Clock: clock}
}

// at is a time of the month: day d (0 is kasirtest.Start's day) at hour h
// WIB.
func at(d, h int) time.Time {
	y, m, day := kasirtest.Start.In(kasir.WIB).Date()
	return time.Date(y, m, day+d, h, 0, 0, 0, kasir.WIB)
}
