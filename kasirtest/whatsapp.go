package kasirtest

import (
	"context"
	"strings"
	"sync"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.WhatsApp = (*WhatsApp)(nil)

// WhatsApp is a scriptable [ports.WhatsApp] checker for tests: the numbers
// given to [NewWhatsApp] or [WhatsApp.Register] are on WhatsApp, any other
// is not, and [WhatsApp.Fail] makes it answer with an error. It counts the
// calls it gets and is safe for concurrent use.
type WhatsApp struct {
	mu         sync.Mutex
	registered map[string]bool
	err        error
	calls      int
}

// NewWhatsApp returns a checker that knows the given numbers
// (international digits, e.g. "6281234567890"; a leading "+" is ignored).
func NewWhatsApp(registered ...string) *WhatsApp {
	w := &WhatsApp{registered: map[string]bool{}}
	w.Register(registered...)
	return w
}

// Register adds numbers to those on WhatsApp.
func (w *WhatsApp) Register(msisdns ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.registered == nil {
		w.registered = map[string]bool{}
	}
	for _, n := range msisdns {
		w.registered[strings.TrimPrefix(n, "+")] = true
	}
}

// Unregister removes numbers from those on WhatsApp.
func (w *WhatsApp) Unregister(msisdns ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, n := range msisdns {
		delete(w.registered, strings.TrimPrefix(n, "+"))
	}
}

// Fail makes every later call return err (for example
// ports.ErrProviderUnavailable); nil makes it answer again.
func (w *WhatsApp) Fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.err = err
}

// Calls returns how many times Registered has been called.
func (w *WhatsApp) Calls() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.calls
}

// Registered implements [ports.WhatsApp]. Errors: the error set with
// [WhatsApp.Fail].
func (w *WhatsApp) Registered(_ context.Context, msisdn string) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls++
	if w.err != nil {
		return false, w.err
	}
	return w.registered[strings.TrimPrefix(msisdn, "+")], nil
}
