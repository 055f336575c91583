package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

// The measurement modes: how a request's cost grows with the orders stored
// (-fill, -growth) and with the lines of a cart (-lines), and the store
// file they need (-write-store).

// newClient is the HTTP client of every mode, for concurrency clients at once.
func newClient(concurrency int) *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency + 1}, Timeout: 60 * time.Second}
}

// baseURL is c.Addr as a URL without a trailing slash.
func baseURL(addr string) string {
	if !strings.Contains(addr, "://") {
		addr = "http://" + addr
	}
	return strings.TrimSuffix(addr, "/")
}

// uniqueBody returns a generator of tmpl with "{n}" replaced by a number
// unique to each call (and, within 10^8 calls, across runs).
func uniqueBody(tmpl string) func() []byte {
	var seq atomic.Int64
	seq.Store(time.Now().UnixNano() % 1e7 * 10)
	return func() []byte {
		return []byte(strings.ReplaceAll(tmpl, "{n}", fmt.Sprintf("%08d", seq.Add(1)%1e8)))
	}
}

// listing is what the measurement reads of a GET /v1/orders answer.
type listing struct {
	Data []struct {
		Number   string `json:"number"`
		Status   string `json:"status"`
		Customer struct {
			Name string `json:"name"`
		} `json:"customer"`
	} `json:"data"`
	Total int `json:"total"`
}

// list reads one page of the orders.
func list(ctx context.Context, client *http.Client, base, token, query string) (listing, error) {
	var l listing
	code, body, err := send(ctx, client, http.MethodGet, base+"/v1/orders?"+query, token, nil)
	if err != nil {
		return l, err
	}
	if code != http.StatusOK {
		return l, fmt.Errorf("GET /v1/orders?%s: %d %s", query, code, errorCode(body))
	}
	if err := json.Unmarshal(body, &l); err != nil {
		return l, fmt.Errorf("GET /v1/orders?%s: %w", query, err)
	}
	return l, nil
}

// send sends one request and returns the status and the whole answer.
func send(ctx context.Context, client *http.Client, method, url, token string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(string(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// errorCode is the code of an error answer ({"error":{"code":…}}), or ""
// when the answer is not one.
func errorCode(body []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Code
}

// Fill places orders (c.OrderBody) from c.Concurrency clients until the
// store holds n orders, and returns how many it placed. It fails when
// the orders cannot be counted (no admin token) or when 100 orders in a
// row are not placed.
func Fill(ctx context.Context, c Config, n int) (int, error) {
	client := newClient(c.Concurrency)
	defer client.CloseIdleConnections()
	base := baseURL(c.Addr)
	l, err := list(ctx, client, base, c.AdminToken, "limit=1")
	if err != nil {
		return 0, fmt.Errorf("counting the orders: %w", err)
	}
	want := int64(n - l.Total)
	if want <= 0 {
		return 0, nil
	}
	body := uniqueBody(c.OrderBody)
	var claimed, placed, failedInRow atomic.Int64
	var mu sync.Mutex
	var last error
	var wg sync.WaitGroup
	for range c.Concurrency {
		wg.Go(func() {
			for claimed.Add(1) <= want {
				if ctx.Err() != nil || failedInRow.Load() >= 100 {
					return
				}
				code, b, err := send(ctx, client, http.MethodPost, base+"/v1/orders", "", body())
				if err == nil && (code == http.StatusCreated || code == http.StatusOK) {
					placed.Add(1)
					failedInRow.Store(0)
					continue
				}
				failedInRow.Add(1)
				claimed.Add(-1) // try again: the store must reach n
				mu.Lock()
				if err != nil {
					last = err
				} else {
					last = fmt.Errorf("POST /v1/orders: %d %s", code, errorCode(b))
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return int(placed.Load()), err
	}
	if placed.Load() < want {
		return int(placed.Load()), fmt.Errorf("placed %d of %d orders; the last refusal: %w", placed.Load(), want, last)
	}
	return int(placed.Load()), nil
}

// Timing is the figures of one request sent again and again, one at a
// time.
type Timing struct {
	Name       string
	Requests   int
	Status     string // the last answer's status, and its error code if any
	P50, P99   time.Duration
	Mean       time.Duration
	Bytes      int // the last answer's size
	ReqBytes   int // the last request body's size
	Lines      int // the cart's lines (-lines)
	lastFailed error
}

// timeRequest sends the request n times, one after the other, and times
// each answer. A transport error ends it.
func timeRequest(ctx context.Context, client *http.Client, name, method, url, token string, n int, body func() []byte) Timing {
	t := Timing{Name: name}
	lat := make([]time.Duration, 0, n)
	var sum time.Duration
	for range n {
		var b []byte
		if body != nil {
			b = body()
		}
		t0 := time.Now()
		code, ans, err := send(ctx, client, method, url, token, b)
		d := time.Since(t0)
		if err != nil {
			t.lastFailed = err
			t.Status = "error"
			break
		}
		lat = append(lat, d)
		sum += d
		t.Status, t.Bytes, t.ReqBytes = strconv.Itoa(code), len(ans), len(b)
		if code >= 400 {
			t.Status += " " + errorCode(ans)
		}
	}
	t.Requests = len(lat)
	slices.Sort(lat)
	if k := len(lat); k > 0 {
		t.P50, t.P99, t.Mean = lat[k*50/100], lat[min(k*99/100, k-1)], sum/time.Duration(k)
	}
	return t
}

// Growth times the listing's pages and the summary, each c.Requests
// times one after the other: the newest page of 20, the page at offset
// 100, the last page, the page of one status (the newest order's), a
// search matching one order (its number) and one matching many (its
// buyer's name), and the count per status. The rows say how many orders
// the store held.
func Growth(ctx context.Context, c Config) (int, []Timing, error) {
	client := newClient(1)
	defer client.CloseIdleConnections()
	base := baseURL(c.Addr)
	first, err := list(ctx, client, base, c.AdminToken, "limit=20")
	if err != nil {
		return 0, nil, err
	}
	if len(first.Data) == 0 {
		return 0, nil, errors.New("the store holds no orders: fill it first (-fill N)")
	}
	newest := first.Data[0]
	probes := []struct{ name, query string }{
		{"page of 20 (newest)", "limit=20"},
		{"page of 20 at offset 100", "limit=20&offset=100"},
		{"last page of 20", "limit=20&offset=" + strconv.Itoa(max(first.Total-20, 0))},
		{"page of 20, status " + newest.Status, "limit=20&status=" + url.QueryEscape(newest.Status)},
		{"search: one order's number", "limit=20&q=" + url.QueryEscape(newest.Number)},
		{"search: a name of many", "limit=20&q=" + url.QueryEscape(firstWord(newest.Customer.Name))},
	}
	var out []Timing
	for _, p := range probes {
		t := timeRequest(ctx, client, p.name, http.MethodGet, base+"/v1/orders?"+p.query, c.AdminToken, c.Requests, nil)
		if t.lastFailed != nil {
			return first.Total, out, t.lastFailed
		}
		out = append(out, t)
	}
	t := timeRequest(ctx, client, "summary (count per status)", http.MethodGet, base+"/v1/orders/summary", c.AdminToken, c.Requests, nil)
	if t.lastFailed != nil {
		return first.Total, out, t.lastFailed
	}
	return first.Total, append(out, t), nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// lineBody is c.LineOrderBody (or c.LineQuoteBody) with "{lines}"
// replaced by n lines of one unit each, line i naming c.LineSKU with
// "{i}" replaced by i in four digits (0000, 0001 …).
func (c *Config) lineBody(tmpl string, n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		sku := strings.ReplaceAll(c.LineSKU, "{i}", fmt.Sprintf("%04d", i))
		b.WriteString(`{"sku":`)
		js, _ := json.Marshal(sku)
		b.Write(js)
		b.WriteString(`,"quantity":1}`)
	}
	b.WriteByte(']')
	return strings.ReplaceAll(tmpl, "{lines}", b.String())
}

// Lines quotes and places a cart of each size in c.Lines, c.Requests
// times each one after the other, and returns a quote's and an order's
// timing per size (answered or refused: Status tells which).
func Lines(ctx context.Context, c Config) ([]Timing, error) {
	client := newClient(1)
	defer client.CloseIdleConnections()
	base := baseURL(c.Addr)
	var out []Timing
	for _, n := range c.Lines {
		for _, k := range []struct{ name, tmpl string }{{"quote", c.LineQuoteBody}, {"place order", c.LineOrderBody}} {
			t := timeRequest(ctx, client, k.name, http.MethodPost, base+"/v1/"+map[string]string{"quote": "quotes", "place order": "orders"}[k.name],
				"", c.Requests, uniqueBody(c.lineBody(k.tmpl, n)))
			t.Lines = n
			if t.lastFailed != nil {
				return out, fmt.Errorf("%s of %d lines: %w", k.name, n, t.lastFailed)
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// WriteGrowth prints Growth's figures.
func WriteGrowth(w io.Writer, orders int, ts []Timing) {
	fmt.Fprintf(w, "orders stored: %d\n", orders)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "request\trequests\tstatus\tp50\tp99\tmean\tanswer B\t")
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%d\t\n", t.Name, t.Requests, t.Status, ms(t.P50), ms(t.P99), ms(t.Mean), t.Bytes)
	}
	tw.Flush()
}

// WriteLines prints Lines' figures, with the median per line.
func WriteLines(w io.Writer, ts []Timing) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "lines\trequest\trequests\tstatus\tp50\tp99\tp50 per line\trequest B\tanswer B\t")
	for _, t := range ts {
		per := time.Duration(0)
		if t.Lines > 0 {
			per = t.P50 / time.Duration(t.Lines)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%.1fµs\t%d\t%d\t\n", t.Lines, t.Name, t.Requests, t.Status, ms(t.P50), ms(t.P99),
			float64(per)/float64(time.Microsecond), t.ReqBytes, t.Bytes)
	}
	tw.Flush()
}

// WriteStore writes the store file at base (examples/server's format)
// with products more products of one variant each (SKU LT-0000,
// LT-0001 …, 1 000 rupiah, 10 g, COD allowed), every stock level of
// the file raised to 900 000 so that a load does not run out, and
// store.max_lines set to maxLines when it is positive (left as the file
// has it otherwise: by default 100 lines). With products, the order's
// quantity is unlimited (store.max_order_quantity 0), so that a cart of
// every product is refused only for its lines.
func WriteStore(base, out string, products, maxLines int) error {
	raw, err := os.ReadFile(base)
	if err != nil {
		return err
	}
	var d map[string]any
	if err := json.Unmarshal(raw, &d); err != nil {
		return fmt.Errorf("%s: %w", base, err)
	}
	ps, _ := d["products"].([]any)
	for _, p := range ps {
		if p, ok := p.(map[string]any); ok {
			raiseStock(p)
		}
	}
	for i := range products {
		ps = append(ps, map[string]any{
			"id": fmt.Sprintf("lt-%04d", i), "name": fmt.Sprintf("Barang uji %04d", i), "sku": fmt.Sprintf("LT-%04d", i),
			"status": "published", "cod_allowed": true, "weight_grams": 10, "price": 1000, "stock": 900_000,
		})
	}
	d["products"] = ps
	st, ok := d["store"].(map[string]any)
	if !ok {
		return fmt.Errorf("%s: no store object", base)
	}
	if products > 0 {
		st["max_order_quantity"] = 0 // unlimited: a unit of every product in one order
	}
	if maxLines > 0 {
		st["max_lines"] = maxLines
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

// raiseStock sets every stock level of a product (and of its variants)
// to 900 000.
func raiseStock(p map[string]any) {
	if _, ok := p["stock"]; ok {
		p["stock"] = 900_000
	}
	vs, _ := p["variants"].([]any)
	for _, v := range vs {
		if v, ok := v.(map[string]any); ok {
			raiseStock(v)
		}
	}
}
