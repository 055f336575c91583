package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// The most round trips placing an order may take, as measured. A COD
// order: the quote's two stock reads (totals, then per warehouse); the
// unit in three — its BEGIN with the warehouse rows' lock, the stock taken
// (take_stock, held back) with the sequence, and the order and its event
// held back until the COMMIT, all in one batch; the abandoned-checkout
// check; and the relay delivering the event (the claim, then the mark with
// the next claim in one batch). The full order adds the voucher read and
// its usage in the quote, and in the unit the key's lock and read (one
// batch, with the BEGIN), the unpaid count with its lock (one batch), the
// voucher locked and its usage read once (the unit's own redemption adds
// to the count it keeps), the kode unik lock with the read and the hold;
// the redemption, the stock taken and the key's insert are held back and
// ride with later statements.
const (
	maxTripsCOD  = 8
	maxTripsFull = 16
)

// tripCounter is a pgx tracer that counts round trips to the database: each
// query or command (BEGIN and COMMIT included) and each batch is one.
type tripCounter struct {
	mu    sync.Mutex
	n     int
	texts []string
}

func (c *tripCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.add(d.SQL)
	return ctx
}

func (c *tripCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *tripCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	c.add("batch of " + strings.Repeat("•", d.Batch.Len()))
	return ctx
}

func (c *tripCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (c *tripCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (c *tripCounter) add(sql string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.texts = append(c.texts, strings.Join(strings.Fields(sql), " "))
}

// take returns the round trips counted since the last call and their SQL.
func (c *tripCounter) take() (int, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, texts := c.n, c.texts
	c.n, c.texts = 0, nil
	return n, texts
}

// tracedPool is a pool of its own on the test database whose round trips
// c counts.
func tracedPool(t *testing.T, c *tripCounter) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(testDSN(t))
	require.NoError(t, err)
	cfg.MaxConns = 2
	cfg.ConnConfig.Tracer = c
	p, err := pgxpool.NewWithConfig(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

// TestRoundTripsPerOrder counts the round trips of placing an order on
// PostgreSQL, so that they cannot creep back: a COD order, and a bank
// transfer with a voucher, an idempotency key and an open abandoned
// checkout for the phone.
func TestRoundTripsPerOrder(t *testing.T) {
	var c tripCounter
	p := tracedPool(t, &c)
	name := schemaName(t)
	store, err := postgres.New(t.Context(), p, postgres.Schema(name))
	require.NoError(t, err)
	t.Cleanup(func() { dropSchema(t, testPool(t), name) })
	require.NoError(t, store.Migrate(t.Context()))
	f := newServiceFixtureOn(t, store)
	ctx := t.Context()

	for _, tc := range []struct {
		name string
		max  int
		req  func() kasir.OrderRequest
	}{
		{"cod", maxTripsCOD, func() kasir.OrderRequest { return orderRequest(1) }},
		{"transfer_voucher_key", maxTripsFull, func() kasir.OrderRequest {
			r := orderRequest(2)
			r.PaymentMethod = payment.BankTransfer
			r.ProductVoucher = "HEMAT10"
			r.IdempotencyKey = "key-2"
			return r
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.req()
			c.take()
			_, err := f.svc.PlaceOrder(ctx, r)
			require.NoError(t, err)
			n, texts := c.take()
			t.Logf("%d round trips:\n%s", n, strings.Join(texts, "\n"))
			require.LessOrEqual(t, n, tc.max, "round trips of one order")
		})
	}
}

// TestServedVersionIsOneRoundTrip checks what every request of the JSON API
// and the pages asks first: whether the store is served and its latest
// configuration version, answered by one statement, and answered right for
// a store without a record (the default store is served, another is not),
// a disabled store and a configuration saved since.
func TestServedVersionIsOneRoundTrip(t *testing.T) {
	var c tripCounter
	p := tracedPool(t, &c)
	name := schemaName(t)
	store, err := postgres.New(t.Context(), p, postgres.Schema(name))
	require.NoError(t, err)
	t.Cleanup(func() { dropSchema(t, testPool(t), name) })
	require.NoError(t, store.Migrate(t.Context()))
	ctx := t.Context()
	platform := store.Platform()

	served := func(id string) (int64, bool, error) {
		t.Helper()
		c.take()
		v, known, err := ports.ServedVersion(ctx, platform, id)
		n, texts := c.take()
		require.Equal(t, 1, n, "round trips: %v", texts)
		return v, known, err
	}

	v, known, err := served(ports.DefaultStore)
	require.NoError(t, err, "the default store is served without a record")
	assert.True(t, known)
	assert.Zero(t, v)

	_, _, err = served("toko-a")
	require.ErrorIs(t, err, ports.ErrStoreNotFound, "a store without a record")

	require.NoError(t, platform.CreateStore(ctx, ports.StoreInfo{ID: "toko-a", Name: "Toko A"}))
	a, err := store.ForStore("toko-a")
	require.NoError(t, err)
	for want := int64(1); want <= 2; want++ {
		_, err = a.PutConfig(ctx, want-1, ports.StoreConfig{Data: []byte(`{}`), Author: "test"})
		require.NoError(t, err)
		v, known, err = served("toko-a")
		require.NoError(t, err)
		assert.True(t, known)
		assert.Equal(t, want, v, "the version saved last")
	}
	v, _, err = served(ports.DefaultStore)
	require.NoError(t, err)
	assert.Zero(t, v, "another store's configuration is not the default store's")

	require.NoError(t, platform.UpdateStore(ctx, ports.StoreInfo{ID: "toko-a", Name: "Toko A", Disabled: true}))
	_, _, err = served("toko-a")
	require.ErrorIs(t, err, ports.ErrStoreNotFound, "a disabled store")

	_, _, err = ports.ServedVersion(ctx, platform, "Not A Store")
	require.ErrorIs(t, err, ports.ErrStoreNotFound, "an invalid id")
}
