package biteship

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// Defaults for a [Config]'s zero fields.
const (
	DefaultBaseURL      = "https://api.biteship.com"
	DefaultTimeout      = 10 * time.Second       // per attempt
	DefaultMaxRetries   = 2                      // so at most 3 attempts
	DefaultRetryBackoff = 200 * time.Millisecond // before the first retry; doubles, up to MaxRetryBackoff
	MaxRetryBackoff     = 2 * time.Second        // where the doubling stops, unless RetryBackoff is larger
)

// DefaultCouriers returns the courier codes asked for when neither the
// request nor the [Config] names any: the parcel couriers most Indonesian
// sellers use. Each call returns a new slice.
func DefaultCouriers() []string {
	return []string{"jne", "sicepat", "jnt", "anteraja", "pos", "tiki", "ninja", "sap"}
}

// Terms are what kasir needs to know about a courier service that
// Biteship's rates do not carry: the COD fee and cap, the shipping cashback,
// the insurance policy, the weight rule (see docs/shipping.md) and the
// return charges (docs/settlement.md). They come from the
// seller's contract with the courier or Biteship, so they are configured.
type Terms struct {
	CODFeePercent   money.Rate  // COD service fee, a percentage of the COD amount (0–100)
	CODMax          money.Money // the largest COD amount collected; 0 = no cap
	CashbackPercent money.Rate  // shipping cashback, a percentage of the price (0–100)
	// Insurance is the policy of a service Biteship reports as insurable
	// (available_for_insurance); nil means the option carries no insurance.
	Insurance *shipping.InsurancePolicy
	// Weight is how the service bills weight; the zero value means
	// shipping.DefaultWeightRule().
	Weight shipping.WeightRule
	// Return is what a returned parcel costs; the zero value is 100 percent
	// of the price and no COD fee (pricing.NewReturnTerms builds others).
	Return pricing.ReturnTerms
}

// validate checks t, naming fields under prefix ("terms[jne]").
func (t Terms) validate(prefix string) error {
	hundred := money.RateInt(100)
	if t.CODFeePercent.Cmp(hundred) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "biteship: COD fee percent must be within 0–100, got %s", t.CODFeePercent).WithField(prefix + ".cod_fee_percent")
	}
	if t.CashbackPercent.Cmp(hundred) > 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "biteship: cashback percent must be within 0–100, got %s", t.CashbackPercent).WithField(prefix + ".cashback_percent")
	}
	if err := money.CheckAmount(prefix+".cod_max", t.CODMax); err != nil {
		return err
	}
	if t.Insurance != nil {
		if err := t.Insurance.Validate(); err != nil {
			return errs.At(prefix+".insurance", errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "biteship: invalid insurance policy"))
		}
	}
	if t.Weight != (shipping.WeightRule{}) {
		if err := t.Weight.Validate(); err != nil {
			return errs.At(prefix+".weight", errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "biteship: invalid weight rule"))
		}
	}
	return nil
}

// weight returns t's weight rule, or the default one.
func (t Terms) weight() shipping.WeightRule {
	if t.Weight == (shipping.WeightRule{}) {
		return shipping.DefaultWeightRule()
	}
	return t.Weight
}

// Config configures a [Client]. Only APIKey is required.
//
// A Config holds a secret: it formats (with any fmt verb) and logs (as a
// slog.LogValuer) without the API key, and encoding/json skips the key.
type Config struct {
	// APIKey is the Biteship API key (biteship_live.… or biteship_test.…),
	// sent as the Authorization header. It never appears in an error.
	APIKey string `json:"-"`
	// BaseURL is Biteship's API root; DefaultBaseURL when empty. Tests
	// point it at an httptest server.
	BaseURL string
	// Couriers are the courier codes asked for when a request names none;
	// DefaultCouriers() when empty. Codes are compared in lower case.
	Couriers []string
	// UsePostalCodes sends a location's first postal code instead of its
	// ID as Biteship area id. A location without an ID is sent by postal
	// code, and one without postal codes by ID, whatever this says.
	UsePostalCodes bool
	// Origin is where parcels leave from when a request's origin has
	// neither an ID nor a postal code (a seller with one warehouse).
	Origin shipping.Location
	// Timeout bounds each attempt; DefaultTimeout when 0.
	Timeout time.Duration
	// MaxRetries is how many times a request that failed on Biteship's
	// side (5xx) or on the way (timeout, network) is tried again:
	// DefaultMaxRetries when 0, none when negative.
	MaxRetries int
	// RetryBackoff is the wait before the first retry, doubled before each
	// next one up to MaxRetryBackoff (or RetryBackoff itself when larger);
	// DefaultRetryBackoff when 0.
	RetryBackoff time.Duration
	// HTTPClient sends the requests; a new http.Client when nil.
	HTTPClient *http.Client
	// Terms gives the terms of courier services, keyed by courier code
	// ("jne") or by courier and service code ("jne:jtr"). A service's own
	// entry replaces its courier's entirely (fields are not merged). Keys
	// are compared in lower case.
	Terms map[string]Terms
	// DefaultTerms are the terms of services Terms does not list.
	DefaultTerms Terms
	// WebhookHeader and WebhookSecret are the header name and value set
	// as the webhook's signature key and secret in Biteship's dashboard:
	// a push without that header and value is refused. With no secret
	// every push is refused. The secret, like the API key, never appears
	// in an error, a log or fmt output.
	WebhookHeader string
	WebhookSecret string `json:"-"`
	// Shipper names the seller on bookings (shipper_contact_name and
	// shipper_organization); the sender's name when empty.
	Shipper string
}

const redacted = "[redacted]"

// String describes c without its API key.
func (c Config) String() string {
	key := ""
	if c.APIKey != "" {
		key = redacted
	}
	return fmt.Sprintf("biteship.Config{BaseURL:%q APIKey:%q Couriers:%q UsePostalCodes:%t Timeout:%s MaxRetries:%d}",
		c.BaseURL, key, c.Couriers, c.UsePostalCodes, c.Timeout, c.MaxRetries)
}

// Format implements fmt.Formatter so that no verb prints the API key.
func (c Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue implements slog.LogValuer without the API key.
func (c Config) LogValue() slog.Value {
	key := ""
	if c.APIKey != "" {
		key = redacted
	}
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("api_key", key),
		slog.Any("couriers", c.Couriers),
		slog.Bool("use_postal_codes", c.UsePostalCodes),
		slog.Duration("timeout", c.Timeout),
		slog.Int("max_retries", c.MaxRetries),
	)
}

// ratesPath is the Rates API endpoint under the base URL.
const ratesPath = "/v1/rates/couriers"

// New returns a client for Biteship's Rates API. It copies cfg, so later
// changes to cfg's slices, maps or policies do not affect the client.
//
// Errors are invalid_input naming the field: an empty APIKey or one with
// spaces or control characters, a BaseURL that is not an absolute http(s)
// URL or carries credentials, a courier code that is not 1–64 ASCII
// letters, digits, '_', '-' or '.', a negative Timeout or RetryBackoff,
// or invalid Terms (a percentage above 100, a negative amount, an invalid
// insurance policy or weight rule, a malformed or repeated key).
func New(cfg Config) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: an API key is required").WithField("api_key")
	}
	if cfg.WebhookSecret != "" && cfg.WebhookHeader == "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: a webhook secret needs the header it comes in").WithField("webhook_header")
	}
	for _, r := range cfg.APIKey {
		if r <= ' ' || r == 0x7f {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: the API key holds spaces or control characters").WithField("api_key")
		}
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: base URL must be an absolute http(s) URL without credentials, query or fragment").WithField("base_url")
	}
	if cfg.Timeout < 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: timeout must not be negative, got %s", cfg.Timeout).WithField("timeout")
	}
	if cfg.RetryBackoff < 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: retry backoff must not be negative, got %s", cfg.RetryBackoff).WithField("retry_backoff")
	}
	couriers := cfg.Couriers
	if len(couriers) == 0 {
		couriers = DefaultCouriers()
	}
	joined, err := joinCouriers(couriers, "couriers")
	if err != nil {
		return nil, err
	}
	if err := cfg.DefaultTerms.validate("default_terms"); err != nil {
		return nil, err
	}
	terms := make(map[string]Terms, len(cfg.Terms))
	for k, t := range cfg.Terms {
		key := strings.ToLower(k)
		field := "terms[" + k + "]"
		if !validTermsKey(key) {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: terms key %q is not \"courier\" or \"courier:service\"", k).WithField(field)
		}
		if _, dup := terms[key]; dup {
			return nil, errs.Invalidf(errs.CodeInvalidInput, "biteship: terms key %q is given twice (keys compare in lower case)", k).WithField(field)
		}
		if err := t.validate(field); err != nil {
			return nil, err
		}
		terms[key] = t.clone()
	}
	c := &Client{
		apiKey:     cfg.APIKey,
		endpoint:   strings.TrimRight(u.String(), "/") + ratesPath,
		base:       strings.TrimRight(u.String(), "/"),
		hookHeader: cfg.WebhookHeader,
		hookSecret: cfg.WebhookSecret,
		shipper:    cfg.Shipper,
		couriers:   joined,
		usePostal:  cfg.UsePostalCodes,
		origin:     cfg.Origin,
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		backoff:    cfg.RetryBackoff,
		http:       cfg.HTTPClient,
		terms:      terms,
		defaults:   cfg.DefaultTerms.clone(),
	}
	c.origin.PostalCodes = append([]string(nil), cfg.Origin.PostalCodes...)
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.backoff == 0 {
		c.backoff = DefaultRetryBackoff
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	return c, nil
}

// clone returns t with its own copy of the insurance policy.
func (t Terms) clone() Terms {
	if t.Insurance != nil {
		p := *t.Insurance
		t.Insurance = &p
	}
	return t
}

// joinCouriers lower-cases, checks and de-duplicates courier codes and
// joins them with commas, as Biteship's couriers field wants them.
func joinCouriers(codes []string, field string) (string, error) {
	seen := make(map[string]bool, len(codes))
	var b strings.Builder
	for i, code := range codes {
		code = strings.ToLower(strings.TrimSpace(code))
		if !validCode(code) {
			return "", errs.Invalidf(errs.CodeInvalidInput, "biteship: courier code %q must be 1–%d ASCII letters, digits, '_', '-' or '.'", codes[i], shipping.MaxCodeLength).
				WithField(field + "[" + strconv.Itoa(i) + "]")
		}
		if seen[code] {
			continue
		}
		seen[code] = true
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(code)
	}
	return b.String(), nil
}

// validCode reports whether s is a courier code shipping.Option accepts.
func validCode(s string) bool {
	if s == "" || len(s) > shipping.MaxCodeLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// validServiceCode reports whether s is a service code shipping.Option
// accepts: 1–64 bytes of valid UTF-8 without spaces or control characters.
func validServiceCode(s string) bool {
	if s == "" || len(s) > shipping.MaxCodeLength || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func validTermsKey(k string) bool {
	courier, service, found := strings.Cut(k, ":")
	if !validCode(courier) {
		return false
	}
	return !found || validServiceCode(service)
}
