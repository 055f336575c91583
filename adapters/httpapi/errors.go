package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/catalog"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
)

// Error codes of the HTTP layer itself, besides the Service's codes.
const (
	CodeInvalidJSON      = "invalid_json"       // 400: the body is not one JSON value, or is empty
	CodeUnknownField     = "unknown_field"      // 400: the body names a field the request does not have (e.g. "price")
	CodeInvalidType      = "invalid_type"       // 400: a field has the wrong JSON type ("quantity": "2")
	CodeInvalidQuery     = "invalid_query"      // 400: a query parameter cannot be read (limit=abc, from=yesterday)
	CodeBodyTooLarge     = "body_too_large"     // 413: the body is over Config.MaxBodyBytes
	CodeMethodNotAllowed = "method_not_allowed" // 405: the path is served, not with this method
	CodeInternal         = errs.CodeInternal    // 500: an unexpected failure, logged
	CodeUnauthorized     = errs.CodeUnauthorized
	CodeNotFound         = errs.CodeNotFound
)

var (
	errInternal     = errs.E(errs.Other, CodeInternal, "internal error")
	errUnauthorized = errs.E(errs.Unauthorized, CodeUnauthorized, "the admin token is missing or wrong")
	errNoRoute      = errs.E(errs.NotFound, CodeNotFound, "no such route")
)

func errMethodNotAllowed(method string) error {
	return errs.E(errs.Invalid, CodeMethodNotAllowed, "method "+method+" is not allowed here")
}

// errorStatuses is the one table from errors to HTTP statuses. The first
// row that matches decides: a row with a code matches an error whose
// errs.Code is that code; a row without one matches by kind (errs.KindOf),
// and, when fielded is set, only errors that name a request field. An
// error no row matches (no code, or kind Other) is a 500.
var errorStatuses = []struct {
	code    string
	kind    errs.Kind
	fielded bool
	status  int
}{
	// The request cannot be read.
	{code: CodeInvalidJSON, status: http.StatusBadRequest},
	{code: CodeUnknownField, status: http.StatusBadRequest},
	{code: CodeInvalidType, status: http.StatusBadRequest},
	{code: CodeInvalidQuery, status: http.StatusBadRequest},
	{code: CodeBodyTooLarge, status: http.StatusRequestEntityTooLarge},
	{code: CodeMethodNotAllowed, status: http.StatusMethodNotAllowed},
	// The request is fine but the state it met has changed or is taken:
	// reading again, or retrying later, may succeed.
	{code: catalog.CodeOutOfStock, status: http.StatusConflict},
	{code: pricing.CodeVoucherQuotaExhausted, status: http.StatusConflict},
	{code: kasir.CodeIdempotencyConflict, status: http.StatusConflict},
	{code: kasir.CodePriceChanged, status: http.StatusConflict},
	{code: kasir.CodeOrderChanged, status: http.StatusConflict},
	{code: kasir.CodeNotAwaitingPayment, status: http.StatusConflict},
	{code: payment.CodeUniqueCodeExhausted, status: http.StatusConflict},
	{code: ports.CodeAmountHeld, status: http.StatusConflict},
	{code: ports.CodeDuplicate, status: http.StatusConflict},
	// Something the body names does not exist (unknown_sku,
	// voucher_not_found, unknown_location): the endpoint exists, the
	// content is wrong.
	{kind: errs.NotFound, fielded: true, status: http.StatusUnprocessableEntity},
	// What the URL names does not exist.
	{kind: errs.NotFound, status: http.StatusNotFound},
	{kind: errs.Unauthorized, status: http.StatusUnauthorized},
	{kind: errs.Unavailable, status: http.StatusServiceUnavailable},
	// Every other domain rule: vouchers, phones, COD, transitions,
	// invalid_input.
	{kind: errs.Invalid, status: http.StatusUnprocessableEntity},
	{kind: errs.Conflict, status: http.StatusUnprocessableEntity},
}

// StatusOf returns the HTTP status the Handler answers err with, following
// the table documented in the package documentation; 500 for an error
// without a code.
func StatusOf(err error) int {
	code, kind, field := errs.Code(err), errs.KindOf(err), errs.Field(err)
	if code == "" {
		return http.StatusInternalServerError
	}
	for _, row := range errorStatuses {
		switch {
		case row.code != "":
			if row.code == code {
				return row.status
			}
		case row.kind == kind && (!row.fielded || field != ""):
			return row.status
		}
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON body of every error answer:
// {"error":{"code","message","field"}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is what an error answer says: a stable machine code, a
// message for people and the request field at fault ("" when none).
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field"`
}

// detail turns err into what the client is told, and the status. A 500
// tells nothing of the real error, and a 503 nothing of the provider's
// answer: both are logged instead.
func (h *Handler) detail(r *http.Request, err error) (int, ErrorDetail) {
	status := StatusOf(err)
	switch {
	case status == http.StatusInternalServerError && errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; there is nobody to answer.
		h.log.DebugContext(r.Context(), "httpapi: request canceled", "method", r.Method, "path", r.URL.Path, "err", err)
		return http.StatusServiceUnavailable, ErrorDetail{Code: errs.CodeUnavailable, Message: "the request was canceled"}
	case status == http.StatusInternalServerError:
		if err != errInternal { //nolint:errorlint // the panic handler's own sentinel was logged already
			h.log.ErrorContext(r.Context(), "httpapi: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		return status, ErrorDetail{Code: CodeInternal, Message: "internal error"}
	case status == http.StatusServiceUnavailable:
		h.log.WarnContext(r.Context(), "httpapi: provider unavailable", "method", r.Method, "path", r.URL.Path, "code", errs.Code(err), "err", err)
		return status, ErrorDetail{Code: errs.Code(err), Message: "a service this request needs is unavailable; try again later", Field: errs.Field(err)}
	}
	return status, ErrorDetail{Code: errs.Code(err), Message: message(err), Field: errs.Field(err)}
}

// message is the coded error's own message, without the causes it wraps
// (they may hold details meant for the log).
func message(err error) string {
	var e *errs.Error
	if errors.As(err, &e) && e.Code == errs.Code(err) && e.Message != "" {
		return e.Message
	}
	var c errs.Coded
	if errors.As(err, &c) {
		return c.Error()
	}
	return err.Error()
}

func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, d := h.detail(r, err)
	h.writeJSON(w, r, status, ErrorBody{Error: d})
}

// writeJSON encodes v and writes it with status. A value that cannot be
// encoded is a 500, logged.
func (h *Handler) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var b []byte
	if raw, ok := v.(rawJSON); ok {
		b = raw
	} else {
		var err error
		if b, err = json.Marshal(v); err != nil {
			h.log.ErrorContext(r.Context(), "httpapi: answer not encoded", "method", r.Method, "path", r.URL.Path, "err", err)
			status = http.StatusInternalServerError
			b = []byte(`{"error":{"code":"internal","message":"internal error","field":""}}`)
		}
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(append(b, '\n'))
	}
}
