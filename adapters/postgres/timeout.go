package postgres

import (
	"time"

	"github.com/kasir-id/kasir/errs"
)

// DefaultStatementTimeout bounds each statement of a store from [Open]
// unless [StatementTimeout] says otherwise.
const DefaultStatementTimeout = 10 * time.Second

// StatementTimeout sets PostgreSQL's statement_timeout for the connections
// of a pool [Open] makes (default [DefaultStatementTimeout]; 0 leaves the
// server's setting): a statement that runs, or waits for a lock, longer is
// cancelled by the server and the call fails with code unavailable. A
// store from [New] keeps the caller's pool as it is: set
// RuntimeParams["statement_timeout"] in its config. Every call also ends
// when its context does, so a request's deadline bounds it whatever the
// database does.
func StatementTimeout(d time.Duration) Option {
	return func(c *config) { c.statementTimeout = d }
}

func newConfig(opts []Option) config {
	c := config{schema: DefaultSchema, statementTimeout: DefaultStatementTimeout}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// ended is the error of a unit whose context ended before it ran: kind
// Unavailable, code unavailable, matching the context's error.
func ended(err error) error {
	return errs.Wrap(errs.Unavailable, errs.CodeUnavailable, err, "postgres: the request ended before the database answered")
}
