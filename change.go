package kasir

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/ports"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
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
	AdditionalCost  *pricing.Money  `json:"additional_cost,omitempty"`
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
// (switching to COD starts processing). Errors: order_not_found,
// order_not_editable, order_changed (a concurrent change won), and those of
// Quote and PlaceOrder; on error the order, stock, vouchers and kode unik
// are unchanged.
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
	next := cur.Clone()
	method := or(ch.PaymentMethod, cur.Payment.Method)
	if method != cur.Payment.Method {
		if cur.Status() != checkout.StatusPendingPayment {
			return nil, errs.E(errs.Precondition, checkout.CodeOrderNotEditable, "kasir: the payment method of an order that is "+string(cur.Status())+" can no longer change").WithField("payment_method")
		}
		if _, err := s.checkMethod(method); err != nil {
			return nil, err
		}
	}
	if ch.Customer != nil {
		if next.Customer, err = checkCustomer(*ch.Customer); err != nil {
			return nil, err
		}
	}
	additional := or(ch.AdditionalCost, cur.AdditionalCost)
	if err := pricing.CheckAmount("additional_cost", additional); err != nil {
		return nil, err
	}
	p := &prepared{items: cur.Items, method: method, phone: next.Customer.Phone}
	vr := &excludingOrder{Vouchers: s.deps.Store, codes: []string{cur.ProductVoucher, cur.ShipVoucher}, customer: cur.Customer.Phone}
	if err := s.setup(ctx, p, additional, or(ch.ProductVoucher, cur.ProductVoucher), or(ch.ShippingVoucher, cur.ShipVoucher), vr); err != nil {
		return nil, err
	}
	var opt *shipping.Option
	insured := cur.Shipment != nil && cur.Shipment.Insured
	if p.items.NeedsShipping() {
		loc := cur.Address.LocationID
		if ch.Address != nil {
			if strings.TrimSpace(ch.Address.Line) == "" {
				return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: the delivery address is required").WithField("address.line")
			}
			loc = strings.TrimSpace(ch.Address.LocationID)
		}
		if err := s.route(ctx, p, loc); err != nil {
			return nil, err
		}
		if ch.Address != nil {
			next.Address = checkout.Address{Line: strings.TrimSpace(ch.Address.Line), LocationID: p.dest.ID, PostalCode: strings.TrimSpace(ch.Address.PostalCode), Area: p.dest.Name()}
			if next.Address.PostalCode != "" && len(p.dest.PostalCodes) > 0 && !p.dest.HasPostalCode(next.Address.PostalCode) {
				return nil, errs.Invalidf(errs.CodeInvalidInput, "kasir: postal code %s is not in %s", next.Address.PostalCode, p.dest.Name()).WithField("address.postal_code")
			}
		}
		courier, service := "", ""
		if cur.Shipment != nil {
			courier, service = cur.Shipment.Courier, cur.Shipment.Service
		}
		o, err := p.findOption(or(ch.Courier, courier), or(ch.Service, service))
		if err != nil {
			return nil, err
		}
		opt = &o
		insured = or(ch.Insurance, insured)
	}
	// A paid order keeps its kode unik, and its amount: a change that
	// would re-price it is refused.
	code := 0
	if cur.Paid() {
		code = cur.Payment.UniqueCode
	}
	q, sh, _, err := s.price(p, opt, insured, code)
	if err != nil {
		return nil, err
	}
	if err := cur.CheckRepricing(q.Payable); err != nil {
		return nil, err
	}
	p.opt, p.insured = opt, insured
	next.Items, next.Shipment, next.Breakdown = cur.Items, sh, q
	next.AdditionalCost = additional
	next.ProductVoucher, next.ShipVoucher = "", ""
	if p.pv != nil {
		next.ProductVoucher = p.pv.Code
	}
	if p.sv != nil {
		next.ShipVoucher = p.sv.Code
	}
	next.Payment = checkout.Payment{Method: method, Amount: q.Payable, PaidAt: cur.Payment.PaidAt, Reference: cur.Payment.Reference}
	now := s.now(ctx)
	if method.WaitsForPayment() && cur.Status() == checkout.StatusPendingPayment {
		switch method {
		case payment.BankTransfer:
			next.Payment.BankAccounts = s.settings.BankAccounts
			next.Payment.ExpiresAt = cur.Payment.ExpiresAt
			if cur.Payment.Method != method || next.Payment.ExpiresAt.IsZero() {
				next.Payment.ExpiresAt = payment.ExpiresAt(now, s.settings.ExpiryHours)
			}
		case payment.Gateway:
			next.Payment.ExpiresAt = payment.ExpiresAt(now, s.settings.ExpiryHours)
			if cur.Payment.Method == payment.Gateway && cur.Payment.Amount == q.Payable {
				next.Payment.PaymentURL, next.Payment.GatewayToken, next.Payment.ExpiresAt = cur.Payment.PaymentURL, cur.Payment.GatewayToken, cur.Payment.ExpiresAt
				next.Payment.GatewayOrderID = cur.Payment.GatewayOrderID
			} else {
				// Gateways take an order id once: a new link gets a suffix.
				next.Payment.GatewayOrderID = cur.ID
				if cur.Payment.GatewayOrderID != "" {
					next.Payment.GatewayOrderID = cur.ID + "~" + strconv.FormatInt(now.UnixMilli(), 36)
				}
				next.PlacedAt = now // the link's expiry counts from now
				link, err := s.deps.Gateway.CreatePayment(ctx, s.gatewayRequest(next))
				next.PlacedAt = cur.PlacedAt
				if err != nil {
					return nil, err
				}
				next.Payment.PaymentURL, next.Payment.GatewayToken = link.URL, link.Token
			}
		case payment.Invoice:
			next.Payment.DueDate = s.settings.InvoiceTerms.DueDate(cur.PlacedAt)
		}
	} else if cur.Paid() {
		next.Payment = cur.Clone().Payment
	} else if method == payment.BankTransfer {
		next.Payment.BankAccounts = s.settings.BankAccounts
	}

	return s.update(ctx, cur.ID, func(ctx context.Context, tx ports.Tx, o *checkout.Order, now time.Time) (ports.EventType, string, error) {
		if o.Version != cur.Version {
			return "", "", errs.E(errs.Conflict, CodeOrderChanged, "kasir: the order was changed meanwhile; read it again")
		}
		n := next.Clone()
		// Give back the old voucher uses and transfer amount, take the new.
		for _, code := range []string{o.ProductVoucher, o.ShipVoucher} {
			if code != "" {
				if err := tx.ReleaseVoucher(ctx, code, o.ID); err != nil {
					return "", "", err
				}
			}
		}
		if o.Payment.HoldsAmount() {
			if err := tx.ReleaseAmount(ctx, o.Payment.Amount, o.ID); err != nil {
				return "", "", err
			}
		}
		for _, v := range []struct{ code, field string }{{n.ProductVoucher, "product_voucher"}, {n.ShipVoucher, "shipping_voucher"}} {
			if v.code == "" {
				continue
			}
			if err := tx.RedeemVoucher(ctx, ports.Redemption{Code: v.code, Customer: n.Customer.Phone, OrderID: n.ID}); err != nil {
				return "", "", errs.At(v.field, err)
			}
		}
		if method == payment.BankTransfer && o.Status() == checkout.StatusPendingPayment {
			if err := s.allocateCode(ctx, tx, n, p); err != nil {
				return "", "", err
			}
		}
		ev := ports.EventOrderChanged
		if method == payment.COD && o.Status() == checkout.StatusPendingPayment {
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
