package webui

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter holds one token bucket per client, as the JSON API's rate limit
// does.
type limiter struct {
	every rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*rate.Limiter
}

// maxClients is how many clients' buckets a limiter keeps before it drops
// the quiet ones.
const maxClients = 10_000

func newLimiter(every rate.Limit, burst int) *limiter {
	return &limiter{every: every, burst: burst, m: map[string]*rate.Limiter{}}
}

// allow takes a token for client, or says how long until one is free.
func (l *limiter) allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	lim, ok := l.m[client]
	if !ok {
		if len(l.m) >= maxClients {
			// Drop the quiet clients (full buckets); if that is not
			// enough, any: a dropped client starts afresh, and the map
			// stays bounded whatever the number of addresses.
			for k, v := range l.m {
				if v.TokensAt(now) >= float64(l.burst) {
					delete(l.m, k)
				}
			}
			for k := range l.m {
				if len(l.m) < maxClients*3/4 {
					break
				}
				delete(l.m, k)
			}
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.m[client] = lim
	}
	l.mu.Unlock()
	res := lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Hour
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// client is who a request counts against: Config.ClientKey's answer, or
// the remote IP address (an IPv6 address as its /64).
func (h *handler) client(r *http.Request) string {
	if h.cfg.ClientKey != nil {
		return h.cfg.ClientKey(r)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	if addr = addr.Unmap(); addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// allow takes a token of l for the request's client. Over the limit it
// answers 429 with Retry-After (the page in the visitor's language, or
// JSON to the form's script) and returns false. A nil l allows all.
func (h *handler) allow(w http.ResponseWriter, r *http.Request, l *limiter) bool {
	if l == nil {
		return true
	}
	ok, wait := l.allow(h.client(r), h.now())
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
