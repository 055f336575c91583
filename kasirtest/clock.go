package kasirtest

import (
	"context"
	"sync"
	"time"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.Clock = (*ManualClock)(nil)

// ManualClock is a [ports.Clock] that tells the time it is set to, for
// tests. It is safe for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a clock standing at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the time the clock stands at.
func (c *ManualClock) Now(context.Context) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock on by d (back for a negative d) and returns the
// new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}
