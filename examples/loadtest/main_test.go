package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

const (
	testQuote = `{"lines":[{"sku":"BUKU-01","quantity":1}],"location_id":"jkt-kebayoran-baru","courier":"jne","service":"REG",` +
		`"payment_method":"cod","customer":{"name":"Pembeli {n}","phone":"0812{n}"}}`
	testOrder = `{"lines":[{"sku":"BUKU-01","quantity":1}],"courier":"jne","service":"REG","payment_method":"cod",` +
		`"customer":{"name":"Pembeli {n}","phone":"0812{n}"},"address":{"line":"Jl. Melawai Raya No. 5","location_id":"jkt-kebayoran-baru","postal_code":"12110"}}`
)

// TestMain lets the test binary serve the baseline when Run starts it as
// the baseline's process, as the command's own main does.
func TestMain(m *testing.M) {
	serveChildIfAsked()
	os.Exit(m.Run())
}

// TestRunAgainstKasir runs the command briefly against kasir's handler on
// the memory store: every load succeeds and the figures are printed. It
// asserts that the command works, not how fast anything is. The duration
// is far shorter than one request takes: each load's first request is
// still sent and awaited, so the result does not depend on the machine's
// speed.
func TestRunAgainstKasir(t *testing.T) {
	srv, store := kasirServer(t)

	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"-addr", srv.URL, "-admin-token", "s3cret", "-duration", "1ms", "-max-requests", "40",
		"-concurrency", "2", "-quote-body", testQuote, "-order-body", testOrder}, &out, &errOut)
	require.Equal(t, 0, code, "stderr: %s\nstdout: %s", errOut.String(), out.String())
	for _, want := range []string{"quote", "place order", "listing while ordering", "baseline req/s", "ratio", "in-process ratio"} {
		assert.Contains(t, out.String(), want)
	}
	_, total, err := store.ListOrders(t.Context(), ports.OrderFilter{Limit: 1})
	require.NoError(t, err)
	assert.Positive(t, total, "orders were placed")
	assert.LessOrEqual(t, total, 40, "-max-requests bounds the orders")
	t.Log("\n" + out.String())
}

// TestRunRefusesBadFlagsAndAnUnreachableServer: exit 2 without an address,
// 1 when nothing answers.
func TestRunRefusesBadFlagsAndAnUnreachableServer(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(t.Context(), nil, &out, &errOut))
	assert.Contains(t, errOut.String(), "-addr is required")
	srv := httptest.NewServer(nil)
	addr := srv.URL
	srv.Close()
	errOut.Reset()
	assert.Equal(t, 1, run(t.Context(), []string{"-addr", addr, "-duration", "50ms", "-max-requests", "3", "-concurrency", "1"}, &out, &errOut))
	assert.True(t, strings.Contains(errOut.String(), "no quote"), errOut.String())
}

// kasirServer is kasir's handler on the memory store with the test
// catalogue, plenty of Buku Resep and the admin token s3cret.
func kasirServer(t *testing.T) (*httptest.Server, *memory.Store) {
	t.Helper()
	cat := kasirtest.Catalog(t)
	store, err := memory.NewStore(memory.WithStock(cat.InitialStock().Levels()))
	require.NoError(t, err)
	require.NoError(t, store.SetStock(t.Context(), "p-buku", 1_000_000))
	locs := kasirtest.Locations(t)
	svc, err := kasir.New(kasir.Deps{
		Catalog: memory.NewCatalog(cat), Store: store, Locations: locs, Warehouses: locs, Couriers: &kasirtest.Couriers{},
		Clock: memory.SystemClock{}, IDs: memory.IDs{},
	}, kasir.WithSettings(kasir.Settings{StoreName: "Toko Resep", COD: pricing.CODFee{Percent: money.MustRate("2.8"), Payer: pricing.Seller},
		PaymentMethods: []payment.Method{payment.COD}}),
		kasir.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	require.NoError(t, err)
	srv := httptest.NewServer(httpapi.New(svc, httpapi.Config{AdminToken: "s3cret", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	return srv, store
}

// TestGrowthModes runs -fill, -growth and -lines against kasir's handler:
// the fill leaves exactly the orders asked for, every listing row and the
// summary are answered, and carts are placed up to the store's line limit
// (the default, 100) and refused above it with too_many_lines. No figure
// is asserted: they depend on the machine.
func TestGrowthModes(t *testing.T) {
	srv, store := kasirServer(t)
	lineOrder := strings.Replace(testOrder, `[{"sku":"BUKU-01","quantity":1}]`, "{lines}", 1)
	lineQuote := strings.Replace(testQuote, `[{"sku":"BUKU-01","quantity":1}]`, "{lines}", 1)
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"-addr", srv.URL, "-admin-token", "s3cret", "-order-body", testOrder, "-concurrency", "3",
		"-fill", "25", "-growth", "-requests", "2", "-lines", "1,3,101", "-line-sku", "BUKU-01",
		"-line-quote-body", lineQuote, "-line-order-body", lineOrder}, &out, &errOut)
	require.Equal(t, 0, code, "stderr: %s\nstdout: %s", errOut.String(), out.String())
	t.Log("\n" + out.String())

	assert.Contains(t, out.String(), "filled: 25 orders placed")
	assert.Contains(t, out.String(), "orders stored: 25")
	for _, row := range []string{"page of 20 (newest)", "page of 20 at offset 100", "last page of 20", "page of 20, status processing",
		"search: one order's number", "search: a name of many", "summary (count per status)"} {
		assert.Regexp(t, regexp.QuoteMeta(row)+`\s+2\s+200\s`, out.String(), "every request of the row answered 200")
	}
	assert.Regexp(t, `(?m)^\s+3\s+place order\s+2\s+201\s`, out.String())
	assert.Regexp(t, `(?m)^\s+101\s+quote\s+2\s+422 too_many_lines\s`, out.String())
	assert.Regexp(t, `(?m)^\s+101\s+place order\s+2\s+422 too_many_lines\s`, out.String())
	_, total, err := store.ListOrders(t.Context(), ports.OrderFilter{Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, 25+2+2, total, "the fill's orders and the placed carts of 1 and 3 lines")

	// A second fill to the same size places nothing.
	out.Reset()
	require.Equal(t, 0, run(t.Context(), []string{"-addr", srv.URL, "-admin-token", "s3cret", "-order-body", testOrder, "-fill", "20"}, &out, &errOut))
	assert.Contains(t, out.String(), "filled: 0 orders placed")
}

// TestGrowthModesRefuseWhatTheyCannotDo: the listing needs the admin
// token, a line count is a positive number, and a fill that cannot place
// orders fails with the refusal rather than looping.
func TestGrowthModesRefuseWhatTheyCannotDo(t *testing.T) {
	srv, _ := kasirServer(t)
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(t.Context(), []string{"-addr", srv.URL, "-growth"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "-admin-token is required")
	errOut.Reset()
	assert.Equal(t, 2, run(t.Context(), []string{"-addr", srv.URL, "-lines", "1,0"}, &out, &errOut))
	assert.Contains(t, errOut.String(), `"0" is not a line count`)
	errOut.Reset()
	assert.Equal(t, 1, run(t.Context(), []string{"-addr", srv.URL, "-admin-token", "s3cret", "-fill", "5",
		"-order-body", strings.Replace(testOrder, "BUKU-01", "NO-SUCH-SKU", 1)}, &out, &errOut))
	assert.Contains(t, errOut.String(), "unknown_sku")
	errOut.Reset()
	assert.Equal(t, 1, run(t.Context(), []string{"-addr", srv.URL, "-admin-token", "s3cret", "-growth"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "the store holds no orders")
}

// TestWriteStore: the written store file is one examples/server reads,
// with the products added (stock raised) and the line limit asked for;
// without -max-lines the default limit stays.
func TestWriteStore(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	for _, c := range []struct {
		args  []string
		lines int
	}{
		{[]string{"-products", "150", "-max-lines", "150"}, 150},
		{[]string{"-products", "150"}, checkout.DefaultMaxLines},
	} {
		path := filepath.Join(dir, "store.json")
		args := append([]string{"-write-store", path, "-store-base", "../server/demo.json"}, c.args...)
		require.Equal(t, 0, run(t.Context(), args, &out, &errOut), errOut.String())
		s, err := storefile.Load(path)
		require.NoError(t, err)
		assert.Equal(t, c.lines, s.Settings.Limits.Lines())
		assert.Zero(t, s.Settings.Limits.MaxOrderQuantity, "a cart of every product is refused only for its lines")
		v, err := s.Catalog.VariantBySKU("LT-0149")
		require.NoError(t, err)
		assert.Equal(t, int64(900_000), s.Catalog.InitialStock().Levels()[v.ID()])
		v, err = s.Catalog.VariantBySKU("GAYO-250-BIJI")
		require.NoError(t, err)
		assert.Equal(t, int64(900_000), s.Catalog.InitialStock().Levels()[v.ID()], "the demo's own stock is raised")
	}
	assert.Equal(t, 1, run(t.Context(), []string{"-write-store", filepath.Join(dir, "x.json"), "-store-base", filepath.Join(dir, "none.json")}, &out, &errOut))
}
