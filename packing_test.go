package kasir_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/ratecard"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// A light but bulky item is billed by its volume, and the stored order
// says so: 60×40×40 cm is 16 kg at divisor 6000 though it weighs 1 kg, so
// JNE REG at Rp14.000/kg costs Rp224.000 and the order records 16.000 g.
func TestOrderRecordsTheWeightItWasBilledFor(t *testing.T) {
	t.Parallel()
	cat, err := catalog.New([]catalog.ProductSpec{{
		ID: "p-bantal", Name: "Bantal Besar", SKU: "BANTAL-01", Status: catalog.Published, CODAllowed: true,
		WeightGrams: 1000, Dimensions: shipping.Dimensions{LengthCm: 60, WidthCm: 40, HeightCm: 40}, Price: 150000, Stock: 10,
	}}, nil)
	require.NoError(t, err)
	card, err := ratecard.New(ratecard.Spec{
		Rates: []ratecard.RateSpec{{Courier: "jne", Service: "REG", Name: "JNE Reguler", PricePerKg: 14000, COD: true}},
		Locations: []ratecard.LocationSpec{
			{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", COD: true},
			{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", COD: true},
		},
		Warehouses: []ratecard.WarehouseSpec{{ID: "gudang", Name: "Gudang Bandung", LocationID: "bdg-coblong", Default: true}},
	})
	require.NoError(t, err)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
	require.NoError(t, err)
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: card, Warehouses: card, Couriers: card,
		Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		COD:            pricing.CODFee{Percent: money.MustRate("2.8")},
		PaymentMethods: []payment.Method{payment.COD},
	}))
	require.NoError(t, err)

	placed, err := svc.PlaceOrder(t.Context(), kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: "BANTAL-01", Quantity: 1}},
			Courier: "jne", Service: "REG", PaymentMethod: payment.COD,
			Customer: kasir.CustomerInput{Name: "Siti Aminah", Phone: "0812-3456-7890"},
		},
		Address: kasir.AddressInput{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru"},
	})
	require.NoError(t, err)

	got, err := svc.Order(t.Context(), placed.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Shipment)
	assert.Equal(t, int64(16_000), got.Shipment.ChargeableGrams, "the weight the order was billed for")
	assert.Equal(t, money.Money(16*14000), got.Shipment.Price)
	assert.Equal(t, money.Money(16*14000), got.Breakdown.ShippingCost)
}
