package ports

import (
	"context"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
)

// ErrRefundNotFound: the order has no refund with the id.
var ErrRefundNotFound = errs.E(errs.NotFound, checkout.CodeRefundNotFound, "ports: refund not found")

// RefundsTx keeps an order's refunds inside a unit of work (part of
// [Tx]).
type RefundsTx interface {
	// AddRefund stores a new refund of an order, provided the refunds of
	// the order that count (pending and succeeded) and r come to at most
	// limit (what the buyer paid): it holds the order, as [Tx.Order]
	// does, while it adds them up, so concurrent refunds of one order can
	// never come to more than limit. Errors: refund_exceeds_paid (kind
	// Conflict) above the limit; ErrDuplicate when the id, or the order's
	// idempotency key, is taken; ErrOrderNotFound; invalid_input from
	// checkout.Refund.Validate. Nothing is stored on error.
	AddRefund(ctx context.Context, r checkout.Refund, limit money.Money) error
	// OrderRefunds returns the order's refunds, oldest first, as the unit
	// sees them.
	OrderRefunds(ctx context.Context, orderID string) ([]checkout.Refund, error)
	// SaveRefund replaces a stored refund (a gateway's answer changes its
	// status and reference; amount, order and key stay): ErrRefundNotFound;
	// invalid_input from checkout.Refund.Validate.
	SaveRefund(ctx context.Context, r checkout.Refund) error
}

// Refunds reads a store's refunds.
type Refunds interface {
	// OrderRefunds returns the order's refunds, oldest first (by creation,
	// then id); none for an order without refunds.
	OrderRefunds(ctx context.Context, orderID string) ([]checkout.Refund, error)
}

// GatewayRefund asks a payment gateway to give (part of) a payment back.
type GatewayRefund struct {
	// OrderID is the id the payment was created with at the gateway.
	OrderID string
	// Key identifies the refund at the gateway: asking again with the
	// same key is the same refund, never a second one.
	Key    string
	Amount money.Money
	Reason string
}

// GatewayRefundResult is a gateway's acceptance of a refund.
type GatewayRefundResult struct {
	// RefundID is the gateway's id of the refund.
	RefundID string
	// Amount is what the gateway gives back.
	Amount money.Money
	// Status is the payment's status at the gateway after the refund
	// (payment.GatewayRefunded or payment.GatewayPartiallyRefunded).
	Status payment.GatewayStatus
}

// RefundGateway is a payment gateway that gives payments back through its
// refund API. A [PaymentGateway] provides it optionally; a gateway that
// does not cannot refund (refund_method_unavailable).
type RefundGateway interface {
	// Refund asks the gateway to give r.Amount of the payment back.
	// Errors: ErrProviderRejected (kind Invalid) when the gateway refuses
	// the refund (nothing was given back); ErrProviderAuth;
	// ErrProviderUnavailable when the answer is not known (the refund may
	// or may not have been made: ask again with the same key);
	// invalid_input before any request for a refund that cannot be sent.
	Refund(ctx context.Context, r GatewayRefund) (GatewayRefundResult, error)
}
