package memory_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// Placing an order is one unit of work: stock, voucher use and the order
// are stored together or not at all.
func ExampleStore_Atomic() {
	ctx := context.Background()
	cat, err := catalog.New([]catalog.ProductSpec{{
		ID: "kaos", Name: "Kaos Polos", SKU: "KAOS", Status: catalog.Published,
		Price: 75000, Stock: 3, WeightGrams: 200,
	}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	store, err := memory.NewStore(
		memory.WithStock(cat.InitialStock().Levels()),
		memory.WithVouchers(pricing.Voucher{
			VoucherRule: pricing.VoucherRule{Code: "HEMAT5", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 5000},
			Active:      true, Quota: 1,
		}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	clock := kasirtest.NewManualClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))

	place := func(id string, quantity int64) error {
		return store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			line, err := cat.Resolve(catalog.LineRequest{SKU: "KAOS", Quantity: quantity}, nil)
			if err != nil {
				return err
			}
			item := checkout.ItemFromLine(line)
			if err := tx.ReserveStock(ctx, item.StockNeeds); err != nil {
				return err
			}
			if err := tx.RedeemVoucher(ctx, ports.Redemption{Code: "hemat5", Customer: "+6281234567890", OrderID: id}); err != nil {
				return err
			}
			n, err := tx.NextSequence(ctx, "INV20261123")
			if err != nil {
				return err
			}
			lc, err := checkout.NewLifecycle(checkout.StatusProcessing, clock.Now(ctx), "COD accepted")
			if err != nil {
				return err
			}
			return tx.CreateOrder(ctx, &checkout.Order{
				ID: id, Number: fmt.Sprintf("INV20261123-%04d", n), PlacedAt: clock.Now(ctx),
				Items: []checkout.Item{item}, ProductVoucher: "HEMAT5", Lifecycle: lc,
			})
		})
	}

	fmt.Println("first order:", place("o1", 2))
	// The voucher's only use is taken: the second order fails after its
	// stock was reserved, and the reservation is undone.
	err = place("o2", 1)
	fmt.Println("second order:", errs.Code(err))

	levels, _ := store.StockLevels(ctx, []string{"kaos"})
	usage, _ := store.VoucherUsage(ctx, "HEMAT5", "")
	o, _ := store.Order(ctx, "o1")
	_, err = store.Order(ctx, "o2")
	fmt.Println("stock left:", levels["kaos"], "voucher uses:", usage.Total)
	fmt.Println(o.Number, o.Status(), errors.Is(err, ports.ErrOrderNotFound))
	// Output:
	// first order: <nil>
	// second order: voucher_quota_exhausted
	// stock left: 1 voucher uses: 1
	// INV20261123-0001 processing true
}
