package kasir_test

import (
	"context"
	"fmt"
	"log"
	"time"

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

// flatRate prices every parcel at Rp14.000 per kilogram by JNE REG, which
// collects COD at 2.8% and pays the seller 25% cashback.
type flatRate struct{}

func (flatRate) Rates(_ context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	var items []shipping.Item
	for _, it := range req.Items {
		items = append(items, shipping.Item{WeightGrams: it.WeightGrams, Quantity: it.Quantity})
	}
	w, err := shipping.ChargeableWeight(items, nil, shipping.DefaultWeightRule())
	if err != nil {
		return nil, err
	}
	return []shipping.Option{{
		Courier: "jne", Service: "REG", Name: "JNE Reguler", Price: 14000 * money.Money(w.ChargeableKg),
		COD: true, CODFeePercent: money.MustRate("2.8"), CashbackPercent: money.MustRate("25"),
		Weight: shipping.DefaultWeightRule(),
	}}, nil
}

// Wire a Service on the in-memory adapters and place a COD order.
func Example() {
	ctx := context.Background()
	cat, err := catalog.New([]catalog.ProductSpec{{
		ID: "p-buku", Name: "Buku Resep", SKU: "BUKU-01", Status: catalog.Published,
		CODAllowed: true, WeightGrams: 1000, Price: 100000, Stock: 10,
	}}, nil)
	if err != nil {
		panic(err)
	}
	store, _ := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
	locations, _ := memory.NewLocations([]shipping.Location{
		{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", COD: true},
		{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", COD: true},
	}, []shipping.Warehouse{{ID: "gudang", Name: "Gudang Bandung", LocationID: "bdg-coblong", Default: true}}, nil)

	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locations, Warehouses: locations,
		Couriers: flatRate{}, Clock: kasirtest.NewManualClock(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)), IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		StoreName:      "Toko Resep",
		COD:            pricing.CODFee{Percent: money.MustRate("2.8")}, // paid by the seller
		PaymentMethods: []payment.Method{payment.COD},
	}))
	if err != nil {
		panic(err)
	}

	o, err := svc.PlaceOrder(ctx, kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: "BUKU-01", Quantity: 1}},
			Courier: "jne", Service: "REG", PaymentMethod: payment.COD,
			Customer: kasir.CustomerInput{Name: "Siti Aminah", Phone: "0812-3456-7890"},
		},
		Address:        kasir.AddressInput{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru"},
		IdempotencyKey: "checkout-form-1",
	})
	if err != nil {
		panic(err)
	}
	b := o.Breakdown
	fmt.Println(o.Number, o.Status(), o.Customer.Phone)
	fmt.Println("grand total:", b.GrandTotal, "COD fee:", b.ServiceFee, "cashback:", b.ShippingCashback)
	fmt.Println("seller keeps:", b.NetProfit)
	// Output:
	// INV20261123-0001 processing +6281234567890
	// grand total: Rp114.000 COD fee: Rp3.192 cashback: Rp3.500
	// seller keeps: Rp100.308
}

// The README's example: a catalogue, an offline rate card, the in-memory
// store, and one COD order. README.md shows this function's body (a test
// keeps the two the same).
func Example_quickStart() {
	ctx := context.Background()
	cat, err := catalog.New([]catalog.ProductSpec{{
		ID: "p-buku", Name: "Buku Resep", SKU: "BUKU-01", Status: catalog.Published,
		CODAllowed: true, WeightGrams: 1000, Price: 100000, Stock: 10,
	}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	card, err := ratecard.New(ratecard.Spec{ // or adapters/biteship for live rates
		Rates: []ratecard.RateSpec{{Courier: "jne", Service: "REG", Name: "JNE Reguler", PricePerKg: 14000,
			COD: true, CODFeePercent: "2.8", CashbackPercent: "25"}},
		Locations: []ratecard.LocationSpec{
			{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", COD: true},
			{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", COD: true},
		},
		Warehouses: []ratecard.WarehouseSpec{{ID: "gudang", Name: "Gudang Bandung", LocationID: "bdg-coblong", Default: true}},
	})
	if err != nil {
		log.Fatal(err)
	}
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels())) // or adapters/postgres
	if err != nil {
		log.Fatal(err)
	}
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: card, Warehouses: card, Couriers: card,
		Clock: memory.SystemClock{}, IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		COD:            pricing.CODFee{Percent: money.MustRate("2.8")}, // paid by the seller
		PaymentMethods: []payment.Method{payment.COD, payment.BankTransfer},
		BankAccounts:   []payment.BankAccount{{BankCode: "BCA", AccountNumber: "1234567890", AccountName: "Toko Resep"}},
	}))
	if err != nil {
		log.Fatal(err)
	}

	o, err := svc.PlaceOrder(ctx, kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: "BUKU-01", Quantity: 1}},
			Courier: "jne", Service: "REG", PaymentMethod: payment.COD,
			Customer: kasir.CustomerInput{Name: "Siti Aminah", Phone: "0812-3456-7890"},
		},
		Address:        kasir.AddressInput{Line: "Jl. Melawai Raya No. 5", LocationID: "jkt-kebayoran-baru"},
		IdempotencyKey: "checkout-form-1",
	})
	if err != nil {
		// errs.Code(err): out_of_stock, voucher_expired, invalid_phone, cod_not_available, price_changed …
		// errs.Field(err): the request field at fault, e.g. "lines[0].sku"
		log.Fatal(errs.Code(err), errs.Field(err), err)
	}
	b := o.Breakdown
	fmt.Println(o.Status(), o.Customer.Phone)
	fmt.Println("grand total:", b.GrandTotal, "COD fee:", b.ServiceFee, "cashback:", b.ShippingCashback)
	fmt.Println("seller keeps:", b.NetProfit)
	// Output:
	// processing +6281234567890
	// grand total: Rp114.000 COD fee: Rp3.192 cashback: Rp3.500
	// seller keeps: Rp100.308
}
