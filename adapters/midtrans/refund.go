package midtrans

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// MaxRefundKeyLen bounds a refund key, in bytes.
const MaxRefundKeyLen = 100

var _ ports.RefundGateway = (*Client)(nil)

// refundBody is the body of Midtrans' refund request.
type refundBody struct {
	RefundKey string `json:"refund_key"`
	Amount    int64  `json:"amount"`
	Reason    string `json:"reason,omitempty"`
}

// refundResponse is the Core API's answer to a refund: an HTTP status and,
// in the body, Midtrans' own status_code (a string such as "200" or "412").
type refundResponse struct {
	StatusCode         string   `json:"status_code"`
	StatusMessage      string   `json:"status_message"`
	TransactionStatus  string   `json:"transaction_status"`
	RefundChargebackID *int64   `json:"refund_chargeback_id"`
	RefundAmount       string   `json:"refund_amount"`
	RefundKey          string   `json:"refund_key"`
	ErrorMessages      []string `json:"error_messages"`
}

// Refund asks Midtrans to give a settled payment back, in full or in part:
// POST {api}/v2/{order_id}/refund with refund_key (r.Key), amount and
// reason, the Core API's refund endpoint. The refund key makes a retry of
// the same refund safe: Midtrans treats a known key as the same request,
// so a request whose answer was lost is sent again (a 5xx, a 429, a
// timeout) with the same key.
//
// Errors:
//   - invalid_input before any request: an empty or malformed order id
//     (Snap's rule), a key that is empty, longer than MaxRefundKeyLen or
//     holds other than letters, digits, '-' and '_', an amount of 0 or
//     less;
//   - ports.ErrProviderAuth when Midtrans refuses the server key (401);
//   - ports.ErrProviderRejected (kind Invalid) when Midtrans refuses the
//     refund (status_code 4xx, e.g. 412 for a payment that cannot be
//     refunded, 404 for an unknown order); the wrapped [*APIError] holds
//     its status and message;
//   - ports.ErrProviderUnavailable when the answer is not known: Midtrans
//     still fails (5xx, 429), times out or cannot be reached after the
//     retries, or answers something unusable.
//
// No error holds the server key.
func (c *Client) Refund(ctx context.Context, r ports.GatewayRefund) (ports.GatewayRefundResult, error) {
	if r.OrderID == "" {
		return ports.GatewayRefundResult{}, errs.Invalidf(errs.CodeInvalidInput, "midtrans: a refund needs the order id").WithField("order_id")
	}
	if err := checkOrderID(r.OrderID); err != nil {
		return ports.GatewayRefundResult{}, err
	}
	if err := checkRefundKey(r.Key); err != nil {
		return ports.GatewayRefundResult{}, err
	}
	if r.Amount <= 0 || r.Amount > money.MaxAmount {
		return ports.GatewayRefundResult{}, errs.Invalidf(errs.CodeInvalidInput, "midtrans: a refund's amount must be above 0").WithField("amount")
	}
	payload, err := json.Marshal(refundBody{RefundKey: r.Key, Amount: int64(r.Amount), Reason: r.Reason})
	if err != nil { // strings and an integer: cannot happen
		return ports.GatewayRefundResult{}, errs.Wrap(errs.Other, errs.CodeInternal, err, "midtrans: encoding the refund request")
	}
	endpoint := c.api + "/v2/" + url.PathEscape(r.OrderID) + "/refund"
	var last error
	attempts := 0
	for attempts <= c.maxRetries {
		if attempts > 0 {
			t := time.NewTimer(c.retryWait << (attempts - 1))
			select {
			case <-ctx.Done():
				t.Stop()
				return ports.GatewayRefundResult{}, c.unavailable(ctx.Err(), attempts)
			case <-t.C:
			}
		}
		attempts++
		status, body, err := c.attempt(ctx, endpoint, payload)
		if err != nil {
			if ctx.Err() != nil {
				return ports.GatewayRefundResult{}, c.unavailable(ctx.Err(), attempts)
			}
			last = &redactedError{err: err, msg: c.redact(err.Error())}
			continue
		}
		var res refundResponse
		if jerr := json.Unmarshal(body, &res); jerr != nil {
			if status == http.StatusTooManyRequests || status >= 500 {
				last = &APIError{StatusCode: status}
				continue
			}
			return ports.GatewayRefundResult{}, errs.Wrap(errs.Unavailable, ports.CodeProviderUnavailable,
				&redactedError{err: jerr, msg: c.redact(jerr.Error())}, "midtrans: the refund was answered "+strconv.Itoa(status)+" with a body that is not JSON")
		}
		// The Core API answers most outcomes with HTTP 200 and tells them
		// apart in status_code; an HTTP error status counts as well.
		code := status
		if n, err := strconv.Atoi(res.StatusCode); err == nil && status < 300 {
			code = n
		}
		apiErr := c.refundError(code, res)
		switch {
		case code >= 200 && code < 300:
			return c.refundResult(r, res)
		case code == http.StatusUnauthorized:
			return ports.GatewayRefundResult{}, errs.Wrap(errs.Unavailable, ports.CodeProviderAuth, apiErr, "midtrans: the refund was refused: the server key")
		case code == http.StatusTooManyRequests || code >= 500:
			last = apiErr
			continue
		case code >= 400:
			return ports.GatewayRefundResult{}, errs.Wrap(errs.Invalid, ports.CodeProviderRejected, apiErr, "midtrans: the refund was refused")
		default:
			return ports.GatewayRefundResult{}, errs.Wrap(errs.Unavailable, ports.CodeProviderUnavailable, apiErr, "midtrans: the refund was answered with an unexpected status")
		}
	}
	return ports.GatewayRefundResult{}, c.unavailable(last, attempts)
}

// refundResult reads a successful answer.
func (c *Client) refundResult(r ports.GatewayRefund, res refundResponse) (ports.GatewayRefundResult, error) {
	out := ports.GatewayRefundResult{Amount: r.Amount}
	switch res.TransactionStatus {
	case "refund":
		out.Status = payment.GatewayRefunded
	case "partial_refund":
		out.Status = payment.GatewayPartiallyRefunded
	default:
		return ports.GatewayRefundResult{}, errs.E(errs.Unavailable, ports.CodeProviderBadResponse,
			"midtrans: a refund answered with transaction_status "+strconv.Quote(res.TransactionStatus))
	}
	if res.RefundAmount != "" {
		amt, err := parseGrossAmount(res.RefundAmount)
		if err != nil || amt != r.Amount {
			return ports.GatewayRefundResult{}, errs.E(errs.Unavailable, ports.CodeProviderBadResponse,
				"midtrans: a refund of "+r.Amount.String()+" answered with refund_amount "+strconv.Quote(res.RefundAmount))
		}
	}
	if res.RefundChargebackID != nil {
		out.RefundID = strconv.FormatInt(*res.RefundChargebackID, 10)
	}
	if out.RefundID == "" {
		out.RefundID = r.Key
	}
	return out, nil
}

// refundError is the *APIError of a refused refund, without the key.
func (c *Client) refundError(code int, res refundResponse) *APIError {
	e := &APIError{StatusCode: code}
	if res.StatusMessage != "" {
		e.Messages = append(e.Messages, c.redact(res.StatusMessage))
	}
	for _, m := range res.ErrorMessages {
		e.Messages = append(e.Messages, c.redact(m))
	}
	return e
}

// checkRefundKey enforces Midtrans' refund_key rule: letters, digits, '-'
// and '_'.
func checkRefundKey(k string) error {
	if k == "" || len(k) > MaxRefundKeyLen || strings.Trim(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
		return errs.Invalidf(errs.CodeInvalidInput, "midtrans: a refund key is 1–%d letters, digits, - and _", MaxRefundKeyLen).WithField("refund_key")
	}
	return nil
}
