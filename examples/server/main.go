// Command server runs kasir's checkout as a JSON HTTP API (package
// adapters/httpapi) for one seller's store, read from a JSON data file:
// settings, bank accounts, locations, warehouses, products, bundles,
// vouchers and an offline courier rate card.
//
//	go run ./examples/server                      # the embedded demo store, on :8080
//	go run ./examples/server -data store.json -addr 127.0.0.1:9000 -admin-token s3cret
//
// Everything runs in memory and offline by default (adapters/memory,
// adapters/ratecard): orders live as long as the process. Environment
// variables plug in outside systems:
//
//   - MIDTRANS_SERVER_KEY (with MIDTRANS_SANDBOX=1 for the sandbox) offers
//     the gateway payment method through Midtrans Snap and verifies its
//     notifications at POST /v1/webhooks/midtrans;
//   - BITESHIP_API_KEY prices shipping through Biteship instead of the
//     data file's rates;
//   - WHATSAPP_CHECK_URL (with WHATSAPP_CHECK_TOKEN) checks buyers' phones
//     for WhatsApp through an HTTP checker (adapters/whatsapp);
//   - KASIR_DATABASE_URL (with KASIR_DATABASE_SCHEMA, default "kasir")
//     keeps orders, stock and vouchers in PostgreSQL (adapters/postgres).
//
// The keys, the database password and the admin token are never logged.
//
// Flags:
//
//	-addr ADDR              listen address (default ":8080")
//	-data FILE              the store's data file (default: the embedded demo.json)
//	-admin-token TOKEN      bearer token of the admin routes (default $KASIR_ADMIN_TOKEN;
//	                        without one every admin route answers 401)
//	-log-format text|json   log format on standard error (default text)
//	-log-level LEVEL        debug, info, warn or error (default info); debug logs every request
//	-max-body BYTES         request body limit (default 1 MiB)
//	-shutdown-timeout DUR   how long in-flight requests get on SIGINT/SIGTERM (default 15s)
//	-expire-every DUR       how often unpaid orders past their deadline expire (default 1m)
//
// The server logs "listening addr=HOST:PORT" once it accepts connections
// (so -addr 127.0.0.1:0 picks a free port that the log tells), and
// "stopped" after a graceful shutdown. Exit status: 0 after a shutdown on
// a signal, 1 when it cannot start or serve, 2 for bad flags.
//
// The data file's format, with curl examples of the main endpoints, is in
// README.md beside this file.
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
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/kasir-id/kasir/adapters/httpapi"
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

// config is what the flags and the environment ask for.
type config struct {
	addr            string
	dataPath        string
	adminToken      string
	logFormat       string
	logLevel        slog.Level
	maxBody         int64
	shutdownTimeout time.Duration
	expireEvery     time.Duration
}

// parseFlags reads the command line; getenv supplies KASIR_ADMIN_TOKEN.
func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
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
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if c.adminToken == "" {
		c.adminToken = getenv("KASIR_ADMIN_TOKEN")
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
	}
	return c, nil
}

// run is the whole program: it serves until ctx is done, then shuts down
// gracefully, and returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) int {
	cfg, err := parseFlags(args, getenv, stderr)
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
	log := slog.New(h)
	if err := serve(ctx, cfg, getenv, log); err != nil {
		log.Error("server failed", "err", err)
		return 1
	}
	return 0
}

// serve loads the store, wires the Service and serves it until ctx is
// done.
func serve(ctx context.Context, cfg config, getenv func(string) string, log *slog.Logger) error {
	st, source, err := readStore(cfg.dataPath)
	if err != nil {
		return err
	}
	svc, closeStore, err := newService(ctx, st, getenv, log)
	if err != nil {
		return err
	}
	defer closeStore()
	if cfg.adminToken == "" {
		log.Warn("no admin token (-admin-token or KASIR_ADMIN_TOKEN): every admin route answers 401")
	}
	handler := httpapi.New(svc, httpapi.Config{AdminToken: cfg.adminToken, Logger: log, MaxBodyBytes: cfg.maxBody})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Placing a gateway order waits for the payment link; Midtrans'
		// client bounds that well within a minute.
		WriteTimeout:   time.Minute,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String(), "store", st.Settings.StoreName, "data", source,
		"payment_methods", svc.PaymentMethods())

	bg, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { expireLoop(bg, svc, cfg.expireEvery, log) })

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

// readStore loads the data file at path, or the embedded demo when path
// is empty; it also returns what it read, for the log.
func readStore(path string) (*store, string, error) {
	if path == "" {
		st, err := loadStore(bytes.NewReader(demoData))
		if err != nil {
			return nil, "", fmt.Errorf("the embedded demo.json: %w", err)
		}
		return st, "embedded demo.json", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	st, err := loadStore(f)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return st, path, nil
}
