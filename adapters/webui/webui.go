package webui

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/ratelimit"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// DefaultSessionTTL is how long a dashboard session lasts when
// Config.SessionTTL is 0.
const DefaultSessionTTL = 12 * time.Hour

// RoleAdmin is the role [AdminToken] grants: every dashboard action.
const RoleAdmin = "admin"

// RoleReadOnly is the role that may read every dashboard page and change
// nothing: its posts (but signing out) are refused with 403. Any other role
// an authenticator returns may act.
const RoleReadOnly = "read_only"

// ErrWrongToken is what [AdminToken]'s authenticator returns for a token
// that is not the admin token (kind Unauthorized, code unauthorized).
var ErrWrongToken = errs.E(errs.Unauthorized, "unauthorized", "webui: the token is not valid")

// Config configures the [New] handler.
type Config struct {
	// BasePath is where the pages are mounted: "" (or "/") for the root of
	// a single store, "/s/toko" for a store under a path. The handler
	// serves request paths that begin with it and writes every link with
	// it; it must start with "/" and not end with one.
	BasePath string
	// Authenticate checks a token typed on the dashboard's sign-in page and
	// returns the signed-in role. An error refuses the sign-in. Nil turns
	// the dashboard off: its pages answer 404. [AdminToken] checks one
	// shared token.
	Authenticate func(ctx context.Context, token string) (role string, err error)
	// SessionTTL is how long a dashboard session lasts after sign-in; 0 is
	// DefaultSessionTTL. A negative value is refused by New.
	SessionTTL time.Duration
	// SecureCookies marks the session cookie Secure even when the request
	// did not arrive over TLS (behind a TLS-terminating proxy). Requests
	// that arrive over TLS always get Secure cookies.
	SecureCookies bool
	// Logger receives the errors a visitor is not shown. Nil uses
	// slog.Default().
	Logger *slog.Logger
	// Now is the clock of the sessions; nil is time.Now.
	Now func() time.Time
	// RateLimit is how many of the buyer's form posts (placing an order,
	// keeping an abandoned checkout) one client may send per second, and
	// RateBurst how many at once; over it the post is answered 429 with
	// Retry-After and changes nothing. 0 sets no limit. A client is its
	// IP address (an IPv6 address: its /64), or ClientKey's answer.
	RateLimit float64
	RateBurst int
	// SignInsPerMinute is how many dashboard sign-in attempts one client
	// may make per minute (at most that many at once); 0 is
	// DefaultSignInsPerMinute, a negative value sets no limit.
	SignInsPerMinute int
	// ClientKey names the client a request counts against, for a server
	// behind a proxy that knows the client's address; nil uses the
	// request's remote address.
	ClientKey func(r *http.Request) string
}

// DefaultSignInsPerMinute is the sign-in attempts a client may make per
// minute when Config.SignInsPerMinute is 0.
const DefaultSignInsPerMinute = 10

// AdminToken returns an authenticator that accepts exactly token, with
// the role [RoleAdmin]; the comparison takes constant time. An empty token
// accepts nothing.
func AdminToken(token string) func(ctx context.Context, token string) (string, error) {
	want := sha256.Sum256([]byte(token))
	empty := token == ""
	return func(_ context.Context, got string) (string, error) {
		g := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if empty || subtle.ConstantTimeCompare(g[:], want[:]) != 1 {
			return "", ErrWrongToken
		}
		return RoleAdmin, nil
	}
}

// handler serves the pages of one store. Its first four fields are the
// request's store: [NewStores] serves each request with a copy of the
// handler holding that store's Service, path, id and sign-in; the rest is
// shared by every store.
type handler struct {
	svc   *kasir.Service
	base  string
	store string
	auth  signer

	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	pages    map[string]*template.Template
	static   http.Handler
	mux      *http.ServeMux
	sessions *sessions
	posts    *ratelimit.Buckets // the buyer's form posts, per client
	signIns  *ratelimit.Buckets // sign-in attempts, per client
}

// identity is who signed into the dashboard: the role, and the name the
// records show (the API key's name, or the role).
type identity struct {
	role, name string
}

// signer checks a token typed on the sign-in page.
type signer func(ctx context.Context, token string) (identity, error)

// handlerKey marks the context of a request served with a store's copy
// of the handler.
type handlerKey struct{}

// at is the handler serving r: the store's copy, or h itself.
func (h *handler) at(r *http.Request) *handler {
	if sh, ok := r.Context().Value(handlerKey{}).(*handler); ok {
		return sh
	}
	return h
}

// on adapts a page method to the mux: it runs on the request's handler.
func (h *handler) on(fn func(*handler, http.ResponseWriter, *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fn(h.at(r), w, r) }
}

// New returns the handler serving the buyer's pages and the seller's
// dashboard for svc. Errors: invalid_input for a nil svc, a BasePath that
// does not start with "/" or ends with one, or a negative SessionTTL.
func New(svc *kasir.Service, cfg Config) (http.Handler, error) {
	if svc == nil {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "webui: New needs a kasir.Service")
	}
	h, err := newHandler(cfg)
	if err != nil {
		return nil, err
	}
	h.svc = svc
	if cfg.Authenticate != nil {
		h.auth = roleSigner(cfg.Authenticate)
	}
	return h, nil
}

// roleSigner is the signer of an authenticator that tells a role only.
func roleSigner(fn func(ctx context.Context, token string) (string, error)) signer {
	return func(ctx context.Context, token string) (identity, error) {
		role, err := fn(ctx, token)
		if err == nil && role == "" {
			err = ErrWrongToken
		}
		return identity{role: role, name: role}, err
	}
}

// newHandler checks cfg and builds what every store shares.
func newHandler(cfg Config) (*handler, error) {
	base := cfg.BasePath
	if base == "/" {
		base = ""
	}
	if base != "" && (!strings.HasPrefix(base, "/") || strings.HasSuffix(base, "/") || strings.ContainsAny(base, "?#{} ")) {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "webui: BasePath must start with / and not end with one, got %q", cfg.BasePath).WithField("base_path")
	}
	if cfg.SessionTTL < 0 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "webui: SessionTTL must not be negative, got %s", cfg.SessionTTL).WithField("session_ttl")
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.RateLimit < 0 || math.IsNaN(cfg.RateLimit) || math.IsInf(cfg.RateLimit, 0) || cfg.RateLimit > 0 && cfg.RateBurst < 1 {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "webui: RateLimit must be 0 or more and RateBurst at least 1, got %v and %d", cfg.RateLimit, cfg.RateBurst).WithField("rate_limit")
	}
	if cfg.SignInsPerMinute == 0 {
		cfg.SignInsPerMinute = DefaultSignInsPerMinute
	}
	h := &handler{cfg: cfg, base: base, log: cfg.Logger, now: cfg.Now, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.sessions = newSessions(cfg.SessionTTL, h.now)
	if cfg.RateLimit > 0 {
		h.posts = ratelimit.New(rate.Limit(cfg.RateLimit), cfg.RateBurst)
	}
	if n := cfg.SignInsPerMinute; n > 0 {
		h.signIns = ratelimit.New(rate.Limit(float64(n)/60), n)
	}
	var err error
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h.static = http.FileServerFS(sub)
	h.routes()
	return h, nil
}

func (h *handler) routes() {
	m := h.mux
	m.HandleFunc("GET /{$}", h.on((*handler).products))
	m.HandleFunc("GET /beli/{id}", h.on((*handler).form))
	m.HandleFunc("POST /beli/{id}", h.on((*handler).place))
	m.HandleFunc("POST /beli/{id}/harga", h.on((*handler).price))
	m.HandleFunc("GET /paket/{id}", h.on((*handler).form))
	m.HandleFunc("POST /paket/{id}", h.on((*handler).place))
	m.HandleFunc("POST /paket/{id}/harga", h.on((*handler).price))
	m.HandleFunc("GET /cek-nomor", h.on((*handler).checkPhone))
	m.HandleFunc("GET /lokasi", h.on((*handler).locations))
	m.HandleFunc("POST /tinggal", h.on((*handler).abandon))
	m.HandleFunc("GET /o/{slug}", h.on((*handler).orderPage))
	m.HandleFunc("GET /o/{slug}/faktur", h.on((*handler).buyerInvoice))
	m.HandleFunc("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.StripPrefix("/static", h.static).ServeHTTP(w, r)
	})
	h.adminRoutes()
}

// ServeHTTP strips the base path, sets the security headers every page
// carries, and answers 404 for paths outside the base path. A panic in a
// page is logged and answered 500.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.serve(w, r)
}

// serve answers r for the handler's store.
func (h *handler) serve(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // the sentinel is panicked as is
				panic(v)
			}
			h.log.ErrorContext(r.Context(), "webui: panic serving page", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self' https://wa.me https://api.whatsapp.com https://web.whatsapp.com")
	if p := r.URL.Path; h.base != "" {
		rest, ok := strings.CutPrefix(p, h.base)
		if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
			h.notFound(w, r)
			return
		}
		if rest == "" {
			http.Redirect(w, r, h.base+"/", http.StatusMovedPermanently)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = rest
		r2.URL.RawPath = ""
		r = r2
	}
	r = r.WithContext(context.WithValue(r.Context(), handlerKey{}, h))
	if _, pattern := h.mux.Handler(r); pattern == "" {
		h.notFound(w, r)
		return
	}
	h.mux.ServeHTTP(w, r)
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, "error", h.pageData(r, errorPage{Title: h.t(r, "not_found"), Text: h.t(r, "not_found_text")}))
}

// fail answers a page request that failed: 404 for what is not found, 500
// (logged) for what the visitor cannot act on, else the error's sentence.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errs.NotFound):
		h.notFound(w, r)
	case errors.Is(err, errs.Invalid), errors.Is(err, errs.Conflict), errors.Is(err, errs.Precondition):
		h.render(w, r, http.StatusUnprocessableEntity, "error", h.pageData(r, errorPage{Title: h.t(r, "refused"), Text: h.say(r, err)}))
	default:
		h.log.ErrorContext(r.Context(), "webui: page failed", "path", r.URL.Path, "err", err)
		status := http.StatusInternalServerError
		if errors.Is(err, errs.Unavailable) {
			status = http.StatusServiceUnavailable
		}
		h.render(w, r, status, "error", h.pageData(r, errorPage{Title: h.t(r, "error"), Text: h.t(r, "error_text")}))
	}
}

type errorPage struct {
	Title, Text string
}
