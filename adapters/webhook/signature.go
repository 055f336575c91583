package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/ports"
)

// Headers of a delivery.
const (
	// SignatureHeader carries "t=<unix seconds>,v1=<hex HMAC-SHA256>".
	SignatureHeader = "Kasir-Signature"
	// EventIDHeader carries the event's id, the same on every delivery of
	// it: a receiver drops a repeat by it.
	EventIDHeader = "Kasir-Event-Id"
	// EventTypeHeader carries the event's type, e.g. "order.paid".
	EventTypeHeader = "Kasir-Event-Type"
)

// DefaultTolerance is how far a signature's timestamp may be from the
// receiver's clock when Verify is given 0.
const DefaultTolerance = 5 * time.Minute

// Sign returns the SignatureHeader value of body sent at `at` with
// secret: "t=<unix seconds>,v1=<hex>", where hex is the lower-case hex
// HMAC-SHA256, keyed by secret, of the timestamp, a full stop and the body
// ("1732330800.{...}").
func Sign(secret string, at time.Time, body []byte) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a delivery as a receiver does: header is the
// SignatureHeader value, body the raw request body, now the receiver's
// time. It accepts the delivery when one v1 signature is body's HMAC with
// secret (compared in constant time) and the timestamp is within
// tolerance of now (0 means DefaultTolerance), which stops a captured
// delivery from being replayed later. Errors: ports.ErrInvalidSignature
// (kind Unauthorized).
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	var ts string
	var sigs [][]byte
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			if b, err := hex.DecodeString(v); err == nil {
				sigs = append(sigs, b)
			}
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return invalid("the signature header is malformed")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return invalid("the signature's timestamp is too far from now")
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			return nil
		}
	}
	return invalid("no signature matches the body")
}

func invalid(msg string) error {
	e := *ports.ErrInvalidSignature
	e.Message = "webhook: " + msg
	return &e
}
