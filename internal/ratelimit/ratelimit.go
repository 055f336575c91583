// Package ratelimit keeps a token bucket per client, as the JSON API's
// public writes and the pages' form posts and sign-ins are limited, and
// names the client a request counts against.
package ratelimit

import (
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// MaxClients is how many clients' buckets Buckets keeps before it drops
// the quiet ones (their bucket is full again).
const MaxClients = 10_000

// Buckets holds one token bucket per client: every tokens a second, at
// most burst at once. It is safe for concurrent use.
type Buckets struct {
	every rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*rate.Limiter
}

// New returns the buckets of a limit of every tokens a second, burst at
// once.
func New(every rate.Limit, burst int) *Buckets {
	return &Buckets{every: every, burst: burst, m: map[string]*rate.Limiter{}}
}

// Allow takes a token for client at now, or says how long until one is
// free (an hour when the limit allows none).
func (b *Buckets) Allow(client string, now time.Time) (bool, time.Duration) {
	b.mu.Lock()
	lim, ok := b.m[client]
	if !ok {
		if len(b.m) >= MaxClients {
			// Drop the quiet clients (full buckets); if that is not
			// enough, any: a dropped client starts afresh, and the map
			// stays bounded whatever the number of addresses.
			for k, v := range b.m {
				if v.TokensAt(now) >= float64(b.burst) {
					delete(b.m, k)
				}
			}
			for k := range b.m {
				if len(b.m) < MaxClients*3/4 {
					break
				}
				delete(b.m, k)
			}
		}
		lim = rate.NewLimiter(b.every, b.burst)
		b.m[client] = lim
	}
	b.mu.Unlock()
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

// clients reports how many buckets are kept (for tests).
func (b *Buckets) clients() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.m)
}

// Client is the client a request counts against: its remote IP address;
// an IPv6 address counts as its /64 network, which one subscriber usually
// holds whole.
func Client(r *http.Request) string {
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
