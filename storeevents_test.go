package kasir_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/ports"
)

// configureStores saves the demo's configuration for each store of p and
// seeds its stock.
func configureStores(t testing.TB, p ports.Platform, ids ...string) {
	t.Helper()
	for _, id := range ids {
		st, err := p.ForStore(id)
		require.NoError(t, err)
		_, err = st.PutConfig(t.Context(), 0, ports.StoreConfig{Data: demoConfig(t), Author: "test", SavedAt: start})
		require.NoError(t, err)
		setup, err := storefile.Format{}.ParseConfig(demoConfig(t))
		require.NoError(t, err)
		require.NoError(t, st.SeedStockIfAbsent(t.Context(), setup.Catalog.InitialStock().Levels()))
	}
}

// Each store's relay delivers its events to the shared sink and to the
// store's own sink (StoresDeps.StoreEvents), made once per store with
// the store's handle: two stores ordering at once each get their own
// events, never the other's; Stores.StoreEvents is the same sink.
func TestStoresDeliverEachStoresEventsToItsOwnSink(t *testing.T) {
	t.Parallel()
	p := memory.NewPlatform()
	configureStores(t, p, "toko-a", "toko-b")
	shared := kasirtest.NewEvents()
	var mu sync.Mutex
	own := map[string]*kasirtest.Events{}
	made := map[string]int{}
	s, err := kasir.NewStores(kasir.StoresDeps{Platform: p, Format: storefile.Format{}, Events: shared,
		Clock: kasirtest.NewManualClock(start), IDs: memory.IDs{},
		StoreEvents: func(_ context.Context, id string, st ports.Store) (ports.Events, error) {
			mine, err := p.ForStore(id)
			require.NoError(t, err)
			assert.Same(t, mine, st, "the store's own handle")
			mu.Lock()
			defer mu.Unlock()
			made[id]++
			own[id] = kasirtest.NewEvents()
			return own[id], nil
		}})
	require.NoError(t, err)

	const perStore = 5
	var wg sync.WaitGroup
	placed := map[string][]string{}
	for _, id := range []string{"toko-a", "toko-b"} {
		for i := range perStore {
			wg.Go(func() {
				svc, err := s.Service(t.Context(), id)
				require.NoError(t, err)
				req := gayoOrder(nil)
				req.Customer.Phone = "08129876543" + string(rune('0'+i))
				o, err := svc.PlaceOrder(t.Context(), req)
				require.NoError(t, err)
				mu.Lock()
				placed[id] = append(placed[id], o.ID)
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for _, id := range []string{"toko-a", "toko-b"} {
		relay, err := s.Relay(t.Context(), id)
		require.NoError(t, err)
		_, err = relay.Deliver(t.Context()) // whatever placing left undelivered
		require.NoError(t, err)
	}
	for _, id := range []string{"toko-a", "toko-b"} {
		var got []string
		for _, e := range own[id].Published() {
			assert.Equal(t, id, e.Store, "store %s's sink gets only its events", id)
			got = append(got, e.OrderID)
		}
		assert.ElementsMatch(t, placed[id], got, id)
		sink, err := s.StoreEvents(t.Context(), id)
		require.NoError(t, err)
		assert.Same(t, own[id], sink)
	}
	assert.Len(t, shared.Published(), 2*perStore, "the shared sink gets every store's")
	assert.Equal(t, map[string]int{"toko-a": 1, "toko-b": 1}, made, "one sink per store")
}

// A store's own sink that cannot be made fails the build of the store's
// Service, and is tried again on the next call; a sink that refuses an
// event keeps it in the outbox for the next pass, for every sink.
func TestStoresStoreEventsErrors(t *testing.T) {
	t.Parallel()
	p := memory.NewPlatform()
	configureStores(t, p, "toko-a")
	fail := true
	sink := kasirtest.NewEvents()
	clock := kasirtest.NewManualClock(start)
	s, err := kasir.NewStores(kasir.StoresDeps{Platform: p, Format: storefile.Format{},
		Clock: clock, IDs: memory.IDs{},
		StoreEvents: func(context.Context, string, ports.Store) (ports.Events, error) {
			if fail {
				return nil, errors.New("endpoints unreadable")
			}
			return sink, nil
		}})
	require.NoError(t, err)
	_, err = s.Service(t.Context(), "toko-a")
	require.ErrorContains(t, err, "endpoints unreadable")
	fail = false
	svc, err := s.Service(t.Context(), "toko-a")
	require.NoError(t, err)
	sink.Fail(errors.New("receiver down"))
	o, err := svc.PlaceOrder(t.Context(), gayoOrder(nil))
	require.NoError(t, err)
	relay, err := s.Relay(t.Context(), "toko-a")
	require.NoError(t, err)
	n, err := relay.Deliver(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Empty(t, sink.Published(), "refused: kept in the outbox")
	sink.Fail(nil)
	clock.Advance(time.Hour) // past the backoff
	n, err = relay.Deliver(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "delivered on a later pass")
	require.Len(t, sink.Published(), 1)
	assert.Equal(t, o.ID, sink.Published()[0].OrderID)
}
