package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// DefaultTimeout bounds one check when Config.Timeout is 0.
const DefaultTimeout = 5 * time.Second

// maxAnswer is the largest answer body read, in bytes.
const maxAnswer = 64 << 10

var _ ports.WhatsApp = (*Checker)(nil)

// Config says where and how to ask.
type Config struct {
	// Endpoint is the absolute http or https URL checks are POSTed to.
	Endpoint string
	// Token is sent as "Authorization: Bearer <Token>"; empty sends no
	// Authorization header. It never appears in an error.
	Token string
	// Timeout bounds one check, from sending to reading the answer; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// HTTPClient sends the requests; nil means a client of the package's
	// own over http.DefaultTransport. A client's own Timeout applies as well.
	HTTPClient *http.Client
}

// Checker asks the configured service whether numbers are on WhatsApp
// (ports.WhatsApp). Build it with [New]; it is safe for concurrent use.
type Checker struct {
	endpoint string
	token    string
	timeout  time.Duration
	client   *http.Client
}

// New checks cfg and returns a Checker. Errors are invalid_input (kind
// Invalid) naming the field: "endpoint" when it is not an absolute http or
// https URL with a host, "token" when it holds characters an HTTP header
// cannot carry (the message does not quote it), "timeout" when it is
// negative.
func New(cfg Config) (*Checker, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "whatsapp: endpoint must be an absolute http or https URL").WithField("endpoint")
	}
	for i := 0; i < len(cfg.Token); i++ {
		if c := cfg.Token[i]; c < 0x21 || c > 0x7e {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "whatsapp: token must be printable ASCII without spaces").WithField("token")
		}
	}
	if cfg.Timeout < 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "whatsapp: timeout must not be negative, got %s", cfg.Timeout).WithField("timeout")
	}
	c := &Checker{endpoint: cfg.Endpoint, token: cfg.Token, timeout: cfg.Timeout, client: cfg.HTTPClient}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if c.client == nil {
		c.client = &http.Client{}
	}
	return c, nil
}

// Registered reports whether msisdn — the international number's digits
// without "+", such as 6281234567890 (checkout.Phone.MSISDN) — is on
// WhatsApp, by asking the configured service as the package documentation
// describes.
//
// Errors: checkout's invalid_phone (kind Invalid, field "phone") when msisdn
// is not 7 to 15 digits or starts with 0, before anything is sent; otherwise an error
// matching ports.ErrProviderAuth (HTTP 401 or 403) or
// ports.ErrProviderUnavailable (any other failure, including a timeout or a
// cancelled ctx, whose error stays reachable with errors.Is).
func (c *Checker) Registered(ctx context.Context, msisdn string) (bool, error) {
	if !isMSISDN(msisdn) {
		return false, errs.Invalidf(checkout.CodeInvalidPhone, "whatsapp: %q is not an international number of 7–15 digits without +", msisdn).WithField("phone")
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	body, err := json.Marshal(struct {
		Phone string `json:"phone"`
	}{msisdn})
	if err != nil {
		return false, c.unavailable(err, "cannot encode the request")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return false, c.unavailable(err, "cannot build the request")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return false, c.transportError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return false, c.transportError(ctx, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return false, c.fail(ports.ErrProviderAuth, nil, "checker refused the credentials (HTTP %d)", resp.StatusCode)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return false, c.unavailable(nil, "checker answered HTTP %d", resp.StatusCode)
	case len(data) > maxAnswer:
		return false, c.unavailable(nil, "checker's answer is larger than %d bytes", maxAnswer)
	}
	return c.read(data, msisdn)
}

// answer is either shape of the checker's answer; Data holds the second.
type answer struct {
	Phone       json.RawMessage `json:"phone"`
	PhoneNumber json.RawMessage `json:"phone_number"`
	Registered  json.RawMessage `json:"registered"`
	IsWA        json.RawMessage `json:"is_wa"`
	Data        *answer         `json:"data"`
}

func (c *Checker) read(data []byte, msisdn string) (bool, error) {
	var a answer
	if err := json.Unmarshal(data, &a); err != nil {
		return false, c.unavailable(err, "checker's answer is not a JSON object")
	}
	if a.Registered == nil && a.IsWA == nil && a.Data != nil {
		a = *a.Data
	}
	flag := a.Registered
	if flag == nil {
		flag = a.IsWA
	}
	var registered bool
	switch strings.TrimSpace(string(flag)) {
	case "true", "1":
		registered = true
	case "false", "0":
	default:
		return false, c.unavailable(nil, "checker's answer has no registered or is_wa flag of true, false, 1 or 0")
	}
	phone := a.Phone
	if phone == nil {
		phone = a.PhoneNumber
	}
	if got := digits(phone); got != "" && got != msisdn {
		return false, c.unavailable(nil, "checker answered about another number than %s", msisdn)
	}
	return registered, nil
}

// digits returns the digits of a JSON string or number; "" for anything
// else.
func digits(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return ""
		}
		s = n.String()
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isMSISDN(s string) bool {
	if len(s) < 7 || len(s) > 15 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// transportError describes a failure to send the request or read the
// answer.
func (c *Checker) transportError(ctx context.Context, err error) error {
	// A *url.Error quotes the endpoint; keep only what went wrong.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return c.unavailable(err, "checker did not answer in time")
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		return c.unavailable(err, "check cancelled")
	}
	return c.unavailable(err, "cannot reach the checker")
}

func (c *Checker) unavailable(cause error, format string, args ...any) error {
	return c.fail(ports.ErrProviderUnavailable, cause, format, args...)
}

// fail returns an error with the code and kind of the port error like,
// wrapping cause with the token removed from its text.
func (c *Checker) fail(like *errs.Error, cause error, format string, args ...any) error {
	e := &errs.Error{Kind: like.Kind, Code: like.Code, Message: "whatsapp: " + fmt.Sprintf(format, args...)}
	if cause != nil {
		e.Err = redacted{err: cause, secret: c.token}
	}
	return e
}

// redacted is an error whose text never holds secret.
type redacted struct {
	err    error
	secret string
}

func (r redacted) Error() string {
	if r.secret == "" {
		return r.err.Error()
	}
	return strings.ReplaceAll(r.err.Error(), r.secret, "[redacted]")
}

func (r redacted) Unwrap() error { return r.err }
