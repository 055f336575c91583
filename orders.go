package kasir

import (
	"context"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
)

// MaxPageSize is the largest page ListOrders returns; a larger or zero limit
// reads as this.
const MaxPageSize = 500

// Order returns an order by id: order_not_found.
func (s *Service) Order(ctx context.Context, id string) (*checkout.Order, error) {
	if err := checkout.IDText.Check("id", id); err != nil {
		return nil, err
	}
	return s.deps.Store.Order(ctx, strings.TrimSpace(id))
}

// OrderBySlug returns an order by its secret slug, for the public order
// page: order_not_found.
func (s *Service) OrderBySlug(ctx context.Context, slug string) (*checkout.Order, error) {
	slug = strings.TrimSpace(slug)
	if slug == "" || checkout.IDText.Check("slug", slug) != nil {
		return nil, ports.ErrOrderNotFound
	}
	return s.deps.Store.OrderBySlug(ctx, slug)
}

// OrderPage is one page of a listing and the number of orders the filter
// matches.
type OrderPage struct {
	Orders []*checkout.Order `json:"data"`
	Total  int               `json:"total"`
}

func checkFilter(f *ports.OrderFilter) error {
	for i, st := range f.Statuses {
		if !st.Valid() {
			return errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown order status %q", st).WithField("status[" + itoa(i) + "]")
		}
	}
	if f.Method != "" && !f.Method.Valid() {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown payment method %q", f.Method).WithField("payment_method")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: the date range ends before it starts").WithField("to")
	}
	if !f.Label.Valid() {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: unknown label filter %q", f.Label).WithField("label")
	}
	if f.Offset < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: offset must not be negative").WithField("offset")
	}
	if f.Limit < 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "kasir: limit must not be negative").WithField("limit")
	}
	if f.Limit == 0 || f.Limit > MaxPageSize {
		f.Limit = MaxPageSize
	}
	f.Query = strings.TrimSpace(f.Query)
	return checkout.SearchText.Check("q", f.Query)
}

// ListOrders lists orders by status, date range, payment method and free
// text (name, phone, order number, airway bill), newest first, at most
// MaxPageBytes a page, with the total before paging (see docs/orders.md).
func (s *Service) ListOrders(ctx context.Context, f ports.OrderFilter) (OrderPage, error) {
	if err := checkFilter(&f); err != nil {
		return OrderPage{}, err
	}
	os, total, err := s.deps.Store.ListOrders(ctx, f)
	if err != nil {
		return OrderPage{}, err
	}
	if os == nil {
		os = []*checkout.Order{}
	}
	return OrderPage{Orders: fitPage(os), Total: total}, nil
}

// Summary counts the orders the filter matches per status; every status is
// present, with 0 when none.
func (s *Service) Summary(ctx context.Context, f ports.OrderFilter) (map[checkout.Status]int, error) {
	if err := checkFilter(&f); err != nil {
		return nil, err
	}
	m, err := s.deps.Store.CountByStatus(ctx, f)
	if err != nil {
		return nil, err
	}
	out := map[checkout.Status]int{}
	for _, st := range checkout.Statuses() {
		out[st] = m[st]
	}
	return out, nil
}

// TransitionRequest moves an order along its life cycle.
type TransitionRequest struct {
	To         checkout.Status `json:"to"`
	AirwayBill string          `json:"airway_bill,omitempty"` // required to ship
	// Reason is the seller's, kept in the history for the seller only.
	Reason string `json:"reason,omitempty"`
	// Note is what the buyer reads about the change (e.g. why the order
	// was cancelled); without it the buyer sees no reason.
	Note string `json:"note,omitempty"`
}

// evRecorded is what an update's fn returns when it changed the order and
// recorded the events of its changes itself (none, or several).
const evRecorded ports.EventType = "\x00recorded"

// update changes one order in a unit of work, recording the event of the
// change, the restock of a returned order when the store's rule is
// automatic (restockOnReturn) and the balance entries of a status change
// (postLedger) in it,
// and publishes the event after the commit.
// fn returns the event of its change, "" when it changed nothing, or
// evRecorded when it recorded its events itself.
func (s *Service) update(ctx context.Context, id string, fn func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error)) (*checkout.Order, error) {
	now := s.now(ctx)
	var out *checkout.Order
	var from checkout.Status
	var ev ports.EventType
	var reason string
	err := s.deps.Store.Atomic(ctx, func(ctx context.Context, tx ports.Tx) error {
		o, err := tx.Order(ctx, strings.TrimSpace(id))
		if err != nil {
			return err
		}
		from = o.Status()
		if ev, reason, err = fn(ctx, tx, o, now); err != nil {
			return err
		}
		if ev == "" { // nothing to change
			out = o
			return nil
		}
		if err := s.restockOnReturn(ctx, tx, from, o, now); err != nil {
			return err
		}
		o.UpdatedAt = now
		o.Version++
		if err := tx.SaveOrder(ctx, o); err != nil {
			return err
		}
		if err := s.postLedger(ctx, tx, from, o, now); err != nil {
			return err
		}
		out = o
		if ev == evRecorded {
			return nil
		}
		return s.record(ctx, tx, ports.Event{Type: ev, OrderID: o.ID, OrderNumber: o.Number, From: from, To: o.Status(), At: now, Reason: reason})
	})
	if err != nil {
		return nil, err
	}
	if ev != "" {
		s.publish(ctx, out.ID)
	}
	return out, nil
}

// transition applies a status change inside a unit of work, giving back
// stock, vouchers and the held transfer amount when the order is cancelled
// or expires, and freeing the amount once a transfer is paid.
func transition(ctx context.Context, tx ports.Tx, o *checkout.Order, to checkout.Status, now time.Time, reason, awb string) (ports.EventType, error) {
	held := o.HoldsStock()
	holdsAmount := o.Payment.HoldsAmount() && o.Status() == checkout.StatusPendingPayment
	if err := o.Transition(to, now, reason, awb); err != nil {
		return "", err
	}
	if held && !o.HoldsStock() {
		if err := releaseResources(ctx, tx, o); err != nil {
			return "", err
		}
	} else if holdsAmount && to != checkout.StatusPendingPayment {
		if err := tx.ReleaseAmount(ctx, o.Payment.Amount, o.ID); err != nil {
			return "", err
		}
	}
	return eventOf(to), nil
}

// eventOf is the event of a move to status `to`.
func eventOf(to checkout.Status) ports.EventType {
	switch to {
	case checkout.StatusCancelled:
		return ports.EventOrderCancelled
	case checkout.StatusExpired:
		return ports.EventOrderExpired
	case checkout.StatusBooked:
		return ports.EventOrderBooked
	case checkout.StatusShipped:
		return ports.EventOrderPickedUp
	case checkout.StatusDelivered:
		return ports.EventOrderDelivered
	case checkout.StatusReturnInTransit:
		return ports.EventOrderReturnStarted
	case checkout.StatusReturned:
		return ports.EventOrderReturned
	}
	return ports.EventOrderTransitioned
}

// Transition moves an order along its life cycle (see docs/orders.md), recording the
// change in its history. Shipping needs an airway bill. Cancelling (before
// shipping) or expiring gives back the order's stock, voucher uses and kode
// unik. Errors: order_not_found, invalid_transition, airway_bill_required,
// invalid_input for an unknown status; the order is then unchanged.
func (s *Service) Transition(ctx context.Context, id string, req TransitionRequest) (*checkout.Order, error) {
	if _, err := checkout.ParseStatus(string(req.To)); err != nil {
		return nil, errs.At("to", err)
	}
	if err := texts(nil).add(checkout.IDText, "id", id).add(checkout.NoteText, "reason", req.Reason).
		add(checkout.NoteText, "note", req.Note).add(checkout.IDText, "airway_bill", req.AirwayBill).check(); err != nil {
		return nil, err
	}
	// A booked order leaving for processing or cancelled gives up its
	// booking: the courier is asked first, and refuses once it has the
	// parcel (booking_not_cancellable).
	var booking string
	if req.To == checkout.StatusProcessing || req.To == checkout.StatusCancelled {
		o, err := s.Order(ctx, id)
		if err != nil {
			return nil, err
		}
		if o.Booked() && o.Status().CanBecome(req.To) {
			if err := s.cancelBooking(ctx, o); err != nil {
				return nil, err
			}
			booking = o.Booking.ID
		}
	}
	return s.update(ctx, id, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if o.Booked() && (req.To == checkout.StatusProcessing || req.To == checkout.StatusCancelled) && o.Booking.ID != booking {
			return "", "", errs.E(errs.Conflict, CodeBookingChanged, "kasir: order "+o.Number+" was booked again meanwhile; try again")
		}
		ev, err := transition(ctx, tx, o, req.To, now, strings.TrimSpace(req.Reason), req.AirwayBill)
		if err == nil && booking != "" {
			voidBooking(o, now)
		}
		o.TellBuyer(strings.TrimSpace(req.Note))
		return ev, req.Reason, err
	})
}

// PaymentConfirmation records a payment the seller has seen arrive.
type PaymentConfirmation struct {
	// Amount, when set, must be the amount the order asked for (kode unik
	// included): payment_amount_mismatch otherwise.
	Amount    *money.Money `json:"amount,omitempty"`
	Reference string       `json:"reference,omitempty"` // e.g. the bank's transaction reference
	PaidAt    time.Time    `json:"paid_at,omitzero"`    // zero: now
}

// ConfirmPayment marks a pending order paid: it moves to processing and
// frees its kode unik. Errors: order_not_found, not_awaiting_payment,
// payment_amount_mismatch.
func (s *Service) ConfirmPayment(ctx context.Context, id string, c PaymentConfirmation) (*checkout.Order, error) {
	if err := texts(nil).add(checkout.IDText, "id", id).add(checkout.IDText, "reference", c.Reference).check(); err != nil {
		return nil, err
	}
	return s.update(ctx, id, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if o.Status() != checkout.StatusPendingPayment {
			return "", "", errs.E(errs.Conflict, CodeNotAwaitingPayment, "kasir: order "+o.Number+" is "+string(o.Status())+", not waiting for payment")
		}
		if c.Amount != nil && *c.Amount != o.Payment.Amount {
			return "", "", errs.E(errs.Invalid, CodePaymentAmountMismatch, "kasir: order "+o.Number+" asks for "+o.Payment.Amount.String()+", not "+c.Amount.String()).WithField("amount")
		}
		paid := c.PaidAt
		if paid.IsZero() {
			paid = now
		}
		if _, err := transition(ctx, tx, o, checkout.StatusProcessing, now, "payment confirmed", ""); err != nil {
			return "", "", err
		}
		o.Payment.PaidAt = paid
		o.Payment.Reference = strings.TrimSpace(c.Reference)
		return ports.EventOrderPaid, "payment confirmed", nil
	})
}

// HandleGatewayNotification verifies a payment gateway's notification and
// applies it: paid moves a pending order to processing, expired expires it,
// failed cancels it; pending changes nothing. A refund or chargeback of a
// paid order sets its payment status (refunded, partially_refunded),
// records it in the history and publishes order.refunded. A notification
// for an order that has moved on, or about a link replaced since, is
// acknowledged without change; a repeat of what the order already shows is
// logged at debug level only, money arriving for an order no longer waiting
// for it as a warning. Errors: invalid_signature, order_not_found,
// payment_amount_mismatch.
func (s *Service) HandleGatewayNotification(ctx context.Context, body []byte) (*checkout.Order, error) {
	if s.deps.Gateway == nil {
		return nil, errs.E(errs.NotFound, errs.CodeNotFound, "kasir: no payment gateway is configured")
	}
	n, err := s.deps.Gateway.VerifyNotification(ctx, body)
	if err != nil {
		return nil, err
	}
	id, _, _ := strings.Cut(n.OrderID, "~")
	return s.update(ctx, id, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if o.Payment.Method != payment.Gateway || (o.Payment.GatewayOrderID != "" && n.OrderID != o.Payment.GatewayOrderID) {
			s.unapplied(ctx, o, n) // about a link the order no longer uses
			return "", "", nil
		}
		if n.Status.Refund() {
			return s.applyRefund(ctx, o, n, now)
		}
		if o.Status() != checkout.StatusPendingPayment {
			s.unapplied(ctx, o, n)
			return "", "", nil
		}
		switch n.Status {
		case payment.GatewayPaid:
			if n.Amount != o.Payment.Amount {
				return "", "", errs.E(errs.Invalid, CodePaymentAmountMismatch, "kasir: the gateway reports "+n.Amount.String()+" paid for an order of "+o.Payment.Amount.String())
			}
			if _, err := transition(ctx, tx, o, checkout.StatusProcessing, now, "paid via "+n.PaymentType, ""); err != nil {
				return "", "", err
			}
			o.Payment.PaidAt, o.Payment.Reference = now, n.TransactionID
			return ports.EventOrderPaid, "paid", nil
		case payment.GatewayExpired:
			ev, err := transition(ctx, tx, o, checkout.StatusExpired, now, "payment link expired", "")
			return ev, "payment link expired", err
		case payment.GatewayFailed:
			ev, err := transition(ctx, tx, o, checkout.StatusCancelled, now, "payment failed", "")
			return ev, "payment failed", err
		}
		return "", "", nil
	})
}

// applyRefund records a gateway's refund or chargeback of a paid order. A
// notification of what is already recorded changes nothing.
func (s *Service) applyRefund(ctx context.Context, o *checkout.Order, n ports.GatewayNotification, now time.Time) (ports.EventType, string, error) {
	if !o.Paid() {
		s.unapplied(ctx, o, n)
		return "", "", nil
	}
	reason := "payment " + string(n.Status) + " by the gateway"
	if n.TransactionID != "" {
		reason += " (" + n.TransactionID + ")"
	}
	changed, err := o.RecordRefund(n.Status == payment.GatewayRefunded, now, reason)
	if err != nil || !changed {
		s.log.DebugContext(ctx, "kasir: gateway notification already applied", "order", o.ID, "status", n.Status)
		return "", "", err
	}
	return ports.EventOrderRefunded, reason, nil
}

// unapplied logs a gateway notification the order does not take. Money
// that arrived for an order no longer waiting for it (expired, cancelled,
// switched to another method) needs the seller, who must refund or revive
// it by hand; a repeat of what the order already shows needs no one.
func (s *Service) unapplied(ctx context.Context, o *checkout.Order, n ports.GatewayNotification) {
	repeat := n.Status == payment.GatewayPaid && o.Paid() && o.Payment.Method == payment.Gateway && o.Payment.Reference == n.TransactionID
	if n.Status != payment.GatewayPaid || repeat {
		s.log.DebugContext(ctx, "kasir: gateway notification not applied", "order", o.ID, "status", o.Status(), "gateway_status", n.Status)
		return
	}
	s.log.WarnContext(ctx, "kasir: gateway payment for an order not waiting for it",
		"order", o.ID, "number", o.Number, "status", o.Status(), "amount", n.Amount, "transaction", n.TransactionID)
}

// ExpireUnpaid expires every order still waiting for a payment whose
// deadline has passed, giving back its stock, vouchers and kode unik. It
// returns the expired orders. Call it periodically.
func (s *Service) ExpireUnpaid(ctx context.Context) ([]*checkout.Order, error) {
	now := s.now(ctx)
	var out []*checkout.Order
	for {
		os, _, err := s.deps.Store.ListOrders(ctx, ports.OrderFilter{
			Statuses: []checkout.Status{checkout.StatusPendingPayment}, PaymentExpiresBefore: now.Add(time.Nanosecond), Limit: 100,
		})
		if err != nil {
			return out, err
		}
		done := 0
		for _, o := range os {
			eo, err := s.update(ctx, o.ID, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
				if o.Status() != checkout.StatusPendingPayment || o.Payment.ExpiresAt.IsZero() || o.Payment.ExpiresAt.After(now) {
					return "", "", nil
				}
				ev, err := transition(ctx, tx, o, checkout.StatusExpired, now, "payment deadline passed", "")
				return ev, "payment deadline passed", err
			})
			if err != nil {
				return out, err
			}
			if eo.Status() == checkout.StatusExpired {
				out = append(out, eo)
				done++
			}
		}
		if len(os) < 100 || done == 0 {
			return out, nil
		}
	}
}
