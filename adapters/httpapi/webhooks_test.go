package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir/adapters/httpapi"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// fakeWebhooks is a ports.Webhooks that keeps endpoints in a slice and a
// delivery log the test fills in.
type fakeWebhooks struct {
	mu        sync.Mutex
	endpoints []ports.WebhookEndpoint
	log       []ports.WebhookDelivery // newest first
}

func newFakeWebhooks() *fakeWebhooks { return &fakeWebhooks{} }

func (f *fakeWebhooks) AddWebhook(_ context.Context, url, secret string) (ports.WebhookEndpoint, error) {
	if !strings.HasPrefix(url, "https://") {
		return ports.WebhookEndpoint{}, errs.Invalidf(errs.CodeInvalidInput, "a webhook URL must be https").WithField("url")
	}
	if secret == "" {
		secret = "whsec_generated_0000000000"
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	e := ports.WebhookEndpoint{ID: fmt.Sprint("wh_", len(f.endpoints)+1), URL: url, Secret: secret, CreatedAt: start}
	f.endpoints = append(f.endpoints, e)
	return e, nil
}

func (f *fakeWebhooks) Webhooks(context.Context) ([]ports.WebhookEndpoint, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.endpoints), nil // secrets included: the Handler must hide them
}

func (f *fakeWebhooks) RemoveWebhook(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := slices.IndexFunc(f.endpoints, func(e ports.WebhookEndpoint) bool { return e.ID == id })
	if i < 0 {
		return ports.ErrWebhookNotFound
	}
	f.endpoints = slices.Delete(f.endpoints, i, i+1)
	return nil
}

func (f *fakeWebhooks) WebhookDeliveries(_ context.Context, limit int) ([]ports.WebhookDelivery, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.log[:min(limit, len(f.log))]), nil
}

func TestWebhookEndpointRoutes(t *testing.T) {
	hooks := newFakeWebhooks()
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.Webhooks = hooks }))

	res := f.do(t, req{method: http.MethodPost, path: "/v1/webhook-endpoints", body: map[string]any{"url": "https://toko.example/hooks"}})
	assert.Equal(t, http.StatusUnauthorized, res.Status, "admin only")

	res = f.do(t, req{method: http.MethodPost, path: "/v1/webhook-endpoints", admin: true, body: map[string]any{"url": "https://toko.example/hooks"}})
	require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
	created := res.JSON(t)
	assert.Equal(t, "https://toko.example/hooks", created["url"])
	assert.Equal(t, "whsec_generated_0000000000", created["secret"], "the secret is shown when registered")
	id := created["id"].(string)

	res = f.do(t, req{method: http.MethodPost, path: "/v1/webhook-endpoints", admin: true, body: map[string]any{"url": "http://toko.example/hooks"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "url", res.Err(t).Error.Field)
	res = f.do(t, req{method: http.MethodPost, path: "/v1/webhook-endpoints", admin: true, body: map[string]any{"url": "https://x.example", "events": "all"}})
	assert.Equal(t, http.StatusBadRequest, res.Status, "unknown fields are refused")

	res = f.do(t, req{method: http.MethodGet, path: "/v1/webhook-endpoints", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotContains(t, string(res.Body), "whsec_", "the list never shows a secret")
	assert.Contains(t, string(res.Body), id)

	hooks.log = []ports.WebhookDelivery{
		{EventID: "evt-1", EventType: ports.EventOrderPaid, OrderID: "o1", EndpointID: id, URL: "https://toko.example/hooks", Attempt: 2, At: start.Add(time.Second), Status: 204, Outcome: ports.WebhookDelivered},
		{EventID: "evt-1", EventType: ports.EventOrderPaid, OrderID: "o1", EndpointID: id, URL: "https://toko.example/hooks", Attempt: 1, At: start, Status: 500, Error: "the endpoint answered 500", Outcome: ports.WebhookRetrying},
	}
	res = f.do(t, req{method: http.MethodGet, path: "/v1/webhook-deliveries?limit=1", admin: true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.JSONEq(t, `{"data":[{"event_id":"evt-1","event_type":"order.paid","order_id":"o1","endpoint_id":"`+id+`","url":"https://toko.example/hooks","attempt":2,"at":"`+start.Add(time.Second).Format(time.RFC3339Nano)+`","status":204,"outcome":"delivered"}]}`, string(res.Body))

	res = f.do(t, req{method: http.MethodDelete, path: "/v1/webhook-endpoints/" + id, admin: true})
	assert.Equal(t, http.StatusNoContent, res.Status)
	res = f.do(t, req{method: http.MethodDelete, path: "/v1/webhook-endpoints/" + id, admin: true})
	assert.Equal(t, http.StatusNotFound, res.Status)
}

func TestWebhookRoutesWithoutWebhooks(t *testing.T) {
	f := newFixture(t, withConfig(func(c *httpapi.Config) { c.Webhooks = nil }))
	res := f.do(t, req{method: http.MethodGet, path: "/v1/webhook-endpoints", admin: true})
	assert.Equal(t, http.StatusNotFound, res.Status)
}
