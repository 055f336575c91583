package webui

import (
	"math"
	"net/http"
	"strconv"

	"github.com/kasir-id/kasir/internal/ratelimit"
)

// client is who a request counts against: Config.ClientKey's answer, or
// the remote IP address (an IPv6 address as its /64).
func (h *handler) client(r *http.Request) string {
	if h.cfg.ClientKey != nil {
		return h.cfg.ClientKey(r)
	}
	return ratelimit.Client(r)
}

// allow takes a token of l for the request's client. Over the limit it
// answers 429 with Retry-After (the page in the visitor's language, or
// JSON to the form's script) and returns false. A nil l allows all.
func (h *handler) allow(w http.ResponseWriter, r *http.Request, l *ratelimit.Buckets) bool {
	if l == nil {
		return true
	}
	ok, wait := l.Allow(h.client(r), h.now())
	if ok {
		return true
	}
	secs := max(int(math.Ceil(wait.Seconds())), 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	msg := h.t(r, "too_many_text") + " " + strconv.Itoa(secs) + " " + h.t(r, "seconds") + "."
	if r.Header.Get("Accept") == "application/json" {
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": msg})
		return false
	}
	h.render(w, r, http.StatusTooManyRequests, "error", h.pageData(r, errorPage{Title: h.t(r, "too_many"), Text: msg}))
	return false
}
