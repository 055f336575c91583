package kasir_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// imported returns Stores on a new platform and the manager of store
// "kopi", into which the demo data file was imported.
func imported(t *testing.T) (*kasir.Stores, *kasir.Manager) {
	t.Helper()
	s, err := kasir.NewStores(kasir.StoresDeps{Platform: newPlatform(), Format: storefile.Format{},
		Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{}})
	require.NoError(t, err)
	m, err := s.Manager("kopi")
	require.NoError(t, err)
	data, err := os.ReadFile("examples/server/demo.json")
	require.NoError(t, err)
	res, err := m.Import(t.Context(), kasir.Edit{Author: "import"}, data)
	require.NoError(t, err)
	assert.Equal(t, int64(1), res.Config.Version)
	assert.Positive(t, res.Vouchers)
	return s, m
}

func gayoSpec(t *testing.T, m *kasir.Manager) catalog.ProductSpec {
	t.Helper()
	ps, _, err := m.Products(t.Context())
	require.NoError(t, err)
	for _, p := range ps {
		if p.ID == "kopi-gayo" {
			return p
		}
	}
	t.Fatal("no kopi-gayo")
	return catalog.ProductSpec{}
}

func TestManagerImportSeedsAndKeepsStock(t *testing.T) {
	t.Parallel()
	s, m := imported(t)
	ctx := t.Context()
	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	_, err = svc.PlaceOrder(ctx, gayoOrder(nil)) // 2 of GAYO-250-BIJI (40 in the file)
	require.NoError(t, err)

	data, err := os.ReadFile("examples/server/demo.json")
	require.NoError(t, err)
	res, err := m.Import(ctx, kasir.Edit{}, data)
	require.NoError(t, err)
	assert.Equal(t, int64(2), res.Config.Version)
	st, err := s.Store("kopi")
	require.NoError(t, err)
	lv, err := st.StockLevels(ctx, []string{"kopi-gayo-250-biji"})
	require.NoError(t, err)
	assert.Equal(t, int64(38), lv["kopi-gayo-250-biji"], "an import seeds stock only where the store has none")

	// A refused file stores nothing.
	_, err = m.Import(ctx, kasir.Edit{}, []byte(`{"store":{"name":""}}`))
	require.Error(t, err)
	cur, err := m.Config(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(2), cur.Version)
}

func TestManagerProductEdits(t *testing.T) {
	t.Parallel()
	s, m := imported(t)
	ctx := t.Context()

	p := gayoSpec(t, m)
	p.Variants[0].Price = -1
	_, err := m.PutProduct(ctx, kasir.Edit{}, p)
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "products[0].variants[0].price", errs.Field(err), "the error names the field in the document")
	cur, err := m.Config(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), cur.Version, "a refused change saves nothing")

	p.Variants[0].Price = 99000
	saved, err := m.PutProduct(ctx, kasir.Edit{Author: "siti"}, p)
	require.NoError(t, err)
	assert.Equal(t, int64(2), saved.Version)
	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	q, err := svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
	require.NoError(t, err)
	assert.Equal(t, money.Money(99000), q.Items[0].UnitPrice)

	// A change made on an old version is refused.
	_, err = m.PutProduct(ctx, kasir.Edit{Version: 1}, p)
	require.ErrorIs(t, err, ports.ErrVersionConflict)
	assert.Equal(t, ports.CodeVersionConflict, errs.Code(err))

	// Drafts are not sold.
	_, err = m.SetProductStatus(ctx, kasir.Edit{}, "kopi-gayo", catalog.Draft)
	require.NoError(t, err)
	svc, err = s.Service(ctx, "kopi")
	require.NoError(t, err)
	_, err = svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
	assert.Equal(t, catalog.CodeProductUnavailable, errs.Code(err))
	_, err = m.SetProductStatus(ctx, kasir.Edit{}, "nope", catalog.Published)
	assert.Equal(t, catalog.CodeUnknownProduct, errs.Code(err))
	_, err = m.SetProductStatus(ctx, kasir.Edit{}, "kopi-gayo", "hidden")
	assert.Equal(t, "status", errs.Field(err))

	// A product a bundle sells cannot go.
	_, err = m.DeleteProduct(ctx, kasir.Edit{}, "tumbler")
	require.Error(t, err)
	assert.Contains(t, errs.Field(err), "bundles[0]")
	_, err = m.DeleteProduct(ctx, kasir.Edit{}, "ebook-seduh")
	require.NoError(t, err)
	ps, _, err := m.Products(ctx)
	require.NoError(t, err)
	for _, p := range ps {
		assert.NotEqual(t, "ebook-seduh", p.ID)
	}
}

// Edits of different products made at once on the latest version are
// all kept: a save that loses the race is made again on the new version.
func TestManagerConcurrentEditsAllApply(t *testing.T) {
	t.Parallel()
	_, m := imported(t)
	ctx := t.Context()
	const n = 6
	var wg sync.WaitGroup
	errc := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errc[i] = m.PutProduct(ctx, kasir.Edit{Author: fmt.Sprint(i)}, catalog.ProductSpec{
				ID: fmt.Sprintf("baru-%d", i), Name: "Produk baru", SKU: fmt.Sprintf("BARU-%d", i),
				Status: catalog.Published, WeightGrams: 100, Price: 1000, Stock: 1,
			})
		})
	}
	wg.Wait()
	for _, err := range errc {
		require.NoError(t, err)
	}
	ps, v, err := m.Products(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1+n), v)
	ids := map[string]bool{}
	for _, p := range ps {
		ids[p.ID] = true
	}
	for i := range n {
		assert.True(t, ids[fmt.Sprintf("baru-%d", i)], "baru-%d", i)
	}
}

// Of concurrent changes all made on one version exactly one is saved.
func TestManagerConcurrentEditsOnOneVersion(t *testing.T) {
	t.Parallel()
	_, m := imported(t)
	ctx := t.Context()
	const n = 8
	var wg sync.WaitGroup
	errc := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errc[i] = m.PutSection(ctx, kasir.Edit{Version: 1}, "bank_accounts",
				json.RawMessage(fmt.Sprintf(`[{"bank_code":"BCA","account_number":"12345678%02d","account_name":"Toko"}]`, i)))
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errc {
		if err == nil {
			won++
		} else {
			require.True(t, errors.Is(err, ports.ErrVersionConflict), "%v", err)
		}
	}
	assert.Equal(t, 1, won)
}

func TestManagerSections(t *testing.T) {
	t.Parallel()
	s, m := imported(t)
	ctx := t.Context()
	_, err := m.PutSection(ctx, kasir.Edit{}, "vouchers", json.RawMessage(`[]`))
	assert.Equal(t, "section", errs.Field(err))
	_, err = m.PutSection(ctx, kasir.Edit{}, "store", json.RawMessage(`{"name":"Kopi Baru","tax":{"ppn_percent":"200"}}`))
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "store.tax.ppn_percent", errs.Field(err))
	_, err = m.PutSection(ctx, kasir.Edit{}, "store", json.RawMessage(`{"name":"Kopi Baru","payment_methods":["cod"]}`))
	require.NoError(t, err)
	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	assert.Equal(t, "Kopi Baru", svc.Settings().StoreName)
	raw, v, err := m.Section(ctx, "store")
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)
	assert.JSONEq(t, `{"name":"Kopi Baru","payment_methods":["cod"]}`, string(raw))
	_, err = m.PutSection(ctx, kasir.Edit{}, "warehouses", json.RawMessage(`[]`))
	assert.Equal(t, "warehouses", errs.Field(err))
}

func TestManagerVouchersAndExport(t *testing.T) {
	t.Parallel()
	s, m := imported(t)
	ctx := t.Context()
	_, err := m.PutVoucher(ctx, []byte(`{"code":"KOPI5","kind":"product","type":"fixed","value":5000,"skus":["GAYO-250-BIJI"]}`))
	require.NoError(t, err)
	_, err = m.PutVoucher(ctx, []byte(`{"code":"X","kind":"product","type":"fixed","value":5000,"skus":["NOPE"]}`))
	assert.Equal(t, "skus[0]", errs.Field(err))

	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	req := gayoOrder(nil)
	req.ProductVoucher = "KOPI5"
	_, err = svc.PlaceOrder(ctx, req)
	require.NoError(t, err)
	v, err := m.Voucher(ctx, "kopi5")
	require.NoError(t, err)
	assert.Equal(t, int64(1), v.Used)
	assert.True(t, v.Active)

	v, err = m.SetVoucherActive(ctx, "KOPI5", false)
	require.NoError(t, err)
	assert.False(t, v.Active)
	assert.Equal(t, int64(1), v.Used, "the order keeps its use")
	req.Customer.Phone = "081311112222"
	_, err = svc.PlaceOrder(ctx, req)
	assert.Equal(t, pricing.CodeVoucherInactive, errs.Code(err))
	_, err = m.SetVoucherActive(ctx, "NONE", false)
	assert.Equal(t, pricing.CodeVoucherNotFound, errs.Code(err))

	// The export is a data file another store imports as it is.
	file, version, err := m.Export(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), version)
	other, err := s.Manager("kopi-dua")
	require.NoError(t, err)
	_, err = other.Import(ctx, kasir.Edit{}, file)
	require.NoError(t, err)
	vs, err := other.Vouchers(ctx)
	require.NoError(t, err)
	all, err := m.Vouchers(ctx)
	require.NoError(t, err)
	require.Len(t, vs, len(all))
	for i := range vs {
		assert.Equal(t, all[i].Code, vs[i].Code)
		assert.Equal(t, all[i].Active, vs[i].Active)
		assert.Zero(t, vs[i].Used, "uses are the store's own")
	}
	a, err := m.Config(ctx)
	require.NoError(t, err)
	b, err := other.Config(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, string(a.Data), string(b.Data))
}
