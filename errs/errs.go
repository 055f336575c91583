package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the caller can do about it. A Kind is
// itself an error so that errors.Is(err, errs.NotFound) works on any error
// of this package or any [Coded] error.
type Kind uint8

// The kinds of error. Other is the zero value: an error without a kind.
//
// Conflict and Precondition both refuse a valid request because of the
// state it met; they differ in what the caller does next. A Conflict is a
// race or a taken resource (stock sold meanwhile, a voucher quota used up,
// a concurrent change, a price that moved, an idempotency key used for
// another request): reading again and retrying may succeed. A Precondition
// is the state itself forbidding the request (an order that is shipped
// cannot be edited, a draft product cannot be sold, no warehouse holds the
// items): the same request fails until that state changes.
const (
	Other        Kind = iota // unclassified; a bug or an outside failure
	Invalid                  // the input breaks a rule; retrying the same input fails again
	NotFound                 // the named thing does not exist
	Conflict                 // the state changed or is taken; reading again or retrying may succeed
	Unavailable              // an outside system is down or timed out; retrying may succeed
	Unauthorized             // credentials are missing or wrong
	Precondition             // the current state forbids the request; it fails until that state changes
)

var kindNames = [...]string{"other", "invalid", "not found", "conflict", "unavailable", "unauthorized", "precondition"}

// String returns the kind's name.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Error makes a Kind usable as an errors.Is target.
func (k Kind) Error() string { return "errs: " + k.String() }

// Valid reports whether k is one of the declared kinds.
func (k Kind) Valid() bool { return int(k) < len(kindNames) }

// Coded is implemented by every error that carries a stable code. Use
// errors.As(err, &coded) to reach it through wrapping.
type Coded interface {
	error
	// ErrorCode returns the stable machine code, e.g. "out_of_stock".
	ErrorCode() string
	// ErrorKind returns the error's kind.
	ErrorKind() Kind
}

// Fielded is implemented by coded errors that point at an input field.
type Fielded interface {
	// ErrorField returns the path of the offending input field ("lines[2].quantity"),
	// or "" when the error is not about one field.
	ErrorField() string
}

// Error is the general coded error. Domain packages create it through [E] or
// [Invalidf]; callers usually read it through [Code], [KindOf] and [Field].
type Error struct {
	Code    string // stable machine code, snake_case
	Kind    Kind   // what the caller can do about it
	Field   string // offending input field, when there is one
	Message string // human-readable, starts with the package prefix ("pricing: …")
	Err     error  // underlying cause, if any
}

// E returns a new coded error.
func E(kind Kind, code, message string) *Error {
	return &Error{Code: code, Kind: kind, Message: message}
}

// Invalidf returns an Invalid error with code and a formatted message.
func Invalidf(code, format string, args ...any) *Error {
	return &Error{Code: code, Kind: Invalid, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns a coded error that wraps cause. The cause stays reachable
// with errors.Is and errors.As.
func Wrap(kind Kind, code string, cause error, message string) *Error {
	return &Error{Code: code, Kind: kind, Message: message, Err: cause}
}

// WithField returns a copy of e pointing at field.
func (e *Error) WithField(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// Error returns the message, followed by the cause when there is one.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Code
	}
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is e's Kind, or an *Error with the same code.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case Kind:
		return t == e.Kind
	case *Error:
		return t.Code != "" && t.Code == e.Code
	}
	return false
}

// ErrorCode implements [Coded].
func (e *Error) ErrorCode() string { return e.Code }

// ErrorKind implements [Coded].
func (e *Error) ErrorKind() Kind { return e.Kind }

// ErrorField implements [Fielded].
func (e *Error) ErrorField() string { return e.Field }

// Code returns the stable code of the first coded error in err's chain, or
// "" when there is none (an unexpected error).
func Code(err error) string {
	var c Coded
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return ""
}

// KindOf returns the kind of the first coded error in err's chain, or Other.
func KindOf(err error) Kind {
	var c Coded
	if errors.As(err, &c) {
		return c.ErrorKind()
	}
	return Other
}

// Field returns the offending field of the first coded error in err's chain
// that names one, or "".
func Field(err error) string {
	for e := err; e != nil; {
		if f, ok := e.(Fielded); ok && f.ErrorField() != "" {
			return f.ErrorField()
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return ""
		}
		e = u.Unwrap()
	}
	return ""
}

// Common codes shared by several packages.
const (
	CodeInvalidInput = "invalid_input" // malformed or out-of-range input
	CodeInternal     = "internal"      // an unexpected failure
	CodeNotFound     = "not_found"     // a generic unknown resource
	CodeUnavailable  = "unavailable"   // an outside system failed
	CodeUnauthorized = "unauthorized"  // missing or wrong credentials
)

// At returns err located at path: path is put in front of the field err
// already names ("lines[2]" and "quantity" make "lines[2].quantity";
// "vouchers" and "[1].code" make "vouchers[1].code"), or becomes the field
// when err names none. Code, kind and cause stay as they were and reachable
// through errors.Is and errors.As, whatever the error's type: an *Error is
// copied with the longer field, any other error (a typed error such as an
// out-of-stock error, or a wrapped one) is copied when it is a [FieldSetter]
// and otherwise wrapped so that [Field] reports the longer path. At(path, nil) is nil; an empty path returns err.
func At(path string, err error) error {
	if err == nil || path == "" {
		return err
	}
	field := JoinPath(path, Field(err))
	switch e := err.(type) {
	case *Error:
		if e != nil {
			return e.WithField(field)
		}
	case FieldSetter:
		return e.WithErrorField(field)
	}
	return &located{field: field, err: err}
}

// FieldSetter is implemented by typed coded errors that carry their own
// field (such as catalog.OutOfStockError), so that [At] returns a copy
// naming the longer field instead of wrapping it: errors.As then finds the
// error with its whole field.
type FieldSetter interface {
	error
	// WithErrorField returns a copy of the error naming field.
	WithErrorField(field string) error
}

// JoinPath appends field to the path prefix: "lines[2]" and "quantity"
// make "lines[2].quantity", "vouchers" and "[1]" make "vouchers[1]"; an
// empty side returns the other.
func JoinPath(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case field[0] == '[':
		return prefix + field
	}
	return prefix + "." + field
}

// located is an error placed at a field by [At]: it names the field and
// passes everything else to the error it wraps.
type located struct {
	field string
	err   error
}

// Error returns the wrapped error's message, then the field.
func (l *located) Error() string {
	return l.err.Error() + " (at " + l.field + ")"
}

// Unwrap returns the located error.
func (l *located) Unwrap() error { return l.err }

// ErrorField implements [Fielded].
func (l *located) ErrorField() string { return l.field }
