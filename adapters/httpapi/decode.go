package httpapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/internal/strictjson"
)

// decode reads the request body, at most h.maxBody bytes, as exactly one
// JSON value into dst through the module's strict decoder: field names
// match exactly, a key given twice, an unknown field, a wrong type,
// trailing data and an empty body are refused, with the field's path. A
// request is read whole or not at all, so a client cannot send a price or
// total the Service would ignore. A body that is not declared
// application/json is 415: a browser sends form and text bodies across
// origins without asking first, JSON it does not.
func (h *Handler) decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if err := jsonContent(r); err != nil {
		return err
	}
	body, err := h.readBody(w, r)
	if err != nil {
		return err
	}
	return strictjson.Decode(body, dst)
}

// jsonContent refuses a request whose Content-Type is not application/json
// (parameters such as charset=utf-8 are allowed).
func jsonContent(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && mt == "application/json" {
		return nil
	}
	if ct == "" {
		ct = "none"
	}
	return errs.E(errs.Invalid, CodeUnsupportedMedia, fmt.Sprintf("the body must be sent as Content-Type: application/json, got %s", ct))
}

// readBody reads the raw request body, at most h.maxBody bytes.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return readLimited(w, r, h.maxBody)
}

// readLimited reads the raw request body, at most limit bytes: a larger
// one is body_too_large (413).
func readLimited(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errs.Wrap(errs.Invalid, CodeBodyTooLarge, err, fmt.Sprintf("the body is larger than %d bytes", mbe.Limit))
		}
		return nil, errs.Wrap(errs.Invalid, CodeInvalidJSON, err, "the body could not be read")
	}
	return b, nil
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
