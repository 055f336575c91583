// Command loadtest sends a bounded, timed load to a running kasir HTTP API
// (package adapters/httpapi, e.g. examples/server) over loopback, and
// prints requests per second and the 50th and 99th percentile latencies
// beside a baseline: a bare net/http JSON handler that it runs itself, in
// the same process run, answering requests of the same sizes with
// responses of the same sizes. The ratio kasir/baseline is what to compare
// between machines and versions, not the absolute figures.
//
//	go run ./examples/server -addr 127.0.0.1:8080 -rate-limit 0 -admin-token s3cret &
//	go run ./examples/loadtest -addr 127.0.0.1:8080 -admin-token s3cret -duration 5s
//
// It starts nothing against kasir: the server runs elsewhere, with its
// per-client rate limit off (-rate-limit 0), or most requests are refused
// with 429. Three loads run one after another, each for -duration or
// -max-requests requests, whichever ends first, from -concurrency clients:
//
//   - quote: POST /v1/quotes with -quote-body;
//   - place order: POST /v1/orders with -order-body, while one more client
//     lists the newest 20 orders (GET /v1/orders?limit=20) in a loop: the
//     listing's figures are printed as "listing while ordering";
//   - the same quote and order loads against the baseline.
//
// In the bodies "{n}" stands for a number unique to each request (so every
// order has its own buyer phone, and no per-phone cap is reached). The
// defaults fit the demo store of examples/server: a COD order of one
// 250 g Gayo coffee to Kebayoran Baru (the demo's stock runs out after 40
// orders; the rest are answered 409 out_of_stock, counted as refusals).
//
// Exit status: 0 after printing the figures, 1 when kasir cannot be
// reached or a request of each kind does not succeed once, 2 for bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

const (
	defaultQuote = `{"lines":[{"sku":"GAYO-250-BIJI","quantity":1}],"location_id":"jaksel-kebayoran-baru","courier":"jne","service":"REG",` +
		`"payment_method":"cod","customer":{"name":"Pembeli {n}","phone":"0812{n}"}}`
	defaultOrder = `{"lines":[{"sku":"GAYO-250-BIJI","quantity":1}],"courier":"jne","service":"REG","payment_method":"cod",` +
		`"customer":{"name":"Pembeli {n}","phone":"0812{n}"},` +
		`"address":{"line":"Jl. Melawai Raya No. 5","location_id":"jaksel-kebayoran-baru","postal_code":"12110"}}`
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, runs the loads and writes the figures to stdout; it
// returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c Config
	fs.StringVar(&c.Addr, "addr", "", "kasir's address, host:port or http://host:port (required)")
	fs.StringVar(&c.AdminToken, "admin-token", "", "bearer token of the admin routes, for the listing")
	fs.DurationVar(&c.Duration, "duration", 5*time.Second, "how long each load runs at most")
	fs.IntVar(&c.MaxRequests, "max-requests", 100_000, "how many requests each load sends at most")
	fs.IntVar(&c.Concurrency, "concurrency", 8, "clients sending at once")
	fs.StringVar(&c.QuoteBody, "quote-body", defaultQuote, "JSON body of a quote; {n} is a unique number")
	fs.StringVar(&c.OrderBody, "order-body", defaultOrder, "JSON body of an order; {n} is a unique number")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := c.check(); err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 2
	}
	report, err := Run(ctx, c)
	if report != nil {
		report.Write(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 1
	}
	return 0
}

func (c *Config) check() error {
	switch {
	case c.Addr == "":
		return errors.New("-addr is required: kasir's address, e.g. 127.0.0.1:8080")
	case c.Duration <= 0:
		return errors.New("-duration must be positive")
	case c.MaxRequests < 1:
		return errors.New("-max-requests must be at least 1")
	case c.Concurrency < 1:
		return errors.New("-concurrency must be at least 1")
	}
	return nil
}
