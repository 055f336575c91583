package kasir_test

import (
	"context"
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// importCouriers serve JNE REG and OKE, J&T REG and SiCepat REG, priced
// per chargeable kilogram.
type importCouriers struct{}

func (importCouriers) Rates(_ context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	w, err := shipping.PackedWeight(ports.ShippingItems(req.Items), shipping.DefaultWeightRule())
	if err != nil {
		return nil, err
	}
	kg := money.Money(w.ChargeableKg)
	opt := func(courier, service string, perKg money.Money) shipping.Option {
		return shipping.Option{Courier: courier, Service: service, Name: courier + " " + service, Price: perKg * kg, EtdMinDays: 1, EtdMaxDays: 3,
			COD: true, CODFeePercent: money.MustRate("2.8"), CODMax: 5_000_000, Weight: shipping.DefaultWeightRule()}
	}
	return []shipping.Option{opt("jne", "REG", 14000), opt("jne", "OKE", 11000), opt("jnt", "REG", 13000), opt("sicepat", "REG", 12000)}, nil
}

type importShop struct {
	svc   *kasir.Service
	store ports.Store
}

// importCatalog is the catalog and locations of importing/testdata/shop.json.
func importCatalog(t *testing.T) (*catalog.Catalog, []shipping.Location) {
	t.Helper()
	data, err := os.ReadFile("importing/testdata/shop.json")
	require.NoError(t, err)
	var spec struct {
		Products  []catalog.ProductSpec `json:"products"`
		Bundles   []catalog.BundleSpec  `json:"bundles"`
		Locations []shipping.Location   `json:"locations"`
	}
	require.NoError(t, json.Unmarshal(data, &spec))
	cat, err := catalog.New(spec.Products, spec.Bundles)
	require.NoError(t, err)
	return cat, spec.Locations
}

// newImportShop is a Service on the catalog and locations of
// importing/testdata/shop.json, on the memory store.
func newImportShop(t *testing.T) importShop {
	t.Helper()
	cat, _ := importCatalog(t)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
	require.NoError(t, err)
	return newImportShopOn(t, store)
}

// newImportShopOn is the Service of newImportShop on store, whose stock
// is the catalog's initial stock.
func newImportShopOn(t *testing.T, store ports.Store) importShop {
	t.Helper()
	cat, locs := importCatalog(t)
	ml, err := memory.NewLocations(locs, nil, nil)
	require.NoError(t, err)
	settings := kasirtest.Settings()
	settings.OriginLocationID = "bdg-sukajadi"
	settings.PaymentMethods = []payment.Method{payment.COD, payment.BankTransfer}
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: ml, Couriers: importCouriers{},
		Clock: kasirtest.NewManualClock(kasirtest.Start), IDs: memory.IDs{}, Events: kasirtest.NewEvents(),
	}, kasir.WithSettings(settings))
	require.NoError(t, err)
	return importShop{svc: svc, store: store}
}

func readImport(t *testing.T, file string) []importing.Order {
	t.Helper()
	data, err := os.ReadFile("importing/testdata/" + file)
	require.NoError(t, err)
	if file == "chat.txt" {
		orders, err := importing.ParseChat(string(data))
		require.NoError(t, err)
		return orders
	}
	orders, _, err := importing.Read(file, data, "")
	require.NoError(t, err)
	return orders
}

func countOrders(t *testing.T, svc *kasir.Service) int {
	t.Helper()
	page, err := svc.ListOrders(context.Background(), ports.OrderFilter{})
	require.NoError(t, err)
	return page.Total
}

func TestImportSmartOrderRowsTwiceCreatesThemOnce(t *testing.T) {
	t.Parallel()
	shop := newImportShop(t)
	ctx := context.Background()
	req := kasir.ImportRequest{Orders: readImport(t, "smartorder.json"), PaymentMethod: payment.COD}

	preview, err := shop.svc.PreviewImport(ctx, req)
	require.NoError(t, err)
	require.Len(t, preview.Rows, 2)
	assert.Equal(t, 2, preview.Accepted, "%v %v", preview.Rows[0].Errors, preview.Rows[1].Errors)
	assert.Zero(t, countOrders(t, shop.svc), "a preview stores nothing")
	a := preview.Rows[0]
	require.NotNil(t, a.Request)
	assert.Equal(t, "bdg-coblong", a.Request.LocationID)
	assert.Equal(t, "GAYO-250-BIJI", a.Request.Lines[0].SKU)
	assert.Equal(t, "jne", a.Request.Courier)
	assert.Equal(t, "OKE", a.Request.Service)
	assert.Equal(t, "+6285223177777", a.Request.Customer.Phone)
	assert.Equal(t, "import:smartorder:INV20221011MPL22907777", a.Request.IdempotencyKey)
	assert.Contains(t, a.Request.Notes, "resi TJE2348621107726")
	assert.Equal(t, payment.Marketplace, a.Request.PaymentMethod, "a marketplace's row is an external order")
	assert.Zero(t, a.Quoted, "kasir does not price a marketplace's row")
	require.NotNil(t, a.External)
	assert.Equal(t, money.Money(65000), a.External.Total)
	assert.Equal(t, "TJE2348621107726", a.External.AirwayBill)
	b := preview.Rows[1]
	assert.Equal(t, []catalog.LineRequest{{SKU: "TOPI", Quantity: 1}, {SKU: "KAOS-HITAM-L", Quantity: 1}}, b.Request.Lines)
	assert.Equal(t, "jnt", b.Request.Courier)

	first, err := shop.svc.CommitImport(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, 2, first.Placed)
	assert.Zero(t, first.Imported)
	require.NotNil(t, first.Rows[0].Order)
	assert.Equal(t, 2, countOrders(t, shop.svc))
	placed := first.Rows[1].Order
	require.NotNil(t, placed.External)
	assert.Equal(t, money.Money(140000), placed.External.Total)
	assert.Equal(t, money.Money(130000), placed.External.Subtotal)
	assert.Equal(t, money.Money(10000), placed.External.ShippingCost)
	assert.Equal(t, checkout.StatusBooked, placed.Status(), "the marketplace issued the airway bill")
	assert.Equal(t, "JP7638199648", placed.AirwayBill)

	again, err := shop.svc.PreviewImport(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, 2, again.Imported, "the preview tells the rows were imported")

	second, err := shop.svc.CommitImport(ctx, req)
	require.NoError(t, err)
	assert.Zero(t, second.Placed)
	assert.Equal(t, 2, second.Imported)
	assert.Equal(t, first.Rows[0].Order.ID, second.Rows[0].Order.ID)
	assert.Equal(t, first.Rows[1].Order.ID, second.Rows[1].Order.ID)
	assert.Equal(t, 2, countOrders(t, shop.svc), "nothing new on the second import")
	levels, err := shop.store.StockLevels(ctx, []string{"gayo-250-biji"})
	require.NoError(t, err)
	assert.Equal(t, int64(49), levels["gayo-250-biji"], "stock taken once")
}

func TestImportCommitPlacesOnlyAcceptedRows(t *testing.T) {
	t.Parallel()
	shop := newImportShop(t)
	ctx := context.Background()
	req := kasir.ImportRequest{Orders: readImport(t, "kasir.csv")}

	preview, err := shop.svc.PreviewImport(ctx, req)
	require.NoError(t, err)
	require.Len(t, preview.Rows, 2)
	assert.True(t, preview.Rows[0].Accepted, "%v", preview.Rows[0].Errors)
	assert.Equal(t, "GAYO-250-BIJI", preview.Rows[0].Request.Lines[0].SKU)
	assert.Equal(t, payment.COD, preview.Rows[0].Request.PaymentMethod)
	refused := preview.Rows[1]
	assert.False(t, refused.Accepted)
	assert.Nil(t, refused.Request)
	require.NotEmpty(t, refused.Errors)
	assert.Equal(t, importing.CodeMissingField, errs.Code(refused.Errors[0]))
	assert.Equal(t, "phone", errs.Field(refused.Errors[0]))
	assert.Equal(t, 1, preview.Accepted)
	assert.Equal(t, 1, preview.Refused)

	rep, err := shop.svc.CommitImport(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Placed)
	assert.NotNil(t, rep.Rows[0].Order)
	assert.Nil(t, rep.Rows[1].Order)
	assert.Equal(t, 1, countOrders(t, shop.svc))

	// selecting only the refused row places nothing
	req.Select = []int{1}
	rep, err = shop.svc.CommitImport(ctx, req)
	require.NoError(t, err)
	assert.Zero(t, rep.Placed)
	assert.Equal(t, 1, countOrders(t, shop.svc))
}

func TestImportChatAndMarketplaceRows(t *testing.T) {
	t.Parallel()
	shop := newImportShop(t)
	ctx := context.Background()

	chat, err := shop.svc.PreviewImport(ctx, kasir.ImportRequest{Orders: readImport(t, "chat.txt"), PaymentMethod: payment.BankTransfer})
	require.NoError(t, err)
	require.Len(t, chat.Rows, 2)
	siti, rudi := chat.Rows[0], chat.Rows[1]
	require.True(t, siti.Accepted, "%v", siti.Errors)
	assert.Equal(t, payment.COD, siti.Request.PaymentMethod, "the message's own payment")
	assert.Equal(t, "REG", siti.Request.Service)
	require.True(t, rudi.Accepted, "%v", rudi.Errors)
	assert.Equal(t, payment.BankTransfer, rudi.Request.PaymentMethod)
	assert.Equal(t, "jne", rudi.Request.Courier, "no courier named: the cheapest")
	assert.Equal(t, "OKE", rudi.Request.Service)
	assert.Equal(t, 0.5, rudi.Detected.Courier.Confidence)

	shopee, err := shop.svc.PreviewImport(ctx, kasir.ImportRequest{Orders: readImport(t, "shopee.csv"), PaymentMethod: payment.COD})
	require.NoError(t, err)
	require.Len(t, shopee.Rows, 2)
	assert.True(t, shopee.Rows[0].Accepted, "%v", shopee.Rows[0].Errors)
	assert.Equal(t, money.Money(148000), shopee.Rows[0].Detected.Order.Total, "the marketplace's own total is kept beside kasir's quote")
	// the second invoice's product is ambiguous: toraja without "biji"/"bubuk"
	sari := shopee.Rows[1]
	assert.True(t, sari.Accepted, "%v", sari.Errors)
	assert.Equal(t, "TORAJA-BUBUK", sari.Request.Lines[0].SKU)

	_, err = shop.svc.PreviewImport(ctx, kasir.ImportRequest{})
	assert.Equal(t, "orders", errs.Field(err))
}

func TestImportConcurrentCommitsPlaceEachRowOnce(t *testing.T) {
	t.Parallel()
	shop := newImportShop(t)
	req := kasir.ImportRequest{Orders: readImport(t, "smartorder.json"), PaymentMethod: payment.COD}
	const n = 8
	var wg sync.WaitGroup
	placed := make([]int, n)
	errsOf := make([]error, n)
	for i := range n {
		wg.Go(func() {
			rep, err := shop.svc.CommitImport(context.Background(), req)
			errsOf[i] = err
			if err == nil {
				placed[i] = rep.Placed
			}
		})
	}
	wg.Wait()
	total := 0
	for i := range n {
		require.NoError(t, errsOf[i])
		total += placed[i]
	}
	assert.Equal(t, 2, total, "each row placed by exactly one commit")
	assert.Equal(t, 2, countOrders(t, shop.svc))
}
