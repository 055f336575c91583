package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
)

// listPage is a listing: {"data":[…]} and, for paged ones, the total.
type listPage[T any] struct {
	Data   []T `json:"data"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

type list[T any] struct {
	Data []T `json:"data"`
}

type productList struct {
	Data    []productView `json:"data"`
	Bundles []bundleView  `json:"bundles"`
}

// liveStock reads the live stock of every variant of the catalog.
func (h *Handler) liveStock(r *http.Request, c *catalog.Catalog) (stockLevels, error) {
	var ids []string
	for _, p := range c.Products() {
		for _, v := range p.Variants() {
			ids = append(ids, v.ID())
		}
	}
	lv, err := h.svc.StockLevels(r.Context(), ids)
	return stockLevels(lv), err
}

// listProducts: GET /v1/products, the published products with their
// variants, live stock and option tree, and the bundles that can be sold.
func (h *Handler) listProducts(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	c, err := h.svc.Catalog(r.Context())
	if err != nil {
		return 0, nil, err
	}
	lv, err := h.liveStock(r, c)
	if err != nil {
		return 0, nil, err
	}
	out := productList{Data: []productView{}, Bundles: []bundleView{}}
	for _, p := range c.Products() {
		if p.Published() {
			out.Data = append(out.Data, viewProduct(p, lv))
		}
	}
	for _, b := range c.Bundles() {
		if v := viewBundle(c, b, lv); v != nil {
			out.Bundles = append(out.Bundles, *v)
		}
	}
	return http.StatusOK, out, nil
}

// getProduct: GET /v1/products/{id}. A draft product is not found.
func (h *Handler) getProduct(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	id := r.PathValue("id")
	c, err := h.svc.Catalog(r.Context())
	if err != nil {
		return 0, nil, err
	}
	p, err := c.Product(id)
	if err != nil || !p.Published() {
		return 0, nil, errs.E(errs.NotFound, catalog.CodeUnknownProduct, "product "+id+" is not in the catalog")
	}
	var ids []string
	for _, v := range p.Variants() {
		ids = append(ids, v.ID())
	}
	lv, err := h.svc.StockLevels(r.Context(), ids)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewProduct(p, stockLevels(lv)), nil
}

// searchLocations: GET /v1/locations?search=&limit=.
func (h *Handler) searchLocations(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return 0, nil, err
	}
	if limit < 0 {
		return 0, nil, errs.Invalidf(errs.CodeInvalidInput, "limit must not be negative").WithField("limit")
	}
	ls, err := h.svc.SearchLocations(r.Context(), r.URL.Query().Get("search"), limit)
	if err != nil {
		return 0, nil, err
	}
	out := list[locationView]{Data: make([]locationView, len(ls))}
	for i, l := range ls {
		out.Data[i] = viewLocation(l)
	}
	return http.StatusOK, out, nil
}

// shippingOptions: POST /v1/shipping-options.
func (h *Handler) shippingOptions(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.QuoteRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	opts, err := h.svc.ShippingOptions(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	for i := range opts {
		opts[i].ErrorMessage = say(r, opts[i].ErrorCode, opts[i].ErrorMessage)
	}
	if h.authorized(r) {
		return http.StatusOK, list[sellerShippingOption]{Data: viewSellerShippingOptions(opts)}, nil
	}
	return http.StatusOK, list[buyerShippingOption]{Data: viewBuyerShippingOptions(opts)}, nil
}

// quote: POST /v1/quotes.
func (h *Handler) quote(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.QuoteRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	q, err := h.svc.Quote(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	if h.authorized(r) {
		return http.StatusOK, viewSellerQuote(q), nil
	}
	return http.StatusOK, viewBuyerQuote(q), nil
}

// eligibleVouchers: POST /v1/vouchers/eligible.
func (h *Handler) eligibleVouchers(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.QuoteRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	vs, err := h.svc.EligibleVouchers(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	for i := range vs {
		vs[i].Message = say(r, vs[i].Reason, vs[i].Message)
	}
	return http.StatusOK, list[voucherView]{Data: viewVouchers(vs)}, nil
}

// IdempotencyKeyHeader is the request header that makes POST /v1/orders
// safe to retry.
const IdempotencyKeyHeader = "Idempotency-Key"

// ReplayedHeader is set to "true" on the answer to a replayed order
// request: the order was placed by an earlier request with the same key.
const ReplayedHeader = "Idempotent-Replayed"

// placeOrder: POST /v1/orders, with the Idempotency-Key header. A replay
// of the same key and body answers 200 with the order the first request
// placed and the header Idempotent-Replayed: true.
func (h *Handler) placeOrder(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.OrderRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	req.IdempotencyKey = buyerKey(r.Header.Get(IdempotencyKeyHeader), req.Customer.Phone)
	o, replayed, err := h.svc.PlaceOrderReplayed(r.Context(), req)
	if err != nil {
		return 0, nil, headerField(err)
	}
	w.Header().Set("Location", "/v1/public/orders/"+o.Slug)
	status := http.StatusCreated
	if replayed {
		w.Header().Set(ReplayedHeader, "true")
		status = http.StatusOK
	}
	return status, h.orderView(r, o), nil
}

// buyerKey scopes a public idempotency key to the buyer: the key is
// stored as "<phone in E.164>:<key>", so the same key sent for another
// phone is another key, and a stranger who guesses a buyer's key cannot
// make that buyer's order fail. An empty key stays empty.
func buyerKey(key, phone string) string {
	key = strings.TrimSpace(key)
	if key == "" {
		return ""
	}
	scope := strings.TrimSpace(phone)
	if p, err := checkout.ParsePhone(phone); err == nil {
		scope = p.E164()
	}
	return scope + ":" + key
}

// headerField names the header for the errors about the idempotency key,
// which the Service calls "idempotency_key" (a field of kasir.OrderRequest
// that is not in the body) and the HTTP API takes from a header.
func headerField(err error) error {
	var e *errs.Error
	if errors.As(err, &e) && e == err && e.Field == "idempotency_key" {
		return e.WithField(IdempotencyKeyHeader)
	}
	return err
}

// publicOrder: GET /v1/public/orders/{secret_slug}, the buyer's order page.
func (h *Handler) publicOrder(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	o, err := h.svc.OrderBySlug(r.Context(), r.PathValue("secret_slug"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, h.orderView(r, o), nil
}

// captureAbandoned: POST /v1/checkouts/abandoned.
func (h *Handler) captureAbandoned(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req kasir.AbandonedRequest
	if err := h.decode(w, r, &req); err != nil {
		return 0, nil, err
	}
	a, err := h.svc.CaptureAbandoned(r.Context(), req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, viewAbandoned(a), nil
}

// checkPhone: GET /v1/phone?number=.
func (h *Handler) checkPhone(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	pc, err := h.svc.CheckPhone(r.Context(), r.URL.Query().Get("number"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewPhone(pc), nil
}

type webhookAnswer struct {
	OrderID string `json:"order_id"`
	Status  string `json:"status"`
}

// gatewayWebhook: POST /v1/webhooks/midtrans. The raw body goes to the
// Service, which verifies its signature through the gateway port.
func (h *Handler) gatewayWebhook(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := h.readBody(w, r)
	if err != nil {
		return 0, nil, err
	}
	o, err := h.svc.HandleGatewayNotification(r.Context(), body)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, webhookAnswer{OrderID: o.ID, Status: string(o.Status())}, nil
}

// orderView is the buyer's view of o, or the seller's when r carries the
// admin token.
func (h *Handler) orderView(r *http.Request, o *checkout.Order) any {
	if h.authorized(r) {
		return viewSellerOrder(o)
	}
	return viewBuyerOrder(o)
}
