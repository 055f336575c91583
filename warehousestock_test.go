package kasir_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// warehouseService is the fixture's Service with three warehouses listed
// default Bandung, Jayapura, Jakarta (the buyer's district), each holding
// the given units of p-buku in the store, and the given rule.
func warehouseService(t *testing.T, rule shipping.WarehouseRule, bdg, jpr, jkt int64) (*fixture, *kasir.Service) {
	t.Helper()
	f := newFixture(t)
	locs, err := memory.NewLocations([]shipping.Location{
		{ID: "jkt-kebayoran-baru", Province: "DKI Jakarta", City: "Jakarta Selatan", District: "Kebayoran Baru", PostalCodes: []string{"12110", "12120"}, COD: true},
		{ID: "bdg-coblong", Province: "Jawa Barat", City: "Bandung", District: "Coblong", PostalCodes: []string{"40132"}, COD: true},
		{ID: "jpr-abepura", Province: "Papua", City: "Jayapura", District: "Abepura", PostalCodes: []string{"99351"}, COD: false},
	}, []shipping.Warehouse{
		{ID: "gudang-bdg", LocationID: "bdg-coblong", Default: true},
		{ID: "gudang-jpr", LocationID: "jpr-abepura"},
		{ID: "gudang-jkt", LocationID: "jkt-kebayoran-baru"},
	}, nil)
	require.NoError(t, err)
	for w, n := range map[string]int64{"gudang-bdg": bdg, "gudang-jpr": jpr, "gudang-jkt": jkt} {
		require.NoError(t, f.store.SetWarehouseStock(ctx, w, map[string]int64{"p-buku": n}))
	}
	deps := f.deps()
	deps.Locations, deps.Warehouses = locs, locs
	settings := f.settings
	settings.WarehouseRule = rule
	svc, err := kasir.New(deps, kasir.WithSettings(settings))
	require.NoError(t, err)
	return f, svc
}

// bukuAt returns p-buku's units per warehouse and checks the total is
// their sum.
func bukuAt(t *testing.T, s *memory.Store) map[string]int64 {
	t.Helper()
	wl, err := s.WarehouseLevels(ctx, []string{"p-buku"})
	require.NoError(t, err)
	tot, err := s.StockLevels(ctx, []string{"p-buku"})
	require.NoError(t, err)
	out := map[string]int64{}
	var sum int64
	for w, lv := range wl {
		out[w] = lv["p-buku"]
		sum += lv["p-buku"]
	}
	assert.Equal(t, sum, tot["p-buku"], "the total is the sum of the warehouses")
	return out
}

func TestConcurrentOrdersTakeStockPerWarehouse(t *testing.T) {
	f, svc := warehouseService(t, "", 2, 5, 3)
	const n = 14 // 10 units in all
	var mu sync.Mutex
	from := map[string]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := svc.PlaceOrder(ctx, order())
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				from[errs.Code(err)]++
				return
			}
			assert.Equal(t, o.StockWarehouseID, o.Shipment.WarehouseID, "the parcel ships from where the stock was taken")
			from[o.StockWarehouseID]++
		}()
	}
	wg.Wait()
	// Default first, then the nearest (Jakarta), then Jayapura.
	assert.Equal(t, map[string]int{"gudang-bdg": 2, "gudang-jkt": 3, "gudang-jpr": 5, catalog.CodeOutOfStock: n - 10}, from)
	assert.Equal(t, map[string]int64{"gudang-bdg": 0, "gudang-jkt": 0, "gudang-jpr": 0}, bukuAt(t, f.store))
}

func TestNearestRuleAndCancelGivesBackToTheWarehouse(t *testing.T) {
	f, svc := warehouseService(t, shipping.RuleNearest, 0, 5, 3)
	q, err := svc.Quote(ctx, quoteReq())
	require.NoError(t, err)
	assert.Equal(t, "gudang-jkt", q.Shipment.WarehouseID, "the quote ships from the warehouse placing would take from")
	o, err := svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	assert.Equal(t, "gudang-jkt", o.StockWarehouseID)
	assert.Equal(t, "jkt-kebayoran-baru", o.Shipment.OriginID)
	assert.Equal(t, map[string]int64{"gudang-bdg": 0, "gudang-jkt": 2, "gudang-jpr": 5}, bukuAt(t, f.store))
	stored, err := f.store.Order(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "gudang-jkt", stored.StockWarehouseID, "the order records the warehouse")

	_, err = svc.Transition(ctx, o.ID, kasir.TransitionRequest{To: checkout.StatusCancelled, Reason: "pembeli batal"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"gudang-bdg": 0, "gudang-jkt": 3, "gudang-jpr": 5}, bukuAt(t, f.store))
}

func TestMostStockRule(t *testing.T) {
	f, svc := warehouseService(t, shipping.RuleMostStock, 2, 5, 3)
	o, err := svc.PlaceOrder(ctx, order())
	require.NoError(t, err)
	assert.Equal(t, "gudang-jpr", o.StockWarehouseID)
	assert.Equal(t, map[string]int64{"gudang-bdg": 2, "gudang-jkt": 3, "gudang-jpr": 4}, bukuAt(t, f.store))
}

func TestNoWarehouseHoldsEveryLineIsOutOfStock(t *testing.T) {
	f, svc := warehouseService(t, "", 2, 1, 1)
	r := order()
	r.Lines[0].Quantity = 3 // 4 in all, at most 2 in one warehouse
	_, err := svc.PlaceOrder(ctx, r)
	require.Equal(t, catalog.CodeOutOfStock, errs.Code(err), "%v", err)
	assert.Equal(t, map[string]int64{"gudang-bdg": 2, "gudang-jkt": 1, "gudang-jpr": 1}, bukuAt(t, f.store))
	orders, _, err := f.store.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Empty(t, orders)
}

func TestWarehouseRuleSettingIsChecked(t *testing.T) {
	s := kasirtest.Settings()
	s.WarehouseRule = "closest"
	assert.Equal(t, "warehouse_rule", errs.Field(s.Validate()))
}
