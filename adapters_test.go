package kasir_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// ratecardService wires a Service on the rate card of the ratecard
// adapter's demo: couriers, locations and warehouses with their own stock.
func ratecardService(t *testing.T) (*kasir.Service, *memory.Store) {
	t.Helper()
	f, err := os.Open("adapters/ratecard/testdata/demo.json")
	require.NoError(t, err)
	defer f.Close()
	card, err := ratecard.Parse(f)
	require.NoError(t, err)
	cat, err := catalog.New([]catalog.ProductSpec{
		{ID: "kopi-250", Name: "Kopi Gayo 250 g", SKU: "KOPI-250", Status: catalog.Published, CODAllowed: true, WeightGrams: 300, Price: 85000, Stock: 100},
		{ID: "kopi-1000", Name: "Kopi Gayo 1 kg", SKU: "KOPI-1000", Status: catalog.Published, CODAllowed: true, WeightGrams: 1100, Price: 300000, Stock: 100},
	}, nil)
	require.NoError(t, err)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
	require.NoError(t, err)
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: card, Warehouses: card, Couriers: card,
		Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		COD:            pricing.CODFee{Percent: money.MustRate("2.8")},
		PaymentMethods: []payment.Method{payment.COD, payment.BankTransfer},
		BankAccounts:   []payment.BankAccount{{BankCode: "BCA", AccountNumber: "1234567890", AccountName: "Kopi"}},
	}))
	require.NoError(t, err)
	return svc, store
}

func kopiOrder(sku string, qty int64, location string) kasir.OrderRequest {
	return kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: sku, Quantity: qty}},
			Courier: "jne", Service: "REG", PaymentMethod: payment.COD,
			Customer: kasir.CustomerInput{Name: "Budi", Phone: "081298765432"},
		},
		Address: kasir.AddressInput{Line: "Jl. Dago 1", LocationID: location},
	}
}

func TestWarehouseChoice(t *testing.T) {
	svc, _ := ratecardService(t)
	// The default warehouse in Bandung holds 40 packs of 250 g.
	o, err := svc.PlaceOrder(ctx, kopiOrder("KOPI-250", 2, "jaksel-kebayoran-baru"))
	require.NoError(t, err)
	assert.Equal(t, "gudang-bdg", o.Shipment.WarehouseID)
	assert.Equal(t, "bdg-coblong", o.Shipment.OriginID)

	// Only Bandung has the 1 kg pack; 6 is more than its 5: no warehouse
	// can fill the order, and nothing is reserved.
	_, err = svc.PlaceOrder(ctx, kopiOrder("KOPI-1000", 6, "jaksel-kebayoran-baru"))
	assert.Equal(t, shipping.CodeNoWarehouse, errs.Code(err))
	lv, err := svc.StockLevels(ctx, []string{"kopi-1000"})
	require.NoError(t, err)
	assert.Equal(t, int64(100), lv["kopi-1000"])
}

func TestRateCardCODCoverage(t *testing.T) {
	svc, _ := ratecardService(t)
	r := kopiOrder("KOPI-250", 1, "jayapura-abepura")
	r.LocationID = "jayapura-abepura"
	opts, err := svc.ShippingOptions(ctx, r.QuoteRequest)
	require.NoError(t, err)
	require.NotEmpty(t, opts)
	for _, o := range opts {
		assert.False(t, o.COD, "%s %s offers COD to a destination excluded from it", o.Courier, o.Service)
		assert.Equal(t, shipping.CodeCODNotAvailable, o.ErrorCode)
	}
	_, err = svc.PlaceOrder(ctx, r)
	assert.Equal(t, shipping.CodeCODNotAvailable, errs.Code(err))

	r.PaymentMethod = payment.BankTransfer
	o, err := svc.PlaceOrder(ctx, r)
	require.NoError(t, err)
	assert.Positive(t, o.Breakdown.ShippingCost)
}

func TestCourierOutageChangesNothing(t *testing.T) {
	f := newFixture(t)
	before := f.state(t)
	f.couriers.Fail(ports.ErrProviderUnavailable)
	_, err := f.svc.PlaceOrder(ctx, order())
	assert.Equal(t, ports.CodeProviderUnavailable, errs.Code(err))
	assert.ErrorIs(t, err, errs.Unavailable)
	assert.Equal(t, before, f.state(t))
}
