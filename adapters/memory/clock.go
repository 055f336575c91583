package memory

import (
	"context"
	"time"

	"github.com/kasir-id/kasir/ports"
)

var _ ports.Clock = SystemClock{}

// SystemClock is the [ports.Clock] of the machine: time.Now. Tests use
// kasirtest.ManualClock instead.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now(context.Context) time.Time { return time.Now() }
