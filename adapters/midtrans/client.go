package midtrans

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// Midtrans' Snap hosts and the defaults of [Config].
const (
	// SandboxBaseURL is the Snap host of Midtrans' sandbox.
	SandboxBaseURL = "https://app.sandbox.midtrans.com"
	// ProductionBaseURL is the Snap host of Midtrans' production.
	ProductionBaseURL = "https://app.midtrans.com"
	// TransactionsPath is the Snap endpoint that creates a transaction.
	TransactionsPath = "/snap/v1/transactions"
	// SandboxAPIBaseURL is the Core API host of Midtrans' sandbox (refunds).
	SandboxAPIBaseURL = "https://api.sandbox.midtrans.com"
	// ProductionAPIBaseURL is the Core API host of Midtrans' production.
	ProductionAPIBaseURL = "https://api.midtrans.com"

	// DefaultTimeout bounds one HTTP attempt when Config.Timeout is 0.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxRetries is the number of retries when Config.MaxRetries
	// is 0.
	DefaultMaxRetries = 2
	// DefaultRetryWait is the wait before the first retry when
	// Config.RetryWait is 0; it doubles before each further retry.
	DefaultRetryWait = 250 * time.Millisecond

	// MaxOrderIDLen is the longest order id Snap accepts, in bytes.
	MaxOrderIDLen = 50
	// MaxItemTextLen is the longest item name or id Snap accepts, in
	// characters; longer ones are cut to this length.
	MaxItemTextLen = 50
)

// maxResponseBytes bounds how much of a Snap answer is read.
const maxResponseBytes = 1 << 20

// Config configures a [Client]. Only ServerKey is required.
//
// Printing a Config (fmt verbs, log/slog) shows the ServerKey as
// "[redacted]".
type Config struct {
	// ServerKey is the merchant's Midtrans server key (sandbox keys start
	// "SB-Mid-server-"). It is sent only as the Basic auth user name of
	// Snap requests and used to check notification signatures.
	ServerKey string
	// Sandbox selects SandboxBaseURL instead of ProductionBaseURL.
	Sandbox bool
	// BaseURL, when set, replaces the Snap host (e.g. an httptest server
	// in tests): an absolute http(s) URL without user info, query or
	// fragment. TransactionsPath is appended to it.
	BaseURL string
	// APIBaseURL, when set, replaces the Core API host refunds are sent to
	// (SandboxAPIBaseURL or ProductionAPIBaseURL); the same rules as
	// BaseURL apply. When it is empty and BaseURL is set, BaseURL serves
	// both.
	APIBaseURL string
	// Timeout bounds each HTTP attempt; 0 means DefaultTimeout. The
	// caller's context bounds all attempts together.
	Timeout time.Duration
	// MaxRetries is how many times a request is sent again after a 5xx,
	// a 429, a timeout or a transport error; 0 means DefaultMaxRetries
	// and a negative value means none.
	MaxRetries int
	// RetryWait is the wait before the first retry, doubled before each
	// further one; 0 means DefaultRetryWait.
	RetryWait time.Duration
	// HTTPClient sends the requests; nil means a new http.Client.
	HTTPClient *http.Client
	// Clock, when set, dates a payment link: CreatePayment then sends the
	// expiry's start_time and returns the link's ExpiresAt. When nil,
	// start_time is left out, Midtrans starts the expiry at the
	// transaction time, and ExpiresAt is zero (not known).
	Clock ports.Clock
}

// Format prints c with the server key redacted, for every verb.
func (c Config) Format(f fmt.State, verb rune) {
	type plain Config // without methods, so printing does not recurse
	p := plain(c)
	if p.ServerKey != "" {
		p.ServerKey = "[redacted]"
	}
	format := "%" + string(verb)
	switch {
	case f.Flag('#'):
		format = "%#" + string(verb)
	case f.Flag('+'):
		format = "%+" + string(verb)
	}
	fmt.Fprintf(f, format, p)
}

// LogValue makes log/slog record c with the server key redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("server_key", "[redacted]"),
		slog.Bool("sandbox", c.Sandbox),
		slog.String("base_url", c.BaseURL),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_retries", c.MaxRetries),
		slog.Duration("retry_wait", c.RetryWait),
	)
}

// redact removes every form of the server key (plain, and base64 as in
// the Authorization header) from s.
func (c *Client) redact(s string) string {
	key := *c.key
	for _, form := range [...]string{key, base64.StdEncoding.EncodeToString([]byte(key + ":")), base64.StdEncoding.EncodeToString([]byte(key))} {
		s = strings.ReplaceAll(s, form, "[redacted]")
	}
	return s
}

// Client is a ports.PaymentGateway over the Midtrans Snap API. It is safe
// for concurrent use; create it with [New].
type Client struct {
	// key is the server key behind a pointer to a string: fmt prints such
	// a field as an address whatever the verb, so a printed Client never
	// shows the key.
	key        *string
	endpoint   string
	api        string // the Core API host, without a trailing slash
	timeout    time.Duration
	maxRetries int
	retryWait  time.Duration
	http       *http.Client
	clock      ports.Clock
}

var _ ports.PaymentGateway = (*Client)(nil)

// New returns a Client for cfg. It returns an invalid_input error naming
// the field when the server key is empty or holds spaces or control
// characters, the base URL is not an absolute http(s) URL, or a duration
// is negative. The error never holds the key.
func New(cfg Config) (*Client, error) {
	if cfg.ServerKey == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "midtrans: a server key is required").WithField("server_key")
	}
	for _, r := range cfg.ServerKey {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "midtrans: the server key holds spaces or control characters").WithField("server_key")
		}
	}
	base, api := ProductionBaseURL, ProductionAPIBaseURL
	if cfg.Sandbox {
		base, api = SandboxBaseURL, SandboxAPIBaseURL
	}
	if cfg.BaseURL != "" {
		if !hostURL(cfg.BaseURL) {
			// The URL is left out of the message: it is the caller's
			// configuration and might hold anything.
			return nil, errs.Invalidf(errs.CodeInvalidInput, "midtrans: the base URL must be an absolute http(s) URL without user info, query or fragment").WithField("base_url")
		}
		base = strings.TrimRight(cfg.BaseURL, "/")
		api = base
	}
	if cfg.APIBaseURL != "" {
		if !hostURL(cfg.APIBaseURL) {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "midtrans: the API base URL must be an absolute http(s) URL without user info, query or fragment").WithField("api_base_url")
		}
		api = strings.TrimRight(cfg.APIBaseURL, "/")
	}
	if cfg.Timeout < 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "midtrans: the timeout must not be negative").WithField("timeout")
	}
	if cfg.RetryWait < 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "midtrans: the retry wait must not be negative").WithField("retry_wait")
	}
	c := &Client{
		endpoint:   base + TransactionsPath,
		api:        api,
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		retryWait:  cfg.RetryWait,
		http:       cfg.HTTPClient,
		clock:      cfg.Clock,
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.retryWait == 0 {
		c.retryWait = DefaultRetryWait
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	key := cfg.ServerKey
	c.key = &key
	return c, nil
}

// hostURL reports whether s is an absolute http(s) URL without user info,
// query or fragment.
func hostURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil && u.RawQuery == "" && u.Fragment == ""
}

// String describes c without its server key.
func (c *Client) String() string { return "midtrans.Client(" + c.endpoint + ")" }

// GoString describes c without its server key.
func (c *Client) GoString() string { return c.String() }

// CreatePayment asks Snap for a payment link: POST {base}/snap/v1/transactions.
//
// Errors:
//   - invalid_input (field named) before any request when req.Validate
//     fails (among others when the items do not add up to the amount),
//     when the order id is longer than [MaxOrderIDLen] or holds other
//     than letters, digits and - _ ~ ., or when the customer phone is not
//     E.164;
//   - ports.ErrProviderAuth when Snap answers 401;
//   - ports.ErrProviderRejected (kind Invalid) when Snap answers another
//     4xx, such as a 400 for a duplicate order id; the wrapped [*APIError]
//     holds Midtrans' error_messages;
//   - ports.ErrProviderUnavailable when Snap still answers 5xx or 429, or
//     times out or cannot be reached, after the retries, when the
//     context ends, or when a 2xx answer lacks a token or redirect_url or
//     is not JSON.
//
// No error holds the server key.
func (c *Client) CreatePayment(ctx context.Context, req payment.GatewayRequest) (payment.GatewayLink, error) {
	body, expiresAt, err := c.snapRequest(ctx, req)
	if err != nil {
		return payment.GatewayLink{}, err
	}
	payload, err := json.Marshal(body)
	if err != nil { // plain strings and integers: cannot happen
		return payment.GatewayLink{}, errs.Wrap(errs.Other, errs.CodeInternal, err, "midtrans: encoding the Snap request")
	}
	res, err := c.post(ctx, payload)
	if err != nil {
		return payment.GatewayLink{}, err
	}
	return payment.GatewayLink{Token: res.Token, URL: res.RedirectURL, ExpiresAt: expiresAt}, nil
}

// snapResponse is Snap's answer, on success and on failure.
type snapResponse struct {
	Token         string   `json:"token"`
	RedirectURL   string   `json:"redirect_url"`
	ErrorMessages []string `json:"error_messages"`
}

// post sends payload to Snap, retrying as the Config says, and reads the
// answer.
func (c *Client) post(ctx context.Context, payload []byte) (snapResponse, error) {
	var last error // why the latest attempt failed, for the final error
	attempts := 0
	for attempts <= c.maxRetries {
		if attempts > 0 {
			wait := c.retryWait << (attempts - 1)
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return snapResponse{}, c.unavailable(ctx.Err(), attempts)
			case <-t.C:
			}
		}
		attempts++
		status, body, err := c.attempt(ctx, c.endpoint, payload)
		if err != nil {
			if ctx.Err() != nil { // the caller gave up: do not retry
				return snapResponse{}, c.unavailable(ctx.Err(), attempts)
			}
			last = &redactedError{err: err, msg: c.redact(err.Error())}
			continue
		}
		var res snapResponse
		decodeErr := json.Unmarshal(body, &res)
		switch {
		case status >= 200 && status < 300:
			if decodeErr != nil {
				return snapResponse{}, errs.Wrap(errs.Unavailable, ports.CodeProviderUnavailable,
					&redactedError{err: decodeErr, msg: c.redact(decodeErr.Error())},
					"midtrans: Snap answered "+strconv.Itoa(status)+" with a body that is not JSON")
			}
			if res.Token == "" || res.RedirectURL == "" {
				return snapResponse{}, errs.E(errs.Unavailable, ports.CodeProviderUnavailable,
					"midtrans: Snap answered "+strconv.Itoa(status)+" without a token or redirect_url")
			}
			return res, nil
		case status == http.StatusUnauthorized:
			return snapResponse{}, errs.Wrap(errs.Unavailable, ports.CodeProviderAuth, c.apiError(status, res),
				"midtrans: Snap refused the server key")
		case status == http.StatusTooManyRequests || status >= 500:
			last = c.apiError(status, res)
			continue
		case status >= 400:
			return snapResponse{}, errs.Wrap(errs.Invalid, ports.CodeProviderRejected, c.apiError(status, res),
				"midtrans: Snap rejected the payment request")
		default: // 1xx or an unfollowed 3xx: not part of the API
			return snapResponse{}, errs.Wrap(errs.Unavailable, ports.CodeProviderUnavailable, c.apiError(status, res),
				"midtrans: Snap answered with an unexpected status")
		}
	}
	return snapResponse{}, c.unavailable(last, attempts)
}

// attempt sends one request, bounded by the per-attempt timeout, and
// returns the status and (the start of) the body.
func (c *Client) attempt(ctx context.Context, endpoint string, payload []byte) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(*c.key, "")
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxResponseBytes))
	if err != nil {
		return 0, nil, err
	}
	return res.StatusCode, body, nil
}

// apiError is the *APIError of an answer, with the key removed from
// Midtrans' messages.
func (c *Client) apiError(status int, res snapResponse) *APIError {
	e := &APIError{StatusCode: status}
	for _, m := range res.ErrorMessages {
		e.Messages = append(e.Messages, c.redact(m))
	}
	return e
}

func (c *Client) unavailable(cause error, attempts int) error {
	msg := "midtrans: Snap unavailable after " + strconv.Itoa(attempts) + " attempt"
	if attempts != 1 {
		msg += "s"
	}
	return errs.Wrap(errs.Unavailable, ports.CodeProviderUnavailable, cause, msg)
}
