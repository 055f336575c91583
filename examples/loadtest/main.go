// Command loadtest sends a bounded, timed load to a running kasir HTTP API
// (package adapters/httpapi, e.g. examples/server) over loopback, and
// prints requests per second and the 50th and 99th percentile latencies
// beside a baseline: a bare net/http JSON handler that it runs itself, in
// the same run, answering requests of the same sizes with responses of the
// same sizes. The ratio kasir/baseline is what to compare between machines
// and versions, not the absolute figures.
//
// The baseline runs twice. "baseline" and "ratio" are the bare handler in
// a process of its own that the command starts (its own executable again),
// so that its requests cross a process boundary as kasir's do: this is the
// like-for-like comparison. "in-process" is the same handler served inside
// the load command's own process, where client and server share one Go
// runtime and no process switch happens; on a 2-core machine it answers
// about a quarter to a half more requests per second than the same handler
// in its own process, a cost no server in a process of its own can avoid.
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
//   - the same quote and order loads against the baseline, in its own
//     process and then in this one.
//
// In the bodies "{n}" stands for a number unique to each request (so every
// order has its own buyer phone, and no per-phone cap is reached). The
// defaults fit the demo store of examples/server: a COD order of one
// 250 g Gayo coffee to Kebayoran Baru (the demo's stock runs out after 40
// orders; the rest are answered 409 out_of_stock, counted as refusals).
//
// # Growth: orders stored and lines per cart
//
// Four more modes measure how a request's cost grows, one request at a
// time (-requests of each, p50 and p99), instead of the loads above:
//
//   - -write-store FILE writes examples/server's demo store (-store-base)
//     with -products more products (SKUs LT-0000, LT-0001 …, 1 000
//     rupiah, 10 g), every stock level raised to 900 000, the order's
//     quantity unlimited and, with -max-lines N, N lines allowed per order
//     (without it the default, 100), and exits;
//   - -fill N places orders (-order-body, -concurrency clients) until the
//     store holds N;
//   - -growth times the listing (GET /v1/orders): the newest page of 20,
//     the page at offset 100, the last page, the page of the newest
//     order's status, a search for its number (one order) and for its
//     buyer's first name (every order of the fill), and the summary (GET
//     /v1/orders/summary);
//   - -lines 1,10,100,1000 quotes and places a cart of each size, line i
//     naming -line-sku with {i} replaced by i (LT-0000 …), and prints the
//     answer (201, or the refusal's code) with p50, p99 and p50 per line.
//
// -fill runs first, then -growth, then -lines. The growth table, at 500
// and at 10 000 orders, memory and PostgreSQL (a fresh schema):
//
//	go run ./examples/loadtest -write-store /tmp/growth.json -products 1000 -max-lines 1000
//	go run ./examples/server -addr 127.0.0.1:8080 -data /tmp/growth.json -rate-limit 0 -admin-token s3cret -log-level warn &
//	go run ./examples/loadtest -addr 127.0.0.1:8080 -admin-token s3cret -fill 500 -growth -lines 1,10,100,1000
//	go run ./examples/loadtest -addr 127.0.0.1:8080 -admin-token s3cret -fill 10000 -growth
//
// (for PostgreSQL start the server with KASIR_DATABASE_URL and
// KASIR_DATABASE_SCHEMA naming an empty schema). With a store written
// without -max-lines, carts over 100 lines are refused (too_many_lines),
// and -lines 40000 (1.27 MB) shows the refusal of a body over the server's
// -max-body (body_too_large).
//
// Exit status: 0 after printing the figures, 1 when kasir cannot be
// reached or a request of each kind does not succeed once (or a mode
// fails), 2 for bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

const (
	defaultQuote = `{"lines":[{"sku":"GAYO-250-BIJI","quantity":1}],"location_id":"jaksel-kebayoran-baru","courier":"jne","service":"REG",` +
		`"payment_method":"cod","customer":{"name":"Pembeli {n}","phone":"0812{n}"}}`
	defaultOrder = `{"lines":[{"sku":"GAYO-250-BIJI","quantity":1}],"courier":"jne","service":"REG","payment_method":"cod",` +
		`"customer":{"name":"Pembeli {n}","phone":"0812{n}"},` +
		`"address":{"line":"Jl. Melawai Raya No. 5","location_id":"jaksel-kebayoran-baru","postal_code":"12110"}}`
	defaultLineQuote = `{"lines":{lines},"location_id":"jaksel-kebayoran-baru","courier":"jne","service":"REG",` +
		`"payment_method":"cod","customer":{"name":"Pembeli {n}","phone":"0812{n}"}}`
	defaultLineOrder = `{"lines":{lines},"courier":"jne","service":"REG","payment_method":"cod",` +
		`"customer":{"name":"Pembeli {n}","phone":"0812{n}"},` +
		`"address":{"line":"Jl. Melawai Raya No. 5","location_id":"jaksel-kebayoran-baru","postal_code":"12110"}}`
)

func main() {
	serveChildIfAsked()
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
	fs.IntVar(&c.Fill, "fill", 0, "place orders until the store holds `N` orders, first")
	fs.BoolVar(&c.Growth, "growth", false, "time the listing's pages and the summary, one request at a time")
	var lines, writeStore, storeBase string
	var products, maxLines int
	fs.StringVar(&lines, "lines", "", "quote and place carts of these `sizes` (comma-separated line counts), one request at a time")
	fs.IntVar(&c.Requests, "requests", 50, "requests of each -growth and -lines row")
	fs.StringVar(&c.LineSKU, "line-sku", "LT-{i}", "SKU of a -lines cart's line i; {i} is i in four digits")
	fs.StringVar(&c.LineQuoteBody, "line-quote-body", defaultLineQuote, "JSON body of a -lines quote; {lines} is the cart, {n} a unique number")
	fs.StringVar(&c.LineOrderBody, "line-order-body", defaultLineOrder, "JSON body of a -lines order; {lines} is the cart, {n} a unique number")
	fs.StringVar(&writeStore, "write-store", "", "write a store `file` for the growth modes and exit")
	fs.StringVar(&storeBase, "store-base", "examples/server/demo.json", "the store `file` -write-store starts from")
	fs.IntVar(&products, "products", 1000, "products -write-store adds (SKUs LT-0000 …)")
	fs.IntVar(&maxLines, "max-lines", 0, "lines per order -write-store allows (0: the store's default, 100)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if writeStore != "" {
		if products < 0 || maxLines < 0 {
			fmt.Fprintln(stderr, "loadtest: -products and -max-lines must not be negative")
			return 2
		}
		if err := WriteStore(storeBase, writeStore, products, maxLines); err != nil {
			fmt.Fprintln(stderr, "loadtest:", err)
			return 1
		}
		return 0
	}
	for f := range strings.SplitSeq(lines, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "loadtest: -lines: %q is not a line count\n", f)
			return 2
		}
		c.Lines = append(c.Lines, n)
	}
	if err := c.check(); err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 2
	}
	if c.Fill > 0 || c.Growth || len(c.Lines) > 0 {
		return c.measure(ctx, stdout, stderr)
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
	case c.Fill < 0:
		return errors.New("-fill must not be negative")
	case c.Requests < 1:
		return errors.New("-requests must be at least 1")
	case (c.Fill > 0 || c.Growth) && c.AdminToken == "":
		return errors.New("-fill and -growth read the listing: -admin-token is required")
	}
	return nil
}

// measure runs the growth modes: -fill, then -growth, then -lines.
func (c *Config) measure(ctx context.Context, stdout, stderr io.Writer) int {
	if c.Fill > 0 {
		t0 := time.Now()
		n, err := Fill(ctx, *c, c.Fill)
		fmt.Fprintf(stdout, "filled: %d orders placed in %s\n", n, time.Since(t0).Round(time.Millisecond))
		if err != nil {
			fmt.Fprintln(stderr, "loadtest: -fill:", err)
			return 1
		}
	}
	if c.Growth {
		orders, ts, err := Growth(ctx, *c)
		WriteGrowth(stdout, orders, ts)
		if err != nil {
			fmt.Fprintln(stderr, "loadtest: -growth:", err)
			return 1
		}
	}
	if len(c.Lines) > 0 {
		ts, err := Lines(ctx, *c)
		WriteLines(stdout, ts)
		if err != nil {
			fmt.Fprintln(stderr, "loadtest: -lines:", err)
			return 1
		}
	}
	return 0
}
