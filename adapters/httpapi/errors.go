package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
	"github.com/kasir-id/kasir/messages"
)

// Error codes of the HTTP layer itself, besides the Service's codes.
const (
	CodeInvalidJSON      = strictjson.CodeInvalidJSON    // 400: the body is not one JSON value, or is empty
	CodeUnknownField     = strictjson.CodeUnknownField   // 400: the body names a field the request does not have ("price", or "QUANTITY" for "quantity")
	CodeDuplicateField   = strictjson.CodeDuplicateField // 400: the body gives a key twice in one object
	CodeInvalidType      = strictjson.CodeInvalidType    // 400: a field has the wrong JSON type ("quantity": "2")
	CodeUnsupportedMedia = "unsupported_media_type"      // 415: the body is not sent as application/json
	CodeInvalidQuery     = "invalid_query"               // 400: a query parameter cannot be read (limit=abc, from=yesterday)
	CodeBodyTooLarge     = "body_too_large"              // 413: the body is over Config.MaxBodyBytes (MaxImportBytes for imports)
	CodeMethodNotAllowed = "method_not_allowed"          // 405: the path is served, not with this method
	CodeInternal         = errs.CodeInternal             // 500: an unexpected failure, logged
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

// requestStatuses are the statuses of the HTTP layer's own codes: the
// request could not be read as HTTP and JSON, before any rule of the
// domain applied.
var requestStatuses = map[string]int{
	CodeInvalidJSON:      http.StatusBadRequest,
	CodeUnknownField:     http.StatusBadRequest,
	CodeInvalidType:      http.StatusBadRequest,
	CodeDuplicateField:   http.StatusBadRequest,
	CodeUnsupportedMedia: http.StatusUnsupportedMediaType,
	CodeInvalidQuery:     http.StatusBadRequest,
	CodeBodyTooLarge:     http.StatusRequestEntityTooLarge,
	CodeMethodNotAllowed: http.StatusMethodNotAllowed,
	CodeRateLimited:      http.StatusTooManyRequests,
	CodeForbidden:        http.StatusForbidden,
}

// kindStatuses is the one table from error kinds to HTTP statuses. A
// NotFound error that names a request field is about the body, not the
// URL, and is a 422 (see [StatusOf]).
var kindStatuses = map[errs.Kind]int{
	errs.Invalid:      http.StatusUnprocessableEntity, // the input breaks a rule
	errs.Precondition: http.StatusUnprocessableEntity, // the state forbids it: transitions, editing, drafts
	errs.Conflict:     http.StatusConflict,            // the state changed or is taken: read again, retry
	errs.NotFound:     http.StatusNotFound,            // what the URL names does not exist
	errs.Unauthorized: http.StatusUnauthorized,
	errs.Unavailable:  http.StatusServiceUnavailable,
}

// StatusOf returns the HTTP status the Handler answers err with: the HTTP
// layer's own codes first, then the error's kind. Something the body names
// that does not exist (unknown_sku, voucher_not_found, unknown_location:
// kind NotFound with a field) is 422, since the endpoint exists and the
// content is wrong. An error without a code, or of kind Other, is 500.
func StatusOf(err error) int {
	code := errs.Code(err)
	if code == "" {
		return http.StatusInternalServerError
	}
	if status, ok := requestStatuses[code]; ok {
		return status
	}
	kind := errs.KindOf(err)
	if kind == errs.NotFound && errs.Field(err) != "" {
		return http.StatusUnprocessableEntity
	}
	if status, ok := kindStatuses[kind]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON body of every error answer:
// {"error":{"code","message","field","detail"}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is what an error answer says: a stable machine code, a
// message for people, the request field at fault ("" when none) and, for
// a refused request, the error's own English text for developers when it
// says more than the message.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field"`
	Detail  string `json:"detail,omitempty"`
}

// detail turns err into what the client is told, and the status. The
// message is the code's sentence from package messages, in the language of
// the request's Accept-Language (English or Indonesian); a 4xx keeps the
// error's own text as Detail, so a developer learns which rule was broken
// (a 5xx tells nothing of the real error).
func (h *Handler) detail(r *http.Request, err error) (int, ErrorDetail) {
	status, d := h.classify(r, err)
	own := d.Message
	d.Message = say(r, d.Code, d.Message)
	if status < http.StatusInternalServerError && own != d.Message {
		d.Detail = own
	}
	return status, d
}

// say returns the sentence for people of an error code, in the language of
// the request's Accept-Language (package messages), or fallback for a code
// the catalog does not have.
func say(r *http.Request, code, fallback string) string {
	if text, ok := messages.Text(code, messages.Match(r.Header.Get("Accept-Language"))); ok {
		return text
	}
	return fallback
}

// classify is detail before translation. A 500 tells nothing of the real
// error, and a 503 nothing of the provider's answer: both are logged
// instead.
func (h *Handler) classify(r *http.Request, err error) (int, ErrorDetail) {
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
	w.Header().Set("Content-Language", messages.Match(r.Header.Get("Accept-Language")).String())
	w.Header().Add("Vary", "Accept-Language")
	h.writeJSON(w, r, status, ErrorBody{Error: d})
}

// writeJSON encodes v and writes it with status, followed by a newline.
// A value that cannot be encoded is a 500, logged. The answer is encoded
// into a pooled buffer and written from it in one Write; a rawJSON body
// is written as it is. An answer too long for net/http's own buffer gets
// its Content-Length here, so that it is not sent chunked (net/http sets
// it for shorter answers itself, without allocating).
func (h *Handler) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var body, tail []byte
	if raw, ok := v.(rawJSON); ok {
		body, tail = raw, newline
	} else {
		a := answers.Get().(*answer)
		defer putAnswer(a)
		buf := &a.buf
		if err := a.enc.Encode(v); err != nil { // Encode adds the newline
			h.log.ErrorContext(r.Context(), "httpapi: answer not encoded", "method", r.Method, "path", r.URL.Path, "err", err)
			status = http.StatusInternalServerError
			buf.Reset()
			buf.WriteString(`{"error":{"code":"internal","message":"internal error","field":""}}` + "\n")
		}
		body = buf.Bytes()
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	if n := len(body) + len(tail); n >= chunkingSize && r.Method != http.MethodHead && bodyAllowed(status) {
		hd.Set("Content-Length", strconv.Itoa(n))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
		if tail != nil {
			_, _ = w.Write(tail)
		}
	}
}

var newline = []byte("\n")

// chunkingSize is the size of net/http's buffer of an answer: one longer
// than that, without a Content-Length, is sent chunked.
const chunkingSize = 2048

// bodyAllowed tells whether an answer with status may have a body (and
// so a Content-Length): not 1xx, 204 or 304.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// answer is a buffer writeJSON encodes into, with an Encoder writing to
// it (an Encoder keeps no state between values but a failed Write, which
// a bytes.Buffer never has).
type answer struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// answers holds the answers writeJSON encodes into, for reuse.
var answers = sync.Pool{New: func() any {
	a := new(answer)
	a.enc = json.NewEncoder(&a.buf)
	return a
}}

// putAnswer gives a buffer back to answers, unless a large answer grew
// it: a pool of large buffers would hold their memory.
func putAnswer(a *answer) {
	if a.buf.Cap() > 64<<10 {
		return
	}
	a.buf.Reset()
	answers.Put(a)
}
