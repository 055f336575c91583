package kasir_test

import (
	"bytes"
	"context"
	"os"
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
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// platform is a ports.Platform of memory stores, enough for the tests of
// Stores: one *memory.Store per store id.
type platform struct {
	mu     sync.Mutex
	stores map[string]*memory.Store
}

func newPlatform() *platform { return &platform{stores: map[string]*memory.Store{}} }

func (p *platform) ForStore(id string) (ports.Store, error) {
	if err := ports.ValidateStoreID(id); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.stores[id]
	if !ok {
		var err error
		if s, err = memory.NewStore(); err != nil {
			return nil, err
		}
		p.stores[id] = s
	}
	return s, nil
}

func (p *platform) CreateStore(context.Context, ports.StoreInfo) error { return nil }
func (p *platform) UpdateStore(context.Context, ports.StoreInfo) error { return nil }
func (p *platform) StoreInfo(_ context.Context, id string) (ports.StoreInfo, error) {
	return ports.StoreInfo{ID: id}, nil
}
func (p *platform) StoreByHost(context.Context, string) (ports.StoreInfo, error) {
	return ports.StoreInfo{}, ports.ErrStoreNotFound
}
func (p *platform) ListStores(context.Context, int, int) ([]ports.StoreInfo, int, error) {
	return nil, 0, nil
}

// demoConfig is the example server's demo store as a configuration
// document, and its vouchers seeded into store.
func demoConfig(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("examples/server/demo.json")
	require.NoError(t, err)
	config, _, err := storefile.Format{}.ParseFile(data)
	require.NoError(t, err)
	return config
}

// newStores returns Stores on p with the demo's configuration saved for
// store id (stock seeded), and the clock.
func newStores(t testing.TB, p *platform, ids ...string) *kasir.Stores {
	t.Helper()
	s, err := kasir.NewStores(kasir.StoresDeps{Platform: p, Format: storefile.Format{},
		Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{}})
	require.NoError(t, err)
	for _, id := range ids {
		st, err := p.ForStore(id)
		require.NoError(t, err)
		_, err = st.PutConfig(t.Context(), 0, ports.StoreConfig{Data: demoConfig(t), Author: "test", SavedAt: start})
		require.NoError(t, err)
		setup, err := storefile.Format{}.ParseConfig(demoConfig(t))
		require.NoError(t, err)
		require.NoError(t, st.SeedStockIfAbsent(t.Context(), setup.Catalog.InitialStock().Levels()))
	}
	return s
}

// setPrice saves a new configuration version in which the demo's
// GAYO-250-BIJI costs price, made on the latest version.
func setPrice(t testing.TB, st ports.Store, price string) int64 {
	t.Helper()
	cur, err := st.Config(t.Context())
	require.NoError(t, err)
	old := []byte(`"sku":"GAYO-250-BIJI","options":["250 g","Biji"],"price":85000`)
	require.True(t, bytes.Contains(demoConfig(t), old), "the demo's price is found")
	data := bytes.Replace(demoConfig(t), old, []byte(`"sku":"GAYO-250-BIJI","options":["250 g","Biji"],"price":`+price), 1)
	saved, err := st.PutConfig(t.Context(), cur.Version, ports.StoreConfig{Data: data, Author: "seller", SavedAt: start})
	require.NoError(t, err)
	return saved.Version
}

func gayoOrder(expected *money.Money) kasir.OrderRequest {
	return kasir.OrderRequest{
		QuoteRequest: kasir.QuoteRequest{
			Lines:   []catalog.LineRequest{{SKU: "GAYO-250-BIJI", Quantity: 2}},
			Courier: "jne", Service: "REG", PaymentMethod: payment.COD, LocationID: "jaksel-kebayoran-baru",
			Customer: kasir.CustomerInput{Name: "Budi", Phone: "081298765432"},
		},
		Address:            kasir.AddressInput{Line: "Jl. Senopati 1", LocationID: "jaksel-kebayoran-baru"},
		ExpectedGrandTotal: expected,
	}
}

func TestStoresServiceNeedsAConfiguration(t *testing.T) {
	t.Parallel()
	s := newStores(t, newPlatform())
	_, err := s.Service(t.Context(), "kosong")
	require.ErrorIs(t, err, ports.ErrConfigNotFound)
	assert.Equal(t, ports.CodeConfigNotFound, errs.Code(err))
	_, err = s.Service(t.Context(), "Not A Store")
	require.ErrorIs(t, err, errs.Invalid)
	assert.Equal(t, "store", errs.Field(err))
}

func TestStoresMissingDeps(t *testing.T) {
	t.Parallel()
	_, err := kasir.NewStores(kasir.StoresDeps{Format: storefile.Format{}, Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{}})
	assert.Equal(t, "Platform", errs.Field(err))
	_, err = kasir.NewStores(kasir.StoresDeps{Platform: newPlatform(), Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{}})
	assert.Equal(t, "Format", errs.Field(err))
}

// A saved change takes effect on the next quote; until then the same
// Service is served.
func TestStoresRebuildOnNewVersion(t *testing.T) {
	t.Parallel()
	p := newPlatform()
	s := newStores(t, p, "kopi")
	ctx := t.Context()
	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	again, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	assert.Same(t, svc, again, "an unchanged configuration is not rebuilt")
	q, err := svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
	require.NoError(t, err)
	assert.Equal(t, money.Money(85000), q.Items[0].UnitPrice)

	st, _ := p.ForStore("kopi")
	setPrice(t, st, "90000")
	svc2, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	assert.NotSame(t, svc, svc2)
	q, err = svc2.Quote(ctx, gayoOrder(nil).QuoteRequest)
	require.NoError(t, err)
	assert.Equal(t, money.Money(90000), q.Items[0].UnitPrice, "the new price is quoted without a restart")
}

// Two Stores on one platform are two processes on one database: a change
// saved through one takes effect in the other.
func TestStoresSeeChangesOfAnotherProcess(t *testing.T) {
	t.Parallel()
	p := newPlatform()
	a := newStores(t, p, "kopi")
	b := newStores(t, p)
	ctx := t.Context()
	for _, s := range []*kasir.Stores{a, b} {
		svc, err := s.Service(ctx, "kopi")
		require.NoError(t, err)
		q, err := svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
		require.NoError(t, err)
		assert.Equal(t, money.Money(85000), q.Items[0].UnitPrice)
	}
	st, _ := p.ForStore("kopi")
	setPrice(t, st, "77000")
	svc, err := b.Service(ctx, "kopi")
	require.NoError(t, err)
	q, err := svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
	require.NoError(t, err)
	assert.Equal(t, money.Money(77000), q.Items[0].UnitPrice)
}

// With Recheck, a Service is served without asking for the version until
// the time has passed.
func TestStoresRecheck(t *testing.T) {
	t.Parallel()
	p := newPlatform()
	clock := kasirtest.NewManualClock(start)
	s, err := kasir.NewStores(kasir.StoresDeps{Platform: p, Format: storefile.Format{}, Clock: clock, IDs: memory.IDs{}, Recheck: time.Minute})
	require.NoError(t, err)
	newStores(t, p, "kopi") // saves the configuration
	ctx := t.Context()
	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	st, _ := p.ForStore("kopi")
	setPrice(t, st, "90000")
	same, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	assert.Same(t, svc, same, "within Recheck the version is not asked again")
	clock.Advance(time.Minute)
	next, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	assert.NotSame(t, svc, next)
}

// An order keeps the lines it was priced with; a buyer quoted before a
// price change who places with the total shown gets price_changed.
func TestStoresPriceChangeBetweenQuoteAndPlace(t *testing.T) {
	t.Parallel()
	p := newPlatform()
	s := newStores(t, p, "kopi")
	ctx := t.Context()
	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	placed, err := svc.PlaceOrder(ctx, gayoOrder(nil))
	require.NoError(t, err)
	q, err := svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
	require.NoError(t, err)
	shown := q.Breakdown.GrandTotal

	st, _ := p.ForStore("kopi")
	setPrice(t, st, "95000")
	svc, err = s.Service(ctx, "kopi")
	require.NoError(t, err)
	_, err = svc.PlaceOrder(ctx, gayoOrder(&shown))
	require.ErrorIs(t, err, errs.Conflict)
	assert.Equal(t, checkout.CodePriceChanged, errs.Code(err))
	assert.Equal(t, "expected_grand_total", errs.Field(err))

	old, err := svc.Order(ctx, placed.ID)
	require.NoError(t, err)
	assert.Equal(t, money.Money(85000), old.Items[0].UnitPrice, "the order keeps the price it was placed at")
	assert.Equal(t, placed.Breakdown.GrandTotal, old.Breakdown.GrandTotal)

	q, err = svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
	require.NoError(t, err)
	now := q.Breakdown.GrandTotal
	o, err := svc.PlaceOrder(ctx, gayoOrder(&now))
	require.NoError(t, err, "the total of the new price is accepted")
	assert.Equal(t, money.Money(95000), o.Items[0].UnitPrice)
}

// Buyers quote while the seller saves new prices: every quote has one of
// the prices saved, and the last one wins.
func TestStoresConcurrentQuotesAndEdits(t *testing.T) {
	t.Parallel()
	p := newPlatform()
	s := newStores(t, p, "kopi")
	st, _ := p.ForStore("kopi")
	ctx := t.Context()
	prices := []string{"86000", "87000", "88000", "89000", "90000"}
	var wg sync.WaitGroup
	errc := make(chan error, 64)
	wg.Go(func() {
		for _, price := range prices {
			setPrice(t, st, price)
		}
	})
	for range 8 {
		wg.Go(func() {
			for range 20 {
				svc, err := s.Service(ctx, "kopi")
				if err != nil {
					errc <- err
					return
				}
				q, err := svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
				if err != nil {
					errc <- err
					return
				}
				if p := q.Items[0].UnitPrice; p < 85000 || p > 90000 || p%1000 != 0 {
					errc <- errs.Invalidf("bad", "unexpected price %d", p)
				}
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		require.NoError(t, err)
	}
	svc, err := s.Service(ctx, "kopi")
	require.NoError(t, err)
	q, err := svc.Quote(ctx, gayoOrder(nil).QuoteRequest)
	require.NoError(t, err)
	assert.Equal(t, money.Money(90000), q.Items[0].UnitPrice)
}
