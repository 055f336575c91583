package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

var (
	_ ports.Events   = (*Dispatcher)(nil)
	_ ports.Webhooks = (*Dispatcher)(nil)
)

// Defaults of [Config].
const (
	DefaultAttemptTimeout = 10 * time.Second
	DefaultMaxElapsed     = 5 * time.Minute
	DefaultLogSize        = 1000
	// MinSecretLength is the shortest signing secret AddWebhook accepts.
	MinSecretLength = 16
)

// Config configures a [Dispatcher]. The zero value is ready: no endpoints
// until one is added.
type Config struct {
	// Endpoints are registered at start (from the host's configuration),
	// replacing a stored endpoint with the same ID; an empty ID or secret
	// is generated.
	Endpoints []ports.WebhookEndpoint
	// Store keeps the endpoints: a database store shares them between the
	// processes that use it and keeps them across restarts. Nil keeps them
	// in this Dispatcher's memory.
	Store ports.WebhookEndpoints
	// Client sends the requests; nil uses a client of its own.
	Client *http.Client
	// AttemptTimeout bounds one attempt (0: DefaultAttemptTimeout).
	AttemptTimeout time.Duration
	// MaxElapsed bounds the retries of one event to one endpoint, counted
	// from its first attempt (0: DefaultMaxElapsed). A retry that would
	// start later is not made: the delivery is logged as given up.
	MaxElapsed time.Duration
	// Backoff is the wait after the n-th failed attempt (nil:
	// DefaultBackoff).
	Backoff func(attempt int) time.Duration
	// Clock times the retries (nil: the system clock).
	Clock ports.Clock
	// Sleep waits d or until ctx ends, returning ctx's error (nil: a
	// timer). Tests pass one that advances a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// LogSize is how many delivery attempts the log keeps (0:
	// DefaultLogSize).
	LogSize int
}

// DefaultBackoff doubles from one second to at most a minute.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < time.Minute; i++ {
		d *= 2
	}
	return min(d, time.Minute)
}

// Dispatcher POSTs order events to the seller's endpoints: it is the
// [ports.Events] sink a kasir.Relay delivers the outbox to, and the
// [ports.Webhooks] registry of the endpoints and their delivery log.
//
// Each event goes to every endpoint as its JSON (ports.Event), with the
// headers SignatureHeader, EventIDHeader and EventTypeHeader; see [Sign]
// and [Verify]. An endpoint that does not answer 2xx within the attempt
// timeout is tried again after DefaultBackoff (1 s, 2 s, 4 s … at most a
// minute) until MaxElapsed has passed, then given up and logged so.
// Publish returns when every endpoint has the event or was given up; it
// returns an error only when ctx ends first, so the relay delivers the
// event again later (to every endpoint: a receiver drops repeats by the
// event id).
//
// Endpoints live in Config.Store (every process sharing a database sends
// to the same ones); the delivery log is this process's, in memory. It is
// safe for concurrent use.
type Dispatcher struct {
	client         *http.Client
	attemptTimeout time.Duration
	maxElapsed     time.Duration
	backoff        func(int) time.Duration
	clock          ports.Clock
	sleep          func(context.Context, time.Duration) error

	store ports.WebhookEndpoints

	mu      sync.Mutex
	log     []ports.WebhookDelivery // a ring of at most logSize, oldest at next once full
	next    int
	logSize int
}

// New returns a dispatcher and stores the configured endpoints. Errors:
// those of [Dispatcher.AddWebhook] for a configured endpoint (field
// "endpoints[i]…"), invalid_input for a negative timeout, bound or log
// size, the store's.
func New(ctx context.Context, cfg Config) (*Dispatcher, error) {
	if cfg.AttemptTimeout < 0 || cfg.MaxElapsed < 0 || cfg.LogSize < 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "webhook timeouts and log size must not be negative")
	}
	d := &Dispatcher{
		client: cfg.Client, attemptTimeout: cfg.AttemptTimeout, maxElapsed: cfg.MaxElapsed,
		backoff: cfg.Backoff, clock: cfg.Clock, sleep: cfg.Sleep, logSize: cfg.LogSize, store: cfg.Store,
	}
	if d.store == nil {
		d.store = &memoryEndpoints{}
	}
	if d.client == nil {
		d.client = &http.Client{}
	}
	if d.attemptTimeout == 0 {
		d.attemptTimeout = DefaultAttemptTimeout
	}
	if d.maxElapsed == 0 {
		d.maxElapsed = DefaultMaxElapsed
	}
	if d.backoff == nil {
		d.backoff = DefaultBackoff
	}
	if d.clock == nil {
		d.clock = systemClock{}
	}
	if d.sleep == nil {
		d.sleep = sleep
	}
	if d.logSize == 0 {
		d.logSize = DefaultLogSize
	}
	for i, ep := range cfg.Endpoints {
		if _, err := d.add(ctx, ep.ID, ep.URL, ep.Secret); err != nil {
			var e *errs.Error
			if errors.As(err, &e) {
				return nil, e.WithField(fmt.Sprintf("endpoints[%d].%s", i, e.Field))
			}
			return nil, err
		}
	}
	return d, nil
}

type systemClock struct{}

func (systemClock) Now(context.Context) time.Time { return time.Now() }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// AddWebhook implements [ports.Webhooks]. The endpoint it returns carries
// its secret; nothing shows it again.
func (d *Dispatcher) AddWebhook(ctx context.Context, rawURL, secret string) (ports.WebhookEndpoint, error) {
	return d.add(ctx, "", rawURL, secret)
}

func (d *Dispatcher) add(ctx context.Context, id, rawURL, secret string) (ports.WebhookEndpoint, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(rawURL) > 2000 || u.User != nil {
		return ports.WebhookEndpoint{}, errs.Invalidf(errs.CodeInvalidInput, "a webhook URL must be an absolute http or https URL without credentials, at most 2000 bytes").WithField("url")
	}
	switch {
	case secret == "":
		secret = "whsec_" + randomHex(24)
	case len(secret) < MinSecretLength || len(secret) > 200:
		return ports.WebhookEndpoint{}, errs.Invalidf(errs.CodeInvalidInput, "a webhook secret must be %d to 200 bytes", MinSecretLength).WithField("secret")
	}
	if id == "" {
		id = "wh_" + randomHex(8)
	}
	ep := ports.WebhookEndpoint{ID: id, URL: u.String(), Secret: secret, CreatedAt: d.clock.Now(ctx)}
	if err := d.store.PutWebhook(ctx, ep); err != nil {
		return ports.WebhookEndpoint{}, err
	}
	return ep, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// Webhooks implements [ports.Webhooks].
func (d *Dispatcher) Webhooks(ctx context.Context) ([]ports.WebhookEndpoint, error) {
	out, err := d.store.WebhookEndpoints(ctx)
	for i := range out {
		out[i].Secret = ""
	}
	return out, err
}

// RemoveWebhook implements [ports.Webhooks]. A delivery under way to the
// endpoint finishes.
func (d *Dispatcher) RemoveWebhook(ctx context.Context, id string) error {
	return d.store.DeleteWebhook(ctx, id)
}

// WebhookDeliveries implements [ports.Webhooks].
func (d *Dispatcher) WebhookDeliveries(_ context.Context, limit int) ([]ports.WebhookDelivery, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := len(d.log)
	if limit <= 0 || limit > n {
		limit = n
	}
	out := make([]ports.WebhookDelivery, 0, limit)
	for i := range limit {
		// newest first: the entry before next, going back
		out = append(out, d.log[(d.next-1-i+2*n)%n])
	}
	return out, nil
}

func (d *Dispatcher) record(r ports.WebhookDelivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.log) < d.logSize {
		d.log = append(d.log, r)
		d.next = len(d.log) % d.logSize
		return
	}
	d.log[d.next] = r
	d.next = (d.next + 1) % d.logSize
}

// Publish implements [ports.Events]: it delivers e to every endpoint at
// once, each with its retries. Errors: ctx's error when it ends before
// every endpoint has the event or was given up.
func (d *Dispatcher) Publish(ctx context.Context, e ports.Event) error {
	eps, err := d.store.WebhookEndpoints(ctx)
	if err != nil {
		return err
	}
	if len(eps) == 0 {
		return nil // nobody to send to: the event is not even encoded
	}
	body, err := json.Marshal(e)
	if err != nil {
		return errs.Wrap(errs.Other, errs.CodeInternal, err, "webhook: the event cannot be encoded")
	}
	errList := make([]error, len(eps))
	var wg sync.WaitGroup
	for i, ep := range eps {
		wg.Go(func() { errList[i] = d.deliver(ctx, ep, e, body) })
	}
	wg.Wait()
	return errors.Join(errList...)
}

// deliver sends one event to one endpoint until it takes it, the time for
// retries is over (nil) or ctx ends (its error).
func (d *Dispatcher) deliver(ctx context.Context, ep ports.WebhookEndpoint, e ports.Event, body []byte) error {
	first := d.clock.Now(ctx)
	for attempt := 1; ; attempt++ {
		at := d.clock.Now(ctx)
		status, err := d.post(ctx, ep, e, at, body)
		entry := ports.WebhookDelivery{EventID: e.ID, EventType: e.Type, OrderID: e.OrderID, EndpointID: ep.ID, URL: ep.URL,
			Attempt: attempt, At: at, Status: status}
		if err == nil {
			entry.Outcome = ports.WebhookDelivered
			d.record(entry)
			return nil
		}
		entry.Error = err.Error()
		wait := d.backoff(attempt)
		switch {
		case ctx.Err() != nil:
			entry.Outcome = ports.WebhookStopped
			d.record(entry)
			return ctx.Err()
		case d.clock.Now(ctx).Add(wait).Sub(first) > d.maxElapsed:
			entry.Outcome = ports.WebhookGaveUp
			d.record(entry)
			return nil
		}
		entry.Outcome = ports.WebhookRetrying
		d.record(entry)
		if err := d.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// post makes one attempt and returns the status that came back, and an
// error unless it was 2xx.
func (d *Dispatcher) post(ctx context.Context, ep ports.WebhookEndpoint, e ports.Event, at time.Time, body []byte) (int, error) {
	actx, cancel := context.WithTimeout(ctx, d.attemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kasir-webhook/1")
	req.Header.Set(EventIDHeader, e.ID)
	req.Header.Set(EventTypeHeader, string(e.Type))
	req.Header.Set(SignatureHeader, Sign(ep.Secret, at, body))
	resp, err := d.client.Do(req)
	if err != nil {
		if actx.Err() != nil && ctx.Err() == nil {
			return 0, fmt.Errorf("no answer within %s", d.attemptTimeout)
		}
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("the endpoint answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// memoryEndpoints keeps endpoints in memory when Config.Store is nil.
type memoryEndpoints struct {
	mu  sync.Mutex
	eps []ports.WebhookEndpoint // oldest first
}

func (m *memoryEndpoints) PutWebhook(_ context.Context, e ports.WebhookEndpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i := slices.IndexFunc(m.eps, func(x ports.WebhookEndpoint) bool { return x.ID == e.ID }); i >= 0 {
		m.eps[i] = e
		return nil
	}
	m.eps = append(m.eps, e)
	return nil
}

func (m *memoryEndpoints) WebhookEndpoints(context.Context) ([]ports.WebhookEndpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.eps), nil
}

func (m *memoryEndpoints) DeleteWebhook(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.eps, func(x ports.WebhookEndpoint) bool { return x.ID == id })
	if i < 0 {
		e := *ports.ErrWebhookNotFound
		e.Message = "webhook: no endpoint " + id
		return &e
	}
	m.eps = slices.Delete(m.eps, i, i+1)
	return nil
}
