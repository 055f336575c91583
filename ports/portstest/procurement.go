package portstest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/procurement"
)

// TestProcurement checks the platform's side of procurement
// ([ports.Procurement]) on the platforms newPlatform builds, which must
// implement it:
//
//   - BuyerAccounts: put (the first CreatedAt kept), create (never
//     replacing: of concurrent creates of one id one is stored), read, list by id,
//     delete, refusals that store nothing.
//   - AllOrNothing: a unit across three stores that reserves stock and
//     creates an order in each, and a purchase, fails on the third store's
//     stock: nothing of it is left in any store (stock, orders, sequences,
//     events) nor on the platform; the same unit with enough stock commits
//     everything.
//   - Concurrent: units across two stores each take one unit of stock from
//     both, where the second store has K: exactly K commit and both stores
//     lose exactly K; concurrent units with one idempotency key create one
//     purchase.
//   - TermPayments: parallel payments on terms against one order never
//     exceed its payable amount; the overdue and due-soon filters select
//     the unpaid orders by due date.
//
// Run it with the race detector.
func TestProcurement(t *testing.T, newPlatform NewPlatformFunc) {
	proc := func(t *testing.T) (ports.Platform, ports.Procurement) {
		p := newPlatform(t)
		pr, ok := p.(ports.Procurement)
		require.True(t, ok, "the platform %T does not implement ports.Procurement", p)
		return p, pr
	}
	t.Run("BuyerAccounts", func(t *testing.T) {
		t.Parallel()
		_, pr := proc(t)
		testBuyerAccounts(t, pr)
	})
	t.Run("AllOrNothing", func(t *testing.T) {
		t.Parallel()
		p, pr := proc(t)
		testAllOrNothing(t, p, pr)
	})
	t.Run("Concurrent", func(t *testing.T) {
		t.Parallel()
		p, pr := proc(t)
		testUnitsAcrossStoresConcurrently(t, p, pr)
	})
	t.Run("TermPayments", func(t *testing.T) {
		t.Parallel()
		p, _ := proc(t)
		testTermPayments(t, p)
	})
}

func testBuyerAccounts(t *testing.T, pr ports.Procurement) {
	ctx := t.Context()
	a := ports.BuyerAccount{
		ID: "dinas-pu", CompanyName: "Dinas PU Kota Bandung", NPWP: "00.123.456.7-429.000", Kind: "klpd",
		Addresses: []ports.BuyerAddress{{Label: "Kantor", Line: "Jl. Cianjur 34", LocationID: "32.73.01", PostalCode: "40113"}},
		CreatedAt: t0, UpdatedAt: t0,
	}
	require.NoError(t, pr.PutBuyerAccount(ctx, a))
	got, err := pr.BuyerAccount(ctx, "dinas-pu")
	require.NoError(t, err)
	assert.Equal(t, a.CompanyName, got.CompanyName)
	assert.Equal(t, a.Addresses, got.Addresses)
	assert.True(t, got.CreatedAt.Equal(t0))

	changed := a
	changed.CompanyName = "Dinas PUPR Kota Bandung"
	changed.CreatedAt, changed.UpdatedAt = t0.Add(time.Hour), t0.Add(time.Hour)
	require.NoError(t, pr.PutBuyerAccount(ctx, changed))
	got, err = pr.BuyerAccount(ctx, "dinas-pu")
	require.NoError(t, err)
	assert.Equal(t, "Dinas PUPR Kota Bandung", got.CompanyName)
	assert.True(t, got.CreatedAt.Equal(t0), "the first CreatedAt is kept")
	assert.True(t, got.UpdatedAt.Equal(t0.Add(time.Hour)))

	bad := a
	bad.ID, bad.NPWP = "bumn-1", "123"
	err = pr.PutBuyerAccount(ctx, bad)
	assert.Equal(t, "npwp", errs.Field(err))
	_, err = pr.BuyerAccount(ctx, "bumn-1")
	assert.ErrorIs(t, err, ports.ErrBuyerAccountNotFound, "a refused account is not stored")

	b := a
	b.ID, b.Kind = "bumn-1", "bumn"
	require.NoError(t, pr.PutBuyerAccount(ctx, b))
	list, total, err := pr.ListBuyerAccounts(ctx, 0, 1)
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	require.Len(t, list, 1)
	assert.Equal(t, "bumn-1", list[0].ID, "by id")
	list, _, err = pr.ListBuyerAccounts(ctx, 1, 0)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "dinas-pu", list[0].ID)

	require.NoError(t, pr.DeleteBuyerAccount(ctx, "bumn-1"))
	assert.ErrorIs(t, pr.DeleteBuyerAccount(ctx, "bumn-1"), ports.ErrBuyerAccountNotFound)
	_, total, err = pr.ListBuyerAccounts(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, total)

	// Creating never replaces: of 20 concurrent creates of one id exactly
	// one is stored, the others are told the id is taken.
	assert.ErrorIs(t, pr.CreateBuyerAccount(ctx, a), ports.ErrDuplicate, "an id PutBuyerAccount stored")
	var wg sync.WaitGroup
	var created, taken atomic.Int32
	for i := range 20 {
		wg.Go(func() {
			c := a
			c.ID, c.CompanyName = "bumn-2", fmt.Sprintf("Perusahaan %d", i)
			switch err := pr.CreateBuyerAccount(ctx, c); {
			case err == nil:
				created.Add(1)
			case errors.Is(err, ports.ErrDuplicate):
				taken.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 1, created.Load(), "one create stores the account")
	assert.EqualValues(t, 19, taken.Load())
	bad.ID = "bumn-3"
	assert.Equal(t, "npwp", errs.Field(pr.CreateBuyerAccount(ctx, bad)))
	_, total, err = pr.ListBuyerAccounts(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, total, "dinas-pu and bumn-2")
}

// procurementOrder is an invoice order of one kaos with procurement
// figures, payable 100.000, due at due.
func procurementOrder(t testing.TB, id, checkoutID string, due time.Time) *checkout.Order {
	o := newOrder(t, id, checkout.StatusPendingPayment)
	o.Payment = checkout.Payment{Method: payment.Invoice, Amount: 100000, DueDate: due}
	o.Breakdown.Payable = 100000
	o.Procurement = &checkout.Procurement{
		CheckoutID: checkoutID, BuyerName: "Dinas PU", BuyerKind: "klpd", SellerName: "Toko",
		PaymentTermDays: 30, DueAt: due, Payable: 100000,
		TaxInvoice: &procurement.TaxInvoice{SellerName: "Toko", DPP: 90000, PPN: 9900},
	}
	return o
}

// placeIn reserves needs in tx and creates the order o, numbered by the
// store's "orders" sequence, with its event.
func placeIn(ctx context.Context, tx ports.Tx, o *checkout.Order) error {
	if err := tx.ReserveStock(ctx, o.StockNeeds()); err != nil {
		return err
	}
	n, err := tx.NextSequence(ctx, "orders")
	if err != nil {
		return err
	}
	o.Number = fmt.Sprintf("PO-%d", n)
	if err := tx.CreateOrder(ctx, o); err != nil {
		return err
	}
	return tx.AppendEvent(ctx, ports.Event{ID: "e-" + o.ID, Type: ports.EventOrderPlaced, OrderID: o.ID, At: o.PlacedAt})
}

func testAllOrNothing(t *testing.T, p ports.Platform, pr ports.Procurement) {
	ctx := t.Context()
	ids := []string{"seller-a", "seller-b", "seller-c"}
	stores := make([]ports.Store, 3)
	for i, id := range ids {
		stores[i] = seededStore(t, p, id, fixtureStock(), nil)
	}
	// Seller c has 3 topi; the purchase wants 4 of them from c.
	place := func(key string, topiFromC int64) error {
		return pr.AtomicStores(ctx, ids, func(ctx context.Context, ptx ports.PlatformTx, txs []ports.Tx) error {
			if _, err := ptx.PurchaseByKey(ctx, key); !errors.Is(err, ports.ErrNotFound) {
				return fmt.Errorf("key %q: %w", key, err)
			}
			pu := ports.Purchase{ID: "pu-" + key, IdempotencyKey: key, BuyerAccountID: "dinas-pu", PlacedAt: t0}
			for i, tx := range txs {
				o := procurementOrder(t, "o-"+key+"-"+ids[i], pu.ID, t0.Add(30*24*time.Hour))
				if i == 2 {
					o.Items[0].StockNeeds = []catalog.Need{{VariantID: topi, Quantity: topiFromC}}
				}
				if err := placeIn(ctx, tx, o); err != nil {
					return err
				}
				pu.Orders = append(pu.Orders, ports.PurchaseOrder{Store: ids[i], OrderID: o.ID, Number: o.Number})
			}
			return ptx.CreatePurchase(ctx, pu)
		})
	}
	err := place("k1", 4)
	var oos *catalog.OutOfStockError
	require.ErrorAs(t, err, &oos, "the third seller's stock fails the unit")
	for i, s := range stores {
		lv, err := s.StockLevels(ctx, []string{kaosM, topi})
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{kaosM: 10, topi: 3}, lv, "%s: no stock taken", ids[i])
		_, err = s.Order(ctx, "o-k1-"+ids[i])
		assert.ErrorIs(t, err, ports.ErrOrderNotFound, "%s: no order left", ids[i])
		evs, err := s.ClaimEvents(ctx, ports.Claim{Now: t0, Lease: time.Minute, Limit: 10})
		require.NoError(t, err)
		assert.Empty(t, evs, "%s: no event left", ids[i])
	}
	_, err = pr.Purchase(ctx, "pu-k1")
	assert.ErrorIs(t, err, ports.ErrPurchaseNotFound)

	require.NoError(t, place("k2", 3))
	for i, s := range stores {
		o, err := s.Order(ctx, "o-k2-"+ids[i])
		require.NoError(t, err)
		assert.Equal(t, "PO-1", o.Number, "%s: the failed unit took no number", ids[i])
		require.NotNil(t, o.Procurement)
		assert.Equal(t, "pu-k2", o.Procurement.CheckoutID)
		assert.Equal(t, money.Money(9900), o.Procurement.TaxInvoice.PPN)
		assert.True(t, o.Procurement.DueAt.Equal(t0.Add(30*24*time.Hour)))
	}
	lv, err := stores[2].StockLevels(ctx, []string{topi})
	require.NoError(t, err)
	assert.Equal(t, int64(0), lv[topi])
	pu, err := pr.Purchase(ctx, "pu-k2")
	require.NoError(t, err)
	require.Len(t, pu.Orders, 3)
	assert.Equal(t, ports.PurchaseOrder{Store: "seller-c", OrderID: "o-k2-seller-c", Number: "PO-1"}, pu.Orders[2])
	list, total, err := pr.ListPurchases(ctx, "dinas-pu", 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, total)
	require.Len(t, list, 1)
	_, total, err = pr.ListPurchases(ctx, "someone-else", 0, 0)
	require.NoError(t, err)
	assert.Zero(t, total)
	// The key now reads the purchase; a second purchase with it is refused.
	err = pr.AtomicStores(ctx, ids[:1], func(ctx context.Context, ptx ports.PlatformTx, _ []ports.Tx) error {
		got, err := ptx.PurchaseByKey(ctx, "k2")
		if err != nil {
			return err
		}
		assert.Equal(t, "pu-k2", got.ID)
		return ptx.CreatePurchase(ctx, ports.Purchase{ID: "pu-other", IdempotencyKey: "k2", Orders: got.Orders, PlacedAt: t0})
	})
	assert.ErrorIs(t, err, ports.ErrDuplicate)

	// Store ids are checked.
	err = pr.AtomicStores(ctx, []string{"seller-a", "seller-a"}, func(context.Context, ports.PlatformTx, []ports.Tx) error { return nil })
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	err = pr.AtomicStores(ctx, []string{ports.PlatformScope}, func(context.Context, ports.PlatformTx, []ports.Tx) error { return nil })
	assert.Equal(t, "store", errs.Field(err), "the platform's scope is no store")
}

func testUnitsAcrossStoresConcurrently(t *testing.T, p ports.Platform, pr ports.Procurement) {
	ctx := t.Context()
	a := seededStore(t, p, "seller-a", fixtureStock(), nil) // kaos M: 10
	b := seededStore(t, p, "seller-b", fixtureStock(), nil) // topi: 3
	const n = 12
	var wg sync.WaitGroup
	var ok, oos atomic.Int64
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := pr.AtomicStores(ctx, []string{"seller-b", "seller-a"}, func(ctx context.Context, ptx ports.PlatformTx, txs []ports.Tx) error {
				if err := txs[1].ReserveStock(ctx, []catalog.Need{{VariantID: kaosM, Quantity: 1}}); err != nil {
					return err
				}
				return txs[0].ReserveStock(ctx, []catalog.Need{{VariantID: topi, Quantity: 1}})
			})
			var o *catalog.OutOfStockError
			switch {
			case err == nil:
				ok.Add(1)
			case errors.As(err, &o):
				oos.Add(1)
			default:
				t.Errorf("unit %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(3), ok.Load(), "as many as seller b's topi")
	assert.Equal(t, int64(n-3), oos.Load())
	la, err := a.StockLevels(ctx, []string{kaosM})
	require.NoError(t, err)
	assert.Equal(t, int64(7), la[kaosM], "seller a lost exactly what the committed units took")
	lb, err := b.StockLevels(ctx, []string{topi})
	require.NoError(t, err)
	assert.Equal(t, int64(0), lb[topi])

	// One idempotency key, many units: one purchase.
	var created atomic.Int64
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := pr.AtomicStores(ctx, []string{"seller-a"}, func(ctx context.Context, ptx ports.PlatformTx, txs []ports.Tx) error {
				_, err := ptx.PurchaseByKey(ctx, "same")
				if err == nil {
					return nil
				}
				if !errors.Is(err, ports.ErrNotFound) {
					return err
				}
				created.Add(1)
				return ptx.CreatePurchase(ctx, ports.Purchase{ID: fmt.Sprintf("pu-%d", i), IdempotencyKey: "same", BuyerAccountID: "x", PlacedAt: t0,
					Orders: []ports.PurchaseOrder{{Store: "seller-a", OrderID: "o"}}})
			})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	_, total, err := pr.ListPurchases(ctx, "x", 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, total)
	assert.Equal(t, int64(1), created.Load(), "the key was held: every other unit read the purchase")
}

func testTermPayments(t *testing.T, p ports.Platform) {
	ctx := t.Context()
	s := seededStore(t, p, "seller-a", fixtureStock(), nil)
	due := t0.Add(14 * 24 * time.Hour)
	for _, o := range []*checkout.Order{
		procurementOrder(t, "early", "pu-1", t0.Add(2*24*time.Hour)),
		procurementOrder(t, "mid", "pu-1", due),
		procurementOrder(t, "late", "pu-1", t0.Add(40*24*time.Hour)),
		newOrder(t, "plain", checkout.StatusPendingPayment),
	} {
		require.NoError(t, s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return tx.CreateOrder(ctx, o) }))
	}
	const n = 16 // 16 × 10.000 against 100.000
	var wg sync.WaitGroup
	var paid, refused atomic.Int64
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
				o, err := tx.Order(ctx, "mid")
				if err != nil {
					return err
				}
				if err := o.Procurement.RecordPayment(10000, "", t0, t0); err != nil {
					return err
				}
				return tx.SaveOrder(ctx, o)
			})
			switch {
			case err == nil:
				paid.Add(1)
			case errs.Code(err) == procurement.CodePaymentExceedsPayable:
				refused.Add(1)
			default:
				t.Errorf("payment: %v", err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(10), paid.Load())
	assert.Equal(t, int64(n-10), refused.Load())
	o, err := s.Order(ctx, "mid")
	require.NoError(t, err)
	assert.Equal(t, money.Money(100000), o.Procurement.Paid)
	assert.Len(t, o.Procurement.Payments, 10)
	assert.True(t, o.Procurement.Settled())

	ids := func(f ports.OrderFilter) []string {
		t.Helper()
		list, total, err := s.ListOrders(ctx, f)
		require.NoError(t, err)
		out := []string{}
		for _, o := range list {
			out = append(out, o.ID)
		}
		assert.Len(t, out, total)
		return out
	}
	now := t0.Add(20 * 24 * time.Hour)
	assert.Equal(t, []string{"early"}, ids(ports.OrderFilter{TermsDueBefore: now}), "overdue: unpaid and past due; mid is paid")
	assert.ElementsMatch(t, []string{"early", "late"}, ids(ports.OrderFilter{TermsDueFrom: t0}))
	assert.Equal(t, []string{"late"}, ids(ports.OrderFilter{TermsDueFrom: now, TermsDueBefore: now.Add(30 * 24 * time.Hour)}), "due within 30 days")
	assert.Empty(t, ids(ports.OrderFilter{TermsDueFrom: now, TermsDueBefore: now.Add(7 * 24 * time.Hour)}))
}
