package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// SQLSTATE codes the store acts on.
const (
	sqlUniqueViolation      = "23505"
	sqlCheckViolation       = "23514"
	sqlSerializationFailure = "40001"
	sqlDeadlockDetected     = "40P01"
	sqlDataExceptionClass   = "22"
	sqlStockShort           = "KS001" // take_stock (migration 18): a variant has too few units
)

// Errors of the store itself, besides those of ports and the domain.
var (
	errInsideUnit = errs.E(errs.Other, errs.CodeInternal, "postgres: the store was called inside its own unit of work; use the Tx")
	errTxDone     = errs.E(errs.Other, errs.CodeInternal, "postgres: Tx used after its unit of work ended")
)

// dbErr turns a driver error into the store's: a unique violation is
// ports.ErrDuplicate (kind Conflict), a value PostgreSQL cannot store (a NUL
// byte, invalid UTF-8, a level out of range) is invalid_input, anything else
// is kind Unavailable with code unavailable. The cause stays reachable with
// errors.As (a *pgconn.PgError), but its message never shows the
// connection's password.
func (s *Store) dbErr(op string, err error) error {
	if err == nil {
		return nil
	}
	cause := redacted{err: err, secret: s.password}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == sqlUniqueViolation:
			return &errs.Error{Code: ports.CodeDuplicate, Kind: errs.Conflict, Message: "postgres: " + op + ": record already exists", Err: cause}
		case pg.Code == sqlCheckViolation, strings.HasPrefix(pg.Code, sqlDataExceptionClass):
			return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, cause, "postgres: "+op+": the database refused the value")
		}
	}
	return errs.Wrap(errs.Unavailable, errs.CodeUnavailable, cause, "postgres: "+op)
}

// retryable reports whether err says the transaction lost a race the
// database detected (a serialization failure or a deadlock): running the
// unit again may succeed.
func retryable(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == sqlSerializationFailure || pg.Code == sqlDeadlockDetected)
}

// redacted hides a password in a driver error's message; errors.Is and
// errors.As still reach the driver error.
type redacted struct {
	err    error
	secret string
}

func (r redacted) Error() string {
	msg := r.err.Error()
	if r.secret != "" {
		msg = strings.ReplaceAll(msg, r.secret, "xxxxx")
	}
	return msg
}

func (r redacted) Unwrap() error { return r.err }

// withMessage returns a copy of a ports sentinel (same code, kind and
// field, so errors.Is matches it) with a message naming the record.
func withMessage(base *errs.Error, format string, args ...any) *errs.Error {
	e := *base
	e.Message = fmt.Sprintf(format, args...)
	return &e
}

// corrupt reports a stored record the store cannot read back.
func corrupt(what, id string, err error) error {
	return errs.Wrap(errs.Other, errs.CodeInternal, err, fmt.Sprintf("postgres: stored %s %q cannot be read", what, id))
}

// isUnique reports whether err is a unique violation.
func isUnique(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == sqlUniqueViolation
}
