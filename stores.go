package kasir

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// StoreSetup is what a store's configuration document builds: the
// settings, the catalog and the store's own shipping data (its locations,
// warehouses and rate card). It is immutable once built.
type StoreSetup struct {
	Settings   Settings
	Catalog    *catalog.Catalog
	Locations  ports.Locations  // the store's locations; nil: none of its own
	Warehouses ports.Warehouses // nil: parcels ship from Settings.OriginLocationID
	Couriers   ports.Couriers   // the store's rate card; nil: none of its own
}

// ConfigFormat reads and writes a store's configuration in one format:
// the configuration document a store keeps (ports.Configs), and the whole
// data file that is imported and exported, which is the document plus
// the store's vouchers. Package adapters/storefile provides the JSON data
// file format (storefile.Format). Every error of kind Invalid names the
// field at fault as a JSON path of the document ("products[2].price").
type ConfigFormat interface {
	// ParseConfig checks a configuration document and builds the store it
	// describes.
	ParseConfig(data []byte) (*StoreSetup, error)
	// ParseFile checks a whole data file and splits it into the
	// configuration document (in the form ParseConfig reads) and the
	// vouchers, checked against the file's catalog.
	ParseFile(data []byte) (config []byte, vouchers []pricing.Voucher, err error)
	// ParseVoucher reads one voucher as the data file writes it
	// ("vouchers[i]"), checked against cat: its fields are named without
	// a prefix.
	ParseVoucher(data []byte, cat *catalog.Catalog) (pricing.Voucher, error)
	// FormatVoucher writes a voucher as the data file does.
	FormatVoucher(v pricing.Voucher) (json.RawMessage, error)
}

// StoresDeps are what every store of a deployment shares. Platform,
// Format, Clock and IDs are required. Locations and Couriers, when set,
// replace each store's own (a gazetteer of every district, a courier
// aggregator); when nil, each store's configuration gives them.
type StoresDeps struct {
	Platform  ports.Platform
	Format    ConfigFormat
	Locations ports.Locations
	Couriers  ports.Couriers
	Gateway   ports.PaymentGateway
	WhatsApp  ports.WhatsApp
	Events    ports.Events // each store's relay delivers its outbox here
	// Shipments and CourierPushes, when set, are every store's courier
	// for booking and tracking parcels and its tracking webhooks (as
	// Deps has them); nil: no store books with a courier.
	Shipments     ports.Shipments
	CourierPushes map[string]ports.TrackingPushes
	// StoreEvents, when set, makes the sink of one store's own events,
	// such as a webhook dispatcher on the webhook endpoints the store
	// keeps (store is its handle): the store's relay delivers each event
	// of its outbox to Events and to this sink, so a store's receivers get
	// that store's events and no other's. It is called once per store,
	// when the store's relay or its sink (Stores.StoreEvents) is first
	// asked for; an error is returned by that call, and the next call
	// tries again.
	StoreEvents func(ctx context.Context, storeID string, store ports.Store) (ports.Events, error)
	Clock       ports.Clock
	IDs         ports.IDs
	// Adjust, when set, changes a store's settings before its Service is
	// built from them (a host that plugs in a gateway adds the gateway
	// method).
	Adjust func(storeID string, s *Settings)
	// Recheck is how long a built Service is served without asking the
	// store for its configuration version again. 0, the default, asks on
	// every call (one indexed read of the latest version number): a
	// change saved by any process takes effect on the next call. A
	// longer Recheck saves that read at the cost of serving an old
	// configuration for up to Recheck after a change made elsewhere.
	Recheck time.Duration
}

// Stores serves many stores from one deployment: each store's Service is
// built from the store's stored configuration and rebuilt when a newer
// version is saved, by this process or any other sharing the platform's
// storage. It is safe for concurrent use.
type Stores struct {
	deps StoresDeps
	opts []Option

	mu      sync.Mutex
	entries map[string]*storeEntry
}

// storeEntry is one store's handle, relay and the Service last built.
type storeEntry struct {
	id    string
	store ports.Store

	build   sync.Mutex // one build at a time
	current atomic.Pointer[builtService]

	relayMu sync.Mutex // guards relay and sink
	relay   *Relay
	sink    ports.Events // the store's own sink (StoresDeps.StoreEvents); nil until made
}

// builtService is a Service and the configuration version it was built
// from.
type builtService struct {
	version int64
	svc     *Service
	checked atomic.Int64 // the clock's Unix nanoseconds of the last version check
}

// NewStores returns the stores of a platform. opts configure every
// store's Service (WithLogger, WithBackgroundEvents, WithRelayOptions,
// WithLocation; WithSettings is overridden by each store's own). Errors:
// invalid_input naming the missing dependency.
func NewStores(deps StoresDeps, opts ...Option) (*Stores, error) {
	switch {
	case deps.Platform == nil:
		return nil, missing("Platform")
	case deps.Format == nil:
		return nil, missing("Format")
	case deps.Clock == nil:
		return nil, missing("Clock")
	case deps.IDs == nil:
		return nil, missing("IDs")
	case deps.Recheck < 0:
		return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: Recheck must not be negative").WithField("Recheck")
	}
	return &Stores{deps: deps, opts: opts, entries: map[string]*storeEntry{}}, nil
}

// entry returns the store's entry, making it on first use. Errors:
// invalid_input at "store" for an invalid store id.
func (s *Stores) entry(id string) (*storeEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[id]; ok {
		return e, nil
	}
	st, err := s.deps.Platform.ForStore(id)
	if err != nil {
		return nil, err
	}
	e := &storeEntry{id: id, store: st}
	s.entries[id] = e
	return e, nil
}

// Store returns the handle of one store's records (the platform's
// ForStore). Errors: invalid_input at "store" for an invalid id.
func (s *Stores) Store(id string) (ports.Store, error) {
	e, err := s.entry(id)
	if err != nil {
		return nil, err
	}
	return e.store, nil
}

// Service returns the store's Service, built from the latest version of
// its configuration. It asks the store for that version number (unless
// StoresDeps.Recheck says the last answer is recent enough) and rebuilds
// the Service when the number changed, so a saved change takes effect on
// the next call without a restart. Orders placed earlier keep the lines
// and amounts they were priced with.
//
// Errors: invalid_input at "store" for an invalid id;
// ports.ErrConfigNotFound when the store has no configuration yet; the
// format's error (kind Invalid, naming the field) when the stored
// configuration does not build; the store's error reading it.
func (s *Stores) Service(ctx context.Context, id string) (*Service, error) {
	e, err := s.entry(id)
	if err != nil {
		return nil, err
	}
	cur := e.current.Load()
	var now int64
	if s.deps.Recheck > 0 {
		now = s.deps.Clock.Now(ctx).UnixNano()
		if cur != nil && now-cur.checked.Load() < int64(s.deps.Recheck) {
			return cur.svc, nil
		}
	}
	v, err := e.store.ConfigVersion(ctx)
	if err != nil {
		return nil, err
	}
	return s.serviceAt(ctx, e, cur, v, now)
}

// ServiceAt is Service when the caller has just read the number of the
// store's latest configuration version (version), as
// ports.ServedVersion reads it with the store's record: it serves the
// Service built from that version, or a newer one, without asking the
// store for the number again, and rebuilds it when version is newer than
// the one built. Errors: Service's.
func (s *Stores) ServiceAt(ctx context.Context, id string, version int64) (*Service, error) {
	e, err := s.entry(id)
	if err != nil {
		return nil, err
	}
	var now int64
	if s.deps.Recheck > 0 {
		now = s.deps.Clock.Now(ctx).UnixNano()
	}
	return s.serviceAt(ctx, e, e.current.Load(), version, now)
}

// serviceAt returns cur's Service when it was built from version v or a
// newer one, and rebuilds it otherwise.
func (s *Stores) serviceAt(ctx context.Context, e *storeEntry, cur *builtService, v, now int64) (*Service, error) {
	if cur != nil && cur.version >= v {
		cur.checked.Store(now)
		return cur.svc, nil
	}
	if v == 0 {
		return nil, errs.Wrap(errs.NotFound, ports.CodeConfigNotFound, ports.ErrConfigNotFound, fmt.Sprintf("kasir: store %q has no configuration", e.id))
	}
	return s.rebuild(ctx, e, v, now)
}

// rebuild builds the store's Service from its latest configuration,
// unless another call built version v or newer meanwhile.
func (s *Stores) rebuild(ctx context.Context, e *storeEntry, v, now int64) (*Service, error) {
	e.build.Lock()
	defer e.build.Unlock()
	if cur := e.current.Load(); cur != nil && cur.version >= v {
		return cur.svc, nil
	}
	cfg, err := e.store.Config(ctx)
	if err != nil {
		return nil, err
	}
	svc, err := s.build(ctx, e, cfg.Data)
	if err != nil {
		return nil, fmt.Errorf("kasir: store %q, configuration version %d: %w", e.id, cfg.Version, err)
	}
	b := &builtService{version: cfg.Version, svc: svc}
	b.checked.Store(now)
	e.current.Store(b)
	return svc, nil
}

// build makes a Service of the store's configuration document.
func (s *Stores) build(ctx context.Context, e *storeEntry, data []byte) (*Service, error) {
	setup, err := s.deps.Format.ParseConfig(data)
	if err != nil {
		return nil, err
	}
	return s.serviceOf(ctx, e, setup)
}

// serviceOf wires the Service of a built setup.
func (s *Stores) serviceOf(ctx context.Context, e *storeEntry, setup *StoreSetup) (*Service, error) {
	deps := Deps{
		Catalog:    fixedCatalog{setup.Catalog},
		Store:      e.store,
		Locations:  setup.Locations,
		Warehouses: setup.Warehouses,
		Couriers:   setup.Couriers,
		Gateway:    s.deps.Gateway,
		WhatsApp:   s.deps.WhatsApp,
		Shipments:  s.deps.Shipments,
		// Each store reads the pushes of the couriers it books with; a
		// push finds its order by airway bill among the store's own.
		CourierPushes: s.deps.CourierPushes,
		Clock:         s.deps.Clock,
		IDs:           s.deps.IDs,
		// Events stays nil: the store's one relay (below) outlives the
		// Services rebuilt on it.
	}
	if s.deps.Locations != nil {
		deps.Locations = s.deps.Locations
	}
	if s.deps.Couriers != nil {
		deps.Couriers = s.deps.Couriers
	}
	settings := setup.Settings
	if s.deps.Adjust != nil {
		s.deps.Adjust(e.id, &settings)
	}
	opts := append(append([]Option(nil), s.opts...), WithSettings(settings))
	svc, err := New(deps, opts...)
	if err != nil {
		return nil, err
	}
	if s.deps.Events != nil || s.deps.StoreEvents != nil {
		r, err := s.relayOf(ctx, e, svc)
		if err != nil {
			return nil, err
		}
		svc.relay = r
	}
	return svc, nil
}

// relayOf returns the store's relay, made on first use with the options
// the Service was given: to StoresDeps.Events and the store's own sink.
func (s *Stores) relayOf(ctx context.Context, e *storeEntry, svc *Service) (*Relay, error) {
	e.relayMu.Lock()
	defer e.relayMu.Unlock()
	if e.relay != nil {
		return e.relay, nil
	}
	own, err := s.sinkOf(ctx, e)
	if err != nil {
		return nil, err
	}
	var sinks fanOut
	for _, sink := range []ports.Events{s.deps.Events, own} {
		if sink != nil {
			sinks = append(sinks, sink)
		}
	}
	var sink ports.Events = sinks
	if len(sinks) == 1 {
		sink = sinks[0]
	}
	opts := append([]RelayOption{RelayClock(s.deps.Clock), RelayLogger(svc.log)}, svc.relayOpts...)
	r, err := NewRelay(e.store, sink, opts...)
	if err != nil {
		return nil, err
	}
	e.relay = r
	return r, nil
}

// sinkOf returns the store's own sink, made on first use; nil without
// StoresDeps.StoreEvents. The caller holds e.relayMu.
func (s *Stores) sinkOf(ctx context.Context, e *storeEntry) (ports.Events, error) {
	if e.sink != nil || s.deps.StoreEvents == nil {
		return e.sink, nil
	}
	sink, err := s.deps.StoreEvents(ctx, e.id, e.store)
	if err != nil {
		return nil, err
	}
	if sink == nil {
		return nil, errs.E(errs.Other, errs.CodeInternal, "kasir: StoresDeps.StoreEvents returned no sink for store "+e.id)
	}
	e.sink = sink
	return sink, nil
}

// StoreEvents returns the store's own sink, the one StoresDeps.StoreEvents
// made for it (a host reads its webhook endpoints and deliveries through
// it); nil when StoresDeps.StoreEvents is not set. It does not need the
// store's configuration. Errors: invalid_input at "store" for an invalid
// id; StoreEvents' own.
func (s *Stores) StoreEvents(ctx context.Context, id string) (ports.Events, error) {
	e, err := s.entry(id)
	if err != nil {
		return nil, err
	}
	e.relayMu.Lock()
	defer e.relayMu.Unlock()
	return s.sinkOf(ctx, e)
}

// fanOut publishes each event to every sink, in order; an event some
// sink refused is delivered again to all of them (receivers drop repeats
// by the event's id).
type fanOut []ports.Events

// Publish implements ports.Events: the sinks' errors, joined.
func (f fanOut) Publish(ctx context.Context, e ports.Event) error {
	var err error
	for _, sink := range f {
		err = errors.Join(err, sink.Publish(ctx, e))
	}
	return err
}

// Relay returns the relay that delivers the store's outbox to
// StoresDeps.Events and the store's own sink (StoresDeps.StoreEvents), the
// same one every Service of the store uses; nil when there are neither. The host runs it ([Relay.Run]) for each store
// it serves. Errors: those of [Stores.Service].
func (s *Stores) Relay(ctx context.Context, id string) (*Relay, error) {
	svc, err := s.Service(ctx, id)
	if err != nil {
		return nil, err
	}
	return svc.Relay(), nil
}

// fixedCatalog is a ports.CatalogSource of one immutable catalog.
type fixedCatalog struct{ c *catalog.Catalog }

// Catalog implements ports.CatalogSource; it returns no error.
func (f fixedCatalog) Catalog(context.Context) (*catalog.Catalog, error) { return f.c, nil }
