package kasirtest

import (
	"context"
	"slices"
	"sync"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.Events = (*Events)(nil)

// Events is a [ports.Events] that keeps every event published, for tests
// and for hosts that read them back. The zero value is ready; it is safe
// for concurrent use.
type Events struct {
	mu     sync.Mutex
	events []ports.Event
	err    error
}

// NewEvents returns an empty recorder.
func NewEvents() *Events { return &Events{} }

// Publish records e. Errors: the error set with [Events.Fail], and e is
// then not recorded.
func (r *Events) Publish(_ context.Context, e ports.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.events = append(r.events, e)
	return nil
}

// Published returns a copy of the events recorded so far, oldest first.
func (r *Events) Published() []ports.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// Reset forgets the events recorded so far.
func (r *Events) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = nil
}

// Fail makes every later Publish return err; nil makes it succeed again.
func (r *Events) Fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.err = err
}
