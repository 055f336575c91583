package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// The seller's outbound webhooks (Config.Webhooks):
//
//	GET    /v1/webhook-endpoints          {"data":[endpoint…]} (no secrets)
//	POST   /v1/webhook-endpoints          {"url","secret"} → 201 the endpoint with its secret, shown once
//	DELETE /v1/webhook-endpoints/{id}     → 204
//	GET    /v1/webhook-deliveries?limit=  {"data":[attempt…]}, newest first (limit as listings)

// webhookRequest registers an endpoint; an empty secret is generated.
type webhookRequest struct {
	URL    string `json:"url"`
	Secret string `json:"secret,omitempty"`
}

// webhookView is a registered endpoint; secret only in the answer that
// registers it.
type webhookView struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Secret    string    `json:"secret,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func viewWebhook(e ports.WebhookEndpoint) webhookView {
	return webhookView{ID: e.ID, URL: e.URL, Secret: e.Secret, CreatedAt: e.CreatedAt}
}

// webhookDeliveryView is one delivery attempt.
type webhookDeliveryView struct {
	EventID    string    `json:"event_id"`
	EventType  string    `json:"event_type"`
	OrderID    string    `json:"order_id"`
	EndpointID string    `json:"endpoint_id"`
	URL        string    `json:"url"`
	Attempt    int       `json:"attempt"`
	At         time.Time `json:"at"`
	Status     int       `json:"status,omitempty"`
	Error      string    `json:"error,omitempty"`
	Outcome    string    `json:"outcome"`
}

type dataList[T any] struct {
	Data []T `json:"data"`
}

// webhooks returns the registry, or not_found when the host plugged none
// in.
func (h *Handler) webhooks() (ports.Webhooks, error) {
	if h.hooks == nil {
		return nil, errs.E(errs.NotFound, errs.CodeNotFound, "httpapi: outbound webhooks are not configured")
	}
	return h.hooks, nil
}

// listWebhooks: GET /v1/webhook-endpoints.
func (h *Handler) listWebhooks(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	wh, err := h.webhooks()
	if err != nil {
		return 0, nil, err
	}
	eps, err := wh.Webhooks(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := dataList[webhookView]{Data: []webhookView{}}
	for _, e := range eps {
		e.Secret = ""
		out.Data = append(out.Data, viewWebhook(e))
	}
	return http.StatusOK, out, nil
}

// addWebhook: POST /v1/webhook-endpoints.
func (h *Handler) addWebhook(w http.ResponseWriter, r *http.Request) (int, any, error) {
	wh, err := h.webhooks()
	if err != nil {
		return 0, nil, err
	}
	var req webhookRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	e, err := wh.AddWebhook(r.Context(), strings.TrimSpace(req.URL), req.Secret)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewWebhook(e), nil
}

// removeWebhook: DELETE /v1/webhook-endpoints/{id}.
func (h *Handler) removeWebhook(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	wh, err := h.webhooks()
	if err != nil {
		return 0, nil, err
	}
	if err := wh.RemoveWebhook(r.Context(), r.PathValue("id")); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

// webhookDeliveries: GET /v1/webhook-deliveries.
func (h *Handler) webhookDeliveries(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	wh, err := h.webhooks()
	if err != nil {
		return 0, nil, err
	}
	_, limit, err := page(r)
	if err != nil {
		return 0, nil, err
	}
	log, err := wh.WebhookDeliveries(r.Context(), limit)
	if err != nil {
		return 0, nil, err
	}
	out := dataList[webhookDeliveryView]{Data: []webhookDeliveryView{}}
	for _, d := range log {
		out.Data = append(out.Data, webhookDeliveryView{EventID: d.EventID, EventType: string(d.EventType), OrderID: d.OrderID,
			EndpointID: d.EndpointID, URL: d.URL, Attempt: d.Attempt, At: d.At, Status: d.Status, Error: d.Error, Outcome: d.Outcome})
	}
	return http.StatusOK, out, nil
}
