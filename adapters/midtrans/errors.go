package midtrans

import (
	"strconv"
	"strings"
)

// APIError is Midtrans' answer to a Snap request it did not accept: the
// HTTP status and the error_messages of the body. CreatePayment returns
// it wrapped in a coded error (ports.ErrProviderAuth, ErrProviderRejected
// or ErrProviderUnavailable); reach it with errors.As. The messages never
// hold the server key: the adapter removes it should Midtrans echo it.
type APIError struct {
	StatusCode int      // the HTTP status, e.g. 400
	Messages   []string // Midtrans' error_messages, in order; may be empty
}

// Error returns the status and Midtrans' messages, e.g.
// "midtrans: HTTP 400: transaction_details.gross_amount is not equal to the sum of item_details".
func (e *APIError) Error() string {
	msg := "midtrans: HTTP " + strconv.Itoa(e.StatusCode)
	if len(e.Messages) > 0 {
		msg += ": " + strings.Join(e.Messages, "; ")
	}
	return msg
}

// redactedError hides the server key in the message of an outside error
// (a transport or decoding error) while keeping it reachable with
// errors.Is and errors.As.
type redactedError struct {
	err error
	msg string
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
