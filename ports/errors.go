package ports

import "github.com/kasir-id/kasir/errs"

// Error codes of the ports. Adapters return (or wrap) these so the service
// and the HTTP layer can act on them whatever the adapter.
const (
	CodeOrderNotFound       = "order_not_found"
	CodeAbandonedNotFound   = "checkout_not_found"
	CodeWebhookNotFound     = "webhook_not_found"
	CodeLocationNotFound    = "unknown_location"
	CodeNotFound            = errs.CodeNotFound
	CodeDuplicate           = "already_exists"
	CodeAmountHeld          = "amount_held"
	CodeProviderUnavailable = "provider_unavailable"
	CodeProviderAuth        = "provider_unauthorized"
	CodeProviderRejected    = "provider_rejected"
	CodeProviderBadResponse = "provider_bad_response"
	CodeInvalidSignature    = "invalid_signature"
	CodeInvalidNotification = "invalid_notification"
)

// Errors the ports document. Compare with errors.Is (they match any error of
// the same code) or read the code with errs.Code. They name no field: the
// caller places them where the id was given, with errs.At.
var (
	ErrNotFound          = errs.E(errs.NotFound, CodeNotFound, "ports: not found")
	ErrOrderNotFound     = errs.E(errs.NotFound, CodeOrderNotFound, "ports: order not found")
	ErrAbandonedNotFound = errs.E(errs.NotFound, CodeAbandonedNotFound, "ports: abandoned checkout not found")
	ErrWebhookNotFound   = errs.E(errs.NotFound, CodeWebhookNotFound, "ports: webhook endpoint not found")
	ErrLocationNotFound  = errs.E(errs.NotFound, CodeLocationNotFound, "ports: unknown location")
	ErrDuplicate         = errs.E(errs.Conflict, CodeDuplicate, "ports: record already exists")
	ErrAmountHeld        = errs.E(errs.Conflict, CodeAmountHeld, "ports: transfer amount held by another order")
	// ErrProviderUnavailable: an outside system (courier, gateway, checker)
	// could not be reached, timed out, or failed on its side.
	ErrProviderUnavailable = errs.E(errs.Unavailable, CodeProviderUnavailable, "ports: provider unavailable")
	// ErrProviderAuth: an outside system refused the configured credentials.
	ErrProviderAuth = errs.E(errs.Unavailable, CodeProviderAuth, "ports: provider refused the credentials")
	// ErrProviderRejected: an outside system refused the request itself
	// (e.g. no coverage for the route).
	ErrProviderRejected = errs.E(errs.Invalid, CodeProviderRejected, "ports: provider rejected the request")
	// ErrProviderBadResponse: an outside system answered something that
	// cannot be used (malformed JSON, a price that is not whole rupiah).
	// Like ErrProviderUnavailable it is kind Unavailable: the provider
	// failed, and a later try may succeed.
	ErrProviderBadResponse = errs.E(errs.Unavailable, CodeProviderBadResponse, "ports: provider answered something unusable")
	// ErrInvalidSignature: a notification is not authenticated.
	ErrInvalidSignature = errs.E(errs.Unauthorized, CodeInvalidSignature, "ports: notification signature invalid")
	// ErrInvalidNotification: an authenticated notification holds
	// something that is not as the provider documents it (an amount with a
	// fraction of a rupiah, an unknown status).
	ErrInvalidNotification = errs.E(errs.Invalid, CodeInvalidNotification, "ports: notification not as documented")
)
