package httpapi

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/ratelimit"
)

// RequestIDHeader carries a request's id: the client's when it sends a
// usable one (1 to 64 letters, digits, '.', '_', ':' or '-'), otherwise one
// the Handler makes. Every answer carries it, and every log line the
// Handler writes names it as request_id.
const RequestIDHeader = "X-Request-Id"

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "" outside a
// request the Handler serves.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestID is the client's id when usable, or a new random one.
func requestID(r *http.Request) string {
	id := r.Header.Get(RequestIDHeader)
	if len(id) > 0 && len(id) <= 64 && strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-") == "" {
		return id
	}
	return rand.Text()
}

// LogHandler wraps h so that every record logged with the context of a
// request the Handler serves carries its request_id. The Handler wraps
// Config.Logger with it; a host wraps the logger it gives the Service
// (kasir.WithLogger) too, so that the Service's lines name the request.
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(requestIDHandler); ok {
		return h
	}
	return requestIDHandler{h}
}

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// corsAllowHeaders are the request headers a checkout page may send.
const corsAllowHeaders = "Content-Type, Idempotency-Key, Authorization, Accept-Language, " + RequestIDHeader

// corsExposeHeaders are the answer headers a checkout page may read.
const corsExposeHeaders = "Location, " + ReplayedHeader + ", " + RequestIDHeader + ", Retry-After, Content-Language"

// cors adds the CORS headers for a request from an allowed origin, and
// answers a preflight request itself. It reports whether it answered.
func (h *Handler) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	preflight := r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != ""
	if origin == "" || len(h.origins) == 0 {
		return false
	}
	hd := w.Header()
	hd.Add("Vary", "Origin")
	if !slices.Contains(h.origins, origin) {
		if preflight {
			// No CORS headers: the browser does not send the request.
			w.WriteHeader(http.StatusNoContent)
			return true
		}
		return false
	}
	hd.Set("Access-Control-Allow-Origin", origin)
	if !preflight {
		hd.Set("Access-Control-Expose-Headers", corsExposeHeaders)
		return false
	}
	probe := r.Clone(r.Context())
	probe.Method = r.Header.Get("Access-Control-Request-Method")
	if _, pattern := h.mux.Handler(probe); pattern == "" {
		w.WriteHeader(http.StatusNoContent) // a method the path does not serve: no Allow-Methods
		return true
	}
	hd.Add("Vary", "Access-Control-Request-Method")
	hd.Add("Vary", "Access-Control-Request-Headers")
	hd.Set("Access-Control-Allow-Methods", probe.Method)
	hd.Set("Access-Control-Allow-Headers", corsAllowHeaders)
	hd.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}

// CodeRateLimited is the code of a 429: the client sent more public writes
// than Config.RateLimit and RateBurst allow; Retry-After says when to try
// again.
const CodeRateLimited = "rate_limited"

// clientKey is the client a request counts against: Config.ClientKey's
// answer, or the remote IP address; an IPv6 address counts as its /64
// network, which one subscriber usually holds whole.
func (h *Handler) clientKey(r *http.Request) string {
	if h.clientOf != nil {
		return h.clientOf(r)
	}
	return ratelimit.Client(r)
}

// limit refuses a public write over the client's rate with 429 and a
// Retry-After header in whole seconds.
func (h *Handler) limit(w http.ResponseWriter, r *http.Request) error {
	if h.limits == nil {
		return nil
	}
	ok, wait := h.limits.Allow(h.clientKey(r), time.Now())
	if ok {
		return nil
	}
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	return errs.E(errs.Unavailable, CodeRateLimited, "too many requests from this client; try again after "+strconv.Itoa(max(secs, 1))+" s")
}

// CheckOrigin returns an error unless o is an origin as a browser sends it:
// http or https, a host, an optional port, nothing else ("https://toko.example").
func CheckOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" ||
		u.Fragment != "" || u.User != nil || u.String() != o {
		return fmt.Errorf("%q is not an origin such as https://toko.example", o)
	}
	return nil
}
