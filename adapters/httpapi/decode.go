package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
)

// decode reads the request body, at most h.maxBody bytes, as exactly one
// JSON value into dst. Unknown fields, wrong types, trailing data and an
// empty body are refused: a request is read whole or not at all, so a
// client cannot send a price or total the Service would ignore.
func (h *Handler) decode(w http.ResponseWriter, r *http.Request, dst any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			if e := readError(err); e != nil {
				return e
			}
		}
		return errs.E(errs.Invalid, CodeInvalidJSON, "the body holds more than one JSON value")
	}
	return nil
}

// readBody reads the raw request body, at most h.maxBody bytes.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		if e := readError(err); e != nil {
			return nil, e
		}
		return nil, errs.Wrap(errs.Invalid, CodeInvalidJSON, err, "the body could not be read")
	}
	return b, nil
}

// readError is body_too_large for a body over the limit, nil otherwise.
func readError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errs.Wrap(errs.Invalid, CodeBodyTooLarge, err, fmt.Sprintf("the body is larger than %d bytes", mbe.Limit))
	}
	return nil
}

// decodeError classifies an encoding/json error into the codes of the
// HTTP layer. An error a field's own type returns (an unknown payment
// method) is a coded domain error and keeps its code.
func decodeError(err error) error {
	if e := readError(err); e != nil {
		return e
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errs.E(errs.Invalid, CodeInvalidJSON, "the body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Wrap(errs.Invalid, CodeInvalidJSON, err, "the body ends in the middle of its JSON")
	case errors.As(err, &syn):
		return errs.Wrap(errs.Invalid, CodeInvalidJSON, err, fmt.Sprintf("the body is not valid JSON at byte %d: %s", syn.Offset, syn.Error()))
	case errors.As(err, &typ):
		field := jsonPath(typ.Field)
		msg := fmt.Sprintf("the body must be a JSON object, not a JSON %s", typ.Value)
		if field != "" {
			msg = fmt.Sprintf("%s cannot be a JSON %s (want %s)", field, typ.Value, jsonType(typ.Type.Kind().String()))
		}
		return errs.Wrap(errs.Invalid, CodeInvalidType, err, msg).WithField(field)
	case strings.HasPrefix(err.Error(), `json: unknown field "`):
		name := strings.TrimSuffix(strings.TrimPrefix(err.Error(), `json: unknown field "`), `"`)
		return errs.Wrap(errs.Invalid, CodeUnknownField, err, fmt.Sprintf("unknown field %q: amounts are computed by the server, and only documented fields are read", name)).WithField(name)
	case errs.Code(err) != "":
		if errs.Field(err) == "payment.method" {
			// payment.ParseMethod names its own field; every request
			// body calls it payment_method.
			return setField(err, "payment_method")
		}
		return err
	}
	// Other errors of a field's type (a malformed time): the value is
	// unreadable.
	return errs.Wrap(errs.Invalid, CodeInvalidType, err, "a value in the body cannot be read: "+err.Error())
}

// jsonPath turns encoding/json's field path ("QuoteRequest.lines.quantity")
// into the request's ("lines.quantity"): it drops the Go names of embedded
// structs, which are not JSON names.
func jsonPath(p string) string {
	var keep []string
	for _, seg := range strings.Split(p, ".") {
		if seg == "" || unicode.IsUpper([]rune(seg)[0]) {
			continue
		}
		keep = append(keep, seg)
	}
	return strings.Join(keep, ".")
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "an integer"
	case strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "string":
		return "a string"
	case kind == "bool":
		return "true or false"
	case kind == "slice", kind == "array":
		return "an array"
	case kind == "struct", kind == "map", kind == "ptr":
		return "an object"
	}
	return kind
}

// queryInt reads an integer query parameter; absent is 0.
func queryInt(r *http.Request, name string) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, errs.Wrap(errs.Invalid, CodeInvalidQuery, err, fmt.Sprintf("%s must be an integer, got %q", name, v)).WithField(name)
	}
	return n, nil
}

// queryList reads a parameter given repeatedly or as a comma list
// (status=a&status=b or status=a,b); blanks are dropped.
func queryList(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// queryTime reads a time as RFC 3339 or as a date (YYYY-MM-DD) in WIB. A
// date read as the end of a range (end true) is the start of the next day,
// so that to=2026-11-23 includes the whole of that day.
func queryTime(r *http.Request, name string, end bool) (time.Time, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, v, kasir.WIB)
	if err != nil {
		return time.Time{}, errs.Wrap(errs.Invalid, CodeInvalidQuery, err, fmt.Sprintf("%s must be RFC 3339 (2026-11-23T10:00:00+07:00) or a date (2026-11-23), got %q", name, v)).WithField(name)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

// setField points a coded *errs.Error at field; other errors are returned
// as they are.
func setField(err error, field string) error {
	var e *errs.Error
	if errors.As(err, &e) && e == err {
		return e.WithField(field)
	}
	return err
}
