package portstest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// NewStoreFunc builds the store one subtest runs against. It must return a
// new store holding exactly the given stock levels (units per variant id)
// and vouchers and nothing else, independent of every other store it
// returns, and arrange its clean-up with t.Cleanup. It fails t when it
// cannot.
type NewStoreFunc = func(t testing.TB, stock map[string]int64, vouchers []pricing.Voucher) ports.Store

// TestStore runs the conformance suite against the stores newStore builds.
// Every subtest builds its own store and runs in parallel with the others.
func TestStore(t *testing.T, newStore func(t testing.TB, stock map[string]int64, vouchers []pricing.Voucher) ports.Store) {
	groups := []struct {
		name  string
		tests []test
	}{
		{"UnitOfWork", unitTests},
		{"Stock", stockTests},
		{"Vouchers", voucherTests},
		{"Amounts", amountTests},
		{"Idempotency", idempotencyTests},
		{"Sequence", sequenceTests},
		{"Orders", orderTests},
		{"UnpaidOrders", unpaidTests},
		{"Abandoned", abandonedTests},
		{"AbandonedCapture", captureTests},
		{"WebhookEndpoints", webhookTests},
		{"APIKeys", apiKeyTests},
		{"Pickups", pickupTests},
		{"PrintBatches", printBatchTests},
		{"Outbox", outboxTests},
		{"Configs", configTests},
		{"Concurrency", concurrencyTests},
		{"Ledger", ledgerTests},
		{"Refunds", refundTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					tc.run(t, fixture(t, newStore))
				})
			}
		})
	}
}

// test is one subtest of the suite.
type test struct {
	name string
	run  func(t *testing.T, f *fx)
}

// fx is a subtest's store with the stock and vouchers of the fixture.
type fx struct {
	store ports.Store
	ctx   context.Context
}

// The fixture: three variants and four vouchers.
const (
	kaosM = "kaos-hitam-m" // 10 units
	kaosL = "kaos-hitam-l" // 5 units
	topi  = "topi"         // 3 units

	hemat  = "HEMAT10" // quota 2
	sekali = "SEKALI"  // once per customer
	ongkir = "ONGKIR"  // shipping, no limits
	lima   = "LIMA"    // quota 5

	phoneBudi = "+6281234567890"
	phoneSiti = "+6285711112222"
	phoneAndi = "+6281398765432"
)

// t0 is when the fixture's first order is placed.
var t0 = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

func fixtureStock() map[string]int64 {
	return map[string]int64{kaosM: 10, kaosL: 5, topi: 3}
}

func fixtureVouchers() []pricing.Voucher {
	fixed := func(code string, kind pricing.VoucherKind, amount money.Money) pricing.VoucherRule {
		return pricing.VoucherRule{Code: code, Kind: kind, Type: pricing.Fixed, Amount: amount}
	}
	h := fixed(hemat, pricing.ProductVoucher, 10000)
	h.SKUs = []string{"KAOS-HITAM-M", "KAOS-HITAM-L"}
	return []pricing.Voucher{
		{VoucherRule: h, Active: true, Quota: 2, PaymentMethods: []payment.Method{payment.BankTransfer},
			StartsAt: t0.Add(-24 * time.Hour), EndsAt: t0.Add(30 * 24 * time.Hour)},
		{VoucherRule: fixed(sekali, pricing.ProductVoucher, 5000), Active: true, PerCustomer: 1},
		{VoucherRule: fixed(ongkir, pricing.ShippingVoucher, 10000), Active: true, Public: true},
		{VoucherRule: fixed(lima, pricing.ProductVoucher, 2000), Active: true, Quota: 5},
	}
}

func fixture(t *testing.T, newStore NewStoreFunc) *fx {
	s := newStore(t, fixtureStock(), fixtureVouchers())
	require.NotNil(t, s, "newStore returned no store")
	return &fx{store: s, ctx: t.Context()}
}

// atomic runs fn as a unit and requires it to succeed.
func (f *fx) atomic(t testing.TB, fn func(ctx context.Context, tx ports.Tx) error) {
	t.Helper()
	require.NoError(t, f.store.Atomic(f.ctx, fn))
}

// create stores orders, one unit each.
func (f *fx) create(t testing.TB, orders ...*checkout.Order) {
	t.Helper()
	for _, o := range orders {
		f.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, o) })
	}
}

func (f *fx) levels(t testing.TB) map[string]int64 {
	t.Helper()
	got, err := f.store.StockLevels(f.ctx, []string{kaosM, kaosL, topi})
	require.NoError(t, err)
	return got
}

func (f *fx) usage(t testing.TB, code, customer string) pricing.Usage {
	t.Helper()
	u, err := f.store.VoucherUsage(f.ctx, code, customer)
	require.NoError(t, err)
	return u
}

func (f *fx) held(t testing.TB) []money.Money {
	t.Helper()
	var got []money.Money
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		var err error
		got, err = tx.HeldAmounts(ctx, 1, money.MaxAmount)
		return err
	})
	return got
}

func (f *fx) order(t testing.TB, id string) *checkout.Order {
	t.Helper()
	o, err := f.store.Order(f.ctx, id)
	require.NoError(t, err)
	require.NotNil(t, o)
	return o
}

func (f *fx) list(t testing.TB, filter ports.OrderFilter) ([]string, int) {
	t.Helper()
	orders, total, err := f.store.ListOrders(f.ctx, filter)
	require.NoError(t, err)
	ids := []string{}
	for _, o := range orders {
		ids = append(ids, o.ID)
	}
	return ids, total
}

// orderOption changes an order newOrder builds, before its life cycle is
// built.
type orderOption func(*checkout.Order)

func placedAt(at time.Time) orderOption { return func(o *checkout.Order) { o.PlacedAt = at } }

func customer(name, phone string) orderOption {
	return func(o *checkout.Order) { o.Customer = checkout.Customer{Name: name, Phone: phone} }
}

func number(n string) orderOption { return func(o *checkout.Order) { o.Number = n } }

func method(m payment.Method, expiresAt time.Time) orderOption {
	return func(o *checkout.Order) {
		o.Payment.Method = m
		o.Payment.ExpiresAt = expiresAt
		if m != payment.BankTransfer {
			o.Payment.UniqueCode = 0
		}
	}
}

func airwayBill(awb string) orderOption { return func(o *checkout.Order) { o.AirwayBill = awb } }

func needs(ns ...catalog.Need) orderOption {
	return func(o *checkout.Order) { o.Items[0].StockNeeds = ns }
}

// newOrder builds an order in the given status: a bank transfer of one
// kaos placed at t0 by Budi, numbered and slugged after its id, unless
// options say otherwise.
func newOrder(t testing.TB, id string, status checkout.Status, opts ...orderOption) *checkout.Order {
	t.Helper()
	o := &checkout.Order{
		ID:       id,
		Number:   "INV-" + id,
		Slug:     "slug-" + id,
		PlacedAt: t0,
		Customer: checkout.Customer{Name: "Budi Santoso", Phone: phoneBudi},
		Address:  checkout.Address{Line: "Jl. Melati 5", LocationID: "31.74.06", PostalCode: "12160"},
		Items: []checkout.Item{{
			Kind: "variant", ProductID: "kaos", VariantID: kaosM, SKU: "KAOS-HITAM-M", Name: "Kaos Polos",
			Options: []string{"Hitam", "M"}, UnitPrice: 100000, Quantity: 1, Subtotal: 100000,
			UnitWeight: 200, GoodsValue: 100000, CODAllowed: true,
			StockNeeds: []catalog.Need{{VariantID: kaosM, SKU: "KAOS-HITAM-M", Quantity: 1}},
		}},
		Shipment: &checkout.Shipment{Courier: "jne", Service: "REG", Price: 10000, ChargeableGrams: 1000},
		Payment: checkout.Payment{
			Method: payment.BankTransfer, Amount: 110123, UniqueCode: 123,
			BankAccounts: []payment.BankAccount{{BankCode: "BCA", AccountNumber: "1234567890", AccountName: "Toko Kasir"}},
			ExpiresAt:    t0.Add(24 * time.Hour),
		},
	}
	for _, opt := range opts {
		opt(o)
	}
	o.UpdatedAt = o.PlacedAt
	at := o.PlacedAt
	step := func(to checkout.Status) {
		at = at.Add(time.Minute)
		awb := ""
		if to == checkout.StatusShipped && o.AirwayBill == "" {
			awb = "AWB-" + id
		}
		require.NoError(t, o.Transition(to, at, "test", awb))
	}
	start := checkout.StatusPendingPayment
	if status == checkout.StatusDraft || status == checkout.StatusProcessing {
		start = status
	}
	var err error
	o.Lifecycle, err = checkout.NewLifecycle(start, o.PlacedAt, "placed")
	require.NoError(t, err)
	switch status {
	case checkout.StatusDraft, checkout.StatusPendingPayment, checkout.StatusProcessing:
	case checkout.StatusCancelled, checkout.StatusExpired:
		step(status)
	case checkout.StatusShipped:
		step(checkout.StatusProcessing)
		step(checkout.StatusShipped)
	case checkout.StatusDelivered, checkout.StatusReturned:
		step(checkout.StatusProcessing)
		step(checkout.StatusShipped)
		step(status)
	default:
		require.Failf(t, "unknown status", "%q", status)
	}
	require.Equal(t, status, o.Status())
	return o
}

// assertOrder checks that got is a faithful copy of want.
func assertOrder(t testing.TB, want, got *checkout.Order) {
	t.Helper()
	require.NotNil(t, got)
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.Number, got.Number)
	assert.Equal(t, want.Slug, got.Slug)
	assert.True(t, want.PlacedAt.Equal(got.PlacedAt), "placed at %s, want %s", got.PlacedAt, want.PlacedAt)
	assert.Equal(t, want.Customer, got.Customer)
	assert.Equal(t, want.Address, got.Address)
	assert.Equal(t, want.Items, got.Items)
	assert.Equal(t, want.Shipment, got.Shipment)
	assert.Equal(t, want.Payment.Method, got.Payment.Method)
	assert.Equal(t, want.Payment.Amount, got.Payment.Amount)
	assert.Equal(t, want.Payment.UniqueCode, got.Payment.UniqueCode)
	assert.Equal(t, want.Payment.BankAccounts, got.Payment.BankAccounts)
	assert.True(t, want.Payment.ExpiresAt.Equal(got.Payment.ExpiresAt), "expires at %s, want %s", got.Payment.ExpiresAt, want.Payment.ExpiresAt)
	assert.Equal(t, want.AirwayBill, got.AirwayBill)
	assert.Equal(t, want.Status(), got.Status())
	wh, gh := want.Lifecycle.History(), got.Lifecycle.History()
	if assert.Len(t, gh, len(wh)) {
		for i := range wh {
			assert.Equal(t, wh[i].To, gh[i].To, "history[%d]", i)
			assert.True(t, wh[i].At.Equal(gh[i].At), "history[%d] at %s, want %s", i, gh[i].At, wh[i].At)
		}
	}
}

func ids(n int, prefix string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%03d", prefix, i)
	}
	return out
}
