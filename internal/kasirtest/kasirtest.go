// Package kasirtest holds the fixture the project's own tests share: a small
// catalog, three destinations with a warehouse, and a fixed courier. It is
// internal: host applications build their own fixtures on adapters/memory.
package kasirtest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Start is the fixture's "now": 23 November 2026, 10:00 WIB.
var Start = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

// Catalog is the test catalog: Buku Resep (Rp100.000, 1 kg, 10 left),
// Kaos Polos in two variants (5 each), a digital e-book, Vas Kaca (no COD,
// 3 left), a draft product and a bundle of two Kaos M for Rp150.000.
func Catalog(t testing.TB) *catalog.Catalog {
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

// Locations are Kebayoran Baru (Jakarta) and Coblong (Bandung), which take
// COD, and Abepura (Jayapura), which does not, with the default warehouse
// in Bandung.
func Locations(t testing.TB) *memory.Locations {
	t.Helper()
	locs, err := memory.NewLocations([]shipping.Location{
		{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12120"}, COD: true},
		{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}, COD: true},
		{ID: "jpr-abepura", Province: "Papua", City: "Jayapura", District: "Abepura", PostalCodes: []string{"99351"}, COD: false},
	}, []shipping.Warehouse{{ID: "gudang-bdg", Name: "Gudang Bandung", LocationID: "bdg-coblong", Default: true}}, nil)
	require.NoError(t, err)
	return locs
}

// Couriers is a fixed rate source: JNE REG (COD at 2.8%, cashback 25%,
// insurance 0.2% + Rp5.000) at Rp14.000 per kg and SiCepat BEST (no COD)
// at Rp20.000 per kg. It is safe for concurrent use.
type Couriers struct {
	mu   sync.Mutex
	fail error
}

var _ ports.Couriers = (*Couriers)(nil)

// Fail makes Rates return err (nil: answer again).
func (c *Couriers) Fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fail = err
}

// Rates prices the parcel by its chargeable kilograms.
func (c *Couriers) Rates(_ context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail != nil {
		return nil, c.fail
	}
	w, err := shipping.PackedWeight(ports.ShippingItems(req.Items), shipping.DefaultWeightRule())
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

// State is everything placing or changing an order can change: stock of
// the catalog's variants, voucher uses, held transfer amounts (sorted) and
// the number of orders. Tests compare a State before and after a refused
// request: nothing may have changed.
type State struct {
	Stock  map[string]int64
	Usage  map[string]int64
	Held   []pricing.Money
	Orders int
}

// Snapshot reads the State of store for the Catalog's variants and the
// given voucher codes.
func Snapshot(t testing.TB, store ports.Store, voucherCodes []string) State {
	t.Helper()
	ctx := context.Background()
	st := State{Usage: map[string]int64{}}
	var err error
	st.Stock, err = store.StockLevels(ctx, []string{"p-buku", "v-merah-m", "v-merah-xl", "p-ebook", "p-kaca"})
	require.NoError(t, err)
	for _, code := range voucherCodes {
		u, err := store.VoucherUsage(ctx, code, "")
		require.NoError(t, err)
		st.Usage[code] = u.Total
	}
	require.NoError(t, store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		st.Held, err = tx.HeldAmounts(ctx, 0, pricing.MaxAmount)
		return err
	}))
	slices.Sort(st.Held)
	_, st.Orders, err = store.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	return st
}
