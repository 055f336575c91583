package payment

import (
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
)

// GatewayStatus is the state of a gateway payment as the gateway reports it.
// The zero value is not a status; use the constants or [ParseGatewayStatus].
type GatewayStatus string

// The gateway payment states. Adapters map the gateway's own words onto
// these (Midtrans "settlement" and "capture" are Paid, "deny" and "cancel"
// are Failed, …).
const (
	GatewayPending GatewayStatus = "pending" // the link is open, nothing paid yet
	GatewayPaid    GatewayStatus = "paid"    // the money is in
	GatewayExpired GatewayStatus = "expired" // the link lapsed unpaid
	GatewayFailed  GatewayStatus = "failed"  // the payment was refused or cancelled
	// GatewayRefunded: a paid payment went back in full (a refund or a
	// chargeback).
	GatewayRefunded GatewayStatus = "refunded"
	// GatewayPartiallyRefunded: part of a paid payment went back; the rest
	// stands.
	GatewayPartiallyRefunded GatewayStatus = "partially_refunded"
)

// Valid reports whether s is one of the declared states.
func (s GatewayStatus) Valid() bool {
	switch s {
	case GatewayPending, GatewayPaid, GatewayExpired, GatewayFailed, GatewayRefunded, GatewayPartiallyRefunded:
		return true
	}
	return false
}

// Final reports whether s ends the wait for a payment: anything but
// pending. (A paid payment may still be refunded later.)
func (s GatewayStatus) Final() bool { return s.Valid() && s != GatewayPending }

// Refund reports whether s says a paid payment went back, in full or in
// part.
func (s GatewayStatus) Refund() bool { return s == GatewayRefunded || s == GatewayPartiallyRefunded }

// String returns the status code, e.g. "paid".
func (s GatewayStatus) String() string { return string(s) }

// ParseGatewayStatus reads "pending", "paid", "expired", "failed",
// "refunded" or "partially_refunded", exactly. Anything else is an invalid_input error with field "status".
func ParseGatewayStatus(s string) (GatewayStatus, error) {
	if v := GatewayStatus(s); v.Valid() {
		return v, nil
	}
	return "", errs.Invalidf(errs.CodeInvalidInput, "payment: gateway status %q is not one of pending, paid, expired, failed, refunded, partially_refunded", s).WithField("status")
}

// MarshalText implements encoding.TextMarshaler. It fails with
// invalid_input for an undeclared status.
func (s GatewayStatus) MarshalText() ([]byte, error) {
	if !s.Valid() {
		_, err := ParseGatewayStatus(string(s))
		return nil, err
	}
	return []byte(s), nil
}

// UnmarshalText implements encoding.TextUnmarshaler as
// [ParseGatewayStatus] does.
func (s *GatewayStatus) UnmarshalText(text []byte) error {
	v, err := ParseGatewayStatus(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// GatewayItem is one line of a gateway payment request, as gateways list
// them to the buyer (Midtrans item_details). Price may be negative for a
// discount line; the items must add up to the request's amount.
type GatewayItem struct {
	ID       string
	Name     string
	Price    money.Money // per unit, whole rupiah; negative for a discount
	Quantity int64       // > 0
}

// GatewayCustomer is who pays, as the gateway shows and notifies them.
// Every field is optional.
type GatewayCustomer struct {
	Name  string
	Phone string // E.164, as checkout.Phone gives it
	Email string
}

// MaxGatewayText is the longest id, name or payment code in a
// [GatewayRequest], in bytes.
const MaxGatewayText = 255

// GatewayRequest asks a gateway (Midtrans, Xendit, …) for a payment link.
type GatewayRequest struct {
	OrderID     string        // the order's id; the gateway's reference back to it
	OrderNumber string        // the number people read, e.g. "INV20261123-0001"
	Amount      money.Money   // what the buyer pays, whole rupiah, > 0
	Items       []GatewayItem // optional; when given they add up to Amount
	Customer    GatewayCustomer
	// EnabledPayments lists the gateway's payment channels to offer
	// ("bca_va", "qris", "gopay" …); empty offers the gateway's defaults.
	EnabledPayments []string
	// ExpiryMinutes is how long the link stays open; 0 leaves it to the
	// gateway.
	ExpiryMinutes int
}

// Validate reports whether r can be sent. It returns an invalid_input error
// naming the field when:
//   - OrderID is empty, or a text field is longer than MaxGatewayText or
//     holds control characters or invalid UTF-8;
//   - Amount is not within 1–money.MaxAmount;
//   - an item has no name, a quantity ≤ 0 or a price beyond ±MaxAmount;
//   - the items do not add up to Amount (gateways such as Midtrans refuse
//     the request); a request without items is not checked this way;
//   - an enabled payment is empty or holds spaces;
//   - ExpiryMinutes is negative or above a year;
//   - the customer email is not of the form local@domain.
func (r GatewayRequest) Validate() error {
	if r.OrderID == "" {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: gateway request needs an order id").WithField("order_id")
	}
	for _, f := range [...]struct{ field, value string }{
		{"order_id", r.OrderID}, {"order_number", r.OrderNumber},
		{"customer.name", r.Customer.Name}, {"customer.phone", r.Customer.Phone}, {"customer.email", r.Customer.Email},
	} {
		if err := checkText(f.field, f.value); err != nil {
			return err
		}
	}
	if r.Amount <= 0 || r.Amount > money.MaxAmount {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: gateway amount must be within Rp1–%s, got %s", money.MaxAmount, r.Amount).WithField("amount")
	}
	var sum money.Money
	for i, it := range r.Items {
		f := "items[" + itoa(i) + "]."
		if it.Name == "" {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: item %d has no name", i).WithField(f + "name")
		}
		if err := checkText(f+"name", it.Name); err != nil {
			return err
		}
		if err := checkText(f+"id", it.ID); err != nil {
			return err
		}
		if it.Quantity <= 0 {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: item %d quantity must be positive, got %d", i, it.Quantity).WithField(f + "quantity")
		}
		if it.Price < -money.MaxAmount || it.Price > money.MaxAmount {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: item %d price is too large", i).WithField(f + "price")
		}
		line, err := it.Price.MulInt(it.Quantity)
		if err != nil {
			return errs.Wrap(errs.Invalid, errs.CodeInvalidInput, err, "payment: item "+itoa(i)+" total is too large").WithField(f + "quantity")
		}
		sum += line // |sum| ≤ MaxAmount before, |line| ≤ MaxAmount: no overflow
		if sum < -money.MaxAmount || sum > money.MaxAmount {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: items add up to more than %s", money.MaxAmount).WithField("items")
		}
	}
	if len(r.Items) > 0 && sum != r.Amount {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: gateway items add up to %s, not the amount %s", sum, r.Amount).WithField("items")
	}
	for i, p := range r.EnabledPayments {
		if p == "" || strings.ContainsRune(p, ' ') {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: enabled payment %d must be a code without spaces, got %q", i, p).WithField("enabled_payments[" + itoa(i) + "]")
		}
		if err := checkText("enabled_payments["+itoa(i)+"]", p); err != nil {
			return err
		}
	}
	if r.ExpiryMinutes < 0 || r.ExpiryMinutes > MaxExpiryHours*60 {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: expiry must be within 0–%d minutes, got %d", MaxExpiryHours*60, r.ExpiryMinutes).WithField("expiry_minutes")
	}
	if e := r.Customer.Email; e != "" {
		at := strings.IndexByte(e, '@')
		if at <= 0 || at == len(e)-1 || strings.Count(e, "@") != 1 || strings.ContainsAny(e, " <>,;") {
			return errs.Invalidf(errs.CodeInvalidInput, "payment: customer email %q is not an address", e).WithField("customer.email")
		}
	}
	return nil
}

func checkText(field, s string) error {
	if len(s) > MaxGatewayText || !printable(s) {
		return errs.Invalidf(errs.CodeInvalidInput, "payment: %s must be at most %d printable characters", field, MaxGatewayText).WithField(field)
	}
	return nil
}

// GatewayLink is what a gateway returns for a [GatewayRequest]: where the
// buyer pays and until when.
type GatewayLink struct {
	Token     string    // the gateway's handle (Midtrans Snap token, Xendit invoice id)
	URL       string    // the payment page the buyer opens
	ExpiresAt time.Time // when the link lapses; zero when the gateway did not say
}
