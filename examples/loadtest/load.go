package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

// Config is one run of the load command.
type Config struct {
	Addr        string        // kasir's address
	AdminToken  string        // for GET /v1/orders
	Duration    time.Duration // each load's time bound
	MaxRequests int           // each load's request bound
	Concurrency int           // clients at once
	QuoteBody   string        // {n}: a unique number
	OrderBody   string
	// The measurement modes (growth.go).
	Fill          int    // place orders until the store holds this many
	Growth        bool   // time the listing's pages and the summary
	Lines         []int  // time quotes and orders of carts of these sizes
	Requests      int    // requests of each -growth and -lines row, one at a time
	LineSKU       string // the SKU of a cart's line i ({i}: i in four digits)
	LineQuoteBody string // {lines}: the cart's lines; {n}: a unique number
	LineOrderBody string
}

// Stats are the figures of one load.
type Stats struct {
	Name     string
	OK       int // 2xx answers
	Refused  int // 4xx answers (out of stock, rate limited …)
	Failed   int // 5xx answers and transport errors
	Elapsed  time.Duration
	P50, P99 time.Duration // over every answered request
	ReqSize  int           // the last request body's size
	RespSize int           // the last 2xx answer's size
	lat      []time.Duration
}

// PerSecond is answered requests per second.
func (s Stats) PerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.OK+s.Refused) / s.Elapsed.Seconds()
}

// Report is what a run measured: kasir's loads and the baseline's, in a
// process of its own (Baseline…) and in the load command's process
// (InProcess…).
type Report struct {
	Quote, Order, Listing          Stats
	BaselineQuote, BaselineOrder   Stats
	InProcessQuote, InProcessOrder Stats
}

// Write prints the report as a table, with kasir's req/s as a ratio of the
// baseline's in a process of its own ("ratio") and in this process
// ("in-process ratio").
func (r *Report) Write(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "load\treq/s\tp50\tp99\tok\trefused\tfailed\tbaseline req/s\tbaseline p50\tbaseline p99\tratio\tin-process req/s\tin-process ratio\t")
	ratio := func(s, b Stats) string {
		if b.PerSecond() <= 0 {
			return ""
		}
		return fmt.Sprintf("%.2f", s.PerSecond()/b.PerSecond())
	}
	row := func(s, b, in Stats) {
		breq, b50, b99, ireq := "", "", "", ""
		if b.Name != "" {
			breq, b50, b99 = fmt.Sprintf("%.0f", b.PerSecond()), ms(b.P50), ms(b.P99)
		}
		if in.Name != "" {
			ireq = fmt.Sprintf("%.0f", in.PerSecond())
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", s.Name, s.PerSecond(), ms(s.P50), ms(s.P99),
			s.OK, s.Refused, s.Failed, breq, b50, b99, ratio(s, b), ireq, ratio(s, in))
	}
	row(r.Quote, r.BaselineQuote, r.InProcessQuote)
	row(r.Order, r.BaselineOrder, r.InProcessOrder)
	row(r.Listing, Stats{}, Stats{})
	tw.Flush()
	fmt.Fprintf(w, "bodies: quote %d B → %d B, order %d B → %d B; the baseline answers the same sizes\n",
		r.Quote.ReqSize, r.Quote.RespSize, r.Order.ReqSize, r.Order.RespSize)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// Run sends the loads of c to kasir, then the same to the baseline: first
// served by a process of this program it starts (the executable again,
// with KASIR_LOADTEST_BASELINE set), then served in this process; it stops
// both before returning. It fails when kasir cannot be reached, the
// baseline's process cannot be started, or not one quote, order or
// listing succeeded.
func Run(ctx context.Context, c Config) (*Report, error) {
	base := c.Addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	base = strings.TrimSuffix(base, "/")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.Concurrency + 1}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	var seq atomic.Int64
	seq.Store(time.Now().UnixNano() % 1e7 * 10) // bodies unique across runs against one server
	body := func(tmpl string) func() []byte {
		return func() []byte {
			return []byte(strings.ReplaceAll(tmpl, "{n}", fmt.Sprintf("%08d", seq.Add(1)%1e8)))
		}
	}
	r := &Report{}
	r.Quote = load(ctx, client, c, "quote", http.MethodPost, base+"/v1/quotes", "", body(c.QuoteBody), nil)
	stop := make(chan struct{})
	listed := make(chan Stats)
	go func() {
		listed <- load(ctx, client, Config{Duration: c.Duration, MaxRequests: c.MaxRequests, Concurrency: 1},
			"listing while ordering", http.MethodGet, base+"/v1/orders?limit=20", c.AdminToken, func() []byte { return nil }, stop)
	}()
	r.Order = load(ctx, client, c, "place order", http.MethodPost, base+"/v1/orders", "", body(c.OrderBody), nil)
	close(stop)
	r.Listing = <-listed

	// The baselines: the same request and response sizes, nothing else,
	// first in a process of their own (as kasir's server is: the ratio
	// compares like with like), then in this process, where a request
	// crosses no process boundary and is therefore cheaper.
	childURL, stopChild, err := startChild(ctx, r.Quote.RespSize, r.Order.RespSize)
	if err != nil {
		return r, fmt.Errorf("baseline process: %w", err)
	}
	r.BaselineQuote = load(ctx, client, c, "baseline quote", http.MethodPost, childURL+"/quote", "", body(c.QuoteBody), nil)
	r.BaselineOrder = load(ctx, client, c, "baseline order", http.MethodPost, childURL+"/order", "", body(c.OrderBody), nil)
	stopChild()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, err
	}
	srv := &http.Server{Handler: baseline(r.Quote.RespSize, r.Order.RespSize), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	bURL := "http://" + ln.Addr().String()
	r.InProcessQuote = load(ctx, client, c, "in-process baseline quote", http.MethodPost, bURL+"/quote", "", body(c.QuoteBody), nil)
	r.InProcessOrder = load(ctx, client, c, "in-process baseline order", http.MethodPost, bURL+"/order", "", body(c.OrderBody), nil)

	var missing []string
	for _, s := range []Stats{r.Quote, r.Order, r.Listing, r.BaselineQuote, r.BaselineOrder, r.InProcessQuote, r.InProcessOrder} {
		if s.OK == 0 {
			missing = append(missing, s.Name)
		}
	}
	if len(missing) > 0 {
		return r, fmt.Errorf("no %s succeeded at %s", strings.Join(missing, ", no "), base)
	}
	return r, nil
}

// baseline is a bare JSON handler: it decodes the request body and answers
// a JSON object padded to the size kasir answered for the route.
func baseline(quoteSize, orderSize int) http.Handler {
	answer := func(size int) []byte {
		b, _ := json.Marshal(map[string]string{"pad": ""})
		if pad := size - len(b); pad > 0 {
			b, _ = json.Marshal(map[string]string{"pad": strings.Repeat("x", pad)})
		}
		return b
	}
	quote, order := answer(quoteSize), answer(orderSize)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			http.Error(w, `{"error":"bad json"}`, http.StatusBadRequest)
			return
		}
		out := quote
		if r.URL.Path == "/order" {
			out = order
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		_, _ = w.Write(out)
	})
}

// load sends requests from c.Concurrency clients until c.Duration has
// passed, c.MaxRequests were sent, ctx is done or stop is closed. The
// first request is always sent and awaited, bounded by ctx alone, so every
// load has a result however busy the machine or short the duration.
func load(parent context.Context, client *http.Client, c Config, name, method, url, token string, body func() []byte, stop <-chan struct{}) Stats {
	ctx, cancel := context.WithTimeout(parent, c.Duration)
	defer cancel()
	var sent atomic.Int64
	var mu sync.Mutex
	s := Stats{Name: name}
	var wg sync.WaitGroup
	start := time.Now()
	for range c.Concurrency {
		wg.Go(func() {
			for i := sent.Add(1); i <= int64(c.MaxRequests); i = sent.Add(1) {
				reqCtx := parent
				if i > 1 {
					reqCtx = ctx
					select {
					case <-ctx.Done():
						return
					case <-stop:
						return
					default:
					}
				}
				b := body()
				code, n, d, err := do(reqCtx, client, method, url, token, b)
				if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
					return // the load's time is up, not a failure
				}
				mu.Lock()
				switch {
				case err != nil || code >= 500:
					s.Failed++
				case code >= 400:
					s.Refused++
					s.lat = append(s.lat, d)
				default:
					s.OK++
					s.lat = append(s.lat, d)
					s.RespSize = n
				}
				s.ReqSize = len(b)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	s.Elapsed = time.Since(start)
	slices.Sort(s.lat)
	if n := len(s.lat); n > 0 {
		s.P50, s.P99 = s.lat[n*50/100], s.lat[min(n*99/100, n-1)]
	}
	s.lat = nil
	return s
}

// do sends one request and reads the whole answer; it returns the status,
// the answer's size and the time it took.
func do(ctx context.Context, client *http.Client, method, url, token string, body []byte) (int, int, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, 0, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	t0 := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	n, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, int(n), time.Since(t0), err
}
