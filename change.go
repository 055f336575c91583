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
	"github.com/kasir-id/kasir/pricing"
)

// CodeOrderChanged: the order changed between reading and writing it; read
// it again and retry.
const CodeOrderChanged = "order_changed"

// OrderChange changes an order before it ships. Nil fields are kept. The
// order is re-quoted in full from its items as sold (stored totals are never
// patched; see docs/quote.md), its vouchers are redeemed again for the new customer
// and method, and a bank transfer gets a kode unik for its new amount.
type OrderChange struct {
	Courier         *string         `json:"courier,omitempty"`
	Service         *string         `json:"service,omitempty"`
	PaymentMethod   *payment.Method `json:"payment_method,omitempty"`
	Customer        *CustomerInput  `json:"customer,omitempty"`
	Address         *AddressInput   `json:"address,omitempty"`
	AdditionalCost  *money.Money    `json:"additional_cost,omitempty"`
	ProductVoucher  *string         `json:"product_voucher,omitempty"` // "" removes it
	ShippingVoucher *string         `json:"shipping_voucher,omitempty"`
	Insurance       *bool           `json:"insurance,omitempty"`
	Reason          string          `json:"reason,omitempty"`
}

func or[T any](p *T, def T) T {
	if p != nil {
		return *p
	}
	return def
}

// ChangeOrder applies a change to an order that has not shipped.
// The payment method can change only while the order waits for payment
// (switching to COD starts processing). A paid order keeps its payment: a
// change that would alter the amount paid is refused with order_paid, and
// one that does not (the customer, the address line) is taken. Every change
// is recorded in the order's history with its reason. Errors:
// order_not_found, order_not_editable, order_paid (Conflict), order_changed
// (a concurrent change won), and those of Quote and PlaceOrder; on error
// the order, stock, vouchers and kode unik are unchanged.
func (s *Service) ChangeOrder(ctx context.Context, id string, ch OrderChange) (*checkout.Order, error) {
	if err := checkChange(id, ch); err != nil {
		return nil, err
	}
	cur, err := s.deps.Store.Order(ctx, strings.TrimSpace(id))
	if err != nil {
		return nil, err
	}
	if err := cur.CheckEditable(); err != nil {
		return nil, err
	}
	next, p, err := s.requote(ctx, cur, ch)
	if err != nil {
		return nil, err
	}
	if next.NeedsPaymentLink() {
		if err := s.link(ctx, next, s.now(ctx)); err != nil {
			return nil, err
		}
	}
	return s.update(ctx, cur.ID, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if o.Version != cur.Version {
			return "", "", errs.E(errs.Conflict, CodeOrderChanged, "kasir: the order was changed meanwhile; read it again")
		}
		n := next.Clone()
		// Give back the old voucher uses and transfer amount, take the new.
		if err := releaseHolds(ctx, tx, o); err != nil {
			return "", "", err
		}
		if err := s.redeemVouchers(ctx, tx, n); err != nil {
			return "", "", err
		}
		pending := o.Status() == checkout.StatusPendingPayment
		if n.Payment.Method == payment.BankTransfer && pending {
			if err := s.allocateCode(ctx, tx, n, p); err != nil {
				return "", "", err
			}
		}
		ev := ports.EventOrderChanged
		if n.Payment.Method == payment.COD && pending {
			if err := n.Transition(checkout.StatusProcessing, now, "payment method changed to cod", ""); err != nil {
				return "", "", err
			}
			ev = ports.EventOrderTransitioned
		}
		n.RecordEdit(now, strings.TrimSpace(ch.Reason))
		n.Version = o.Version
		*o = *n
		return ev, ch.Reason, nil
	})
}

// requote applies a change to a copy of the order and prices it again in
// full from its items as sold. A paid order keeps its kode unik and its
// amount: a change that would re-price it is order_paid.
func (s *Service) requote(ctx context.Context, cur *checkout.Order, ch OrderChange) (*checkout.Order, *prepared, error) {
	next := cur.Clone()
	method := or(ch.PaymentMethod, cur.Payment.Method)
	if method != cur.Payment.Method {
		if cur.Status() != checkout.StatusPendingPayment {
			return nil, nil, errs.E(errs.Precondition, checkout.CodeOrderNotEditable, "kasir: the payment method of an order that is "+string(cur.Status())+" can no longer change").WithField("payment_method")
		}
		if _, err := s.checkMethod(method); err != nil {
			return nil, nil, err
		}
	}
	var err error
	if ch.Customer != nil {
		if next.Customer, err = checkCustomer(*ch.Customer); err != nil {
			return nil, nil, err
		}
	}
	additional := or(ch.AdditionalCost, cur.AdditionalCost)
	if err := money.CheckAmount("additional_cost", additional); err != nil {
		return nil, nil, err
	}
	p := &prepared{items: cur.Items, method: method, phone: next.Customer.Phone}
	vr := &excludingOrder{Vouchers: s.deps.Store, codes: []string{cur.ProductVoucher, cur.ShipVoucher}, customer: cur.Customer.Phone}
	if err := s.setup(ctx, p, additional, or(ch.ProductVoucher, cur.ProductVoucher), or(ch.ShippingVoucher, cur.ShipVoucher), vr); err != nil {
		return nil, nil, err
	}
	if p.items.NeedsShipping() {
		if err := s.reship(ctx, p, next, ch); err != nil {
			return nil, nil, err
		}
	}
	code := 0
	if cur.Paid() {
		code = cur.Payment.UniqueCode
	}
	q, sh, _, err := s.price(p, p.opt, p.insured, code)
	if err != nil {
		return nil, nil, err
	}
	if err := cur.CheckRepricing(q.Payable); err != nil {
		return nil, nil, err
	}
	next.Reprice(q, p.in.Tax, sh, voucherCode(p.pv), voucherCode(p.sv), additional)
	next.SetPayment(method, s.paymentTerms(), s.now(ctx))
	return next, p, nil
}

// reship routes the order again, to a changed address when the change has
// one, and chooses its courier service and insurance (p.opt, p.insured).
func (s *Service) reship(ctx context.Context, p *prepared, next *checkout.Order, ch OrderChange) error {
	loc := next.Address.LocationID
	if ch.Address != nil {
		loc = ch.Address.LocationID
	}
	if err := s.route(ctx, p, loc); err != nil {
		return err
	}
	if ch.Address != nil {
		a, err := checkout.NewAddress(ch.Address.Line, ch.Address.PostalCode, *p.dest)
		if err != nil {
			return err
		}
		next.Address = a
	}
	var courier, service string
	insured := false
	if next.Shipment != nil {
		courier, service, insured = next.Shipment.Courier, next.Shipment.Service, next.Shipment.Insured
	}
	o, err := p.findOption(or(ch.Courier, courier), or(ch.Service, service))
	if err != nil {
		return err
	}
	p.opt, p.insured = &o, or(ch.Insurance, insured)
	return nil
}

func voucherCode(v *pricing.Voucher) string {
	if v == nil {
		return ""
	}
	return v.Code
}

// excludingOrder reads vouchers as if the order being changed had not
// used them, so re-checking its own vouchers does not count its own use.
type excludingOrder struct {
	ports.Vouchers
	codes    []string // the vouchers the order holds
	customer string   // the customer who used them
}

// VoucherUsage counts the voucher's uses less the order's own.
func (e *excludingOrder) VoucherUsage(ctx context.Context, code, customer string) (pricing.Usage, error) {
	u, err := e.Vouchers.VoucherUsage(ctx, code, customer)
	if err != nil {
		return u, err
	}
	used := false
	for _, c := range e.codes {
		used = used || (c != "" && strings.EqualFold(c, code))
	}
	if !used {
		return u, nil
	}
	// The order's own use is counted once in Total and, for the same
	// customer, in ByCustomer.
	if u.Total > 0 {
		u.Total--
	}
	if customer == e.customer && u.ByCustomer > 0 {
		u.ByCustomer--
	}
	return u, nil
}
