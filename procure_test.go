package kasir_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/procurement"
)

// procPlatform is a platform with procurement's records.
type procPlatform interface {
	ports.Platform
	ports.Procurement
}

// sellerProduct is one product of a test seller.
type sellerProduct struct {
	sku    string
	price  money.Money
	stock  int64
	grams  int64
	exempt bool
}

// sellerFile is a seller's data file: its tax profile (ppn "0" for a
// seller not registered for VAT), its products and one rate of perKg for
// every route, insured at a flat premium.
func sellerFile(t testing.TB, name, ppn, dpp string, products []sellerProduct, perKg, insurance money.Money) []byte {
	t.Helper()
	var prods []map[string]any
	for _, p := range products {
		m := map[string]any{"id": p.sku, "name": p.sku, "sku": p.sku, "status": "published", "price": p.price, "stock": p.stock, "weight_grams": p.grams}
		if p.exempt {
			m["tax_category"] = "exempt"
		}
		prods = append(prods, m)
	}
	doc := map[string]any{
		"store": map[string]any{
			"name": name, "npwp": "01.234.567.8-901.000", "payment_methods": []string{"invoice"},
			"tax": map[string]any{"ppn_percent": ppn, "dpp_factor": dpp},
		},
		"locations": []map[string]any{
			{"id": "jkt-gambir", "province": "DKI Jakarta", "city": "Jakarta Pusat", "district": "Gambir", "postal_codes": []string{"10110"}},
			{"id": "bdg-coblong", "province": "Jawa Barat", "city": "Kota Bandung", "district": "Coblong", "postal_codes": []string{"40132"}},
		},
		"warehouses": []map[string]any{{"id": "gudang", "name": "Gudang", "location_id": "jkt-gambir", "default": true}},
		"products":   prods,
		"rates": []map[string]any{{
			"courier": "jne", "service": "REG", "name": "JNE Reguler", "origin": "*", "destination": "*",
			"price_per_kg": perKg, "etd_min_days": 2, "etd_max_days": 3, "minimum_kg": 1,
			"insurance": map[string]any{"percent": "0.2", "flat_fee": insurance, "flat_fee_up_to": 100000000},
		}},
	}
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

// procurementFixture is three sellers, a government buyer and the
// procurement of a platform taking Rp2.500 + 1,5% with PPN 12% × 11/12 and
// PPh 23 2% on its fee, and a fixed platform voucher of Rp100.000.
type procurementFixture struct {
	p      procPlatform
	clock  *kasirtest.ManualClock
	stores *kasir.Stores
	proc   *kasir.Procurement
}

func newProcurementFixture(t *testing.T, p procPlatform) *procurementFixture {
	t.Helper()
	ctx := t.Context()
	clock := kasirtest.NewManualClock(time.Date(2026, 12, 2, 20, 30, 0, 0, time.UTC)) // 3 December in WIB
	stores, err := kasir.NewStores(kasir.StoresDeps{Platform: p, Format: storefile.Format{}, Clock: clock, IDs: memory.IDs{}})
	require.NoError(t, err)
	for _, s := range []struct {
		id       string
		file     []byte
		products []sellerProduct
	}{
		{"seller-a", nil, []sellerProduct{{"LAPTOP", 2500000, 5, 500, false}, {"BUKU", 500000, 5, 300, true}}},
		{"seller-b", nil, []sellerProduct{{"KURSI", 1000000, 10, 400, false}, {"PENSIL", 1, 100, 10, false}}},
		{"seller-c", nil, []sellerProduct{{"MEJA", 500000, 3, 400, false}}},
	} {
		var data []byte
		switch s.id {
		case "seller-a":
			data = sellerFile(t, "Toko A", "11", "1", s.products, 50000, 6000)
		case "seller-b":
			data = sellerFile(t, "Toko B", "12", "11/12", s.products, 25000, 0)
		default:
			data = sellerFile(t, "Toko C", "0", "1", s.products, 15000, 0)
		}
		require.NoError(t, p.CreateStore(ctx, ports.StoreInfo{ID: s.id, Name: s.id, CreatedAt: clock.Now(ctx)}))
		st, err := p.ForStore(s.id)
		require.NoError(t, err)
		config, _, err := storefile.Format{}.ParseFile(data)
		require.NoError(t, err)
		_, err = st.PutConfig(ctx, 0, ports.StoreConfig{Data: config, Author: "test", SavedAt: clock.Now(ctx)})
		require.NoError(t, err)
		setup, err := storefile.Format{}.ParseConfig(config)
		require.NoError(t, err)
		require.NoError(t, st.SeedStockIfAbsent(ctx, setup.Catalog.InitialStock().Levels()))
	}
	proc, err := kasir.NewProcurement(stores, p, kasir.ProcurementConfig{
		Platform: procurement.Platform{
			Name: "PaDi", NPWP: "09.876.543.2-109.000", FeeFixed: 2500, FeePercent: money.MustRate("1.5"),
			PPNPercent: money.RateInt(12), DPPFactor: money.MustRate("11/12"), PPh23Percent: money.RateInt(2),
		},
		Vouchers: []pricing.VoucherRule{{Code: "PADI100", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 100000}},
	})
	require.NoError(t, err)
	_, err = proc.PutBuyerAccount(ctx, ports.BuyerAccount{
		ID: "dinas-pu", CompanyName: "Dinas PU Kota Bandung", NPWP: "00.123.456.7-429.000", Kind: "klpd",
		Addresses: []ports.BuyerAddress{{Label: "Kantor", Line: "Jl. Cianjur 34", LocationID: "bdg-coblong", PostalCode: "40132"}},
	})
	require.NoError(t, err)
	return &procurementFixture{p: p, clock: clock, stores: stores, proc: proc}
}

// threeSellers is the purchase of docs/procurement.md's worked example.
func threeSellers(key string, tables int64) kasir.ProcurementRequest {
	return kasir.ProcurementRequest{
		BuyerAccountID: "dinas-pu", PurchaseRequest: "PR/2026/117", ReceiveBy: "2026-12-20",
		Items: []kasir.ProcurementItem{
			{Seller: "seller-a", SKU: "LAPTOP", Quantity: 1},
			{Seller: "seller-b", SKU: "KURSI", Quantity: 2},
			{Seller: "seller-a", SKU: "BUKU", Quantity: 1},
			{Seller: "seller-c", SKU: "MEJA", Quantity: tables},
		},
		Couriers: map[string]kasir.ProcurementCourier{
			"seller-a": {Courier: "jne", Service: "REG", Insurance: true},
			"seller-b": {Courier: "jne", Service: "REG"},
			"seller-c": {Courier: "jne", Service: "REG"},
		},
		Voucher: "PADI100", PaymentTermDays: 30, IdempotencyKey: key,
	}
}

// figures are one seller's order's amounts as docs/procurement.md computes them.
type figures struct {
	subtotal, discount, shipping, insurance, ppn, pph22, pph23 money.Money
	grand, withheld, payable                                   money.Money
	fee, feePPN, feePPh23, settlement                          money.Money
	withholding                                                bool
}

func figuresOf(o *checkout.Order) figures {
	q, p := o.Breakdown, o.Procurement
	return figures{q.Subtotal, q.ProductDiscount, q.ShippingCost, q.InsuranceFee, q.PPN, q.PPh22, q.PPh23,
		q.GrandTotal, q.Withheld, q.Payable, p.PlatformFee, p.PlatformFeePPN, p.PlatformFeePPh23, p.SellerSettlement, p.Withholding}
}

// The worked example, computed by hand in docs/procurement.md.
var (
	wantA = figures{subtotal: 3000000, discount: 50000, shipping: 50000, insurance: 6000, ppn: 270416, pph22: 44250, pph23: 1000,
		grand: 3276416, withheld: 315666, payable: 2960750, fee: 46750, feePPN: 5142, feePPh23: 935, settlement: 2909793, withholding: true}
	wantB = figures{subtotal: 2000000, discount: 33333, shipping: 25000, ppn: 216333,
		grand: 2208000, payable: 2208000, fee: 32001, feePPN: 3520, feePPh23: 640, settlement: 2173119}
	wantC = figures{subtotal: 1000000, discount: 16667, shipping: 15000,
		grand: 998333, payable: 998333, fee: 17250, feePPN: 1897, feePPh23: 345, settlement: 979531}
)

func runProcurement(t *testing.T, p procPlatform) {
	ctx := t.Context()
	f := newProcurementFixture(t, p)

	// Quote: the same figures, nothing placed.
	qt, err := f.proc.Quote(ctx, threeSellers("", 2))
	require.NoError(t, err)
	require.Len(t, qt.Orders, 3)
	assert.Equal(t, wantA, figuresOf(qt.Orders[0].Order))
	assert.Equal(t, money.Money(6167083), qt.Totals.Payable)

	// All or nothing: seller c has 3 tables; 4 fail the whole purchase.
	_, _, err = f.proc.Place(ctx, threeSellers("k-fail", 4))
	var oos *catalog.OutOfStockError
	require.ErrorAs(t, err, &oos)
	assert.Equal(t, "items[3]", errs.Field(err), "the error names the purchase's item")
	for _, id := range []string{"seller-a", "seller-b", "seller-c"} {
		svc, err := f.stores.Service(ctx, id)
		require.NoError(t, err)
		page, err := svc.ListOrders(ctx, ports.OrderFilter{})
		require.NoError(t, err)
		assert.Zero(t, page.Total, "%s: nothing placed", id)
	}
	lv, err := f.p.ForStore("seller-a")
	require.NoError(t, err)
	levels, err := lv.StockLevels(ctx, []string{"LAPTOP", "BUKU"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"LAPTOP": 5, "BUKU": 5}, levels, "seller a's stock is untouched")

	// Placed: one order per seller under one checkout id.
	res, replayed, err := f.proc.Place(ctx, threeSellers("k1", 2))
	require.NoError(t, err)
	assert.False(t, replayed)
	require.Len(t, res.Orders, 3)
	assert.NotEmpty(t, res.CheckoutID)
	want := map[string]figures{"seller-a": wantA, "seller-b": wantB, "seller-c": wantC}
	for _, po := range res.Orders {
		st, err := f.p.ForStore(po.Store)
		require.NoError(t, err)
		o, err := st.Order(ctx, po.Order.ID)
		require.NoError(t, err, po.Store)
		assert.Equal(t, want[po.Store], figuresOf(o), po.Store)
		pr := o.Procurement
		assert.Equal(t, res.CheckoutID, pr.CheckoutID)
		assert.Equal(t, "PR/2026/117", pr.PurchaseRequest)
		assert.Equal(t, "2026-12-20", pr.ReceiveBy)
		assert.Equal(t, "klpd", pr.BuyerKind)
		assert.Equal(t, "00.123.456.7-429.000", pr.BuyerNPWP)
		assert.Equal(t, "01.234.567.8-901.000", pr.SellerNPWP)
		assert.Equal(t, checkout.StatusPendingPayment, o.Status())
		// Placed at 20:30 UTC on 2 December = 3 December WIB; 30 days.
		assert.Equal(t, time.Date(2027, 1, 2, 23, 59, 59, 0, procurement.WIB).Unix(), pr.DueAt.Unix())
	}
	a := res.Orders[0].Order.Procurement
	require.NotNil(t, a.TaxInvoice)
	assert.Equal(t, money.Money(2458333), a.TaxInvoice.DPP)
	assert.Equal(t, money.Money(491667), a.TaxInvoice.ExemptAmount)
	require.NotNil(t, a.WithholdingSlip)
	assert.Equal(t, []procurement.SlipLine{
		{Article: "22", Base: 2950000, Percent: money.MustRate("1.5"), Amount: 44250},
		{Article: "23", Base: 50000, Percent: money.RateInt(2), Amount: 1000},
	}, a.WithholdingSlip.Lines)
	assert.Nil(t, res.Orders[2].Order.Procurement.TaxInvoice, "seller c charges no PPN")
	assert.Equal(t, money.Money(6167083), res.Totals.Payable)
	assert.Equal(t, money.Money(6482749), res.Totals.GrandTotal)
	assert.Equal(t, money.Money(315666), res.Totals.Withheld)
	assert.Equal(t, money.Money(6062443), res.Totals.SellerSettlement)
	assert.Equal(t, money.Money(100000), res.VoucherDiscount)

	// The same key and request: the same purchase; another request: refused.
	again, replayed, err := f.proc.Place(ctx, threeSellers("k1", 2))
	require.NoError(t, err)
	assert.True(t, replayed)
	assert.Equal(t, res.CheckoutID, again.CheckoutID)
	assert.Equal(t, res.Totals, again.Totals)
	_, _, err = f.proc.Place(ctx, threeSellers("k1", 1))
	assert.Equal(t, kasir.CodeIdempotencyConflict, errs.Code(err))
	read, err := f.proc.Purchase(ctx, res.CheckoutID)
	require.NoError(t, err)
	assert.Equal(t, res.Totals, read.Totals)

	// Payments on terms: two parts, then overdue, then paid in full.
	c := res.Orders[2]
	svc, err := f.stores.Service(ctx, "seller-c")
	require.NoError(t, err)
	_, err = svc.RecordTermPayment(ctx, c.Order.ID, kasir.TermPayment{Amount: 500000, Reference: "SP2D-1"})
	require.NoError(t, err)
	o, err := svc.RecordTermPayment(ctx, c.Order.ID, kasir.TermPayment{Amount: 400000, Reference: "SP2D-2"})
	require.NoError(t, err)
	assert.Equal(t, money.Money(900000), o.Procurement.Paid)
	assert.Equal(t, money.Money(98333), o.Procurement.Outstanding())
	_, err = svc.RecordTermPayment(ctx, c.Order.ID, kasir.TermPayment{Amount: 98334})
	assert.Equal(t, procurement.CodePaymentExceedsPayable, errs.Code(err))
	soon, err := svc.TermsDue(ctx, 31*24*time.Hour, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, soon.Total, "due within 31 days")
	overdue, err := svc.TermsDue(ctx, 0, 0, 0)
	require.NoError(t, err)
	assert.Zero(t, overdue.Total)

	f.clock.Set(time.Date(2027, 1, 2, 23, 59, 59, 0, procurement.WIB))
	overdue, err = svc.TermsDue(ctx, 0, 0, 0)
	require.NoError(t, err)
	assert.Zero(t, overdue.Total, "due at the last second of the day, not yet overdue")
	f.clock.Set(time.Date(2027, 1, 3, 0, 0, 0, 0, procurement.WIB))
	overdue, err = svc.TermsDue(ctx, 0, 0, 0)
	require.NoError(t, err)
	require.Equal(t, 1, overdue.Total)
	assert.True(t, overdue.Orders[0].Procurement.Overdue(f.clock.Now(ctx)))

	o, err = svc.RecordTermPayment(ctx, c.Order.ID, kasir.TermPayment{Amount: 98333, Reference: "SP2D-3"})
	require.NoError(t, err)
	assert.True(t, o.Procurement.Settled())
	assert.Equal(t, checkout.StatusProcessing, o.Status())
	assert.False(t, o.Procurement.Overdue(f.clock.Now(ctx)))
	overdue, err = svc.TermsDue(ctx, 0, 0, 0)
	require.NoError(t, err)
	assert.Zero(t, overdue.Total, "paying in full clears overdue")
	_, err = svc.RecordTermPayment(ctx, c.Order.ID, kasir.TermPayment{Amount: 1})
	assert.Equal(t, procurement.CodePaymentExceedsPayable, errs.Code(err))

	// Concurrent payments on seller b's order: never above payable.
	b := res.Orders[1]
	svcB, err := f.stores.Service(ctx, "seller-b")
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := svcB.RecordTermPayment(ctx, b.Order.ID, kasir.TermPayment{Amount: 220800})
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			} else {
				assert.Equal(t, procurement.CodePaymentExceedsPayable, errs.Code(err))
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 10, ok, "2.208.000 / 220.800")
	ob, err := svcB.Order(ctx, b.Order.ID)
	require.NoError(t, err)
	assert.Equal(t, ob.Procurement.Payable, ob.Procurement.Paid)

	// The threshold: seller b's goods at Rp2.000.000 are not withheld, one
	// rupiah more is.
	f.clock.Set(time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC))
	at := kasir.ProcurementRequest{BuyerAccountID: "dinas-pu", PaymentTermDays: 14,
		Items:    []kasir.ProcurementItem{{Seller: "seller-b", SKU: "KURSI", Quantity: 2}},
		Couriers: map[string]kasir.ProcurementCourier{"seller-b": {Courier: "jne", Service: "REG"}}}
	q, err := f.proc.Quote(ctx, at)
	require.NoError(t, err)
	assert.Equal(t, figures{subtotal: 2000000, shipping: 25000, ppn: 220000, grand: 2245000, payable: 2245000,
		fee: 32500, feePPN: 3575, feePPh23: 650, settlement: 2209575}, figuresOf(q.Orders[0].Order))
	above := at
	above.Items = append(above.Items, kasir.ProcurementItem{Seller: "seller-b", SKU: "PENSIL", Quantity: 1})
	placed, _, err := f.proc.Place(ctx, above)
	require.NoError(t, err)
	// X = 2.000.001: PPN floor(220.000,11) = 220.000, PPh 22
	// floor(30.000,015) = 30.000, PPh 23 2% of 25.000 = 500; G =
	// 2.245.001, W = 250.500, P = 1.994.501; fee 2.500 + ceil(30.000,015) =
	// 32.501, its PPN floor(3.575,11) = 3.575, its PPh 23 floor(650,02) = 650.
	assert.Equal(t, figures{subtotal: 2000001, shipping: 25000, ppn: 220000, pph22: 30000, pph23: 500,
		grand: 2245001, withheld: 250500, payable: 1994501, fee: 32501, feePPN: 3575, feePPh23: 650,
		settlement: 1994501 - 32501 - 3575 + 650, withholding: true}, figuresOf(placed.Orders[0].Order))

	// Two lines of one product of a seller are one item of its order.
	twice := at
	twice.Items = []kasir.ProcurementItem{{Seller: "seller-b", SKU: "KURSI", Quantity: 1}, {Seller: "seller-b", SKU: "PENSIL", Quantity: 1}, {Seller: "seller-b", SKU: "KURSI", Quantity: 1}}
	q2, err := f.proc.Quote(ctx, twice)
	require.NoError(t, err)
	require.Len(t, q2.Orders[0].Order.Items, 2)
	assert.Equal(t, money.Money(2000001), q2.Orders[0].Order.Breakdown.Subtotal)
	assert.True(t, q2.Orders[0].Order.Procurement.Withholding)

	// Bad input names the seller and the line.
	bad := threeSellers("", 2)
	_, err = f.proc.Quote(ctx, bad)
	assert.Equal(t, "receive_by", errs.Field(err), "the day to receive by is past")
	bad.ReceiveBy = ""
	bad.Items[1].Seller = "nobody"
	_, err = f.proc.Quote(ctx, bad)
	assert.Equal(t, procurement.CodeUnknownSeller, errs.Code(err))
	assert.Equal(t, "items[1].seller", errs.Field(err))
	bad = threeSellers("", 1)
	bad.ReceiveBy = ""
	delete(bad.Couriers, "seller-c")
	_, err = f.proc.Quote(ctx, bad)
	assert.Equal(t, procurement.CodeCourierRequired, errs.Code(err))
	assert.Equal(t, "couriers.seller-c", errs.Field(err))
	bad = threeSellers("", 1)
	bad.ReceiveBy = ""
	bad.PaymentTermDays = 45
	_, err = f.proc.Quote(ctx, bad)
	assert.Equal(t, procurement.CodePaymentTermNotAllowed, errs.Code(err))
	bad = threeSellers("", 1)
	bad.ReceiveBy = ""
	bad.Items[2].SKU = "NOPE"
	_, err = f.proc.Quote(ctx, bad)
	assert.Equal(t, "items[2].sku", errs.Field(err), errs.Code(err))
}

func TestProcurementMemory(t *testing.T) {
	t.Parallel()
	runProcurement(t, memory.NewPlatform())
}

func TestProcurementPostgres(t *testing.T) {
	store := postgresStore(t, "procurement")
	t.Parallel()
	runProcurement(t, store.Platform())
}
