// Package errs is kasir's error model: every error a caller can act on carries
// a stable machine code (such as "voucher_expired" or "out_of_stock") and a
// Kind (not found, invalid, conflict, precondition, …). Conflict means the
// state changed or is taken and a retry may succeed; Precondition means the
// state forbids the request.
//
// The code is read with [Code] (or errors.As into a [Coded]); the kind is
// tested with errors.Is(err, errs.Conflict). Domain packages build their
// errors with [E] or define typed errors that implement [Coded]; adapters map
// kinds to transport status codes in one table.
//
// An error names the input field at fault, read with [Field]. A package
// names only its own fields ("quantity", "days"; none for an error about a
// single value such as a phone number), and each caller puts the error
// where it was given with [At]: At("lines[2]", err) turns "quantity" into
// "lines[2].quantity", whatever the error's type.
package errs
