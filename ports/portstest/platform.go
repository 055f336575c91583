package portstest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// NewPlatformFunc builds the platform a subtest of [TestPlatform] runs
// against: new, without stores or records, independent of every other it
// returns, cleaned up with t.Cleanup. The stores its ForStore returns
// must have the seeding API ([Seeder]).
type NewPlatformFunc = func(t testing.TB) ports.Platform

// TestPlatform checks a ports.Platform: its store management (CreateStore,
// UpdateStore, StoreInfo, StoreByHost, ListStores) and that stores are
// isolated from each other.
//
//   - Interleaved runs the whole [TestStore] suite on one platform, every
//     subtest in a store of its own: dozens of stores at once using the
//     same SKUs, voucher codes, transfer amounts, idempotency keys, order
//     ids, numbers and slugs, event ids and phones, each of which must see
//     exactly what it would see alone.
//   - Isolation places the same orders in two stores and then changes one:
//     nothing of one store (orders by id, slug and listing, counts, stock,
//     voucher usage, held amounts, sequences, idempotency records,
//     vouchers, abandoned checkouts, outbox claims, webhook endpoints,
//     configurations, API keys) is
//     visible or changed through the other.
//   - NoWaiting holds a unit of one store open with every lock a placement
//     takes while a unit of the other store takes the same locks.
//   - Concurrency runs units of two stores in parallel on the same SKU,
//     voucher, transfer amount, idempotency key and sequence: each store
//     keeps its own limits.
//
// Run it with the race detector (go test -race).
func TestPlatform(t *testing.T, newPlatform NewPlatformFunc) {
	t.Run("Stores", func(t *testing.T) {
		t.Parallel()
		testStoreManagement(t, newPlatform(t))
	})
	t.Run("Isolation", func(t *testing.T) {
		t.Parallel()
		testIsolation(t, newPlatform(t))
	})
	t.Run("NoWaiting", func(t *testing.T) {
		t.Parallel()
		testNoWaiting(t, newPlatform(t))
	})
	t.Run("Concurrency", func(t *testing.T) {
		t.Parallel()
		testTwoStoresConcurrently(t, newPlatform(t))
	})
	t.Run("Interleaved", func(t *testing.T) {
		t.Parallel()
		p := newPlatform(t)
		var n atomic.Int64
		TestStore(t, func(t testing.TB, stock map[string]int64, vouchers []pricing.Voucher) ports.Store {
			return seededStore(t, p, fmt.Sprintf("toko-%d", n.Add(1)), stock, vouchers)
		})
	})
}

// seededStore returns the platform's store id, seeded with stock and
// vouchers.
func seededStore(t testing.TB, p ports.Platform, id string, stock map[string]int64, vouchers []pricing.Voucher) ports.Store {
	t.Helper()
	s, err := p.ForStore(id)
	require.NoError(t, err)
	sd, ok := s.(Seeder)
	require.True(t, ok, "the platform's store %T has no seeding API", s)
	ctx := context.Background()
	require.NoError(t, sd.SeedStock(ctx, stock))
	for _, v := range vouchers {
		require.NoError(t, sd.PutVoucher(ctx, v))
	}
	return s
}

// twoStores returns fixtures of stores "toko-a" and "toko-b" of p, each
// with the suite's stock and vouchers.
func twoStores(t *testing.T, p ports.Platform) (a, b *fx) {
	a = &fx{store: seededStore(t, p, "toko-a", fixtureStock(), fixtureVouchers()), ctx: t.Context()}
	b = &fx{store: seededStore(t, p, "toko-b", fixtureStock(), fixtureVouchers()), ctx: t.Context()}
	return a, b
}

// placeAll places o as the Service does, in one unit: the idempotency
// record of key, the order number from the "orders" sequence, the
// transfer amount (the lowest free one from o's amount on), the buyer's
// unpaid orders, the stock, the voucher code (when not ""), the order and
// its event "e-<id>". It returns the number the sequence gave.
func placeAll(ctx context.Context, tx ports.Tx, o *checkout.Order, key, code string) (int64, error) {
	if _, err := tx.Idempotency(ctx, key); !errors.Is(err, ports.ErrNotFound) {
		return 0, fmt.Errorf("idempotency key %q: %w", key, cmpErr(err, ports.ErrDuplicate))
	}
	n, err := tx.NextSequence(ctx, "orders")
	if err != nil {
		return 0, err
	}
	held, err := tx.HeldAmounts(ctx, o.Payment.Amount, o.Payment.Amount+100)
	if err != nil {
		return 0, err
	}
	for slices.Contains(held, o.Payment.Amount) {
		o.Payment.Amount++
	}
	if err := tx.HoldAmount(ctx, o.Payment.Amount, o.ID); err != nil {
		return 0, err
	}
	if _, err := tx.UnpaidOrders(ctx, o.Customer.Phone); err != nil {
		return 0, err
	}
	if err := place(ctx, tx, o, code); err != nil {
		return 0, err
	}
	if err := tx.PutIdempotency(ctx, ports.IdempotencyRecord{Key: key, RequestHash: "h-" + o.ID, OrderID: o.ID, CreatedAt: t0}); err != nil {
		return 0, err
	}
	return n, tx.AppendEvent(ctx, event("e-"+o.ID, o.ID, ports.EventOrderPlaced))
}

// cmpErr returns err, or want when err is nil (a record that should not
// have been there).
func cmpErr(err, want error) error {
	if err == nil {
		return want
	}
	return err
}

// placeIn places the order id in f's store with placeAll and returns the
// number it got.
func (f *fx) placeIn(t testing.TB, id, key, code string) int64 {
	t.Helper()
	var n int64
	f.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		var err error
		n, err = placeAll(ctx, tx, newOrder(t, id, checkout.StatusPendingPayment), key, code)
		return err
	})
	return n
}

func testStoreManagement(t *testing.T, p ports.Platform) {
	ctx := t.Context()
	created := t0.Add(-time.Hour)
	a := ports.StoreInfo{ID: "toko-a", Name: "Toko A", Host: "a.example.com", CreatedAt: created}
	b := ports.StoreInfo{ID: "toko-b", Name: "Toko B", CreatedAt: created.Add(time.Minute)}
	c := ports.StoreInfo{ID: "toko-c", Name: "Toko C", Host: "c.example.com", Disabled: true, CreatedAt: created.Add(2 * time.Minute)}
	// The default store is there from the start.
	def, err := p.StoreInfo(ctx, ports.DefaultStore)
	require.NoError(t, err)
	assert.Equal(t, ports.DefaultStore, def.ID)
	assert.False(t, def.Disabled)
	require.ErrorIs(t, p.CreateStore(ctx, ports.StoreInfo{ID: ports.DefaultStore, Name: "Toko"}), ports.ErrDuplicate)
	for _, info := range []ports.StoreInfo{c, a, b} {
		require.NoError(t, p.CreateStore(ctx, info))
	}
	assertInfo := func(want, got ports.StoreInfo) {
		t.Helper()
		assert.True(t, want.CreatedAt.Equal(got.CreatedAt), "created at %s, want %s", got.CreatedAt, want.CreatedAt)
		got.CreatedAt = want.CreatedAt
		assert.Equal(t, want, got)
	}
	got, err := p.StoreInfo(ctx, "toko-a")
	require.NoError(t, err)
	assertInfo(a, got)

	// Taken ids and hosts, and refused input, create nothing.
	require.ErrorIs(t, p.CreateStore(ctx, ports.StoreInfo{ID: "toko-a", Name: "Lain"}), ports.ErrDuplicate)
	require.ErrorIs(t, p.CreateStore(ctx, ports.StoreInfo{ID: "toko-d", Name: "Toko D", Host: "a.example.com"}), ports.ErrDuplicate)
	for _, bad := range []struct {
		info  ports.StoreInfo
		field string
	}{
		{ports.StoreInfo{ID: "Toko E", Name: "Toko E"}, "store"},
		{ports.StoreInfo{ID: "", Name: "Toko E"}, "store"},
		{ports.StoreInfo{ID: "toko-e", Name: "Toko E", Host: "E.example.com"}, "host"},
		{ports.StoreInfo{ID: "toko-e", Name: "Toko\x00E"}, "name"},
	} {
		err := p.CreateStore(ctx, bad.info)
		assert.Equal(t, errs.CodeInvalidInput, errs.Code(err), "%+v: %v", bad.info, err)
		assert.Equal(t, bad.field, errs.Field(err), "%+v", bad.info)
	}
	for _, id := range []string{"toko-d", "toko-e"} {
		_, err := p.StoreInfo(ctx, id)
		require.ErrorIs(t, err, ports.ErrStoreNotFound, id)
	}
	_, err = p.StoreInfo(ctx, "Toko E")
	require.ErrorIs(t, err, ports.ErrStoreNotFound)

	// Hosts, without regard to case.
	got, err = p.StoreByHost(ctx, "A.Example.COM")
	require.NoError(t, err)
	assertInfo(a, got)
	for _, host := range []string{"b.example.com", "", "example.com"} {
		_, err = p.StoreByHost(ctx, host)
		require.ErrorIs(t, err, ports.ErrStoreNotFound, host)
	}

	// Updates: a host another store has is refused; a freed host can be
	// taken; the creation time stays.
	require.ErrorIs(t, p.UpdateStore(ctx, ports.StoreInfo{ID: "toko-b", Name: "Toko B", Host: "a.example.com"}), ports.ErrDuplicate)
	require.ErrorIs(t, p.UpdateStore(ctx, ports.StoreInfo{ID: "toko-x", Name: "X"}), ports.ErrStoreNotFound)
	err = p.UpdateStore(ctx, ports.StoreInfo{ID: "toko-b", Name: "Toko B", Host: "B.example.com"})
	assert.Equal(t, "host", errs.Field(err))
	a2 := ports.StoreInfo{ID: "toko-a", Name: "Toko A Baru", Disabled: true}
	require.NoError(t, p.UpdateStore(ctx, a2))
	b2 := ports.StoreInfo{ID: "toko-b", Name: "Toko B", Host: "a.example.com"}
	require.NoError(t, p.UpdateStore(ctx, b2))
	a2.CreatedAt, b2.CreatedAt = a.CreatedAt, b.CreatedAt
	got, err = p.StoreInfo(ctx, "toko-a")
	require.NoError(t, err)
	assertInfo(a2, got)
	got, err = p.StoreByHost(ctx, "a.example.com")
	require.NoError(t, err)
	assertInfo(b2, got)
	require.NoError(t, p.UpdateStore(ctx, b2), "keeping its own host is no conflict")

	// Listing by id, paged, with the total.
	list := func(offset, limit int) ([]string, int) {
		t.Helper()
		infos, total, err := p.ListStores(ctx, offset, limit)
		require.NoError(t, err)
		ids := []string{}
		for _, info := range infos {
			ids = append(ids, info.ID)
		}
		return ids, total
	}
	for _, tc := range []struct {
		offset, limit int
		want          []string
	}{
		{0, 0, []string{ports.DefaultStore, "toko-a", "toko-b", "toko-c"}},
		{0, 2, []string{ports.DefaultStore, "toko-a"}},
		{2, 2, []string{"toko-b", "toko-c"}},
		{4, 2, []string{}},
		{1, -1, []string{"toko-a", "toko-b", "toko-c"}},
	} {
		ids, total := list(tc.offset, tc.limit)
		assert.Equal(t, tc.want, ids, "offset %d limit %d", tc.offset, tc.limit)
		assert.Equal(t, 4, total)
	}
	infos, _, err := p.ListStores(ctx, 3, 1)
	require.NoError(t, err)
	require.Len(t, infos, 1)
	assertInfo(c, infos[0])
	_, _, err = p.ListStores(ctx, -1, 10)
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))

	// A handle needs a valid id, not a created store.
	_, err = p.ForStore("Toko A")
	assert.Equal(t, "store", errs.Field(err))
	assert.Equal(t, errs.CodeInvalidInput, errs.Code(err))
	s, err := p.ForStore("belum-dibuat")
	require.NoError(t, err)
	_, total, err := s.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Zero(t, total)
}

func testIsolation(t *testing.T, p ports.Platform) {
	a, b := twoStores(t, p)
	ctx := t.Context()

	// The same order, key, code, amount and phone in both stores: each
	// store numbers its orders from 1.
	assert.Equal(t, int64(1), a.placeIn(t, "o1", "k1", hemat))
	assert.Equal(t, int64(1), b.placeIn(t, "o1", "k1", hemat))
	assert.Equal(t, int64(2), a.placeIn(t, "o2", "k2", hemat))

	// A second handle of a store reads the same records.
	again, err := p.ForStore("toko-a")
	require.NoError(t, err)
	_, total, err := again.ListOrders(ctx, ports.OrderFilter{})
	require.NoError(t, err)
	assert.Equal(t, 2, total)

	// Orders: by id, slug, listing, counts.
	_, err = b.store.Order(ctx, "o2")
	require.ErrorIs(t, err, ports.ErrOrderNotFound)
	_, err = b.store.OrderBySlug(ctx, "slug-o2")
	require.ErrorIs(t, err, ports.ErrOrderNotFound)
	ids, total := a.list(t, ports.OrderFilter{})
	assert.Equal(t, []string{"o2", "o1"}, ids)
	assert.Equal(t, 2, total)
	ids, total = b.list(t, ports.OrderFilter{})
	assert.Equal(t, []string{"o1"}, ids)
	assert.Equal(t, 1, total)
	_, total = b.list(t, ports.OrderFilter{Statuses: []checkout.Status{checkout.StatusPendingPayment}, Limit: 1})
	assert.Equal(t, 1, total, "the per-status totals are the store's")
	_, total = b.list(t, ports.OrderFilter{Query: "budi"})
	assert.Equal(t, 1, total)
	counts := func(f *fx, filter ports.OrderFilter) map[checkout.Status]int {
		t.Helper()
		c, err := f.store.CountByStatus(ctx, filter)
		require.NoError(t, err)
		return c
	}
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 2}, counts(a, ports.OrderFilter{}))
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 1}, counts(b, ports.OrderFilter{}))
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 1}, counts(b, ports.OrderFilter{Query: "budi"}))

	// Stock, voucher usage, held amounts, unpaid orders.
	assert.Equal(t, int64(8), a.levels(t)[kaosM])
	assert.Equal(t, int64(9), b.levels(t)[kaosM])
	assert.Equal(t, pricing.Usage{Total: 2, ByCustomer: 2}, a.usage(t, hemat, phoneBudi))
	assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, b.usage(t, hemat, phoneBudi))
	assert.Equal(t, []money.Money{110123, 110124}, a.held(t))
	assert.Equal(t, []money.Money{110123}, b.held(t))
	assert.Equal(t, 2, a.unpaid(t, phoneBudi))
	assert.Equal(t, 1, b.unpaid(t, phoneBudi))

	// HEMAT10's quota of 2 is used up in A, not in B.
	err = a.store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		_, err := placeAll(ctx, tx, newOrder(t, "o3", checkout.StatusPendingPayment), "k3", hemat)
		return err
	})
	assert.Equal(t, pricing.CodeVoucherQuotaExhausted, errs.Code(err), "%v", err)
	assert.Equal(t, int64(2), b.placeIn(t, "o2", "k2", hemat))
	assert.Equal(t, int64(3), a.placeIn(t, "o3", "k3", ""), "the refused unit gave its number back")

	// Idempotency records and sequences.
	b.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		_, err := tx.Idempotency(ctx, "k3")
		require.ErrorIs(t, err, ports.ErrNotFound, "A's key is not B's")
		rec, err := tx.Idempotency(ctx, "k1")
		require.NoError(t, err)
		assert.Equal(t, "o1", rec.OrderID)
		n, err := tx.NextSequence(ctx, "orders")
		require.NoError(t, err)
		assert.Equal(t, int64(3), n)
		return nil
	})

	// Changing A's order o1 leaves B's alone, and the other way round.
	a.atomic(t, func(ctx context.Context, tx ports.Tx) error { return cancel(ctx, tx, "o1", t0.Add(time.Hour)) })
	a.atomic(t, func(ctx context.Context, tx ports.Tx) error { return tx.ReleaseAmount(ctx, 110123, "o1") })
	assert.Equal(t, checkout.StatusPendingPayment, b.order(t, "o1").Status())
	assert.Equal(t, int64(8), b.levels(t)[kaosM])
	assert.Equal(t, int64(8), a.levels(t)[kaosM], "o1's unit came back to A")
	assert.Equal(t, pricing.Usage{Total: 2, ByCustomer: 2}, b.usage(t, hemat, phoneBudi))
	assert.Equal(t, pricing.Usage{Total: 1, ByCustomer: 1}, a.usage(t, hemat, phoneBudi))
	assert.Equal(t, []money.Money{110123, 110124}, b.held(t))
	assert.Equal(t, []money.Money{110124, 110125}, a.held(t))
	b.atomic(t, func(ctx context.Context, tx ports.Tx) error {
		o, err := tx.Order(ctx, "o1")
		require.NoError(t, err)
		require.NoError(t, o.Transition(checkout.StatusProcessing, t0.Add(2*time.Hour), "paid", ""))
		return tx.SaveOrder(ctx, o)
	})
	assert.Equal(t, checkout.StatusCancelled, a.order(t, "o1").Status())
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 2, checkout.StatusCancelled: 1}, counts(a, ports.OrderFilter{}))
	assert.Equal(t, map[checkout.Status]int{checkout.StatusPendingPayment: 1, checkout.StatusProcessing: 1}, counts(b, ports.OrderFilter{}))

	// Vouchers: a new or replaced voucher in A is not B's.
	khusus := pricing.Voucher{VoucherRule: pricing.VoucherRule{Code: "KHUSUS", Kind: pricing.ProductVoucher, Type: pricing.Fixed, Amount: 1000}, Active: true}
	require.NoError(t, a.store.(Seeder).PutVoucher(ctx, khusus))
	off := fixtureVouchers()[2]
	off.Active = false
	require.NoError(t, a.store.(Seeder).PutVoucher(ctx, off))
	_, err = b.store.Voucher(ctx, "khusus")
	assert.Equal(t, pricing.CodeVoucherNotFound, errs.Code(err), "%v", err)
	vs, err := b.store.Vouchers(ctx)
	require.NoError(t, err)
	assert.Len(t, vs, 4)
	v, err := b.store.Voucher(ctx, ongkir)
	require.NoError(t, err)
	assert.True(t, v.Active)
	require.NoError(t, a.store.(Seeder).SetStock(ctx, topi, 50))
	assert.Equal(t, int64(3), b.levels(t)[topi])

	// Abandoned checkouts: the same id and phone in both.
	capture := func(f *fx, id string) {
		t.Helper()
		_, err := f.store.CaptureAbandoned(ctx, newAbandoned(id, phoneSiti, t0), rename("Siti"))
		require.NoError(t, err)
	}
	capture(a, "ab1")
	capture(b, "ab1")
	require.NoError(t, a.store.CreateAbandoned(ctx, newAbandoned("ab2", phoneAndi, t0)))
	_, err = b.store.Abandoned(ctx, "ab2")
	require.ErrorIs(t, err, ports.ErrAbandonedNotFound)
	require.ErrorIs(t, b.store.UpdateAbandoned(ctx, "ab2", rename("x")), ports.ErrAbandonedNotFound)
	n, err := a.store.ConvertAbandoned(ctx, phoneSiti, "o3", t0.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, checkout.AbandonedOpen, b.abandoned(t, "ab1").Status)
	ids, total = b.listAbandoned(t, ports.AbandonedFilter{Status: checkout.AbandonedOpen})
	assert.Equal(t, []string{"ab1"}, ids)
	assert.Equal(t, 1, total)
	ids, total = a.listAbandoned(t, ports.AbandonedFilter{Status: checkout.AbandonedOpen})
	assert.Equal(t, []string{"ab2"}, ids)
	assert.Equal(t, 1, total)

	// Outbox: each store claims its own events, named after it.
	ids, evsA := a.claim(t, t0, 10, "")
	assert.Equal(t, []string{"e-o1", "e-o2", "e-o3"}, ids)
	for _, e := range evsA {
		assert.Equal(t, "toko-a", e.Store)
	}
	ids, evsB := b.claim(t, t0, 10, "")
	assert.Equal(t, []string{"e-o1", "e-o2"}, ids)
	for _, e := range evsB {
		assert.Equal(t, "toko-b", e.Store)
	}
	bSeqs := []int64{evsB[0].Seq, evsB[1].Seq}
	for _, e := range evsA {
		if !slices.Contains(bSeqs, e.Seq) {
			require.ErrorIs(t, b.store.MarkDelivered(ctx, e.Seq, t0), ports.ErrNotFound, "B cannot mark A's event %d", e.Seq)
			require.ErrorIs(t, b.store.DeferEvent(ctx, e.Seq, t0), ports.ErrNotFound)
		}
	}
	for _, e := range evsA {
		require.NoError(t, a.store.MarkDelivered(ctx, e.Seq, t0))
	}
	ids, _ = b.claim(t, t0.Add(2*time.Minute), 10, "")
	assert.Equal(t, []string{"e-o1", "e-o2"}, ids, "A's deliveries leave B's events waiting")
	ids, _ = a.claim(t, t0.Add(2*time.Minute), 10, "")
	assert.Empty(t, ids)

	// Webhook endpoints: the same id in both.
	wa := ports.WebhookEndpoint{ID: "wh1", URL: "https://a.example/hook", Secret: "whsec_aaaaaaaaaaaaaaaa", CreatedAt: t0}
	wb := ports.WebhookEndpoint{ID: "wh1", URL: "https://b.example/hook", Secret: "whsec_bbbbbbbbbbbbbbbb", CreatedAt: t0}
	require.NoError(t, a.store.PutWebhook(ctx, wa))
	require.NoError(t, b.store.PutWebhook(ctx, wb))
	require.NoError(t, a.store.PutWebhook(ctx, ports.WebhookEndpoint{ID: "wh2", URL: "https://a.example/2", Secret: "whsec_cccccccccccccccc", CreatedAt: t0}))
	require.ErrorIs(t, b.store.DeleteWebhook(ctx, "wh2"), ports.ErrWebhookNotFound)
	require.NoError(t, a.store.DeleteWebhook(ctx, "wh1"))
	got, err := b.store.WebhookEndpoints(ctx)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, wb.URL, got[0].URL)
	got, err = a.store.WebhookEndpoints(ctx)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "wh2", got[0].ID)

	// Configurations: each store numbers its own versions from 1.
	put := func(f *fx, doc string) ports.StoreConfig {
		t.Helper()
		c, err := f.store.PutConfig(ctx, 0, ports.StoreConfig{Data: json.RawMessage(doc), Author: "owner", SavedAt: t0})
		require.NoError(t, err)
		return c
	}
	assert.Equal(t, int64(1), put(a, `{"name":"Toko A"}`).Version)
	version, err := b.store.ConfigVersion(ctx)
	require.NoError(t, err)
	assert.Zero(t, version)
	_, err = b.store.Config(ctx)
	require.ErrorIs(t, err, ports.ErrConfigNotFound)
	assert.Equal(t, int64(1), put(b, `{"name":"Toko B"}`).Version)
	cfg, err := a.store.Config(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"Toko A"}`, string(cfg.Data))

	// API keys: the same id and hash in both; a key of A is unknown to B.
	hash := bytes.Repeat([]byte{7}, ports.APIKeyHashSize)
	key := ports.APIKey{ID: "key1", Name: "pemilik", Role: ports.RoleOwner, Hint: "kx_…7777", Hash: hash, CreatedAt: t0}
	require.NoError(t, a.store.CreateAPIKey(ctx, key))
	_, err = b.store.APIKeyByHash(ctx, hash)
	require.ErrorIs(t, err, ports.ErrAPIKeyNotFound)
	_, err = b.store.RevokeAPIKey(ctx, "key1", t0)
	require.ErrorIs(t, err, ports.ErrAPIKeyNotFound)
	keys, err := b.store.APIKeys(ctx)
	require.NoError(t, err)
	assert.Empty(t, keys)
	require.NoError(t, b.store.CreateAPIKey(ctx, key))
	_, err = b.store.RevokeAPIKey(ctx, "key1", t0)
	require.NoError(t, err)
	k, err := a.store.APIKeyByHash(ctx, hash)
	require.NoError(t, err)
	assert.False(t, k.Revoked(), "revoking B's key leaves A's live")
}

// testNoWaiting holds a unit of store A open after it took every lock a
// placement takes (stock rows, the voucher, the transfer amounts, the
// idempotency key, the phone, the sequence, the order) and checks that a
// unit of store B taking the same locks runs to its end meanwhile.
func testNoWaiting(t *testing.T, p ports.Platform) {
	a, b := twoStores(t, p)
	for _, f := range []*fx{a, b} {
		f.create(t, newOrder(t, "o0", checkout.StatusPendingPayment, number("INV-0")))
	}
	unit := func(ctx context.Context, tx ports.Tx) error {
		if _, err := placeAll(ctx, tx, newOrder(t, "o1", checkout.StatusPendingPayment), "k1", hemat); err != nil {
			return err
		}
		o, err := tx.Order(ctx, "o0")
		if err != nil {
			return err
		}
		return tx.SaveOrder(ctx, o)
	}
	holding, release := make(chan struct{}), make(chan struct{})
	aDone := make(chan error, 1)
	go func() {
		aDone <- a.store.Atomic(t.Context(), func(ctx context.Context, tx ports.Tx) error {
			if err := unit(ctx, tx); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	select {
	case <-holding:
	case err := <-aDone:
		require.NoError(t, err)
		t.Fatal("A's unit ended before holding its locks")
	}
	// B's unit must end while A's is held open; a minute is far longer
	// than it takes, and a unit that waits for A never ends before
	// release.
	bDone := make(chan error, 1)
	go func() { bDone <- b.store.Atomic(t.Context(), unit) }()
	select {
	case err := <-bDone:
		require.NoError(t, err)
	case <-time.After(time.Minute):
		close(release)
		<-aDone
		<-bDone
		t.Fatal("B's unit waited for A's: the stores share a lock")
	}
	close(release)
	require.NoError(t, <-aDone)
	assert.Equal(t, int64(9), a.levels(t)[kaosM])
	assert.Equal(t, int64(9), b.levels(t)[kaosM])
}

// testTwoStoresConcurrently runs units of two stores in parallel, on the
// same SKU, voucher, transfer amount, idempotency key and sequence: each
// store keeps its own limits, as if it ran alone.
func testTwoStoresConcurrently(t *testing.T, p ports.Platform) {
	a, b := twoStores(t, p)
	stores := []*fx{a, b}
	const per = 15
	ctx := t.Context()
	// For unit i: the store is i%2, its index in that store i/2.
	run := func(fn func(f *fx, j int) error) [2][]error {
		errList := parallel(2*per, func(i int) error { return fn(stores[i%2], i/2) })
		var out [2][]error
		for i, err := range errList {
			out[i%2] = append(out[i%2], err)
		}
		return out
	}

	// Stock: 10 units of kaos M in each store.
	res := run(func(f *fx, j int) error {
		o := newOrder(t, fmt.Sprintf("s-%02d", j), checkout.StatusPendingPayment, customer("Pembeli", fmt.Sprintf("+62812%08d", j)))
		return f.store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error { return place(ctx, tx, o, "") })
	})
	for i, f := range stores {
		assert.Equal(t, 10, count(t, res[i], catalog.ErrOutOfStock), "store %d", i)
		assert.Equal(t, int64(0), f.levels(t)[kaosM])
		_, total := f.list(t, ports.OrderFilter{})
		assert.Equal(t, 10, total)
	}

	// A voucher with a quota of 5 in each store.
	res = run(func(f *fx, j int) error {
		return f.store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.RedeemVoucher(ctx, ports.Redemption{Code: lima, Customer: fmt.Sprintf("+62813%08d", j), OrderID: fmt.Sprintf("v-%02d", j)})
		})
	})
	for i, f := range stores {
		ok := 0
		for _, err := range res[i] {
			if err == nil {
				ok++
			} else {
				assert.Equal(t, pricing.CodeVoucherQuotaExhausted, errs.Code(err), "%v", err)
			}
		}
		assert.Equal(t, 5, ok, "store %d", i)
		assert.Equal(t, int64(5), f.usage(t, lima, "").Total)
	}

	// One transfer amount, one idempotency key: one holder in each store.
	res = run(func(f *fx, j int) error {
		return f.store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			return tx.HoldAmount(ctx, 200000, fmt.Sprintf("h-%02d", j))
		})
	})
	for i, f := range stores {
		assert.Equal(t, 1, count(t, res[i], ports.ErrAmountHeld), "store %d", i)
		assert.Equal(t, []money.Money{200000}, f.held(t))
	}
	res = run(func(f *fx, j int) error {
		return f.store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			if _, err := tx.Idempotency(ctx, "sama"); err == nil {
				return ports.ErrDuplicate
			}
			return tx.PutIdempotency(ctx, ports.IdempotencyRecord{Key: "sama", RequestHash: "h", OrderID: fmt.Sprintf("i-%02d", j)})
		})
	})
	for i := range stores {
		assert.Equal(t, 1, count(t, res[i], ports.ErrDuplicate), "store %d", i)
	}

	// A sequence numbers each store's units 1 to 15.
	var got [2][per]int64
	res = run(func(f *fx, j int) error {
		return f.store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
			n, err := tx.NextSequence(ctx, "orders")
			got[slices.Index(stores, f)][j] = n
			return err
		})
	})
	for i := range stores {
		assert.Equal(t, per, count(t, res[i], nil))
		nums := got[i][:]
		slices.Sort(nums)
		want := make([]int64, per)
		for k := range want {
			want[k] = int64(k + 1)
		}
		assert.Equal(t, want, nums, "store %d", i)
	}
}
