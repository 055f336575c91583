package biteship

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/shipping"
)

// Client prices parcels through Biteship's Rates API. Make one with [New];
// it is safe for concurrent use. Like [Config], it formats and logs
// without its API key.
type Client struct {
	apiKey     string
	endpoint   string // base URL + ratesPath
	couriers   string // the default courier codes, comma-separated
	usePostal  bool
	origin     shipping.Location
	timeout    time.Duration
	maxRetries int
	backoff    time.Duration
	http       *http.Client
	terms      map[string]Terms // lower-case keys
	defaults   Terms
	base       string // base URL without a trailing slash
	hookHeader string
	hookSecret string
	shipper    string
}

var _ ports.Couriers = (*Client)(nil)

// maxResponseBytes bounds the body read from Biteship.
const maxResponseBytes = 8 << 20

// String describes c without its API key.
func (c *Client) String() string {
	return fmt.Sprintf("biteship.Client{endpoint:%q couriers:%q}", c.endpoint, c.couriers)
}

// Format implements fmt.Formatter so that no verb prints the API key.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue implements slog.LogValuer without the API key.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("endpoint", c.endpoint), slog.String("couriers", c.couriers))
}

// Rates asks Biteship for every service that can carry the parcel
// (POST /v1/rates/couriers) and maps each pricing entry to a
// shipping.Option; see the package documentation for the mapping. With
// req.COD it returns only the services that collect cash on delivery at the
// destination. No service for the route is an empty list.
//
// Errors:
//   - invalid_input naming the field, before any request: an origin or
//     destination with neither an ID nor a postal code, a malformed postal
//     code or courier code, no items, or an item with a quantity ≤ 0 or a
//     negative weight, value or dimension;
//   - ports.ErrProviderAuth when Biteship refuses the API key (HTTP 401 or
//     403, or an authentication error code);
//   - ports.ErrProviderRejected when Biteship refuses the request (another
//     4xx, e.g. no coverage or an unknown area), with Biteship's message;
//   - ports.ErrProviderUnavailable when Biteship fails (5xx) or does not
//     answer in time on every attempt, answers 429, or ctx ends;
//   - ports.CodeProviderBadResponse, which also matches ports.ErrProviderUnavailable,
//     when the answer is malformed or a price is not whole, non-negative
//     rupiah.
//
// Biteship's answer is reachable as an *APIError with errors.As. No error
// holds the API key.
func (c *Client) Rates(ctx context.Context, req ports.RateRequest) ([]shipping.Option, error) {
	body, err := c.requestBody(req)
	if err != nil {
		return nil, err
	}
	status, data, err := c.post(ctx, http.MethodPost, c.endpoint, body, c.maxRetries)
	if err != nil {
		return nil, err
	}
	switch {
	case status >= 200 && status < 300:
	case status == http.StatusTooManyRequests:
		return nil, errUnavailable("biteship: too many requests", c.apiError(status, data))
	case status >= 400 && status < 500:
		e := c.apiError(status, data)
		if e.authFailure() {
			return nil, errAuth(e)
		}
		return nil, errRejected(e)
	default:
		return nil, errBadResponse(fmt.Sprintf("biteship: unexpected HTTP status %d", status), c.apiError(status, data))
	}
	var res rateResponse
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, errBadResponse("biteship: malformed rates response", err)
	}
	if res.Success != nil && !*res.Success {
		e := &APIError{StatusCode: status, Code: parseCode(res.Code), Message: c.redact(res.Error)}
		if e.authFailure() {
			return nil, errAuth(e)
		}
		return nil, errRejected(e)
	}
	return c.options(res.Pricing, req)
}

// errTooLarge marks a body beyond maxResponseBytes.
var errTooLarge = errors.New("response larger than 8 MiB")

// post sends body (nil for none) to url with method, trying again after a
// transport failure or a 5xx answer, at most retries times, waiting
// between attempts as ctx allows. It returns the first answer below 500
// with its body, or a ports error.
func (c *Client) post(ctx context.Context, method, url string, body []byte, retries int) (int, []byte, error) {
	attempts := retries + 1
	var last error // the cause of the last retryable failure
	for n := 1; ; n++ {
		if n > 1 {
			if err := c.wait(ctx, n-1); err != nil {
				return 0, nil, errUnavailable(fmt.Sprintf("biteship: gave up waiting to retry after %s", attemptsText(n-1)), fmt.Errorf("%w (last failure: %w)", err, last))
			}
		}
		status, data, err := c.once(ctx, method, url, body)
		switch {
		case errors.Is(err, errTooLarge):
			return 0, nil, errBadResponse("biteship: response too large", err)
		case err != nil && ctx.Err() != nil:
			return 0, nil, errUnavailable("biteship: request cancelled", err)
		case err != nil:
			last = err
		case status >= 500:
			last = c.apiError(status, data)
		default:
			return status, data, nil
		}
		if n >= attempts {
			return 0, nil, errUnavailable(fmt.Sprintf("biteship: %s after %s", failure(last), attemptsText(n)), last)
		}
	}
}

func attemptsText(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}

// failure names what went wrong on an attempt, for messages.
func failure(err error) string {
	var ae *APIError
	var ne net.Error
	switch {
	case errors.As(err, &ae):
		return "server error"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	}
	return "unreachable"
}

// wait sleeps before retry number retry (1, 2, …): the backoff doubled
// retry-1 times, at most MaxRetryBackoff or the backoff itself when that is
// larger. It returns ctx's error when ctx ends first.
func (c *Client) wait(ctx context.Context, retry int) error {
	limit := max(c.backoff, MaxRetryBackoff)
	d := c.backoff
	for i := 1; i < retry && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// once makes one attempt bounded by c.timeout and reads the whole answer.
func (c *Client) once(ctx context.Context, method, url string, body []byte) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", c.apiKey) // the raw key, as Biteship documents; no "Bearer"
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return 0, nil, err
	}
	if len(data) > maxResponseBytes {
		return 0, nil, errTooLarge
	}
	return resp.StatusCode, data, nil
}
