package ratelimit

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/time/rate"
)

// TestBucketsStayBounded: however many addresses write, at most
// MaxClients buckets are kept, and a new client is still served.
func TestBucketsStayBounded(t *testing.T) {
	t.Parallel()
	b := New(rate.Every(time.Hour), 1)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := range 3 * MaxClients {
		b.Allow("c"+strconv.Itoa(i), now)
		assert.LessOrEqual(t, b.clients(), MaxClients)
	}
	later := now.Add(2 * time.Hour) // every bucket is full again
	for i := range MaxClients {
		b.Allow("d"+strconv.Itoa(i), later)
	}
	assert.LessOrEqual(t, b.clients(), MaxClients)
	ok, wait := b.Allow("e", later)
	assert.True(t, ok)
	assert.Zero(t, wait)
}

// TestBucketsRefuseOverTheBurst: a client gets its burst, then waits for
// the next token; another client has its own bucket.
func TestBucketsRefuseOverTheBurst(t *testing.T) {
	t.Parallel()
	b := New(rate.Limit(1), 2)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for range 2 {
		ok, _ := b.Allow("a", now)
		assert.True(t, ok)
	}
	ok, wait := b.Allow("a", now)
	assert.False(t, ok)
	assert.Equal(t, time.Second, wait)
	ok, _ = b.Allow("b", now)
	assert.True(t, ok, "another client's bucket")
	ok, _ = b.Allow("a", now.Add(time.Second))
	assert.True(t, ok, "a token a second")
}

func TestClient(t *testing.T) {
	t.Parallel()
	for remote, want := range map[string]string{
		"203.0.113.7:5123":            "203.0.113.7",
		"[::ffff:203.0.113.7]:80":     "203.0.113.7",
		"[2001:db8:1:2:3:4:5:6]:443":  "2001:db8:1:2::/64",
		"not-an-address":              "not-an-address",
		"[2001:db8:1:2:ffff::1]:8080": "2001:db8:1:2::/64",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		assert.Equal(t, want, Client(r), remote)
	}
}
