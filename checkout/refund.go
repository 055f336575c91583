package checkout

import (
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
)

// Refund error codes.
const (
	// CodeRefundExceedsPaid (kind Conflict): a refund is above what the
	// buyer paid less the refunds recorded before it.
	CodeRefundExceedsPaid = "refund_exceeds_paid"
	// CodeOrderNotRefundable (kind Precondition): the order has no payment
	// to give back (not paid, paid by COD) or is not cancelled or returned.
	CodeOrderNotRefundable = "order_not_refundable"
	// CodeRefundMethodUnavailable (kind Invalid): a gateway refund of an
	// order not paid through the gateway, or with no gateway that refunds.
	CodeRefundMethodUnavailable = "refund_method_unavailable"
	// CodeRefundNotFound (kind NotFound): the order has no refund with the
	// id.
	CodeRefundNotFound = "refund_not_found"
	// CodeOrderNotReturned (kind Precondition): a returned order's restock
	// is asked of an order that is not returned.
	CodeOrderNotReturned = "order_not_returned"
	// CodeAlreadyRestocked (kind Conflict): a returned order's units were
	// put back in stock already.
	CodeAlreadyRestocked = "already_restocked"
)

// RefundMethod is how a refund reaches the buyer.
type RefundMethod string

// Refund methods.
const (
	// RefundManualTransfer: the seller sent the money back by bank
	// transfer; the refund carries the transfer's reference.
	RefundManualTransfer RefundMethod = "manual_transfer"
	// RefundGateway: the payment gateway gives the money back through its
	// refund API (orders paid through the gateway only).
	RefundGateway RefundMethod = "gateway"
)

// Valid reports whether m is a declared method.
func (m RefundMethod) Valid() bool { return m == RefundManualTransfer || m == RefundGateway }

// RefundStatus is where a refund is.
type RefundStatus string

// Refund statuses.
const (
	// RefundPending: asked of the gateway, with no answer yet. It counts
	// against what may still be refunded, so no second refund can take the
	// same money meanwhile.
	RefundPending RefundStatus = "pending"
	// RefundSucceeded: the money went back.
	RefundSucceeded RefundStatus = "succeeded"
	// RefundFailed: the gateway refused it; it counts for nothing.
	RefundFailed RefundStatus = "failed"
)

// Counts reports whether a refund in status s takes from what may still be
// refunded: pending and succeeded refunds do, failed ones do not.
func (s RefundStatus) Counts() bool { return s == RefundPending || s == RefundSucceeded }

// Refund is money given back to the buyer of a paid order: all of what was
// paid or a part, with the seller's reason and how it was sent.
type Refund struct {
	ID      string       `json:"id"`
	OrderID string       `json:"order_id"`
	Amount  money.Money  `json:"amount"`
	Reason  string       `json:"reason"`
	Method  RefundMethod `json:"method"`
	// Reference is the bank transfer's reference (manual transfer), or the
	// gateway's id of the refund once it answered.
	Reference string       `json:"reference,omitempty"`
	Status    RefundStatus `json:"status"`
	// Key is the caller's idempotency key: the same key on the same order
	// is the same refund. Empty when none was given.
	Key string `json:"key,omitempty"`
	// Error is why the gateway refused a failed refund.
	Error     string    `json:"error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks what every store needs of a refund: an id, an order, an
// amount above 0 and within money.MaxAmount, a known method and status.
// Errors are invalid_input naming the field.
func (r Refund) Validate() error {
	switch {
	case r.ID == "":
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: a refund needs an id").WithField("id")
	case r.OrderID == "":
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: a refund needs an order").WithField("order_id")
	case r.Amount <= 0 || r.Amount > money.MaxAmount:
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: a refund's amount must be above 0 and at most %s", money.MaxAmount).WithField("amount")
	case !r.Method.Valid():
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: unknown refund method %q", string(r.Method)).WithField("method")
	case !r.Status.Counts() && r.Status != RefundFailed:
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: unknown refund status %q", string(r.Status)).WithField("status")
	}
	return nil
}

// RefundedTotal sums the refunds that count (pending and succeeded) and
// those that succeeded.
func RefundedTotal(rs []Refund) (counted, succeeded money.Money) {
	for _, r := range rs {
		if r.Status.Counts() {
			counted += r.Amount
		}
		if r.Status == RefundSucceeded {
			succeeded += r.Amount
		}
	}
	return counted, succeeded
}

// CheckRefundable returns nil when the order's payment may be given back
// by method: the order is paid (not by COD, whose cash the buyer never paid
// for a parcel that came back) and cancelled or returned; a gateway refund
// needs an order paid through the gateway. An order paid on a marketplace
// is the marketplace's to refund. Errors: order_not_refundable
// (kind Precondition), refund_method_unavailable (kind Invalid, field
// "method").
func (o *Order) CheckRefundable(method RefundMethod) error {
	switch {
	case o.Payment.Method == payment.COD:
		return errs.E(errs.Precondition, CodeOrderNotRefundable, "checkout: order "+o.Number+" is paid by COD; there is no payment to refund")
	case o.Payment.Method == payment.Marketplace:
		return errs.E(errs.Precondition, CodeOrderNotRefundable, "checkout: order "+o.Number+" was paid on a marketplace, which refunds its buyers itself")
	case !o.Paid():
		return errs.E(errs.Precondition, CodeOrderNotRefundable, "checkout: order "+o.Number+" is not paid; there is no payment to refund")
	case o.Status() != StatusCancelled && o.Status() != StatusReturned:
		return errs.E(errs.Precondition, CodeOrderNotRefundable, "checkout: order "+o.Number+" is "+string(o.Status())+"; only a cancelled or returned order is refunded")
	case method == RefundGateway && o.Payment.Method != payment.Gateway:
		return errs.E(errs.Invalid, CodeRefundMethodUnavailable, "checkout: order "+o.Number+" was not paid through the gateway; refund it by transfer").WithField("method")
	}
	return nil
}

// ApplyRefunds sets the order's refunded amount to succeeded, the sum of
// its refunds that went through, and its payment status to match:
// refunded when it is all of what was paid, partially_refunded when it is
// a part. The history records reason at `at`. It reports whether the order
// changed.
func (o *Order) ApplyRefunds(succeeded money.Money, at time.Time, reason string) bool {
	status := o.Payment.Status
	switch {
	case succeeded >= o.Payment.Amount && succeeded > 0:
		status = PaymentRefunded
	case succeeded > 0:
		status = PaymentPartiallyRefunded
	}
	if succeeded == o.Payment.Refunded && status == o.Payment.Status {
		return false
	}
	o.Payment.Refunded = succeeded
	o.Payment.Status = status
	if o.Settlement != nil && o.Settlement.Outcome == pricing.Returned && o.Payment.Method != payment.COD {
		if st, err := o.Sale().Settle(pricing.Returned, min(succeeded, o.Breakdown.Payable)); err == nil {
			o.Settlement = &st
		}
	}
	o.Lifecycle.record(at, reason)
	o.UpdatedAt = at
	return true
}

// CheckRestock returns nil when a returned order's units may be put back
// in stock: order_not_returned (kind Precondition) when it is not
// returned, already_restocked (kind Conflict) when they were.
func (o *Order) CheckRestock() error {
	switch {
	case o.Status() != StatusReturned:
		return errs.E(errs.Precondition, CodeOrderNotReturned, "checkout: order "+o.Number+" is "+string(o.Status())+", not returned")
	case !o.RestockedAt.IsZero():
		return errs.E(errs.Conflict, CodeAlreadyRestocked, "checkout: the units of order "+o.Number+" are back in stock already")
	}
	return nil
}

// MarkRestocked records that the returned order's units are back in stock
// at `at`, with reason in the history.
func (o *Order) MarkRestocked(at time.Time, reason string) {
	o.RestockedAt = at
	o.Lifecycle.record(at, reason)
	o.UpdatedAt = at
}

// NetProfit is what the seller keeps of the order: its settlement's once
// its parcel is delivered or returned (docs/settlement.md: a returned order earns no
// cashback and pays the return fee), the quote's before.
func (o *Order) NetProfit() money.Money {
	if o.Settlement != nil {
		return o.Settlement.NetProfit
	}
	return o.Breakdown.NetProfit
}

// Cashback is the shipping cashback the order earns: its settlement's once
// delivered or returned (0 for a return), the quote's before.
func (o *Order) Cashback() money.Money {
	if o.Settlement != nil {
		return o.Settlement.Cashback
	}
	return o.Breakdown.ShippingCashback
}
