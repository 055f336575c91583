// Command server runs kasir's checkout for one seller's store, read from a
// JSON data file (settings, bank accounts, locations, warehouses,
// products, bundles, vouchers and an offline courier rate card): the JSON
// HTTP API (package adapters/httpapi) under /v1, and the pages (package
// adapters/webui) at / — the buyer's order forms and order pages, and the
// seller's dashboard at /admin, signed into with the admin token or one of
// the store's API keys. With a platform key, every other store's API and
// pages are under /s/{store}/.
//
//	go run ./examples/server                      # the embedded demo store, on :8080
//	go run ./examples/server -data store.json -addr 127.0.0.1:9000 -admin-token s3cret
//
// Everything runs in memory and offline by default (adapters/memory,
// adapters/ratecard, and adapters/simcourier, a simulated courier that
// books, picks up and delivers parcels on its clock): orders live as long
// as the process. Environment
// variables plug in outside systems:
//
//   - MIDTRANS_SERVER_KEY (with MIDTRANS_SANDBOX=1 for the sandbox) offers
//     the gateway payment method through Midtrans Snap and verifies its
//     notifications at POST /v1/webhooks/midtrans;
//   - BITESHIP_API_KEY prices shipping through Biteship instead of the
//     data file's rates, and books and tracks parcels through it instead
//     of the simulated courier (BITESHIP_WEBHOOK_HEADER and
//     BITESHIP_WEBHOOK_SECRET check its webhooks at
//     POST /v1/webhooks/couriers/biteship);
//   - SIMCOURIER_TOKEN is the token the simulated courier's pushes carry
//     (POST /v1/webhooks/couriers/simcourier; default
//     simcourier.DefaultToken);
//   - WHATSAPP_CHECK_URL (with WHATSAPP_CHECK_TOKEN) checks buyers' phones
//     for WhatsApp through an HTTP checker (adapters/whatsapp);
//   - KASIR_DATABASE_URL (with KASIR_DATABASE_SCHEMA, default "kasir")
//     keeps orders, stock and vouchers in PostgreSQL (adapters/postgres).
//   - KASIR_WEBHOOK_URL (with KASIR_WEBHOOK_SECRET, at least 16 bytes)
//     registers an endpoint that receives every order event as a signed
//     POST (adapters/webhook); the admin routes /v1/webhook-endpoints add
//     more while the process runs, and /v1/webhook-deliveries is the log.
//
// The keys, the database password, the admin token and the platform key
// are never logged.
//
// Flags:
//
//	-addr ADDR              listen address (default ":8080")
//	-data FILE              the store's data file (default: the embedded demo.json)
//	-admin-token TOKEN      bearer token of the admin routes (default $KASIR_ADMIN_TOKEN;
//	                        without one every admin route answers 401)
//	-log-format text|json   log format on standard error (default text)
//	-log-level LEVEL        debug, info, warn or error (default info: an access line per request)
//	-max-body BYTES         request body limit (default 1 MiB)
//	-shutdown-timeout DUR   how long in-flight requests get on SIGINT/SIGTERM (default 15s)
//	-expire-every DUR       how often unpaid orders past their deadline expire (default 1m)
//	-request-timeout DUR    the deadline of every request, carried into the store (default 10s)
//	-startup-timeout DUR    how long start-up may wait for the database (default 30s)
//	-allowed-origins LIST   comma-separated origins allowed to call the API from a browser (CORS; default none)
//	-rate-limit N           public writes per second per client (default 5; 0: no limit)
//	-rate-burst N           public writes per client at once (default 30)
//	-import-data            import the data file into the stored configuration even when the
//	                        store has one (by default it is imported only into a store without one)
//	-track-every DUR        how often the courier is asked for every travelling parcel's tracking,
//	                        for every store (default 5m; 0: never)
//	-sim-speed N            the simulated courier's clock runs N times as fast (default 1)
//	-sim-return-percent N   the share of simulated parcels that come back, 0–100 (default 0)
//	-order-page-url URL     the buyer's order page, {slug} replaced or the slug appended, for the
//	                        invoice's QR code (default none: invoices have no QR code)
//	-platform-key KEY       the platform key (default $KASIR_PLATFORM_KEY): with one the server
//	                        serves many stores, /s/{store}/… each, and the platform routes that
//	                        create them and mint their keys (see README.md, Many stores)
//	-store-hosts            with -platform-key, a request without /s/{store} is served by the
//	                        store whose host name it names (default: the data file's store)
//	-procurement FILE       with -platform-key, the platform's procurement terms (its name, NPWP,
//	                        transaction fee with PPN and PPh 23, payment terms; see README.md,
//	                        Procurement); without it the procurement routes charge no fee
//
// The server logs "listening addr=HOST:PORT" once it accepts connections
// (so -addr 127.0.0.1:0 picks a free port that the log tells), and
// "stopped" after a graceful shutdown. Exit status: 0 after a shutdown on
// a signal, 1 when it cannot start or serve, 2 for bad flags.
//
// The data file's format, with curl examples of the main endpoints, is in
// README.md beside this file; package adapters/storefile reads it.
//
// The configuration is read once (parseConfig: flags and environment) and
// everything the server runs is wired from it.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/adapters/storefile"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/ports"
)

// demoData is the store served without -data: Toko Kopi Nusantara.
//
//go:embed demo.json
var demoData []byte

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stderr))
}

// config is the server's whole configuration, read once from the flags
// and the environment by parseConfig; everything after start-up is a
// function of it.
type config struct {
	addr             string
	dataPath         string
	adminToken       string
	logFormat        string
	logLevel         slog.Level
	maxBody          int64
	shutdownTimeout  time.Duration
	expireEvery      time.Duration
	requestTimeout   time.Duration
	startupTimeout   time.Duration
	allowedOrigins   []string
	rateLimit        float64
	rateBurst        int
	orderPageURL     string
	importData       bool
	platformKey      string        // -platform-key or KASIR_PLATFORM_KEY: serve many stores
	storeHosts       bool          // -store-hosts
	procurementPath  string        // -procurement: the platform's procurement terms
	trackEvery       time.Duration // -track-every: the tracking poll; 0 is off
	simSpeed         float64       // -sim-speed: how fast the simulated courier's clock runs
	simReturnPercent int           // -sim-return-percent: the simulated parcels that come back
	// courierClock, when set, is the simulated courier's clock instead of
	// the system's (tests move it).
	courierClock ports.Clock

	// From the environment.
	databaseURL     string // KASIR_DATABASE_URL: PostgreSQL instead of memory
	databaseSchema  string // KASIR_DATABASE_SCHEMA
	midtransKey     string // MIDTRANS_SERVER_KEY
	midtransSandbox bool   // MIDTRANS_SANDBOX
	biteshipKey     string // BITESHIP_API_KEY
	biteshipHeader  string // BITESHIP_WEBHOOK_HEADER
	biteshipSecret  string // BITESHIP_WEBHOOK_SECRET
	simToken        string // SIMCOURIER_TOKEN
	whatsappURL     string // WHATSAPP_CHECK_URL
	whatsappToken   string // WHATSAPP_CHECK_TOKEN
	webhookURL      string // KASIR_WEBHOOK_URL
	webhookSecret   string // KASIR_WEBHOOK_SECRET
}

// parseConfig reads the command line and the environment (getenv). Errors
// name the flag or variable at fault.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	var origins string
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", ":8080", "listen `address`")
	fs.StringVar(&c.dataPath, "data", "", "the store's data `file` (default: the embedded demo store)")
	fs.StringVar(&c.adminToken, "admin-token", "", "bearer `token` of the admin routes (default $KASIR_ADMIN_TOKEN)")
	fs.StringVar(&c.logFormat, "log-format", "text", "log `format` on standard error: text or json")
	fs.TextVar(&c.logLevel, "log-level", slog.LevelInfo, "log `level`: debug, info, warn or error")
	fs.Int64Var(&c.maxBody, "max-body", httpapi.DefaultMaxBodyBytes, "request body limit in `bytes`")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 15*time.Second, "how long in-flight requests get to finish on SIGINT/SIGTERM")
	fs.DurationVar(&c.expireEvery, "expire-every", time.Minute, "how often unpaid orders past their payment deadline are expired")
	fs.DurationVar(&c.requestTimeout, "request-timeout", httpapi.DefaultRequestTimeout, "the deadline of every request, carried into the store and the providers")
	fs.DurationVar(&c.startupTimeout, "startup-timeout", 30*time.Second, "how long start-up may wait for the database before it fails")
	fs.StringVar(&origins, "allowed-origins", "", "comma-separated `origins` whose pages may call the API from a browser (CORS), e.g. https://toko.example (default none)")
	fs.Float64Var(&c.rateLimit, "rate-limit", 5, "public writes per second one client may make (0: no limit)")
	fs.IntVar(&c.rateBurst, "rate-burst", 30, "public writes one client may make at once")
	fs.StringVar(&c.platformKey, "platform-key", "", "bearer `key` of the platform routes; with one the server serves many stores under /s/{store} (default $KASIR_PLATFORM_KEY)")
	fs.BoolVar(&c.storeHosts, "store-hosts", false, "with -platform-key, serve a request without /s/{store} by the store whose host name it names")
	fs.StringVar(&c.procurementPath, "procurement", "", "with -platform-key, a JSON `file` of the platform's procurement terms (fee, its PPN and PPh 23, payment terms)")
	fs.BoolVar(&c.importData, "import-data", false, "import the data file into the store's stored configuration even when it has one (a new version)")
	fs.DurationVar(&c.trackEvery, "track-every", 5*time.Minute, "how often the courier is asked for the tracking of every travelling parcel (0: never)")
	fs.Float64Var(&c.simSpeed, "sim-speed", 1, "how many times as fast as real time the simulated courier's clock runs (3600: an hour a second)")
	fs.IntVar(&c.simReturnPercent, "sim-return-percent", 0, "the share of the simulated courier's parcels that come back to the seller, 0–100")
	fs.StringVar(&c.orderPageURL, "order-page-url", "", "the buyer's order `page`, {slug} replaced or the slug appended, printed as the invoice's QR code, e.g. https://toko.example/pesanan/")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if c.adminToken == "" {
		c.adminToken = getenv("KASIR_ADMIN_TOKEN")
	}
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if err := httpapi.CheckOrigin(o); err != nil {
			return c, fmt.Errorf("-allowed-origins: %w", err)
		}
		c.allowedOrigins = append(c.allowedOrigins, o)
	}
	if c.orderPageURL != "" {
		if u, err := url.Parse(c.orderPageURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return c, fmt.Errorf("-order-page-url must be an http(s) URL, got %q", c.orderPageURL)
		}
	}
	switch {
	case c.logFormat != "text" && c.logFormat != "json":
		return c, fmt.Errorf("-log-format must be text or json, got %q", c.logFormat)
	case c.maxBody <= 0:
		return c, fmt.Errorf("-max-body must be positive, got %d", c.maxBody)
	case c.shutdownTimeout <= 0:
		return c, fmt.Errorf("-shutdown-timeout must be positive, got %s", c.shutdownTimeout)
	case c.expireEvery <= 0:
		return c, fmt.Errorf("-expire-every must be positive, got %s", c.expireEvery)
	case c.requestTimeout <= 0:
		return c, fmt.Errorf("-request-timeout must be positive, got %s", c.requestTimeout)
	case c.trackEvery < 0:
		return c, fmt.Errorf("-track-every must be 0 or more, got %s", c.trackEvery)
	case !(c.simSpeed >= 1) || math.IsInf(c.simSpeed, 0):
		return c, fmt.Errorf("-sim-speed must be at least 1, got %v", c.simSpeed)
	case c.simReturnPercent < 0 || c.simReturnPercent > 100:
		return c, fmt.Errorf("-sim-return-percent must be 0–100, got %d", c.simReturnPercent)
	case c.startupTimeout <= 0:
		return c, fmt.Errorf("-startup-timeout must be positive, got %s", c.startupTimeout)
	case c.rateLimit < 0 || math.IsNaN(c.rateLimit) || math.IsInf(c.rateLimit, 0):
		return c, fmt.Errorf("-rate-limit must be 0 or more, got %v", c.rateLimit)
	case c.rateLimit > 0 && c.rateBurst < 1:
		return c, fmt.Errorf("-rate-burst must be at least 1, got %d", c.rateBurst)
	}
	c.databaseURL = getenv("KASIR_DATABASE_URL")
	c.databaseSchema = getenv("KASIR_DATABASE_SCHEMA")
	c.midtransKey = getenv("MIDTRANS_SERVER_KEY")
	if v := getenv("MIDTRANS_SANDBOX"); v != "" {
		var err error
		if c.midtransSandbox, err = strconv.ParseBool(v); err != nil {
			return c, fmt.Errorf("MIDTRANS_SANDBOX must be 1, 0, true or false, got %q", v)
		}
	}
	c.biteshipKey = getenv("BITESHIP_API_KEY")
	c.biteshipHeader = getenv("BITESHIP_WEBHOOK_HEADER")
	c.biteshipSecret = getenv("BITESHIP_WEBHOOK_SECRET")
	c.simToken = getenv("SIMCOURIER_TOKEN")
	c.whatsappURL = getenv("WHATSAPP_CHECK_URL")
	c.whatsappToken = getenv("WHATSAPP_CHECK_TOKEN")
	c.webhookURL = getenv("KASIR_WEBHOOK_URL")
	c.webhookSecret = getenv("KASIR_WEBHOOK_SECRET")
	if c.platformKey == "" {
		c.platformKey = getenv("KASIR_PLATFORM_KEY")
	}
	if c.storeHosts && c.platformKey == "" {
		return c, fmt.Errorf("-store-hosts needs -platform-key (or KASIR_PLATFORM_KEY)")
	}
	if c.procurementPath != "" && c.platformKey == "" {
		return c, fmt.Errorf("-procurement needs -platform-key (or KASIR_PLATFORM_KEY)")
	}
	return c, nil
}

// run is the whole program: it serves until ctx is done, then shuts down
// gracefully, and returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) int {
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "server:", err)
		return 2
	}
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	var h slog.Handler = slog.NewTextHandler(stderr, opts)
	if cfg.logFormat == "json" {
		h = slog.NewJSONHandler(stderr, opts)
	}
	// Every line logged while serving a request names its request_id.
	log := slog.New(httpapi.LogHandler(h))
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("server failed", "err", err)
		return 1
	}
	return 0
}

// serve loads the store, wires the Service and serves it until ctx is
// done. Opening the database may take at most cfg.startupTimeout.
func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	data, source, err := readStore(cfg.dataPath)
	if err != nil {
		return err
	}
	sctx, cancelStartup := context.WithTimeout(ctx, cfg.startupTimeout)
	stores, svc, hooks, platform, closeStore, err := newService(sctx, data, cfg, log)
	cancelStartup()
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || sctx.Err() != nil {
			return fmt.Errorf("start-up did not finish within -startup-timeout %s: %w", cfg.startupTimeout, err)
		}
		return err
	}
	defer closeStore()
	if cfg.adminToken == "" {
		log.Warn("no admin token (-admin-token or KASIR_ADMIN_TOKEN): every admin route answers 401")
	}
	hc := handlerConfig(cfg, log)
	hc.Webhooks = hooks
	// The pages, like the JSON API, serve each request with the Service of
	// the store's latest stored configuration: the default store at /,
	// every other store under /s/{store}/.
	pages, err := webui.NewStores(webui.StoresConfig{
		Config: webui.Config{Authenticate: webui.AdminToken(cfg.adminToken), Logger: log,
			RateLimit: cfg.rateLimit, RateBurst: cfg.rateBurst},
		Platform: platform, Service: stores.Service, ServiceAt: stores.ServiceAt, Hosts: cfg.storeHosts,
	})
	if err != nil {
		return err
	}
	hc.Stores = stores
	procure, err := newProcurement(cfg, stores, platform)
	if err != nil {
		return err
	}
	api, others := storesAPI(platform, stores, procure, hc, cfg, log)
	handler := mount(api, pages)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Every request ends by -request-timeout; the answer then still has
		// to be written.
		WriteTimeout:   cfg.requestTimeout + 30*time.Second,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String(), "store", svc.Settings().StoreName, "data", source,
		"payment_methods", svc.PaymentMethods())

	bg, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { expireLoop(bg, storeExpirer{stores, ports.DefaultStore}, cfg.expireEvery, log) })
	wg.Go(func() { _ = svc.Relay().Run(bg, time.Second) }) // order events to the log and the webhooks
	if others != nil {
		wg.Go(func() { others(bg) })
	}
	if cfg.trackEvery > 0 {
		service := func(ctx context.Context, id string) (poller, error) { return stores.Service(ctx, id) }
		wg.Go(func() { trackLoop(bg, trackedStores(platform, cfg.platformKey != ""), service, cfg.trackEvery, log) })
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var serveErr error
	select {
	case <-ctx.Done():
		log.Info("shutting down", "timeout", cfg.shutdownTimeout)
	case serveErr = <-served:
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.shutdownTimeout)
	defer cancel()
	shutErr := srv.Shutdown(sctx)
	stopBackground()
	wg.Wait()
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	if shutErr != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s: %w", cfg.shutdownTimeout, shutErr)
	}
	log.Info("stopped")
	return nil
}

// readStore reads and checks the data file at path, or the embedded demo
// when path is empty; it also returns what it read, for the log.
func readStore(path string) ([]byte, string, error) {
	if path == "" {
		if _, err := storefile.Parse(bytes.NewReader(demoData)); err != nil {
			return nil, "", fmt.Errorf("the embedded demo.json: %w", err)
		}
		return demoData, "embedded demo.json", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if _, err := storefile.Parse(bytes.NewReader(data)); err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return data, path, nil
}
