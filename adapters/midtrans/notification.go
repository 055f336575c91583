package midtrans

import (
	"context"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// notification is the part of Midtrans' HTTP notification kasir reads.
// Every field is a JSON string.
type notification struct {
	OrderID           string `json:"order_id"`
	StatusCode        string `json:"status_code"`
	GrossAmount       string `json:"gross_amount"`
	SignatureKey      string `json:"signature_key"`
	TransactionStatus string `json:"transaction_status"`
	FraudStatus       string `json:"fraud_status"`
	TransactionID     string `json:"transaction_id"`
	PaymentType       string `json:"payment_type"`
}

// VerifyNotification authenticates the body of a Midtrans HTTP
// notification and reads it. The signature_key must be the lowercase or
// uppercase hex SHA-512 of order_id + status_code + gross_amount + server
// key, compared in constant time.
//
// transaction_status (with fraud_status) maps as follows:
//
//	settlement                                  → paid
//	capture, fraud_status accept or absent      → paid
//	capture, fraud_status challenge             → pending (the merchant decides in the dashboard)
//	capture, fraud_status deny                  → failed
//	pending, authorize                          → pending (authorize: a card held, not yet captured)
//	expire                                      → expired
//	deny, cancel, failure                       → failed
//	refund, chargeback                          → refunded (the money went back)
//	partial_refund, partial_chargeback          → partially_refunded (part of it went back)
//
// The signature does not cover transaction_status, so a notification that
// reads paid must carry status_code "200", as Midtrans sends for capture
// and settlement; otherwise it is refused as not authentic.
//
// Errors:
//   - ports.ErrInvalidSignature (kind Unauthorized) when the body is not a
//     JSON object of strings, order_id, status_code, gross_amount or
//     signature_key is missing, the signature does not match, or a paid
//     status comes without status_code "200". The error never holds the
//     expected signature or the server key.
//   - [ErrBadResponse] (kind Invalid) for an authentic notification whose
//     gross_amount is not a whole number of rupiah within
//     money.MaxAmount (e.g. "10000.50"), or whose transaction_status or
//     fraud_status is not one of the above.
func (c *Client) VerifyNotification(_ context.Context, body []byte) (ports.GatewayNotification, error) {
	var n notification
	if err := json.Unmarshal(body, &n); err != nil {
		return ports.GatewayNotification{}, errs.Wrap(errs.Unauthorized, ports.CodeInvalidSignature,
			&redactedError{err: err, msg: c.redact(err.Error())},
			"midtrans: notification body is not a Midtrans notification")
	}
	if n.OrderID == "" || n.StatusCode == "" || n.GrossAmount == "" || n.SignatureKey == "" {
		return ports.GatewayNotification{}, errs.E(errs.Unauthorized, ports.CodeInvalidSignature,
			"midtrans: notification lacks order_id, status_code, gross_amount or signature_key")
	}
	if !c.signatureMatches(n) {
		return ports.GatewayNotification{}, errs.E(errs.Unauthorized, ports.CodeInvalidSignature,
			"midtrans: notification signature does not match")
	}
	status, err := mapStatus(n.TransactionStatus, n.FraudStatus)
	if err != nil {
		return ports.GatewayNotification{}, err
	}
	if status == payment.GatewayPaid && n.StatusCode != "200" {
		return ports.GatewayNotification{}, errs.E(errs.Unauthorized, ports.CodeInvalidSignature,
			"midtrans: notification reads paid without status_code 200; its signature does not vouch for that status")
	}
	amount, err := parseGrossAmount(n.GrossAmount)
	if err != nil {
		return ports.GatewayNotification{}, err
	}
	return ports.GatewayNotification{
		OrderID:       n.OrderID,
		Status:        status,
		Amount:        amount,
		TransactionID: n.TransactionID,
		PaymentType:   n.PaymentType,
	}, nil
}

// signatureMatches compares n's signature_key with the one the server key
// gives, in constant time.
func (c *Client) signatureMatches(n notification) bool {
	sum := sha512.Sum512([]byte(n.OrderID + n.StatusCode + n.GrossAmount + *c.key))
	want := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(want, sum[:])
	return subtle.ConstantTimeCompare(want, []byte(strings.ToLower(n.SignatureKey))) == 1
}

// mapStatus maps Midtrans' transaction_status and fraud_status onto
// kasir's gateway states, as VerifyNotification documents.
func mapStatus(transaction, fraud string) (payment.GatewayStatus, error) {
	switch transaction {
	case "settlement":
		return payment.GatewayPaid, nil
	case "refund", "chargeback":
		return payment.GatewayRefunded, nil
	case "partial_refund", "partial_chargeback":
		return payment.GatewayPartiallyRefunded, nil
	case "capture":
		switch fraud {
		case "accept", "":
			return payment.GatewayPaid, nil
		case "challenge":
			return payment.GatewayPending, nil
		case "deny":
			return payment.GatewayFailed, nil
		}
		return "", badNotification(
			"midtrans: notification has unknown fraud_status " + strconv.Quote(fraud)).WithField("fraud_status")
	case "pending", "authorize":
		return payment.GatewayPending, nil
	case "expire":
		return payment.GatewayExpired, nil
	case "deny", "cancel", "failure":
		return payment.GatewayFailed, nil
	}
	return "", badNotification(
		"midtrans: notification has unknown transaction_status " + strconv.Quote(transaction)).WithField("transaction_status")
}

// parseGrossAmount reads Midtrans' "10000.00" as whole rupiah. A fraction
// other than zeros, a sign, an exponent or an amount above
// money.MaxAmount is a ports.ErrInvalidNotification error.
func parseGrossAmount(s string) (money.Money, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if !digits(whole) || (hasDot && !digits(frac)) {
		return 0, badNotification(
			"midtrans: notification gross_amount " + strconv.Quote(s) + " is not a decimal amount").WithField("gross_amount")
	}
	if strings.Trim(frac, "0") != "" {
		return 0, badNotification(
			"midtrans: notification gross_amount " + strconv.Quote(s) + " is not a whole number of rupiah").WithField("gross_amount")
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || money.Money(n) > money.MaxAmount {
		return 0, badNotification(
			"midtrans: notification gross_amount " + strconv.Quote(s) + " is too large").WithField("gross_amount")
	}
	return money.Money(n), nil
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// badNotification is ports.ErrInvalidNotification with msg.
func badNotification(msg string) *errs.Error {
	e := *ports.ErrInvalidNotification
	e.Message = msg
	return &e
}
