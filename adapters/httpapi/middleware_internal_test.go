package httpapi

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/time/rate"
)

// TestLimitersStayBounded: however many addresses write, at most
// maxClients buckets are kept, and a new client is still served.
func TestLimitersStayBounded(t *testing.T) {
	t.Parallel()
	l := &limiters{every: rate.Every(time.Hour), burst: 1, m: map[string]*rate.Limiter{}}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := range 3 * maxClients {
		l.allow("c"+strconv.Itoa(i), now)
		assert.LessOrEqual(t, len(l.m), maxClients)
	}
	later := now.Add(2 * time.Hour) // every bucket is full again
	for i := range maxClients {
		l.allow("d"+strconv.Itoa(i), later)
	}
	assert.LessOrEqual(t, len(l.m), maxClients)
	ok, wait := l.allow("e", later)
	assert.True(t, ok)
	assert.Zero(t, wait)
}
