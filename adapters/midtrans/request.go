package midtrans

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
)

// The body of POST /snap/v1/transactions, as Midtrans documents it (only
// the objects kasir fills).
type (
	snapRequest struct {
		TransactionDetails transactionDetails `json:"transaction_details"`
		ItemDetails        []itemDetail       `json:"item_details,omitempty"`
		CustomerDetails    *customerDetails   `json:"customer_details,omitempty"`
		EnabledPayments    []string           `json:"enabled_payments,omitempty"`
		Expiry             *expiry            `json:"expiry,omitempty"`
	}
	transactionDetails struct {
		OrderID     string `json:"order_id"`
		GrossAmount int64  `json:"gross_amount"` // whole rupiah
	}
	itemDetail struct {
		ID       string `json:"id,omitempty"`
		Price    int64  `json:"price"` // whole rupiah, per unit; negative for a discount
		Quantity int64  `json:"quantity"`
		Name     string `json:"name"`
	}
	customerDetails struct {
		FirstName string `json:"first_name,omitempty"`
		Email     string `json:"email,omitempty"`
		Phone     string `json:"phone,omitempty"`
	}
	expiry struct {
		StartTime string `json:"start_time,omitempty"` // "2006-01-02 15:04:05 +0700"
		Unit      string `json:"unit"`
		Duration  int    `json:"duration"`
	}
)

// startTimeLayout is the layout of expiry.start_time ("yyyy-MM-dd HH:mm:ss Z").
const startTimeLayout = "2006-01-02 15:04:05 -0700"

// wib is Western Indonesia Time, the zone Midtrans dates in.
var wib = time.FixedZone("WIB", 7*60*60)

// snapRequest checks req and builds the Snap body, with the link's expiry
// when it is known.
func (c *Client) snapRequest(ctx context.Context, req payment.GatewayRequest) (snapRequest, time.Time, error) {
	if err := req.Validate(); err != nil {
		return snapRequest{}, time.Time{}, err
	}
	if err := checkOrderID(req.OrderID); err != nil {
		return snapRequest{}, time.Time{}, err
	}
	if p := req.Customer.Phone; p != "" && !isE164(p) {
		return snapRequest{}, time.Time{}, errs.Invalidf(errs.CodeInvalidInput, "midtrans: customer phone %q is not E.164 (+6281234567890)", p).WithField("customer.phone")
	}
	body := snapRequest{
		TransactionDetails: transactionDetails{OrderID: req.OrderID, GrossAmount: req.Amount.Int64()},
		EnabledPayments:    req.EnabledPayments,
	}
	for _, it := range req.Items {
		body.ItemDetails = append(body.ItemDetails, itemDetail{
			ID:       truncate(it.ID, MaxItemTextLen),
			Price:    it.Price.Int64(),
			Quantity: it.Quantity,
			Name:     truncate(it.Name, MaxItemTextLen),
		})
	}
	if cu := req.Customer; cu != (payment.GatewayCustomer{}) {
		body.CustomerDetails = &customerDetails{FirstName: cu.Name, Email: cu.Email, Phone: cu.Phone}
	}
	var expiresAt time.Time
	if req.ExpiryMinutes > 0 {
		body.Expiry = &expiry{Unit: "minutes", Duration: req.ExpiryMinutes}
		if c.clock != nil {
			start := c.clock.Now(ctx).In(wib).Truncate(time.Second)
			body.Expiry.StartTime = start.Format(startTimeLayout)
			expiresAt = start.Add(time.Duration(req.ExpiryMinutes) * time.Minute)
		}
	}
	return body, expiresAt, nil
}

// checkOrderID enforces Snap's order_id rule: at most MaxOrderIDLen of
// letters, digits, '-', '_', '~' and '.'.
func checkOrderID(id string) error {
	if len(id) > MaxOrderIDLen {
		return errs.Invalidf(errs.CodeInvalidInput, "midtrans: order id must be at most %d characters, got %d", MaxOrderIDLen, len(id)).WithField("order_id")
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '-', b == '_', b == '~', b == '.':
		default:
			return errs.Invalidf(errs.CodeInvalidInput, "midtrans: order id %q may hold only letters, digits and - _ ~ .", id).WithField("order_id")
		}
	}
	return nil
}

// isE164 reports whether p is "+" and 8 to 15 digits, the first not 0.
func isE164(p string) bool {
	if len(p) < 9 || len(p) > 16 || p[0] != '+' || p[1] == '0' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// truncate cuts s to at most n characters (runes), never inside one.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
