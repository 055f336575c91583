package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
)

// DefaultMaxBodyBytes is the request body limit when Config.MaxBodyBytes
// is 0: 1 MiB.
const DefaultMaxBodyBytes int64 = 1 << 20

// MaxBatchOrders is the most orders one POST /v1/orders/batch places.
const MaxBatchOrders = 500

// Config configures a [Handler].
type Config struct {
	// AdminToken is the bearer token the admin routes ask for
	// ("Authorization: Bearer <token>"). When it is empty, every admin route
	// answers 401: they are never open.
	AdminToken string
	// Logger receives what a client is not told: the real error behind a
	// 500, a recovered panic, a provider failure behind a 503. Nil uses
	// slog.Default().
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body; a larger one is refused with 413
	// body_too_large. 0 means DefaultMaxBodyBytes; a negative value is
	// refused by New.
	MaxBodyBytes int64
}

// Handler serves a kasir.Service as a JSON HTTP API (see the package
// documentation for the routes). It is an http.Handler owning no listener;
// it is safe for concurrent use.
type Handler struct {
	svc     *kasir.Service
	log     *slog.Logger
	maxBody int64
	token   [sha256.Size]byte // SHA-256 of the admin token
	admin   bool              // an admin token is set
	mux     *http.ServeMux
	methods []string // every method some route answers, for 405
}

// New returns the Handler serving svc. It panics when svc is nil or
// cfg.MaxBodyBytes is negative: both are programming errors of the host,
// found at start-up.
func New(svc *kasir.Service, cfg Config) *Handler {
	if svc == nil {
		panic("httpapi: New needs a kasir.Service")
	}
	if cfg.MaxBodyBytes < 0 {
		panic(fmt.Sprintf("httpapi: Config.MaxBodyBytes must not be negative, got %d", cfg.MaxBodyBytes))
	}
	h := &Handler{svc: svc, log: cfg.Logger, maxBody: cfg.MaxBodyBytes, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.maxBody == 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if cfg.AdminToken != "" {
		h.admin, h.token = true, sha256.Sum256([]byte(cfg.AdminToken))
	}
	seen := map[string]bool{}
	for _, rt := range routes {
		h.mux.Handle(rt.Method+" "+rt.Path, h.endpoint(rt))
		if !seen[rt.Method] {
			seen[rt.Method] = true
			h.methods = append(h.methods, rt.Method)
		}
	}
	return h
}

// Route is one endpoint of the API: its method, its path in
// http.ServeMux pattern syntax (which is also the OpenAPI path template)
// and whether it needs the admin token.
type Route struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Admin  bool   `json:"admin"`
}

// endpointFunc serves one route: it returns the status and the value to
// write as JSON, or an error for writeError.
type endpointFunc func(h *Handler, w http.ResponseWriter, r *http.Request) (int, any, error)

type route struct {
	Route
	handle endpointFunc
}

// routes is every route the Handler registers: the one list the mux, the
// OpenAPI test and the documentation follow.
var routes = []route{
	{Route{http.MethodGet, "/healthz", false}, (*Handler).health},
	{Route{http.MethodGet, "/openapi.json", false}, (*Handler).openAPI},

	{Route{http.MethodGet, "/v1/products", false}, (*Handler).listProducts},
	{Route{http.MethodGet, "/v1/products/{id}", false}, (*Handler).getProduct},
	{Route{http.MethodGet, "/v1/locations", false}, (*Handler).searchLocations},
	{Route{http.MethodPost, "/v1/shipping-options", false}, (*Handler).shippingOptions},
	{Route{http.MethodPost, "/v1/quotes", false}, (*Handler).quote},
	{Route{http.MethodPost, "/v1/vouchers/eligible", false}, (*Handler).eligibleVouchers},
	{Route{http.MethodPost, "/v1/orders", false}, (*Handler).placeOrder},
	{Route{http.MethodGet, "/v1/public/orders/{secret_slug}", false}, (*Handler).publicOrder},
	{Route{http.MethodPost, "/v1/checkouts/abandoned", false}, (*Handler).captureAbandoned},
	{Route{http.MethodGet, "/v1/phone", false}, (*Handler).checkPhone},
	{Route{http.MethodPost, "/v1/webhooks/midtrans", false}, (*Handler).gatewayWebhook},

	{Route{http.MethodGet, "/v1/orders", true}, (*Handler).listOrders},
	{Route{http.MethodGet, "/v1/orders/summary", true}, (*Handler).orderSummary},
	{Route{http.MethodGet, "/v1/orders/{id}", true}, (*Handler).getOrder},
	{Route{http.MethodPatch, "/v1/orders/{id}", true}, (*Handler).changeOrder},
	{Route{http.MethodPost, "/v1/orders/{id}/transitions", true}, (*Handler).transition},
	{Route{http.MethodPost, "/v1/orders/{id}/payment-confirmation", true}, (*Handler).confirmPayment},
	{Route{http.MethodPost, "/v1/orders/batch", true}, (*Handler).batchOrders},
	{Route{http.MethodGet, "/v1/checkouts/abandoned", true}, (*Handler).listAbandoned},
	{Route{http.MethodPost, "/v1/checkouts/abandoned/{id}/follow-ups", true}, (*Handler).addFollowUp},
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

// ServeHTTP implements http.Handler. Unknown paths answer 404 not_found,
// known paths with another method 405 method_not_allowed (with an Allow
// header), and a panic in a route is logged and answered 500.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &responseWriter{ResponseWriter: w}
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // the sentinel is panicked as is
				panic(v)
			}
			h.log.ErrorContext(r.Context(), "httpapi: panic serving request",
				"method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !rw.wrote {
				h.writeError(rw, r, errInternal)
			}
		}
		h.log.DebugContext(r.Context(), "httpapi: request", "method", r.Method, "pattern", r.Pattern,
			"status", rw.status, "duration", time.Since(start))
	}()
	if _, pattern := h.mux.Handler(r); pattern == "" {
		h.noRoute(rw, r)
		return
	}
	h.mux.ServeHTTP(rw, r)
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

// endpoint wraps a route: the admin check, then the route, then its JSON
// or error answer.
func (h *Handler) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Admin && !h.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kasir"`)
			h.writeError(w, r, errUnauthorized)
			return
		}
		status, body, err := rt.handle(h, w, r)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		h.writeJSON(w, r, status, body)
	})
}

// authorized reports whether r carries the admin token. The digests of the
// two tokens are compared in constant time, so neither the token nor its
// length leaks through timing. Without a configured token nothing is
// authorized.
func (h *Handler) authorized(r *http.Request) bool {
	if !h.admin {
		return false
	}
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return subtle.ConstantTimeCompare(got[:], h.token[:]) == 1
}

// responseWriter remembers whether and what status was written, for the
// panic handler and the request log.
type responseWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
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
	return w.ResponseWriter.Write(b)
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

func (h *Handler) openAPI(w http.ResponseWriter, _ *http.Request) (int, any, error) {
	return http.StatusOK, rawJSON(openAPIDoc), nil
}

// rawJSON is a body already encoded.
type rawJSON []byte
