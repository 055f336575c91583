package biteship

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/ports"
)

// APIError is an error answer from Biteship, as its documented error body
// {"success": false, "error": "…", "code": 40001001} and the HTTP status
// tell it. Rates returns it wrapped in a ports error; reach it with
// errors.As.
type APIError struct {
	StatusCode int    // the HTTP status, e.g. 400
	Code       int64  // Biteship's error code, e.g. 40001001; 0 when the body has none
	Message    string // Biteship's error text, without the API key; "" when the body has none
}

// Error returns "biteship: HTTP <status> (code <code>): <message>".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("biteship: HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != 0 {
		b.WriteString(" (code ")
		b.WriteString(strconv.FormatInt(e.Code, 10))
		b.WriteString(")")
	}
	b.WriteString(": ")
	if e.Message != "" {
		b.WriteString(e.Message)
	} else if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(strings.ToLower(t))
	} else {
		b.WriteString("no error message")
	}
	return b.String()
}

// authFailure reports whether e says the API key was refused: HTTP 401 or
// 403, or one of the authentication codes Biteship documents (40000001,
// 401xxxxx, 403xxxxx), whatever the status.
func (e *APIError) authFailure() bool {
	if e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden {
		return true
	}
	prefix := e.Code / 100_000
	return e.Code == 40000001 || (e.Code >= 10_000_000 && e.Code < 100_000_000 && (prefix == 401 || prefix == 403))
}

// maxMessageBytes bounds the part of Biteship's error text kept.
const maxMessageBytes = 300

// redact returns s without the client's API key and without control
// characters, cut to maxMessageBytes.
func (c *Client) redact(s string) string {
	if c.apiKey != "" {
		s = strings.ReplaceAll(s, c.apiKey, redacted)
	}
	if c.hookSecret != "" {
		s = strings.ReplaceAll(s, c.hookSecret, redacted)
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > maxMessageBytes {
		cut := maxMessageBytes
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// errUnavailable: Biteship could not be reached, timed out or failed.
func errUnavailable(msg string, cause error) error {
	return errs.Wrap(errs.Unavailable, ports.CodeProviderUnavailable, cause, msg)
}

// errAuth: Biteship refused the API key.
func errAuth(cause *APIError) error {
	return errs.Wrap(ports.ErrProviderAuth.Kind, ports.CodeProviderAuth, cause, "biteship: the API key was refused")
}

// errRejected: Biteship refused the request (no coverage, invalid area …).
func errRejected(cause *APIError) error {
	return errs.Wrap(ports.ErrProviderRejected.Kind, ports.CodeProviderRejected, cause, "biteship: rates request rejected")
}

// errBadResponse: Biteship answered something unusable (malformed JSON, a
// price that is not whole rupiah or is negative, a service without a usable
// code). The error has code ports.CodeProviderBadResponse and wraps ports.ErrProviderUnavailable (and cause).
func errBadResponse(msg string, cause error) error {
	inner := error(ports.ErrProviderUnavailable)
	if cause != nil {
		inner = fmt.Errorf("%w: %w", ports.ErrProviderUnavailable, cause)
	}
	return errs.Wrap(ports.ErrProviderBadResponse.Kind, ports.CodeProviderBadResponse, inner, msg)
}
