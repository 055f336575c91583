package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// These tests wire a kasir.Service on the PostgreSQL store, with the
// memory adapters for the rest, and place orders concurrently: the
// Service's unit of work on a real database.

// serviceFixture is a Service on a fresh PostgreSQL store: Buku Resep
// (p-buku) with 10 units, 30 volumes at the same price (JILID-00…29), the
// voucher HEMAT10 (quota 5), COD and bank transfer with kode unik 1–50.
type serviceFixture struct {
	svc      *kasir.Service
	store    *postgres.Store
	clock    *kasirtest.ManualClock
	deps     kasir.Deps
	settings kasir.Settings
	gateway  *kasirtest.Gateway // offered only with withGateway
}

// serviceOption changes the fixture's ports and settings before the
// Service is made.
type serviceOption func(*kasir.Deps, *kasir.Settings)

// withGateway plugs in the memory gateway and offers it.
func withGateway(d *kasir.Deps, s *kasir.Settings) {
	d.Gateway = kasirtest.NewGateway("rahasia", d.Clock)
	s.PaymentMethods = append(s.PaymentMethods, payment.Gateway)
}

func newServiceFixture(t *testing.T, opts ...serviceOption) *serviceFixture {
	t.Helper()
	return newServiceFixtureOn(t, newStore(t), opts...)
}

// newServiceFixtureOn is newServiceFixture on a given, empty store.
func newServiceFixtureOn(t testing.TB, store *postgres.Store, opts ...serviceOption) *serviceFixture {
	t.Helper()
	products := []catalog.ProductSpec{
		{ID: "p-buku", Name: "Buku Resep", SKU: "BUKU-01", Status: catalog.Published, CODAllowed: true, WeightGrams: 1000, Price: 100000, Stock: 10},
	}
	for i := range 30 {
		products = append(products, catalog.ProductSpec{ID: fmt.Sprintf("p-jilid-%02d", i), Name: fmt.Sprintf("Jilid %d", i),
			SKU: fmt.Sprintf("JILID-%02d", i), Status: catalog.Published, WeightGrams: 1000, Price: 100000, Stock: 10})
	}
	cat, err := catalog.New(products, nil)
	require.NoError(t, err)
	ctx := t.Context()
	require.NoError(t, store.SeedStock(ctx, cat.InitialStock().Levels()))
	require.NoError(t, store.PutVoucher(ctx, pricing.Voucher{VoucherRule: pricing.VoucherRule{Code: "HEMAT10", Kind: pricing.ProductVoucher,
		Type: pricing.Percent, Percent: money.MustRate("10"), MaxDiscount: 50000}, Active: true, Quota: 5}))
	locs := kasirtest.Locations(t)
	clock := kasirtest.NewManualClock(placed)
	deps := kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locs, Warehouses: locs, Couriers: &kasirtest.Couriers{},
		Events: kasirtest.NewEvents(), Clock: clock, IDs: memory.IDs{},
	}
	settings := kasir.Settings{
		StoreName:      "Toko Resep",
		COD:            pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
		PaymentMethods: []payment.Method{payment.COD, payment.BankTransfer},
		BankAccounts:   []payment.BankAccount{{BankCode: "BCA", BankName: "Bank Central Asia", AccountNumber: "1234567890", AccountName: "Toko Resep"}},
		UniqueCodes:    payment.CodeRange{Min: 1, Max: 50},
	}
	for _, o := range opts {
		o(&deps, &settings)
	}
	svc, err := kasir.New(deps, kasir.WithSettings(settings))
	require.NoError(t, err)
	f := &serviceFixture{svc: svc, store: store, clock: clock, deps: deps, settings: settings}
	f.gateway, _ = deps.Gateway.(*kasirtest.Gateway)
	return f
}

// orderRequest is a COD order for one Buku Resep to Kebayoran Baru, from
// the i-th buyer.
func orderRequest(i int) kasir.OrderRequest {
	return kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: "BUKU-01", Quantity: 1}},
			Courier: "jne", Service: "REG", PaymentMethod: payment.COD,
			Customer: kasir.CustomerInput{Name: fmt.Sprintf("Pembeli %d", i), Phone: fmt.Sprintf("0812%08d", i)},
		},
		Address: kasir.AddressInput{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru", PostalCode: "12110"},
	}
}

// placeAll places reqs concurrently and returns the orders and errors by
// index.
func (f *serviceFixture) placeAll(ctx context.Context, reqs []kasir.OrderRequest) ([]*checkout.Order, []error) {
	orders, errList := make([]*checkout.Order, len(reqs)), make([]error, len(reqs))
	var start, done sync.WaitGroup
	start.Add(1)
	for i, r := range reqs {
		done.Go(func() {
			start.Wait()
			orders[i], errList[i] = f.svc.PlaceOrder(ctx, r)
		})
	}
	start.Done()
	done.Wait()
	return orders, errList
}

func (f *serviceFixture) stock(t *testing.T) int64 {
	t.Helper()
	lv, err := f.store.StockLevels(t.Context(), []string{"p-buku"})
	require.NoError(t, err)
	return lv["p-buku"]
}

func (f *serviceFixture) held(t *testing.T) []money.Money {
	t.Helper()
	var held []money.Money
	require.NoError(t, f.store.Atomic(t.Context(), func(ctx context.Context, tx ports.Tx) error {
		var err error
		held, err = tx.HeldAmounts(ctx, 1, money.MaxAmount)
		return err
	}))
	return held
}

func TestServiceOnPostgres(t *testing.T) {
	testPool(t)
	t.Parallel()

	t.Run("last_units", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		reqs := make([]kasir.OrderRequest, 100)
		for i := range reqs {
			reqs[i] = orderRequest(i)
		}
		orders, errList := f.placeAll(t.Context(), reqs)
		var numbers []string
		for i, err := range errList {
			if err != nil {
				assert.Equal(t, catalog.CodeOutOfStock, errs.Code(err), "order %d: %v", i, err)
				continue
			}
			numbers = append(numbers, orders[i].Number)
		}
		require.Len(t, numbers, 10, "exactly the last 10 units are sold")
		assert.Zero(t, f.stock(t))
		page, err := f.svc.ListOrders(t.Context(), ports.OrderFilter{})
		require.NoError(t, err)
		assert.Equal(t, 10, page.Total)
		slices.Sort(numbers)
		for i, n := range numbers {
			assert.Equal(t, fmt.Sprintf("INV20261123-%04d", i+1), n, "numbers run without gaps")
		}
	})

	t.Run("kode_unik_never_held_twice", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		// 30 orders of the same total share 50 codes: units that chose
		// their codes at once would pick the same ones. Each buys another
		// product, so no stock row lines them up before they choose.
		reqs := make([]kasir.OrderRequest, 30)
		for i := range reqs {
			reqs[i] = orderRequest(i)
			reqs[i].Lines[0].SKU = fmt.Sprintf("JILID-%02d", i)
			reqs[i].PaymentMethod = payment.BankTransfer
		}
		orders, errList := f.placeAll(t.Context(), reqs)
		var amounts []money.Money
		for i, err := range errList {
			require.NoError(t, err, "order %d", i)
			amounts = append(amounts, orders[i].Payment.Amount)
		}
		slices.Sort(amounts)
		assert.Len(t, slices.Compact(slices.Clone(amounts)), 30, "every order pays its own amount")
		assert.Equal(t, amounts, f.held(t), "each held, once")
	})

	t.Run("unpaid_orders_per_phone_capped", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		require.NoError(t, f.store.SetStock(t.Context(), "p-buku", 1000))
		// 30 transfers from one phone at once: the cap (5 by default)
		// holds, and the refused ones take no stock and no kode unik.
		reqs := make([]kasir.OrderRequest, 30)
		for i := range reqs {
			reqs[i] = orderRequest(7)
			reqs[i].PaymentMethod = payment.BankTransfer
		}
		_, errList := f.placeAll(t.Context(), reqs)
		placedN := 0
		for i, err := range errList {
			if err == nil {
				placedN++
			} else {
				assert.Equal(t, kasir.CodeTooManyUnpaidOrders, errs.Code(err), "order %d: %v", i, err)
			}
		}
		assert.Equal(t, kasir.DefaultMaxOpenUnpaidPerPhone, placedN)
		assert.Len(t, f.held(t), placedN)
		assert.Equal(t, int64(1000-placedN), f.stock(t))
	})

	t.Run("one_payment_link_per_key", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t, withGateway)
		reqs := make([]kasir.OrderRequest, 50)
		for i := range reqs {
			reqs[i] = orderRequest(3)
			reqs[i].PaymentMethod = payment.Gateway
			reqs[i].IdempotencyKey = "bayar-sekali"
		}
		orders, errList := f.placeAll(t.Context(), reqs)
		for i, err := range errList {
			require.NoError(t, err, "retry %d", i)
			assert.Equal(t, orders[0].ID, orders[i].ID)
		}
		require.Len(t, f.gateway.Requests(), 1, "50 retries with one key make one gateway transaction")
		stored, err := f.svc.Order(t.Context(), orders[0].ID)
		require.NoError(t, err)
		assert.Equal(t, f.gateway.LinkURL(stored.ID), stored.Payment.PaymentURL)
		assert.Equal(t, int64(9), f.stock(t))
	})

	t.Run("voucher_quota", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		require.NoError(t, f.store.SetStock(t.Context(), "p-buku", 1000))
		reqs := make([]kasir.OrderRequest, 40)
		for i := range reqs {
			reqs[i] = orderRequest(i)
			reqs[i].ProductVoucher = "HEMAT10"
		}
		_, errList := f.placeAll(t.Context(), reqs)
		placedN := 0
		for i, err := range errList {
			if err == nil {
				placedN++
			} else {
				assert.Equal(t, pricing.CodeVoucherQuotaExhausted, errs.Code(err), "order %d: %v", i, err)
			}
		}
		assert.Equal(t, 5, placedN)
		u, err := f.store.VoucherUsage(t.Context(), "hemat10", "")
		require.NoError(t, err)
		assert.Equal(t, int64(5), u.Total)
		assert.Equal(t, int64(1000-5), f.stock(t), "refused orders took no stock")
	})

	t.Run("one_idempotency_key", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		reqs := make([]kasir.OrderRequest, 20)
		for i := range reqs {
			reqs[i] = orderRequest(1)
			reqs[i].PaymentMethod = payment.BankTransfer
			reqs[i].IdempotencyKey = "same-key"
		}
		orders, errList := f.placeAll(t.Context(), reqs)
		for i, err := range errList {
			require.NoError(t, err, "request %d is placed or replayed, never refused", i)
			assert.Equal(t, orders[0].ID, orders[i].ID)
		}
		page, err := f.svc.ListOrders(t.Context(), ports.OrderFilter{})
		require.NoError(t, err)
		assert.Equal(t, 1, page.Total)
		assert.Equal(t, int64(9), f.stock(t))
		assert.Equal(t, []money.Money{orders[0].Payment.Amount}, f.held(t))
	})

	t.Run("cancel_gives_everything_back", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		r := orderRequest(1)
		r.PaymentMethod = payment.BankTransfer
		r.ProductVoucher = "HEMAT10"
		o, err := f.svc.PlaceOrder(t.Context(), r)
		require.NoError(t, err)
		assert.Equal(t, int64(9), f.stock(t))
		assert.Equal(t, []money.Money{o.Payment.Amount}, f.held(t))

		got, err := f.svc.Transition(t.Context(), o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "buyer cancelled"})
		require.NoError(t, err)
		assert.Equal(t, checkout.StatusCancelled, got.Status())
		assert.Equal(t, int64(10), f.stock(t))
		assert.Empty(t, f.held(t))
		u, err := f.store.VoucherUsage(t.Context(), "HEMAT10", "")
		require.NoError(t, err)
		assert.Zero(t, u.Total)
		stored, err := f.svc.Order(t.Context(), o.ID)
		require.NoError(t, err)
		assert.Len(t, stored.Lifecycle.History(), 2)
	})

	t.Run("concurrent_changes_one_at_a_time", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		r := orderRequest(1)
		r.PaymentMethod = payment.BankTransfer
		o, err := f.svc.PlaceOrder(t.Context(), r)
		require.NoError(t, err)
		var wg sync.WaitGroup
		errList := make([]error, 10)
		for i := range errList {
			wg.Go(func() {
				cost := money.Money(1000 * (i + 1))
				_, errList[i] = f.svc.ChangeOrder(t.Context(), o.ID, kasir.OrderChange{AdditionalCost: &cost})
			})
		}
		wg.Wait()
		changed := 0
		for _, err := range errList {
			if err == nil {
				changed++
			} else {
				assert.Equal(t, kasir.CodeOrderChanged, errs.Code(err), "%v", err)
			}
		}
		got, err := f.svc.Order(t.Context(), o.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(changed), got.Version, "every change that succeeded was stored, one after another")
		assert.Equal(t, []money.Money{got.Payment.Amount}, f.held(t), "one amount held, the stored order's")
	})

	t.Run("expiry_gives_everything_back", func(t *testing.T) {
		t.Parallel()
		f := newServiceFixture(t)
		r := orderRequest(1)
		r.PaymentMethod = payment.BankTransfer
		o, err := f.svc.PlaceOrder(t.Context(), r)
		require.NoError(t, err)
		// The deadline itself: ExpireUnpaid asks for deadlines before now
		// plus a nanosecond.
		f.clock.Set(o.Payment.ExpiresAt)
		expired, err := f.svc.ExpireUnpaid(t.Context())
		require.NoError(t, err)
		require.Len(t, expired, 1)
		assert.Equal(t, o.ID, expired[0].ID)
		assert.Equal(t, checkout.StatusExpired, expired[0].Status())
		assert.Equal(t, int64(10), f.stock(t))
		assert.Empty(t, f.held(t))
	})
}
