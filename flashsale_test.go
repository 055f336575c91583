package kasir_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// The flash sale: 500 buyers at once for 50 units, with a voucher for the
// first 20.
const (
	flashBuyers = 500
	flashUnits  = 50
	flashQuota  = 20
)

var flashVoucher = pricing.Voucher{VoucherRule: pricing.VoucherRule{Code: "KILAT20", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 10000},
	Active: true, Quota: flashQuota}

func flashCatalog(t testing.TB) *catalog.Catalog {
	cat, err := catalog.New([]catalog.ProductSpec{{ID: "p-kilat", Name: "Kaos Edisi Kilat", SKU: "KILAT-01", Status: catalog.Published,
		CODAllowed: true, WeightGrams: 200, Price: 100000, Stock: flashUnits}}, nil)
	require.NoError(t, err)
	return cat
}

// flashServer serves a Service on store over HTTP, without rate limits
// (every buyer has a phone of their own, and the per-phone cap is off).
func flashServer(t testing.TB, cat *catalog.Catalog, store ports.Store) *httptest.Server {
	t.Helper()
	locs := kasirtest.Locations(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locs, Warehouses: locs, Couriers: &kasirtest.Couriers{},
		Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{
		StoreName: "Toko Kilat", PaymentMethods: []payment.Method{payment.COD},
		COD:                   pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
		MaxOpenUnpaidPerPhone: new(0),
	}), kasir.WithLogger(quiet))
	require.NoError(t, err)
	// All 500 buyers arrive at once and queue for a few connections, so
	// the last one waits about as long as the whole sale takes; on a busy
	// machine that is more than the default 10 s deadline. The test is
	// about what is sold, not how fast, so the deadline is generous.
	srv := httptest.NewServer(httpapi.New(svc, httpapi.Config{Logger: quiet, RequestTimeout: 2 * time.Minute}))
	t.Cleanup(srv.Close)
	return srv
}

// flashSale sends the buyers at once, each to one of the servers in turn.
// A buyer asks for the voucher and, told it is used up, asks again without
// it. It returns the error codes of the refusals, by code.
func flashSale(t *testing.T, servers ...*httptest.Server) map[string]int {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	refusals := map[string]int{}
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range flashBuyers {
		done.Go(func() {
			start.Wait()
			url := servers[i%len(servers)].URL + "/v1/orders"
			for _, voucher := range []string{flashVoucher.Code, ""} {
				body, err := json.Marshal(map[string]any{
					"lines": []any{map[string]any{"sku": "KILAT-01", "quantity": 1}}, "courier": "jne", "service": "REG",
					"payment_method": "cod", "product_voucher": voucher,
					"customer": map[string]any{"name": fmt.Sprintf("Pembeli %d", i), "phone": fmt.Sprintf("0813%08d", i)},
					"address":  map[string]any{"line": "Jl. Melawai Raya No. 5", "location_id": "jkt-kebayoran-baru", "postal_code": "12110"},
				})
				if !assert.NoError(t, err) {
					return
				}
				res, err := client.Post(url, "application/json", bytes.NewReader(body))
				if !assert.NoError(t, err) {
					return
				}
				var answer struct {
					Error struct{ Code string } `json:"error"`
				}
				err = json.NewDecoder(res.Body).Decode(&answer)
				res.Body.Close()
				if !assert.NoError(t, err) {
					return
				}
				if res.StatusCode == http.StatusCreated || res.StatusCode == http.StatusOK {
					return
				}
				mu.Lock()
				refusals[answer.Error.Code]++
				mu.Unlock()
				if answer.Error.Code != pricing.CodeVoucherQuotaExhausted {
					return
				}
			}
		})
	}
	start.Done()
	done.Wait()
	return refusals
}

// checkFlashSale asserts the outcome: exactly the units sold, exactly the
// quota discounted, nothing left, and only the refusals a sold-out sale
// gives.
func checkFlashSale(t *testing.T, store ports.Store, refusals map[string]int) {
	t.Helper()
	ctx := context.Background()
	orders, total, err := store.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, flashUnits, total, "orders")
	discounted := 0
	for _, o := range orders {
		if o.ProductVoucher != "" {
			discounted++
			assert.Equal(t, money.Money(10000), o.Breakdown.ProductDiscount)
		}
	}
	assert.Equal(t, flashQuota, discounted, "discounted orders")
	lv, err := store.StockLevels(ctx, []string{"p-kilat"})
	require.NoError(t, err)
	assert.Zero(t, lv["p-kilat"], "units left")
	u, err := store.VoucherUsage(ctx, flashVoucher.Code, "")
	require.NoError(t, err)
	assert.Equal(t, int64(flashQuota), u.Total, "voucher uses")
	for code := range refusals {
		assert.Contains(t, []string{catalog.CodeOutOfStock, pricing.CodeVoucherQuotaExhausted}, code, "refusal codes: %v", refusals)
	}
	// Every buyer without a unit was told so.
	assert.Equal(t, flashBuyers-flashUnits, refusals[catalog.CodeOutOfStock], "refusals: %v", refusals)
}

func TestFlashSaleMemory(t *testing.T) {
	t.Parallel()
	cat := flashCatalog(t)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()), memory.WithVouchers(flashVoucher))
	require.NoError(t, err)
	refusals := flashSale(t, flashServer(t, cat, store))
	checkFlashSale(t, store, refusals)
}

// TestFlashSalePostgres runs the sale on PostgreSQL through two Services,
// each with a store and a pool of its own on one schema, as two server
// processes would.
func TestFlashSalePostgres(t *testing.T) {
	dsn := os.Getenv("KASIR_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("set KASIR_TEST_POSTGRES=postgres://… to run the flash sale on PostgreSQL")
	}
	t.Parallel()
	ctx := t.Context()
	b := make([]byte, 8)
	_, err := rand.Read(b)
	require.NoError(t, err)
	schema := "kasir_test_" + hex.EncodeToString(b)
	cat := flashCatalog(t)
	var stores []*postgres.Store
	var servers []*httptest.Server
	for range 2 {
		cfg, err := pgxpool.ParseConfig(dsn)
		require.NoError(t, err)
		cfg.MaxConns = 8
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		require.NoError(t, err)
		t.Cleanup(pool.Close)
		store, err := postgres.New(ctx, pool, postgres.Schema(schema))
		require.NoError(t, err)
		require.NoError(t, store.Migrate(ctx))
		stores = append(stores, store)
		servers = append(servers, flashServer(t, cat, store))
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err == nil {
			_, err = conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
			conn.Close(ctx)
		}
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	require.NoError(t, stores[0].SeedStock(ctx, cat.InitialStock().Levels()))
	require.NoError(t, stores[0].PutVoucher(ctx, flashVoucher))
	refusals := flashSale(t, servers...)
	checkFlashSale(t, stores[1], refusals)
}
