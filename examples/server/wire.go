package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/biteship"
	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/memory"
	"github.com/kasir-id/kasir/adapters/midtrans"
	"github.com/kasir-id/kasir/adapters/postgres"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/adapters/webhook"
	"github.com/kasir-id/kasir/adapters/whatsapp"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// handlerConfig is the HTTP API's configuration.
func handlerConfig(cfg config, log *slog.Logger) httpapi.Config {
	return httpapi.Config{
		AdminToken: cfg.adminToken, Logger: log, MaxBodyBytes: cfg.maxBody, RequestTimeout: cfg.requestTimeout,
		AllowedOrigins: cfg.allowedOrigins, RateLimit: cfg.rateLimit, RateBurst: cfg.rateBurst,
		OrderPageURL: cfg.orderPageURL,
	}
}

// mount serves the JSON API's paths (/v1/…, /healthz, /readyz,
// /openapi.json, and the same under /s/{store} of many stores) with api
// and every other path — the default store's pages at /, a store's pages
// under /s/{store}/ — with the pages.
func mount(api, pages http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if rest, ok := strings.CutPrefix(p, "/s/"); ok {
			_, rest, _ = strings.Cut(rest, "/")
			p = "/" + rest
		}
		switch {
		case strings.HasPrefix(p, "/v1/"), p == "/healthz", p == "/readyz", p == "/openapi.json":
			api.ServeHTTP(w, r)
		default:
			pages.ServeHTTP(w, r)
		}
	})
}

// newService wires the server's kasir.Stores on the in-memory adapters,
// plus Midtrans and Biteship when cfg has their keys and the HTTP
// WhatsApp checker when it has its URL, and returns it with the default
// store's Service. The keys are never logged.
//
// The store's configuration (settings, catalogue, locations, warehouses,
// rate card) is stored and versioned: at start the data file st came
// from (data) is imported into the default store when the store has no
// configuration yet, or when -import-data says so (a new version; its
// vouchers replace the stored definitions, whose uses still count; stock
// is seeded only for variants without a level, so a restart does not
// undo sales). Otherwise the stored configuration is served, with the
// changes the admin routes saved. The Service is rebuilt from each new
// version on its next use.
//
// With KASIR_DATABASE_URL set, orders, stock, vouchers, the configuration
// and the rest live in PostgreSQL (adapters/postgres, schema
// KASIR_DATABASE_SCHEMA or "kasir") instead of memory; the schema is
// migrated to its latest version. Every store has a webhook dispatcher of
// its own, on the endpoints it keeps, that receives that store's order
// events besides the log (storeWebhooks); the one returned is the default
// store's. The returned close function releases the database.
func newService(ctx context.Context, data []byte, cfg config, log *slog.Logger) (*kasir.Stores, *kasir.Service, ports.Webhooks, ports.Platform, func(), error) {
	closeStore := func() {}
	var hooks ports.Webhooks
	var stores *kasir.Stores
	var platform ports.Platform
	svc, err := func() (*kasir.Service, error) {
		_, p, storage, done, err := openStore(ctx, cfg)
		if err != nil {
			return nil, err
		}
		platform = p
		closeStore = done
		if stores, err = wire(platform, cfg, log); err != nil {
			return nil, err
		}
		// The default store's dispatcher is made now, so that a bad
		// KASIR_WEBHOOK_URL stops the start.
		if hooks, err = storeWebhooks(ctx, stores, ports.DefaultStore); err != nil {
			return nil, err
		}
		return start(ctx, stores, data, storage, cfg, log)
	}()
	if err != nil {
		closeStore()
		return nil, nil, nil, nil, nil, err
	}
	return stores, svc, hooks, platform, closeStore, nil
}

// openStore opens the default store's records and the platform they
// belong to: PostgreSQL when KASIR_DATABASE_URL is set, memory otherwise.
func openStore(ctx context.Context, cfg config) (ports.Store, ports.Platform, string, func(), error) {
	dsn := cfg.databaseURL
	if dsn == "" {
		platform := memory.NewPlatform()
		mem, err := platform.Store(ports.DefaultStore)
		return mem, platform, "memory", func() {}, err
	}
	var opts []postgres.Option
	if cfg.databaseSchema != "" {
		opts = append(opts, postgres.Schema(cfg.databaseSchema))
	}
	pg, err := postgres.Open(ctx, dsn, opts...)
	if err != nil {
		return nil, nil, "", func() {}, fmt.Errorf("KASIR_DATABASE_URL: %w", err)
	}
	if err := pg.Migrate(ctx); err != nil {
		pg.Close()
		return nil, nil, "", func() {}, fmt.Errorf("KASIR_DATABASE_URL: %w", err)
	}
	return pg, pg.Platform(), "postgres", pg.Close, nil
}

// start imports the data file into the default store when it has no
// configuration (or cfg.importData says to), checks that the stored
// configuration can be served with cfg's providers, and returns the
// store's Service.
func start(ctx context.Context, stores *kasir.Stores, data []byte, storage string, cfg config, log *slog.Logger) (*kasir.Service, error) {
	m, err := stores.Manager(ports.DefaultStore)
	if err != nil {
		return nil, err
	}
	cur, err := m.Config(ctx)
	switch {
	case errors.Is(err, ports.ErrConfigNotFound) || err == nil && cfg.importData:
		res, err := m.Import(ctx, kasir.Edit{Author: "import"}, data)
		if err != nil {
			return nil, err
		}
		log.Info("data file imported", "version", res.Config.Version, "vouchers", res.Vouchers)
	case err != nil:
		return nil, err
	default:
		log.Info("stored configuration served; the data file is not imported (-import-data imports it)", "version", cur.Version)
	}
	cur, err = m.Config(ctx)
	if err != nil {
		return nil, err
	}
	setup, err := storefile.Format{}.ParseConfig(cur.Data)
	if err != nil {
		return nil, fmt.Errorf("stored configuration version %d: %w", cur.Version, err)
	}
	if slices.Contains(setup.Settings.PaymentMethods, payment.Gateway) && cfg.midtransKey == "" {
		return nil, fmt.Errorf("store.payment_methods offers gateway, but MIDTRANS_SERVER_KEY is not set")
	}
	if setup.Settings.RequireWhatsApp && cfg.whatsappURL == "" {
		log.Warn("store.require_whatsapp is set, but WHATSAPP_CHECK_URL is not: phones are not checked")
	}
	svc, err := stores.Service(ctx, ports.DefaultStore)
	if err != nil {
		return nil, err
	}
	shipping, courier, gateway, whatsappCheck := "rate card", "simcourier", "none", "none"
	if cfg.biteshipKey != "" {
		shipping, courier = "biteship", "biteship"
	}
	if cfg.midtransKey != "" {
		gateway = "midtrans"
		if cfg.midtransSandbox {
			gateway = "midtrans sandbox"
		}
	}
	if cfg.whatsappURL != "" {
		whatsappCheck = "http"
	}
	cat, err := svc.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	vouchers, err := m.Vouchers(ctx)
	if err != nil {
		return nil, err
	}
	log.Info("store ready", "products", len(cat.Products()), "bundles", len(cat.Bundles()),
		"vouchers", len(vouchers), "config_version", cur.Version, "storage", storage, "shipping", shipping, "courier", courier, "gateway", gateway, "whatsapp_check", whatsappCheck)
	return svc, nil
}

// wire builds the server's Stores on the platform: every store's events
// go to the log and to the store's own webhook dispatcher.
func wire(platform ports.Platform, cfg config, log *slog.Logger) (*kasir.Stores, error) {
	clock := memory.SystemClock{}
	deps := kasir.StoresDeps{
		Platform: platform,
		Format:   storefile.Format{},
		Events:   logEvents{log: log},
		Clock:    clock,
		IDs:      memory.IDs{},
		StoreEvents: func(ctx context.Context, id string, store ports.Store) (ports.Events, error) {
			return newWebhooks(ctx, cfg, id, store)
		},
	}
	var bc *biteship.Client
	if key := cfg.biteshipKey; key != "" {
		// The data file's location ids are not Biteship area ids, so
		// locations go by their first postal code.
		c, err := biteship.New(biteship.Config{APIKey: key, UsePostalCodes: true,
			WebhookHeader: cfg.biteshipHeader, WebhookSecret: cfg.biteshipSecret})
		if err != nil {
			return nil, fmt.Errorf("BITESHIP_API_KEY: %w", err)
		}
		deps.Couriers, bc = c, c
	}
	sh, pushes, err := shipments(cfg, bc, clock)
	if err != nil {
		return nil, err
	}
	deps.Shipments, deps.CourierPushes = sh, pushes
	if key := cfg.midtransKey; key != "" {
		c, err := midtrans.New(midtrans.Config{ServerKey: key, Sandbox: cfg.midtransSandbox, Clock: clock})
		if err != nil {
			return nil, fmt.Errorf("MIDTRANS_SERVER_KEY: %w", err)
		}
		deps.Gateway = c
	}
	if url := cfg.whatsappURL; url != "" {
		c, err := whatsapp.New(whatsapp.Config{Endpoint: url, Token: cfg.whatsappToken})
		if err != nil {
			return nil, fmt.Errorf("WHATSAPP_CHECK_URL: %w", err)
		}
		deps.WhatsApp = c
	}
	deps.Adjust = func(_ string, s *kasir.Settings) {
		// An empty list already offers the gateway when one is plugged in.
		if deps.Gateway != nil && len(s.PaymentMethods) > 0 && !slices.Contains(s.PaymentMethods, payment.Gateway) {
			s.PaymentMethods = append(s.PaymentMethods, payment.Gateway)
		}
		if deps.WhatsApp == nil {
			s.RequireWhatsApp = false
		}
	}
	// A relay in the background delivers the events (serve runs it), with
	// a lease longer than a webhook's retries.
	return kasir.NewStores(deps, kasir.WithLogger(log), kasir.WithBackgroundEvents(),
		kasir.WithRelayOptions(kasir.RelayLease(webhook.DefaultMaxElapsed+time.Minute)))
}

// storeExpirer expires the unpaid orders of one store with the Service
// its latest configuration builds.
type storeExpirer struct {
	stores *kasir.Stores
	id     string
}

// ExpireUnpaid implements expirer. Errors: the Service's, and those of
// building it.
func (e storeExpirer) ExpireUnpaid(ctx context.Context) ([]*checkout.Order, error) {
	svc, err := e.stores.Service(ctx, e.id)
	if err != nil {
		return nil, err
	}
	return svc.ExpireUnpaid(ctx)
}

// logEvents is a ports.Events that logs each order event.
type logEvents struct{ log *slog.Logger }

var _ ports.Events = logEvents{}

// Publish logs e at level info. It returns no error. When info is not
// logged (-log-level warn), it builds nothing.
func (l logEvents) Publish(ctx context.Context, e ports.Event) error {
	if !l.log.Enabled(ctx, slog.LevelInfo) {
		return nil
	}
	attrs := make([]any, 0, 12)
	attrs = append(attrs, "type", string(e.Type), "order_id", e.OrderID, "order_number", e.OrderNumber,
		"from", string(e.From), "to", string(e.To))
	if e.Reason != "" {
		attrs = append(attrs, "reason", e.Reason)
	}
	l.log.InfoContext(ctx, "order event", attrs...)
	return nil
}

// newWebhooks returns the webhook dispatcher of one store, on the
// endpoints the store keeps (its own rows of the webhook endpoints), so
// that it sends the store's events to the store's receivers only. The
// default store's also has the endpoint of KASIR_WEBHOOK_URL and
// KASIR_WEBHOOK_SECRET when set.
func newWebhooks(ctx context.Context, cfg config, id string, store ports.WebhookEndpoints) (*webhook.Dispatcher, error) {
	wc := webhook.Config{Store: store}
	if cfg.webhookURL != "" && id == ports.DefaultStore {
		wc.Endpoints = []ports.WebhookEndpoint{{ID: "wh_env", URL: cfg.webhookURL, Secret: cfg.webhookSecret}}
	}
	d, err := webhook.New(ctx, wc)
	if err != nil {
		return nil, fmt.Errorf("KASIR_WEBHOOK_URL: %w", err)
	}
	return d, nil
}

// storeWebhooks returns the webhook dispatcher of a store (the sink
// wire's StoreEvents made for it), as the admin routes of its endpoints
// and deliveries read it.
func storeWebhooks(ctx context.Context, stores *kasir.Stores, id string) (ports.Webhooks, error) {
	sink, err := stores.StoreEvents(ctx, id)
	if err != nil {
		return nil, err
	}
	hooks, ok := sink.(ports.Webhooks)
	if !ok {
		return nil, fmt.Errorf("store %s: its event sink %T keeps no webhook endpoints", id, sink)
	}
	return hooks, nil
}

// expirer is the part of kasir.Service the expiry loop calls.
type expirer interface {
	ExpireUnpaid(ctx context.Context) ([]*checkout.Order, error)
}

// expireLoop expires unpaid orders past their payment deadline every
// interval until ctx is done, logging what it expired and any error.
func expireLoop(ctx context.Context, svc expirer, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Each expired order is also an event, logged by logEvents.
		expired, err := svc.ExpireUnpaid(ctx)
		if len(expired) > 0 {
			log.InfoContext(ctx, "expired unpaid orders", "count", len(expired))
		}
		if err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "expiring unpaid orders", "err", err)
		}
	}
}
