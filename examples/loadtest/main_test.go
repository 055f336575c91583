package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
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

// TestRunAgainstKasir runs the command briefly against kasir's handler on
// the memory store: every load succeeds and the figures are printed. It
// asserts that the command works, not how fast anything is. The duration
// is far shorter than one request takes: each load's first request is
// still sent and awaited, so the result does not depend on the machine's
// speed.
func TestRunAgainstKasir(t *testing.T) {
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
	defer srv.Close()

	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"-addr", srv.URL, "-admin-token", "s3cret", "-duration", "1ms", "-max-requests", "40",
		"-concurrency", "2", "-quote-body", testQuote, "-order-body", testOrder}, &out, &errOut)
	require.Equal(t, 0, code, "stderr: %s\nstdout: %s", errOut.String(), out.String())
	for _, want := range []string{"quote", "place order", "listing while ordering", "baseline req/s", "ratio"} {
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
