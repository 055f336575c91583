package kasirtest

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

var _ ports.PaymentGateway = (*Gateway)(nil)

// GatewayBaseURL is where the links of a [Gateway] point: the order id,
// path-escaped, follows it.
const GatewayBaseURL = "https://gateway.kasir.test/pay/"

// Gateway is a scriptable [ports.PaymentGateway] for tests. Its links are
// deterministic ([Gateway.LinkURL]); it records every payment request,
// fails when told to ([Gateway.Fail]), and accepts notifications signed with
// its secret ([Gateway.Notification] writes them). It is safe for concurrent
// use.
//
// A notification body is JSON:
//
//	{"order_id":"…","status":"paid","amount":150000,"transaction_id":"…",
//	 "payment_type":"qris","signature":"<the secret>"}
type Gateway struct {
	secret string
	clock  ports.Clock

	mu       sync.Mutex
	requests []payment.GatewayRequest
	err      error
}

// NewGateway returns a gateway whose notifications carry secret as their
// signature; with an empty secret it accepts none. clock, when not nil,
// gives links an expiry of the request's ExpiryMinutes.
func NewGateway(secret string, clock ports.Clock) *Gateway {
	return &Gateway{secret: secret, clock: clock}
}

// LinkURL returns the payment page URL the gateway gives the order.
func (g *Gateway) LinkURL(orderID string) string {
	return GatewayBaseURL + url.PathEscape(orderID)
}

// Fail makes every later CreatePayment return err (for example
// ports.ErrProviderUnavailable); nil makes it succeed again.
func (g *Gateway) Fail(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.err = err
}

// Requests returns copies of every request CreatePayment got, including
// those it refused, oldest first.
func (g *Gateway) Requests() []payment.GatewayRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]payment.GatewayRequest, len(g.requests))
	for i, r := range g.requests {
		out[i] = cloneGatewayRequest(r)
	}
	return out
}

// CreatePayment implements [ports.PaymentGateway]: it records req and
// returns the link {Token: "token-" + order id, URL: LinkURL(order id)}.
// Errors: the error set with [Gateway.Fail]; the invalid_input of
// payment.GatewayRequest.Validate.
func (g *Gateway) CreatePayment(ctx context.Context, req payment.GatewayRequest) (payment.GatewayLink, error) {
	g.mu.Lock()
	g.requests = append(g.requests, cloneGatewayRequest(req))
	err := g.err
	g.mu.Unlock()
	if err != nil {
		return payment.GatewayLink{}, err
	}
	if err := req.Validate(); err != nil {
		return payment.GatewayLink{}, err
	}
	link := payment.GatewayLink{Token: "token-" + req.OrderID, URL: g.LinkURL(req.OrderID)}
	if g.clock != nil && req.ExpiryMinutes > 0 {
		link.ExpiresAt = g.clock.Now(ctx).Add(time.Duration(req.ExpiryMinutes) * time.Minute)
	}
	return link, nil
}

// notification is the JSON body the gateway sends.
type notification struct {
	OrderID       string      `json:"order_id"`
	Status        string      `json:"status"`
	Amount        money.Money `json:"amount"`
	TransactionID string      `json:"transaction_id"`
	PaymentType   string      `json:"payment_type,omitempty"`
	Signature     string      `json:"signature"`
}

// Notification returns the body the gateway would send for n, signed with
// its secret.
func (g *Gateway) Notification(n ports.GatewayNotification) []byte {
	b, err := json.Marshal(notification{
		OrderID: n.OrderID, Status: string(n.Status), Amount: n.Amount,
		TransactionID: n.TransactionID, PaymentType: n.PaymentType, Signature: g.secret,
	})
	if err != nil { // a struct of strings and an int64 always marshals
		panic(err)
	}
	return b
}

// VerifyNotification implements [ports.PaymentGateway]. Errors:
// ports.ErrInvalidSignature (kind Unauthorized) for a body that is not
// JSON or whose signature is not the secret; invalid_input (field
// "status") for an unknown status in a signed body.
func (g *Gateway) VerifyNotification(_ context.Context, body []byte) (ports.GatewayNotification, error) {
	var n notification
	if err := json.Unmarshal(body, &n); err != nil {
		return ports.GatewayNotification{}, errs.Wrap(errs.Unauthorized, ports.CodeInvalidSignature, err, "kasirtest: notification is not the gateway's JSON")
	}
	if g.secret == "" || subtle.ConstantTimeCompare([]byte(n.Signature), []byte(g.secret)) != 1 {
		return ports.GatewayNotification{}, errs.Wrap(ports.ErrInvalidSignature.Kind, ports.CodeInvalidSignature, nil, "kasirtest: notification signature invalid")
	}
	status, err := payment.ParseGatewayStatus(n.Status)
	if err != nil {
		return ports.GatewayNotification{}, err
	}
	return ports.GatewayNotification{
		OrderID: n.OrderID, Status: status, Amount: n.Amount,
		TransactionID: n.TransactionID, PaymentType: n.PaymentType,
	}, nil
}

func cloneGatewayRequest(r payment.GatewayRequest) payment.GatewayRequest {
	r.Items = slices.Clone(r.Items)
	r.EnabledPayments = slices.Clone(r.EnabledPayments)
	return r
}
