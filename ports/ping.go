package ports

import "context"

// Pinger is implemented by a store that can tell whether it is reachable,
// for a readiness check. It is optional: a store without it is always
// ready.
type Pinger interface {
	// Ping returns nil when the store answers within ctx, and an error of
	// kind errs.Unavailable when it does not.
	Ping(ctx context.Context) error
}
