package kasir_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/importing"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// readExport reads a marketplace export of importing/testdata as the
// import routes do: the mapping its headers match.
func readExport(t *testing.T, file, want string) []importing.Order {
	t.Helper()
	data, err := os.ReadFile("importing/testdata/" + file)
	require.NoError(t, err)
	orders, m, err := importing.Read(file, data, "")
	require.NoError(t, err)
	require.Equal(t, want, m.ID)
	require.True(t, m.Marketplace)
	return orders
}

func TestImportMarketplaceExportsMemory(t *testing.T) {
	t.Parallel()
	importMarketplaceExports(t, newImportShop(t))
}

func TestImportMarketplaceExportsPostgres(t *testing.T) {
	store := postgresStore(t, "the marketplace imports")
	t.Parallel()
	ctx := t.Context()
	cat, _ := importCatalog(t)
	require.NoError(t, store.SeedStock(ctx, cat.InitialStock().Levels()))
	importMarketplaceExports(t, newImportShopOn(t, store))
}

// importMarketplaceExports previews and commits a Shopee export and a
// TikTok Shop export written as the marketplaces write them: accepted
// rows become external orders with the file's amounts and airway bills,
// their stock taken once; refused rows (an ambiguous product, a masked
// phone, a product the catalog lacks) are explained and never placed; a
// second import creates nothing; reports count the orders apart and the
// balance gets no entry for them.
func importMarketplaceExports(t *testing.T, shop importShop) {
	ctx := t.Context()
	skus := []string{"gayo-250-biji", "gayo-250-bubuk", "topi", "toraja-biji", "toraja-bubuk"}
	before, err := shop.store.StockLevels(ctx, skus)
	require.NoError(t, err)

	// --- Shopee: preview
	shopee := kasir.ImportRequest{Orders: readExport(t, "shopee_export.csv", "shopee"), PaymentMethod: payment.COD}
	preview, err := shop.svc.PreviewImport(ctx, shopee)
	require.NoError(t, err)
	require.Len(t, preview.Rows, 5)
	assert.Equal(t, 3, preview.Accepted)
	assert.Equal(t, 2, preview.Refused)
	assert.Zero(t, countOrders(t, shop.svc), "a preview stores nothing")
	levels, err := shop.store.StockLevels(ctx, skus)
	require.NoError(t, err)
	assert.Equal(t, before, levels, "a preview reserves nothing")

	andi := preview.Rows[0]
	require.True(t, andi.Accepted, "%v", andi.Errors)
	require.NotNil(t, andi.External)
	assert.Equal(t, checkout.External{
		Source: "shopee", Invoice: "241201QWERTY12",
		Items: []checkout.ExternalItem{
			{SKU: "GAYO-250-BIJI", Name: "Kopi Arabika Gayo Wine Process 250gr - Biji/Bubuk", Variation: "Biji,250gr", Quantity: 2, UnitPrice: 62000, Subtotal: 124000},
			{Name: "Topi Kopi Bordir Premium", Quantity: 1, UnitPrice: 50000, Subtotal: 50000},
		},
		Subtotal: 174000, ShippingCost: 18000, Discount: 5000, Total: 187000,
		AirwayBill: "JP4417520938", Courier: "Reguler (Cashless)-J&T Express", Payment: "COD (Bayar di Tempat)",
	}, *andi.External, "the file's amounts, as reported")
	assert.Zero(t, andi.Quoted, "kasir prices nothing of a marketplace's row")
	assert.Equal(t, payment.Marketplace, andi.Request.PaymentMethod, "not the import's payment method: the marketplace was paid")
	assert.Equal(t, []catalog.LineRequest{{SKU: "GAYO-250-BIJI", Quantity: 2}, {SKU: "TOPI", Quantity: 1}}, andi.Request.Lines)
	assert.Equal(t, "jnt", andi.Request.Courier)
	assert.Equal(t, "import:shopee:241201QWERTY12", andi.Request.IdempotencyKey)

	sari := preview.Rows[1]
	require.True(t, sari.Accepted, "%v", sari.Errors)
	assert.Equal(t, "TORAJA-BUBUK", sari.Request.Lines[0].SKU)
	assert.Equal(t, "spx", sari.Request.Courier, "the marketplace's courier, whether or not the store ships with it")
	assert.Equal(t, money.Money(92500), sari.External.Total)

	budi := preview.Rows[2]
	assert.False(t, budi.Accepted)
	assert.Nil(t, budi.External)
	require.Len(t, budi.Errors, 1)
	assert.Equal(t, importing.CodeAmbiguousProduct, errs.Code(budi.Errors[0]))
	assert.Equal(t, "items[0].name", errs.Field(budi.Errors[0]))
	var alts []string
	for _, a := range budi.Detected.Items[0].Alternatives {
		alts = append(alts, a.ID)
	}
	assert.Subset(t, alts, []string{"KAOS-HITAM-M", "KAOS-HITAM-L"}, "the sizes to choose from")

	rina := preview.Rows[3]
	require.True(t, rina.Accepted, "%v", rina.Errors)
	assert.Empty(t, rina.Request.Lines)
	assert.Equal(t, []catalog.LineRequest{{PriceOptionID: "HAMPERS-3", Quantity: 1}}, rina.Request.Bundles, "the bundle the title names")
	assert.Equal(t, importing.KindBundle, rina.Detected.Items[0].Kind)

	masked := preview.Rows[4]
	assert.False(t, masked.Accepted)
	require.NotEmpty(t, masked.Errors)
	assert.Equal(t, checkout.CodeInvalidPhone, errs.Code(masked.Errors[0]))
	assert.Equal(t, "phone", errs.Field(masked.Errors[0]))

	// --- Shopee: commit, twice
	first, err := shop.svc.CommitImport(ctx, shopee)
	require.NoError(t, err)
	assert.Equal(t, 3, first.Placed)
	assert.Zero(t, first.Imported)
	assert.Nil(t, first.Rows[2].Order, "a refused row is never placed")
	assert.Nil(t, first.Rows[4].Order, "a refused row is never placed")
	assert.Equal(t, 3, countOrders(t, shop.svc))
	for _, i := range []int{0, 1, 3} {
		r := first.Rows[i]
		require.NotNil(t, r.Order, i)
		stored, err := shop.svc.Order(ctx, r.Order.ID)
		require.NoError(t, err)
		require.NotNil(t, stored.External, i)
		assert.Equal(t, *preview.Rows[i].External, *stored.External, "the stored amounts are the file's")
		assert.Equal(t, payment.Marketplace, stored.Payment.Method)
		assert.Equal(t, stored.External.Total, stored.Payment.Amount)
		assert.True(t, stored.Paid(), "paid on the marketplace")
		assert.Equal(t, pricing.Quote{}, stored.Breakdown, "kasir did not price it")
		assert.Equal(t, stored.External.Total, stored.GrandTotal())
		for _, it := range stored.Items {
			assert.Zero(t, it.UnitPrice)
			assert.Zero(t, it.Subtotal)
		}
		assert.Equal(t, "import:shopee:"+stored.External.Invoice, stored.IdempotencyKey)
	}
	andiOrder, err := shop.svc.Order(ctx, first.Rows[0].Order.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusBooked, andiOrder.Status(), "the marketplace issued the airway bill")
	assert.Equal(t, "JP4417520938", andiOrder.AirwayBill)
	assert.Equal(t, "jnt", andiOrder.Courier())
	assert.Equal(t, "bdg-coblong", andiOrder.Address.LocationID)
	assert.Equal(t, "+6281311122233", andiOrder.Customer.Phone)
	sariOrder, err := shop.svc.Order(ctx, first.Rows[1].Order.ID)
	require.NoError(t, err)
	assert.Equal(t, checkout.StatusProcessing, sariOrder.Status(), "no airway bill yet")
	rinaOrder, err := shop.svc.Order(ctx, first.Rows[3].Order.ID)
	require.NoError(t, err)
	require.Len(t, rinaOrder.Items, 1)
	assert.Equal(t, "bundle", rinaOrder.Items[0].Kind)

	levels, err = shop.store.StockLevels(ctx, skus)
	require.NoError(t, err)
	assert.Equal(t, before["gayo-250-biji"]-3, levels["gayo-250-biji"], "two in Andi's order, one in the hampers")
	assert.Equal(t, before["topi"]-2, levels["topi"])
	assert.Equal(t, before["toraja-bubuk"]-1, levels["toraja-bubuk"])
	assert.Equal(t, before["toraja-biji"]-1, levels["toraja-biji"], "the hampers' component")

	again, err := shop.svc.PreviewImport(ctx, shopee)
	require.NoError(t, err)
	assert.Equal(t, 3, again.Imported, "the preview tells the rows were imported")
	second, err := shop.svc.CommitImport(ctx, shopee)
	require.NoError(t, err)
	assert.Zero(t, second.Placed, "the same file again creates nothing")
	assert.Equal(t, 3, second.Imported)
	for _, i := range []int{0, 1, 3} {
		assert.Equal(t, first.Rows[i].Order.ID, second.Rows[i].Order.ID)
	}
	assert.Equal(t, 3, countOrders(t, shop.svc))
	after, err := shop.store.StockLevels(ctx, skus)
	require.NoError(t, err)
	assert.Equal(t, levels, after, "stock taken once")

	// --- TikTok Shop: the column description row is left out
	tiktok := kasir.ImportRequest{Orders: readExport(t, "tiktokshop_export.csv", "tiktokshop")}
	tp, err := shop.svc.PreviewImport(ctx, tiktok)
	require.NoError(t, err)
	require.Len(t, tp.Rows, 3)
	dimas, mila, hendra := tp.Rows[0], tp.Rows[1], tp.Rows[2]
	require.True(t, dimas.Accepted, "%v", dimas.Errors)
	assert.Equal(t, money.Money(192000), dimas.External.Subtotal, "the lines after the seller's discount")
	assert.Equal(t, money.Money(112000), dimas.External.Items[0].Subtotal)
	assert.Equal(t, money.Money(65000), dimas.External.Items[0].UnitPrice)
	assert.Equal(t, money.Money(9000), dimas.External.ShippingCost)
	assert.Equal(t, money.Money(201000), dimas.External.Total)
	assert.Equal(t, "bdg-sukajadi", dimas.Request.LocationID)
	assert.Equal(t, "+6281377788899", dimas.Request.Customer.Phone)
	require.True(t, mila.Accepted, "%v", mila.Errors)
	assert.Equal(t, []catalog.LineRequest{{PriceOptionID: "SEDUH-V60", Quantity: 1}}, mila.Request.Bundles, "a bundle by its option id as Seller SKU")
	assert.False(t, hendra.Accepted)
	require.NotEmpty(t, hendra.Errors)
	assert.Equal(t, importing.CodeProductNotMatched, errs.Code(hendra.Errors[0]))

	tc, err := shop.svc.CommitImport(ctx, tiktok)
	require.NoError(t, err)
	assert.Equal(t, 2, tc.Placed)
	assert.Nil(t, tc.Rows[2].Order)
	dimasOrder := tc.Rows[0].Order
	require.NotNil(t, dimasOrder)
	assert.Equal(t, checkout.StatusBooked, dimasOrder.Status())
	assert.Equal(t, "JX3012345678", dimasOrder.AirwayBill)
	tc2, err := shop.svc.CommitImport(ctx, tiktok)
	require.NoError(t, err)
	assert.Zero(t, tc2.Placed)
	assert.Equal(t, 2, tc2.Imported)
	assert.Equal(t, 5, countOrders(t, shop.svc))

	// --- Tokopedia: a report's title above the header, semicolons
	tokped := kasir.ImportRequest{Orders: readExport(t, "tokopedia_export.csv", "tokopedia")}
	kp, err := shop.svc.CommitImport(ctx, tokped)
	require.NoError(t, err)
	require.Len(t, kp.Rows, 2)
	yusuf, wawan := kp.Rows[0], kp.Rows[1]
	require.True(t, yusuf.Accepted, "%v", yusuf.Errors)
	assert.Equal(t, checkout.External{
		Source: "tokopedia", Invoice: "INV/20241201/MPL/4567891234",
		Items:    []checkout.ExternalItem{{SKU: "GAYO-250-BUBUK", Name: "Kopi Gayo 250g Bubuk Arabika", Quantity: 1, UnitPrice: 65000, Subtotal: 65000}},
		Subtotal: 65000, ShippingCost: 10000, Discount: 3000, Total: 72000,
		AirwayBill: "004123456789", Courier: "SiCepat Reguler",
	}, *yusuf.Order.External)
	assert.Equal(t, "kabbdg-cileunyi", yusuf.Order.Address.LocationID)
	assert.Equal(t, "sicepat", yusuf.Order.Courier())
	assert.False(t, wawan.Accepted)
	assert.Nil(t, wawan.Order)
	require.NotEmpty(t, wawan.Errors)
	assert.Equal(t, importing.CodeAmbiguousLocation, errs.Code(wawan.Errors[0]))
	assert.Len(t, wawan.Detected.Location.Alternatives, 2, "the two districts of the postal code")
	assert.Equal(t, 1, kp.Placed)
	assert.Equal(t, 6, countOrders(t, shop.svc))

	// --- after the import: kasir does not re-price, book or post them
	_, err = shop.svc.ChangeOrder(ctx, sariOrder.ID, kasir.OrderChange{Reason: "ganti alamat", Address: &kasir.AddressInput{Line: "Jl. Lain 1"}})
	assert.Equal(t, checkout.CodeOrderNotEditable, errs.Code(err), "the marketplace's amounts are not re-priced")
	for _, to := range []checkout.Status{checkout.StatusShipped, checkout.StatusDelivered} {
		_, err = shop.svc.Transition(ctx, andiOrder.ID, kasir.TransitionRequest{To: to})
		require.NoError(t, err)
	}
	entries, err := shop.svc.LedgerEntries(ctx, ports.LedgerFilter{OrderID: andiOrder.ID})
	require.NoError(t, err)
	assert.Empty(t, entries.Entries, "the marketplace settles it, not the seller's balance here")
	bal, err := shop.svc.Balance(ctx)
	require.NoError(t, err)
	assert.Equal(t, kasir.BalanceView{}, bal)
	rep, err := shop.svc.Report(ctx, kasir.ReportRequest{From: kasirtest.Start.Add(-time.Hour), To: kasirtest.Start.Add(24 * time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Marketplace.Count)
	assert.Equal(t, money.Money(187000), rep.Marketplace.Value, "the total the marketplace reported")
	assert.Zero(t, rep.COD.Count+rep.NonCOD.Count)
	assert.Zero(t, rep.Revenue)
	n := 0
	for _, d := range rep.Days {
		for _, c := range d.Statuses {
			n += c
		}
	}
	assert.Equal(t, 6, n, "every imported order is counted on its day")
}

// A store cannot offer the marketplace's payment, and a checkout cannot
// choose it.
func TestMarketplaceMethodIsNeverOffered(t *testing.T) {
	t.Parallel()
	settings := kasirtest.Settings()
	settings.PaymentMethods = []payment.Method{payment.COD, payment.Marketplace}
	assert.Equal(t, "payment_methods[1]", errs.Field(settings.Validate()))

	shop := newImportShop(t)
	_, err := shop.svc.Quote(t.Context(), kasir.QuoteRequest{
		Lines: []catalog.LineRequest{{SKU: "TOPI", Quantity: 1}}, LocationID: "bdg-coblong", PaymentMethod: payment.Marketplace,
	})
	require.Error(t, err)
	assert.Equal(t, kasir.CodePaymentNotOffered, errs.Code(err))
	_, err = shop.svc.PreviewImport(t.Context(), kasir.ImportRequest{Orders: readImport(t, "kasir.csv"), PaymentMethod: payment.Marketplace})
	assert.Equal(t, "payment_method", errs.Field(err))
}
