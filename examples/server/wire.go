package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
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
	"github.com/kasir-id/kasir/pricing"
)

// handlerConfig is the HTTP API's configuration.
func handlerConfig(cfg config, log *slog.Logger) httpapi.Config {
	return httpapi.Config{
		AdminToken: cfg.adminToken, Logger: log, MaxBodyBytes: cfg.maxBody, RequestTimeout: cfg.requestTimeout,
		AllowedOrigins: cfg.allowedOrigins, RateLimit: cfg.rateLimit, RateBurst: cfg.rateBurst,
		OrderPageURL: cfg.orderPageURL,
	}
}

// mount serves the JSON API's paths (/v1/…, /s/{store}/… of many stores,
// /healthz, /readyz, /openapi.json) with api and every other path with
// the pages.
func mount(api, pages http.Handler) http.Handler {
	mux := http.NewServeMux()
	for _, p := range []string{"/v1/", "/s/", "/healthz", "/readyz", "/openapi.json"} {
		mux.Handle(p, api)
	}
	mux.Handle("/", pages)
	return mux
}

// newService wires a kasir.Service for the store on the in-memory
// adapters and the store's rate card, plus Midtrans and Biteship when
// cfg has their keys, and the HTTP WhatsApp checker when it has its URL.
// The keys are never logged.
//
// With KASIR_DATABASE_URL set, orders, stock, vouchers and the rest live in
// PostgreSQL (adapters/postgres, schema KASIR_DATABASE_SCHEMA or "kasir")
// instead of memory: the schema is migrated to its latest version, stock
// is seeded only for variants the database has no level for (a restart
// does not undo sales) and the data file's vouchers replace the stored
// definitions (their uses still count). The webhook dispatcher it returns
// keeps its endpoints in that store and receives the order events besides
// the log. The returned close function releases the database.
func newService(ctx context.Context, st *storefile.Store, cfg config, log *slog.Logger) (*kasir.Service, *webhook.Dispatcher, ports.Platform, func(), error) {
	closeStore := func() {}
	var hooks *webhook.Dispatcher
	var platform ports.Platform
	svc, err := func() (*kasir.Service, error) {
		storeDeps, p, storage, done, err := openStore(ctx, st, cfg)
		if err != nil {
			return nil, err
		}
		platform = p
		closeStore = done
		if hooks, err = newWebhooks(ctx, cfg, storeDeps); err != nil {
			return nil, err
		}
		return wire(st, storeDeps, storage, cfg, log, hooks)
	}()
	if err != nil {
		closeStore()
		return nil, nil, nil, nil, err
	}
	return svc, hooks, platform, closeStore, nil
}

// openStore opens the default store's records and the platform they
// belong to: PostgreSQL when KASIR_DATABASE_URL is set, memory otherwise.
func openStore(ctx context.Context, st *storefile.Store, cfg config) (ports.Store, ports.Platform, string, func(), error) {
	dsn := cfg.databaseURL
	if dsn == "" {
		platform := memory.NewPlatform()
		mem, err := platform.Store(ports.DefaultStore)
		if err == nil {
			err = seed(ctx, mem, st)
		}
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
	err = pg.Migrate(ctx)
	if err == nil {
		err = seed(ctx, pg, st)
	}
	if err != nil {
		pg.Close()
		return nil, nil, "", func() {}, fmt.Errorf("KASIR_DATABASE_URL: %w", err)
	}
	return pg, pg.Platform(), "postgres", pg.Close, nil
}

// seeder is the seeding API the memory and postgres stores share.
type seeder interface {
	SeedStockIfAbsent(ctx context.Context, levels map[string]int64) error
	PutVoucher(ctx context.Context, v pricing.Voucher) error
}

// seed stores the store file's vouchers and the catalog's initial stock of
// every variant the store has no level for yet, so a restart does not undo
// what was sold.
func seed(ctx context.Context, s seeder, st *storefile.Store) error {
	if err := s.SeedStockIfAbsent(ctx, st.Catalog.InitialStock().Levels()); err != nil {
		return err
	}
	for _, v := range st.Vouchers {
		if err := s.PutVoucher(ctx, v); err != nil {
			return err
		}
	}
	return nil
}

// wire builds the Service on the order store.
func wire(st *storefile.Store, orders ports.Store, storage string, cfg config, log *slog.Logger, hooks *webhook.Dispatcher) (*kasir.Service, error) {
	clock := memory.SystemClock{}
	deps := kasir.Deps{
		Catalog:    memory.NewCatalog(st.Catalog),
		Store:      orders,
		Locations:  st.Card,
		Warehouses: st.Card,
		Couriers:   st.Card,
		Events:     eventSinks{logEvents{log: log}},
		Clock:      clock,
		IDs:        memory.IDs{},
	}
	if hooks != nil {
		deps.Events = append(deps.Events.(eventSinks), hooks)
	}
	settings := st.Settings
	shipping := "rate card"

	if key := cfg.biteshipKey; key != "" {
		// The data file's location ids are not Biteship area ids, so
		// locations go by their first postal code.
		c, err := biteship.New(biteship.Config{APIKey: key, UsePostalCodes: true})
		if err != nil {
			return nil, fmt.Errorf("BITESHIP_API_KEY: %w", err)
		}
		deps.Couriers = c
		shipping = "biteship"
	}

	offersGateway := slices.Contains(settings.PaymentMethods, payment.Gateway)
	gateway := "none"
	if key := cfg.midtransKey; key != "" {
		sandbox := cfg.midtransSandbox
		c, err := midtrans.New(midtrans.Config{ServerKey: key, Sandbox: sandbox, Clock: clock})
		if err != nil {
			return nil, fmt.Errorf("MIDTRANS_SERVER_KEY: %w", err)
		}
		deps.Gateway = c
		gateway = "midtrans"
		if sandbox {
			gateway = "midtrans sandbox"
		}
		// An empty list already offers the gateway when one is plugged in.
		if len(settings.PaymentMethods) > 0 && !offersGateway {
			settings.PaymentMethods = append(settings.PaymentMethods, payment.Gateway)
		}
	} else if offersGateway {
		return nil, fmt.Errorf("store.payment_methods offers gateway, but MIDTRANS_SERVER_KEY is not set")
	}
	whatsappCheck := "none"
	if url := cfg.whatsappURL; url != "" {
		c, err := whatsapp.New(whatsapp.Config{Endpoint: url, Token: cfg.whatsappToken})
		if err != nil {
			return nil, fmt.Errorf("WHATSAPP_CHECK_URL: %w", err)
		}
		deps.WhatsApp = c
		whatsappCheck = "http"
	} else if settings.RequireWhatsApp {
		log.Warn("store.require_whatsapp is set, but WHATSAPP_CHECK_URL is not: phones are not checked")
		settings.RequireWhatsApp = false
	}

	// A relay in the background delivers the events (serve runs it), with
	// a lease longer than a webhook's retries.
	svc, err := kasir.New(deps, kasir.WithSettings(settings), kasir.WithLogger(log), kasir.WithBackgroundEvents(),
		kasir.WithRelayOptions(kasir.RelayLease(webhook.DefaultMaxElapsed+time.Minute)))
	if err != nil {
		return nil, err
	}
	log.Info("store ready", "products", len(st.Catalog.Products()), "bundles", len(st.Catalog.Bundles()),
		"vouchers", len(st.Vouchers), "storage", storage, "shipping", shipping, "gateway", gateway, "whatsapp_check", whatsappCheck)
	return svc, nil
}

// logEvents is a ports.Events that logs each order event.
type logEvents struct{ log *slog.Logger }

var _ ports.Events = logEvents{}

// Publish logs e at level info. It returns no error.
func (l logEvents) Publish(ctx context.Context, e ports.Event) error {
	attrs := []any{"type", string(e.Type), "order_id", e.OrderID, "order_number", e.OrderNumber,
		"from", string(e.From), "to", string(e.To)}
	if e.Reason != "" {
		attrs = append(attrs, "reason", e.Reason)
	}
	l.log.InfoContext(ctx, "order event", attrs...)
	return nil
}

// newWebhooks returns the webhook dispatcher on the store's endpoints, with
// the endpoint of KASIR_WEBHOOK_URL and KASIR_WEBHOOK_SECRET when set.
func newWebhooks(ctx context.Context, cfg config, store ports.WebhookEndpoints) (*webhook.Dispatcher, error) {
	wc := webhook.Config{Store: store}
	if cfg.webhookURL != "" {
		wc.Endpoints = []ports.WebhookEndpoint{{ID: "wh_env", URL: cfg.webhookURL, Secret: cfg.webhookSecret}}
	}
	d, err := webhook.New(ctx, wc)
	if err != nil {
		return nil, fmt.Errorf("KASIR_WEBHOOK_URL: %w", err)
	}
	return d, nil
}

// eventSinks publishes each event to every sink.
type eventSinks []ports.Events

// Publish implements ports.Events: the errors of the sinks, joined.
func (s eventSinks) Publish(ctx context.Context, e ports.Event) error {
	var err error
	for _, sink := range s {
		err = errors.Join(err, sink.Publish(ctx, e))
	}
	return err
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
