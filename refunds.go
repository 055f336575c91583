package kasir

import (
	"context"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/ports"
)

// RestockRule is what happens to the units of a returned order
// (Fulfilment.RestockOnReturn).
type RestockRule string

// Restock rules.
const (
	// RestockManual (also ""): the units go back to stock when the seller
	// has checked the parcel and says so ([Service.RestockReturned]).
	RestockManual RestockRule = "manual"
	// RestockAutomatic: the units go back to stock (to the warehouse they
	// left from) when the order becomes returned.
	RestockAutomatic RestockRule = "automatic"
)

// Validate refuses an unknown rule: invalid_input.
func (r RestockRule) Validate() error {
	switch r {
	case "", RestockManual, RestockAutomatic:
		return nil
	}
	return errs.Invalidf(errs.CodeInvalidInput, "kasir: restock on return must be manual or automatic, not %q", string(r))
}

// restockOnReturn puts a returned order's units back in stock when the
// store's rule says so, in the unit of work of the move to returned.
func (s *Service) restockOnReturn(ctx context.Context, tx ports.Tx, from checkout.Status, o *checkout.Order, now time.Time) error {
	if from == checkout.StatusReturned || o.Status() != checkout.StatusReturned ||
		s.settings.Fulfilment.RestockOnReturn != RestockAutomatic || !o.RestockedAt.IsZero() {
		return nil
	}
	if err := release(ctx, tx, o); err != nil {
		return err
	}
	o.MarkRestocked(now, "restocked on return")
	return nil
}

// RestockReturned puts a returned order's units back in stock, to the
// warehouse they left from, once the seller has checked the parcel; it
// records the restock in the history (with reason) and publishes
// order.changed. It is done once per order. Errors: order_not_found;
// order_not_returned; already_restocked (also when the store's rule
// restocked it on return); invalid_text for a reason that is not text.
func (s *Service) RestockReturned(ctx context.Context, id, reason string) (*checkout.Order, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).add(checkout.NoteText, "reason", reason).check(); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = "restocked after the parcel was checked"
	}
	return s.update(ctx, id, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if err := o.CheckRestock(); err != nil {
			return "", "", err
		}
		if err := release(ctx, tx, o); err != nil {
			return "", "", err
		}
		o.MarkRestocked(now, reason)
		return ports.EventOrderChanged, reason, nil
	})
}

// RefundRequest records money given back to the buyer of a paid order.
type RefundRequest struct {
	// Amount is what goes back: above 0, at most what the buyer paid less
	// the refunds before it.
	Amount money.Money `json:"amount"`
	// Reason is the seller's, required.
	Reason string `json:"reason"`
	// Method is manual_transfer (the seller transferred the money; give
	// the transfer's Reference) or gateway (the payment gateway's refund
	// API, for orders paid through it).
	Method checkout.RefundMethod `json:"method"`
	// Reference is the bank transfer's reference; required for a manual
	// transfer.
	Reference string `json:"reference,omitempty"`
	// Key, when set, makes the request idempotent: the same key on the
	// same order is the same refund (a gateway refund still waiting for
	// the gateway's answer is asked again, under the same refund key).
	// The same key with another amount or method is idempotency_conflict.
	Key string `json:"-"`
}

// RefundResult is a refund and its order after it.
type RefundResult struct {
	Refund checkout.Refund `json:"refund"`
	Order  *checkout.Order `json:"-"`
}

// Refund records a refund of a paid order that was cancelled or returned
// (see docs/refunds.md). A manual transfer is recorded as succeeded at
// once. A gateway refund is first stored as pending — so it counts against
// what may be refunded while the gateway is asked — then sent to the
// gateway's refund API with the refund's id as its key, and stored as
// succeeded, or failed when the gateway refuses it. A refund that went
// through sets the payment status (partially_refunded, or refunded when
// all was paid back), updates a returned order's settlement (N = P − C − I
// − R − refunds), records it in the history and publishes order.refunded,
// in one unit of work. No ledger entry is written: the buyer paid the
// seller directly, not through the balance (docs/settlement.md).
//
// Errors: invalid_input (amount, method, reason, reference);
// order_not_found; order_not_refundable; refund_method_unavailable;
// refund_exceeds_paid (nothing is recorded); idempotency_conflict; for a
// gateway refund the gateway's errors: provider_rejected or
// provider_unauthorized (the refund is stored as failed),
// provider_unavailable (it stays pending: ask again with the same key).
func (s *Service) Refund(ctx context.Context, orderID string, req RefundRequest) (RefundResult, error) {
	if err := checkRefundRequest(orderID, &req); err != nil {
		return RefundResult{}, err
	}
	var gw ports.RefundGateway
	if req.Method == checkout.RefundGateway {
		gw, _ = s.deps.Gateway.(ports.RefundGateway)
	}
	var r checkout.Refund
	var send bool // a gateway refund to ask the gateway for
	var gatewayOrder string
	o, err := s.update(ctx, orderID, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if req.Key != "" {
			rs, err := tx.OrderRefunds(ctx, o.ID)
			if err != nil {
				return "", "", err
			}
			for _, prev := range rs {
				if prev.Key != req.Key {
					continue
				}
				if prev.Amount != req.Amount || prev.Method != req.Method {
					return "", "", errs.E(errs.Conflict, CodeIdempotencyConflict,
						"kasir: the idempotency key was used for a refund of "+prev.Amount.String()+" by "+string(prev.Method)).WithField("idempotency_key")
				}
				r, send = prev, prev.Status == checkout.RefundPending
				gatewayOrder = gatewayOrderID(o)
				return "", "", nil
			}
		}
		if err := o.CheckRefundable(req.Method); err != nil {
			return "", "", err
		}
		if req.Method == checkout.RefundGateway && gw == nil {
			return "", "", errs.E(errs.Invalid, checkout.CodeRefundMethodUnavailable, "kasir: the payment gateway plugged in does not refund").WithField("method")
		}
		id, err := s.deps.IDs.NewID(ctx)
		if err != nil {
			return "", "", err
		}
		r = checkout.Refund{ID: id, OrderID: o.ID, Amount: req.Amount, Reason: req.Reason, Method: req.Method,
			Reference: req.Reference, Status: checkout.RefundSucceeded, Key: req.Key, CreatedAt: now, UpdatedAt: now}
		if req.Method == checkout.RefundGateway {
			r.Status = checkout.RefundPending
		}
		if err := tx.AddRefund(ctx, r, o.Payment.Amount); err != nil {
			return "", "", err
		}
		if r.Status == checkout.RefundPending {
			send, gatewayOrder = true, gatewayOrderID(o)
			return "", "", nil
		}
		return s.applyRefunds(ctx, tx, o, now, refundNote(r))
	})
	if err != nil {
		return RefundResult{}, err
	}
	if !send {
		return RefundResult{Refund: r, Order: o}, nil
	}
	if gw == nil {
		return RefundResult{}, errs.E(errs.Invalid, checkout.CodeRefundMethodUnavailable, "kasir: the payment gateway plugged in does not refund").WithField("method")
	}
	res, gerr := gw.Refund(ctx, ports.GatewayRefund{OrderID: gatewayOrder, Key: r.ID, Amount: r.Amount, Reason: r.Reason})
	if gerr != nil && errs.KindOf(gerr) == errs.Unavailable && errs.Code(gerr) != ports.CodeProviderAuth {
		s.log.WarnContext(ctx, "kasir: gateway refund not answered; it stays pending", "order", o.ID, "refund", r.ID, "error", gerr)
		return RefundResult{Refund: r, Order: o}, gerr
	}
	o, err = s.update(ctx, orderID, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		rs, err := tx.OrderRefunds(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		for _, cur := range rs {
			if cur.ID == r.ID {
				r = cur
			}
		}
		if r.Status != checkout.RefundPending { // answered meanwhile by another request
			return "", "", nil
		}
		r.UpdatedAt = now
		if gerr != nil {
			r.Status, r.Error = checkout.RefundFailed, gerr.Error()
			return "", "", tx.SaveRefund(ctx, r)
		}
		r.Status, r.Reference = checkout.RefundSucceeded, res.RefundID
		if err := tx.SaveRefund(ctx, r); err != nil {
			return "", "", err
		}
		return s.applyRefunds(ctx, tx, o, now, refundNote(r))
	})
	if err != nil {
		return RefundResult{}, err
	}
	if gerr != nil {
		return RefundResult{Refund: r, Order: o}, gerr
	}
	return RefundResult{Refund: r, Order: o}, nil
}

// checkRefundRequest checks a request before any store is asked.
func checkRefundRequest(orderID string, req *RefundRequest) error {
	if err := texts(nil).add(checkout.IDText, "id", orderID).add(checkout.NoteText, "reason", req.Reason).
		add(checkout.IDText, "reference", req.Reference).add(checkout.IDText, "idempotency_key", req.Key).check(); err != nil {
		return err
	}
	req.Reason, req.Reference, req.Key = strings.TrimSpace(req.Reason), strings.TrimSpace(req.Reference), strings.TrimSpace(req.Key)
	switch {
	case req.Amount <= 0 || req.Amount > money.MaxAmount:
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: a refund's amount must be above 0 and at most %s", money.MaxAmount).WithField("amount")
	case !req.Method.Valid():
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: the refund method must be manual_transfer or gateway, not %q", string(req.Method)).WithField("method")
	case req.Reason == "":
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: a refund needs a reason").WithField("reason")
	case req.Method == checkout.RefundManualTransfer && req.Reference == "":
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: a refund by transfer needs the transfer's reference").WithField("reference")
	}
	return nil
}

// gatewayOrderID is the id the order's payment was created with at the
// gateway.
func gatewayOrderID(o *checkout.Order) string {
	if o.Payment.GatewayOrderID != "" {
		return o.Payment.GatewayOrderID
	}
	return o.ID
}

func refundNote(r checkout.Refund) string {
	note := "refund of " + r.Amount.String() + " by " + string(r.Method)
	if r.Reference != "" {
		note += " (" + r.Reference + ")"
	}
	return note + ": " + r.Reason
}

// applyRefunds sets the order's refunded amount and payment status from
// its stored refunds, inside the unit of work.
func (s *Service) applyRefunds(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time, note string) (ports.EventType, string, error) {
	rs, err := tx.OrderRefunds(ctx, o.ID)
	if err != nil {
		return "", "", err
	}
	_, succeeded := checkout.RefundedTotal(rs)
	if !o.ApplyRefunds(succeeded, now, note) {
		return "", "", nil
	}
	return ports.EventOrderRefunded, note, nil
}

// Refunds returns the order's refunds, oldest first. Errors:
// order_not_found.
func (s *Service) Refunds(ctx context.Context, orderID string) ([]checkout.Refund, error) {
	o, err := s.Order(ctx, orderID)
	if err != nil {
		return nil, err
	}
	return s.deps.Store.OrderRefunds(ctx, o.ID)
}
