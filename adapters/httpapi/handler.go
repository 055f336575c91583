package httpapi

import (
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/ratelimit"
	"github.com/kasir-id/kasir/ports"
)

// DefaultMaxBodyBytes is the request body limit when Config.MaxBodyBytes
// is 0: 1 MiB.
const DefaultMaxBodyBytes int64 = 1 << 20

// DefaultMaxImportBytes is the body limit of the import routes when
// Config.MaxImportBytes is 0: 10 MiB, a marketplace export of a few
// thousand orders.
const DefaultMaxImportBytes int64 = 10 << 20

// MaxBatchOrders is the most orders one POST /v1/orders/batch places.
const MaxBatchOrders = 500

// DefaultRequestTimeout is the deadline hosts are advised to give every
// request (Config.RequestTimeout); the example server's -request-timeout
// defaults to it.
const DefaultRequestTimeout = 10 * time.Second

// Config configures a [Handler].
type Config struct {
	// AdminToken is a bearer token ("Authorization: Bearer <token>") with
	// the role owner in the store: a single-store deployment's one key.
	// Without it and without Authenticate or Keys, every admin route
	// answers 401: they are never open.
	AdminToken string
	// Authenticate, when set, tells who any other bearer token is in the
	// store: its role (owner, staff or read_only; see Route.NeedsRole) and
	// the name the store's records keep as its author. It
	// answers a token it does not accept with an error: code
	// unauthorized (401) or forbidden (403, e.g. a key of another store);
	// any other error is answered as it is (a store that is down: 503).
	// Nil, with Keys set, authenticates the store's API keys
	// (KeysAuthenticator).
	Authenticate Authenticator
	// Keys, when set, serves the owner's routes of the store's API keys
	// (/v1/api-keys); nil answers them 404.
	Keys *kasir.Keys
	// Logger receives what a client is not told: the real error behind a
	// 500, a recovered panic, a provider failure behind a 503. Nil uses
	// slog.Default().
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body; a larger one is refused with 413
	// body_too_large. 0 means DefaultMaxBodyBytes; a negative value is
	// refused by New.
	MaxBodyBytes int64
	// MaxImportBytes bounds the body of POST /v1/imports/preview and
	// /v1/imports/commit instead of MaxBodyBytes, since marketplace
	// exports are larger than any JSON request; a larger one is refused
	// with 413 body_too_large. 0 means DefaultMaxImportBytes; a negative
	// value is refused by New.
	MaxImportBytes int64
	// RequestTimeout is the deadline of every request's context, which the
	// Service carries into the store and the providers: past it a request
	// answers 503 instead of hanging (DefaultRequestTimeout is a sound
	// value). 0 sets no deadline of the Handler's own, as the zero timeouts
	// of http.Server do; a negative value is refused by New.
	RequestTimeout time.Duration
	// OrderPageURL is the buyer's order page, which an invoice links as a
	// QR code: the order's secret slug replaces {slug}, or is appended
	// ("https://toko.example/pesanan/"). Empty prints no QR code.
	OrderPageURL string
	// AllowedOrigins are the origins (scheme://host[:port], e.g.
	// "https://toko.example") whose pages may call the API from a browser
	// (CORS). Empty allows none: browsers then refuse cross-origin calls.
	AllowedOrigins []string
	// RateLimit is how many public writes (the public POST routes but the
	// gateway's and couriers' webhooks) one client may make per second,
	// with RateBurst at once; more is 429 rate_limited with Retry-After. 0
	// sets no limit; a negative value, or a RateBurst below 1 with a limit,
	// is refused by New.
	RateLimit float64
	RateBurst int
	// ClientKey names the client a request counts against for RateLimit;
	// nil uses the remote IP address. Behind a proxy, return the address it
	// forwards (and trust only your proxy's header).
	ClientKey func(*http.Request) string
	// Webhooks, when set, serves the admin routes of the seller's
	// outbound webhooks (see webhooks.go); nil answers them 404.
	Webhooks ports.Webhooks
	// Stores, when set, serves the store management routes (manage.go:
	// the stored configuration, the catalog, vouchers) of the Handler's
	// store: ports.DefaultStore, or with NewStores the request's store;
	// nil answers them 404 config_not_found. NewStores reads it from
	// StoresConfig.Config.
	Stores *kasir.Stores
}

// Handler serves a kasir.Service as a JSON HTTP API (see the package
// documentation for the routes). It is an http.Handler owning no listener;
// it is safe for concurrent use.
type Handler struct {
	svc       *kasir.Service
	log       *slog.Logger
	maxBody   int64
	maxImport int64
	timeout   time.Duration
	origins   []string
	limits    *ratelimit.Buckets // nil: no rate limit
	clientOf  func(*http.Request) string
	token     adminToken    // Config.AdminToken
	auth      Authenticator // Config.Authenticate; nil: only the admin token
	keys      *kasir.Keys   // Config.Keys; nil: the key routes answer 404
	mux       *http.ServeMux
	methods   []string // every method some route answers, for 405
	hooks     ports.Webhooks
	stores    *Stores // the stores' handler this one serves the platform routes of; nil for one store
	svcErr    error   // why a store of Stores has no Service (svc nil) yet
	// manage is Config.Stores, for the management routes of the store
	// storeID (ports.DefaultStore unless NewStores serves another).
	manage  *kasir.Stores
	storeID string
	// orderPage is Config.OrderPageURL, for invoices (documents.go).
	orderPage string
}

// New returns the Handler serving svc. It panics when svc is nil, or
// cfg.MaxBodyBytes, MaxImportBytes, RequestTimeout or RateLimit is negative, or RateBurst
// is below 1 with a RateLimit, or an allowed origin is not
// scheme://host[:port]: all are programming errors of the host, found at
// start-up.
func New(svc *kasir.Service, cfg Config) *Handler {
	if svc == nil {
		panic("httpapi: New needs a kasir.Service")
	}
	return newHandler(svc, cfg, nil)
}

// newHandler is New, for one store's Service or, with svc nil, as the
// routes of many stores (stores; see NewStores), with the platform's
// routes.
func newHandler(svc *kasir.Service, cfg Config, stores *Stores) *Handler {
	switch {
	case cfg.MaxBodyBytes < 0:
		panic(fmt.Sprintf("httpapi: Config.MaxBodyBytes must not be negative, got %d", cfg.MaxBodyBytes))
	case cfg.MaxImportBytes < 0:
		panic(fmt.Sprintf("httpapi: Config.MaxImportBytes must not be negative, got %d", cfg.MaxImportBytes))
	case cfg.RequestTimeout < 0:
		panic(fmt.Sprintf("httpapi: Config.RequestTimeout must not be negative, got %s", cfg.RequestTimeout))
	case cfg.RateLimit < 0 || math.IsNaN(cfg.RateLimit):
		panic(fmt.Sprintf("httpapi: Config.RateLimit must not be negative, got %v", cfg.RateLimit))
	case cfg.RateLimit > 0 && cfg.RateBurst < 1:
		panic(fmt.Sprintf("httpapi: Config.RateBurst must be at least 1 with a RateLimit, got %d", cfg.RateBurst))
	}
	for _, o := range cfg.AllowedOrigins {
		if err := CheckOrigin(o); err != nil {
			panic("httpapi: Config.AllowedOrigins: " + err.Error())
		}
	}
	h := &Handler{svc: svc, log: cfg.Logger, maxBody: cfg.MaxBodyBytes, timeout: cfg.RequestTimeout,
		origins: slices.Clone(cfg.AllowedOrigins), clientOf: cfg.ClientKey, mux: http.NewServeMux(), hooks: cfg.Webhooks, orderPage: cfg.OrderPageURL,
		manage: cfg.Stores, storeID: ports.DefaultStore}
	if h.log == nil {
		h.log = slog.Default()
	}
	h.log = slog.New(LogHandler(h.log.Handler()))
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	h.maxImport = cfg.MaxImportBytes
	if h.maxImport == 0 {
		h.maxImport = DefaultMaxImportBytes
	}
	if cfg.RateLimit > 0 {
		h.limits = ratelimit.New(rate.Limit(cfg.RateLimit), cfg.RateBurst)
	}
	h.token, h.auth, h.keys = newAdminToken(cfg.AdminToken), cfg.Authenticate, cfg.Keys
	if h.auth == nil && h.keys != nil {
		h.auth = KeysAuthenticator(h.keys)
	}
	seen := map[string]bool{}
	all := routes
	if stores != nil {
		h.stores = stores
		all = append(slices.Clip(routes), platformRoutes...)
	}
	for _, rt := range all {
		h.mux.Handle(rt.Method+" "+rt.Path, h.endpoint(rt))
		if !seen[rt.Method] {
			seen[rt.Method] = true
			h.methods = append(h.methods, rt.Method)
		}
	}
	return h
}

// Route is one endpoint of the API: its method, its path in
// http.ServeMux pattern syntax (which is also the OpenAPI path template),
// whether it needs credentials of the store (an admin route) and the least
// role that may call it (see NeedsRole), and whether it is a public write
// that Config.RateLimit counts.
type Route struct {
	Method  string     `json:"method"`
	Path    string     `json:"path"`
	Admin   bool       `json:"admin"`
	Role    ports.Role `json:"role,omitempty"`
	Limited bool       `json:"limited"`
	// Platform marks a platform route of [Stores] ([PlatformRoutes]),
	// which asks for StoresConfig.PlatformKey.
	Platform bool `json:"platform,omitempty"`
}

// endpointFunc serves one route: it returns the status and the value to
// write as JSON, or an error for writeError.
type endpointFunc func(h *Handler, w http.ResponseWriter, r *http.Request) (int, any, error)

type route struct {
	Route
	handle endpointFunc
}

// serviceless are the routes that do not call the store's Service, so
// that they answer for a store whose Service cannot be built yet (a new
// store without a configuration; see Stores).
var serviceless = map[string]bool{
	"GET /healthz": true, "GET /openapi.json": true,
	"GET /v1/api-keys": true, "POST /v1/api-keys": true, "DELETE /v1/api-keys/{id}": true,
	// Store management (manage.go): a store without a configuration
	// imports one through them.
	"GET /v1/config": true, "PUT /v1/config": true, "GET /v1/config/versions": true,
	"GET /v1/config/{section}": true, "PUT /v1/config/{section}": true,
	"PUT /v1/config/products/{id}": true, "PUT /v1/config/products/{id}/status": true, "DELETE /v1/config/products/{id}": true,
	"PUT /v1/config/bundles/{id}": true, "DELETE /v1/config/bundles/{id}": true,
	"GET /v1/vouchers": true, "GET /v1/vouchers/{code}": true, "PUT /v1/vouchers/{code}": true,
	"PUT /v1/vouchers/{code}/active": true,
}

// routes is every route the Handler registers: the one list the mux, the
// OpenAPI test and the documentation follow.
var routes = []route{
	{Route{Method: http.MethodGet, Path: "/healthz"}, (*Handler).health},
	{Route{Method: http.MethodGet, Path: "/readyz"}, (*Handler).ready},
	{Route{Method: http.MethodGet, Path: "/openapi.json"}, (*Handler).openAPI},

	{Route{Method: http.MethodGet, Path: "/v1/products"}, (*Handler).listProducts},
	{Route{Method: http.MethodGet, Path: "/v1/products/{id}"}, (*Handler).getProduct},
	{Route{Method: http.MethodGet, Path: "/v1/locations"}, (*Handler).searchLocations},
	{Route{Method: http.MethodPost, Path: "/v1/shipping-options", Limited: true}, (*Handler).shippingOptions},
	{Route{Method: http.MethodPost, Path: "/v1/quotes", Limited: true}, (*Handler).quote},
	{Route{Method: http.MethodPost, Path: "/v1/vouchers/eligible", Limited: true}, (*Handler).eligibleVouchers},
	{Route{Method: http.MethodPost, Path: "/v1/orders", Limited: true}, (*Handler).placeOrder},
	{Route{Method: http.MethodGet, Path: "/v1/public/orders/{secret_slug}"}, (*Handler).publicOrder},
	{Route{Method: http.MethodGet, Path: "/v1/public/orders/{secret_slug}/invoice"}, (*Handler).publicInvoice},
	{Route{Method: http.MethodPost, Path: "/v1/checkouts/abandoned", Limited: true}, (*Handler).captureAbandoned},
	{Route{Method: http.MethodGet, Path: "/v1/phone"}, (*Handler).checkPhone},
	{Route{Method: http.MethodPost, Path: "/v1/webhooks/midtrans"}, (*Handler).gatewayWebhook},
	{Route{Method: http.MethodPost, Path: "/v1/webhooks/couriers/{courier}"}, (*Handler).courierWebhook},

	{Route{Method: http.MethodGet, Path: "/v1/orders", Admin: true}, (*Handler).listOrders},
	{Route{Method: http.MethodGet, Path: "/v1/orders/summary", Admin: true}, (*Handler).orderSummary},
	{Route{Method: http.MethodGet, Path: "/v1/orders/{id}", Admin: true}, (*Handler).getOrder},
	{Route{Method: http.MethodPatch, Path: "/v1/orders/{id}", Admin: true, Role: ports.RoleStaff}, (*Handler).changeOrder},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/transitions", Admin: true, Role: ports.RoleStaff}, (*Handler).transition},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/payment-confirmation", Admin: true, Role: ports.RoleStaff}, (*Handler).confirmPayment},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/term-payments", Admin: true, Role: ports.RoleStaff}, (*Handler).recordTermPayment},
	{Route{Method: http.MethodGet, Path: "/v1/procurement/orders", Admin: true}, (*Handler).termsDue},
	{Route{Method: http.MethodPost, Path: "/v1/orders/batch", Admin: true, Role: ports.RoleStaff}, (*Handler).batchOrders},
	{Route{Method: http.MethodGet, Path: "/v1/orders/export", Admin: true}, (*Handler).exportOrders},
	{Route{Method: http.MethodGet, Path: "/v1/orders/{id}/invoice", Admin: true}, (*Handler).orderInvoice},
	{Route{Method: http.MethodGet, Path: "/v1/orders/{id}/label", Admin: true}, (*Handler).orderLabel},
	{Route{Method: http.MethodPost, Path: "/v1/orders/invoices", Admin: true, Role: ports.RoleStaff}, (*Handler).bulkInvoices},
	{Route{Method: http.MethodPost, Path: "/v1/orders/labels", Admin: true, Role: ports.RoleStaff}, (*Handler).bulkLabels},
	{Route{Method: http.MethodGet, Path: "/v1/print-batches", Admin: true}, (*Handler).listPrintBatches},
	{Route{Method: http.MethodGet, Path: "/v1/print-batches/{id}", Admin: true}, (*Handler).getPrintBatch},
	{Route{Method: http.MethodPost, Path: "/v1/print-batches/{id}/reprint", Admin: true, Role: ports.RoleStaff}, (*Handler).reprintBatch},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/booking", Admin: true, Role: ports.RoleStaff}, (*Handler).book},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/booking/cancel", Admin: true, Role: ports.RoleStaff}, (*Handler).cancelBooking},
	{Route{Method: http.MethodPost, Path: "/v1/orders/bookings", Admin: true, Role: ports.RoleStaff}, (*Handler).bookMany},
	{Route{Method: http.MethodPut, Path: "/v1/orders/{id}/airway-bill", Admin: true, Role: ports.RoleStaff}, (*Handler).correctAirwayBill},
	{Route{Method: http.MethodGet, Path: "/v1/orders/{id}/tracking", Admin: true}, (*Handler).orderTracking},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/tracking/refresh", Admin: true, Role: ports.RoleStaff}, (*Handler).refreshTracking},
	{Route{Method: http.MethodPost, Path: "/v1/tracking/poll", Admin: true, Role: ports.RoleStaff}, (*Handler).pollTracking},
	{Route{Method: http.MethodPost, Path: "/v1/pickups", Admin: true, Role: ports.RoleStaff}, (*Handler).requestPickup},
	{Route{Method: http.MethodGet, Path: "/v1/pickups", Admin: true}, (*Handler).listPickups},
	{Route{Method: http.MethodGet, Path: "/v1/pickups/{id}", Admin: true}, (*Handler).getPickup},
	{Route{Method: http.MethodGet, Path: "/v1/imports/mappings", Admin: true}, (*Handler).importMappings},
	{Route{Method: http.MethodPost, Path: "/v1/imports/preview", Admin: true, Role: ports.RoleStaff}, (*Handler).importPreview},
	{Route{Method: http.MethodPost, Path: "/v1/imports/commit", Admin: true, Role: ports.RoleStaff}, (*Handler).importCommit},
	{Route{Method: http.MethodGet, Path: "/v1/checkouts/abandoned", Admin: true}, (*Handler).listAbandoned},
	{Route{Method: http.MethodPost, Path: "/v1/checkouts/abandoned/{id}/follow-ups", Admin: true, Role: ports.RoleStaff}, (*Handler).addFollowUp},
	{Route{Method: http.MethodGet, Path: "/v1/webhook-endpoints", Admin: true}, (*Handler).listWebhooks},
	{Route{Method: http.MethodPost, Path: "/v1/webhook-endpoints", Admin: true}, (*Handler).addWebhook},
	{Route{Method: http.MethodDelete, Path: "/v1/webhook-endpoints/{id}", Admin: true}, (*Handler).removeWebhook},
	{Route{Method: http.MethodGet, Path: "/v1/webhook-deliveries", Admin: true}, (*Handler).webhookDeliveries},
	{Route{Method: http.MethodGet, Path: "/v1/api-keys", Admin: true, Role: ports.RoleOwner}, (*Handler).listAPIKeys},
	{Route{Method: http.MethodPost, Path: "/v1/api-keys", Admin: true, Role: ports.RoleOwner}, (*Handler).createAPIKey},
	{Route{Method: http.MethodDelete, Path: "/v1/api-keys/{id}", Admin: true, Role: ports.RoleOwner}, (*Handler).revokeAPIKey},
	{Route{Method: http.MethodGet, Path: "/v1/config", Admin: true}, (*Handler).exportConfig},
	{Route{Method: http.MethodPut, Path: "/v1/config", Admin: true}, (*Handler).importConfig},
	{Route{Method: http.MethodGet, Path: "/v1/config/versions", Admin: true}, (*Handler).configVersions},
	{Route{Method: http.MethodGet, Path: "/v1/config/{section}", Admin: true}, (*Handler).configSection},
	{Route{Method: http.MethodPut, Path: "/v1/config/{section}", Admin: true}, (*Handler).putConfigSection},
	{Route{Method: http.MethodPut, Path: "/v1/config/products/{id}", Admin: true, Role: ports.RoleStaff}, (*Handler).putProduct},
	{Route{Method: http.MethodPut, Path: "/v1/config/products/{id}/status", Admin: true, Role: ports.RoleStaff}, (*Handler).setProductStatus},
	{Route{Method: http.MethodDelete, Path: "/v1/config/products/{id}", Admin: true, Role: ports.RoleStaff}, (*Handler).deleteProduct},
	{Route{Method: http.MethodPut, Path: "/v1/config/bundles/{id}", Admin: true, Role: ports.RoleStaff}, (*Handler).putBundle},
	{Route{Method: http.MethodDelete, Path: "/v1/config/bundles/{id}", Admin: true, Role: ports.RoleStaff}, (*Handler).deleteBundle},
	{Route{Method: http.MethodGet, Path: "/v1/vouchers", Admin: true}, (*Handler).listStoredVouchers},
	{Route{Method: http.MethodGet, Path: "/v1/vouchers/{code}", Admin: true}, (*Handler).getStoredVoucher},
	{Route{Method: http.MethodPut, Path: "/v1/vouchers/{code}", Admin: true, Role: ports.RoleStaff}, (*Handler).putStoredVoucher},
	{Route{Method: http.MethodPut, Path: "/v1/vouchers/{code}/active", Admin: true, Role: ports.RoleStaff}, (*Handler).setVoucherActive},
	{Route{Method: http.MethodGet, Path: "/v1/balance", Admin: true}, (*Handler).getBalance},
	{Route{Method: http.MethodGet, Path: "/v1/balance/entries", Admin: true}, (*Handler).listEntries},
	{Route{Method: http.MethodPost, Path: "/v1/balance/adjustments", Admin: true}, (*Handler).adjustBalance},
	{Route{Method: http.MethodGet, Path: "/v1/withdrawals", Admin: true}, (*Handler).listWithdrawals},
	{Route{Method: http.MethodPost, Path: "/v1/withdrawals", Admin: true}, (*Handler).requestWithdrawal},
	{Route{Method: http.MethodGet, Path: "/v1/withdrawals/{id}", Admin: true}, (*Handler).getWithdrawal},
	{Route{Method: http.MethodPost, Path: "/v1/withdrawals/{id}/transitions", Admin: true}, (*Handler).moveWithdrawal},
	{Route{Method: http.MethodPost, Path: "/v1/remittances", Admin: true}, (*Handler).importRemittance},
	{Route{Method: http.MethodGet, Path: "/v1/reports", Admin: true}, (*Handler).report},
	{Route{Method: http.MethodPost, Path: "/v1/stock/adjustments", Admin: true, Role: ports.RoleStaff}, (*Handler).adjustStock},
	{Route{Method: http.MethodGet, Path: "/v1/stock/adjustments", Admin: true}, (*Handler).listStockAdjustments},
	{Route{Method: http.MethodGet, Path: "/v1/orders/{id}/refunds", Admin: true}, (*Handler).listRefunds},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/refunds", Admin: true}, (*Handler).refundOrder},
	{Route{Method: http.MethodPost, Path: "/v1/orders/{id}/restock", Admin: true, Role: ports.RoleStaff}, (*Handler).restockOrder},
}

// Routes returns every route a Handler serves, in a stable order; the
// OpenAPI document served at GET /openapi.json describes exactly these.
func Routes() []Route {
	out := make([]Route, len(routes))
	for i, rt := range routes {
		out[i] = rt.Route
	}
	return out
}

// ServeHTTP implements http.Handler. Every request gets an id
// (X-Request-Id), a deadline (Config.RequestTimeout) and an access log line
// at level info; a request from an allowed origin gets the CORS headers,
// and a preflight request is answered here. Unknown paths answer 404
// not_found, known paths with another method 405 method_not_allowed (with
// an Allow header), and a panic in a route is logged and answered 500.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.serve(w, r, h.route)
}

// serve gives r what every request gets (an id, the deadline, the access
// log line, the panic handler) and passes it to inner.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, inner func(http.ResponseWriter, *http.Request)) {
	start := time.Now()
	id := requestID(r)
	w.Header().Set(RequestIDHeader, id)
	ctx := context.WithValue(r.Context(), requestIDKey{}, id)
	if h.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.timeout)
		defer cancel()
	}
	r = r.WithContext(ctx)
	rw := &responseWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // the sentinel is panicked as is
				panic(v)
			}
			h.log.ErrorContext(ctx, "httpapi: panic serving request",
				"method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !rw.wrote {
				h.writeError(rw, r, errInternal)
			}
		}
		h.log.InfoContext(ctx, "httpapi: request", "method", r.Method, "path", r.URL.Path, "pattern", r.Pattern,
			"status", rw.status, "bytes", rw.bytes, "duration", time.Since(start), "client", h.clientKey(r))
	}()
	inner(rw, r)
}

// route answers CORS and unknown routes, and passes the others to the mux.
func (h *Handler) route(w http.ResponseWriter, r *http.Request) {
	if h.cors(w, r) {
		return
	}
	if _, pattern := h.mux.Handler(r); pattern == "" {
		h.noRoute(w, r)
		return
	}
	h.mux.ServeHTTP(w, r)
}

// noRoute answers a request no route matches: 405 when the path is served
// with other methods, 404 otherwise.
func (h *Handler) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range h.methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := h.mux.Handler(probe); p != "" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		h.writeError(w, r, errMethodNotAllowed(r.Method))
		return
	}
	h.writeError(w, r, errNoRoute)
}

// endpoint wraps a route: the credentials and role check of an admin
// route, then the route, then its JSON or error answer.
func (h *Handler) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := h.current(r)
		if rt.Platform {
			if err := h.admitPlatform(w, r); err != nil {
				h.writeError(w, r, err)
				return
			}
		}
		if rt.Admin {
			var err error
			if r, err = h.admit(w, r, rt.Route); err != nil {
				h.writeError(w, r, err)
				return
			}
		}
		if h.svc == nil && h.svcErr != nil && !serviceless[rt.Method+" "+rt.Path] {
			h.writeError(w, r, h.svcErr)
			return
		}
		if rt.Limited {
			if err := h.limit(w, r); err != nil {
				h.writeError(w, r, err)
				return
			}
		}
		status, body, err := rt.handle(h, w, r)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		if d, ok := body.(download); ok {
			h.writeDownload(w, r, status, d)
			return
		}
		h.writeJSON(w, r, status, body)
	})
}

// responseWriter remembers whether and what status was written, for the
// panic handler and the request log.
type responseWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
	bytes  int
}

func (w *responseWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the API, as GET /openapi.json
// serves it. The slice is a copy.
func OpenAPI() []byte { return append([]byte(nil), openAPIDoc...) }

func (h *Handler) health(http.ResponseWriter, *http.Request) (int, any, error) {
	return http.StatusOK, map[string]string{"status": "ok"}, nil
}

// ready answers GET /readyz: 200 when the store answers, 503
// unavailable when it does not (kasir.Service.Ready).
func (h *Handler) ready(_ http.ResponseWriter, r *http.Request) (int, any, error) {
	if err := h.svc.Ready(r.Context()); err != nil {
		return 0, nil, errs.Wrap(errs.Unavailable, errs.CodeUnavailable, err, "the store does not answer")
	}
	return http.StatusOK, map[string]string{"status": "ok"}, nil
}

func (h *Handler) openAPI(w http.ResponseWriter, _ *http.Request) (int, any, error) {
	return http.StatusOK, rawJSON(openAPIDoc), nil
}

// rawJSON is a body already encoded.
type rawJSON []byte
