package checkout

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/payment"
	"github.com/kasir-id/kasir/pricing"
	"github.com/kasir-id/kasir/shipping"
)

// PaymentTerms are the store's terms a payment is set up with.
type PaymentTerms struct {
	BankAccounts []payment.BankAccount // where a bank transfer goes
	ExpiryHours  int                   // how long a transfer or gateway payment is waited for
	Invoice      payment.Terms         // when an invoice is due
}

// Sale is what a new order sells and how it was priced.
type Sale struct {
	Customer       Customer
	Address        Address // zero when nothing ships
	Notes          string
	Items          Items
	Shipment       *Shipment
	ProductVoucher string
	ShipVoucher    string
	AdditionalCost money.Money
	Quote          pricing.Quote
	Tax            pricing.TaxProfile // the profile Quote was priced with
	Method         payment.Method
}

// NewOrder starts an order placed at `at`: cash on delivery starts
// processing, every other method waits for payment, set up with the terms
// (see [Order.SetPayment]). A gateway order still needs its payment link
// ([Order.NeedsPaymentLink]). Errors: invalid_input for an unknown method.
func NewOrder(id, slug string, at time.Time, s Sale, terms PaymentTerms, idempotencyKey string) (*Order, error) {
	if !s.Method.Valid() {
		return nil, errs.Invalidf(errs.CodeInvalidInput, "checkout: unknown payment method %q", s.Method).WithField("method")
	}
	status := StatusPendingPayment
	if !s.Method.WaitsForPayment() {
		status = StatusProcessing
	}
	lc, err := NewLifecycle(status, at, "placed")
	if err != nil {
		return nil, err
	}
	o := &Order{
		ID: id, Slug: slug, PlacedAt: at, UpdatedAt: at, Customer: s.Customer, Address: s.Address, Notes: s.Notes,
		Items: s.Items, IdempotencyKey: idempotencyKey, Lifecycle: lc,
	}
	o.Reprice(s.Quote, s.Tax, s.Shipment, s.ProductVoucher, s.ShipVoucher, s.AdditionalCost)
	o.SetPayment(s.Method, terms, at)
	return o, nil
}

// NewAddress is a delivery address in dest. Errors: invalid_input naming
// "address.line" when the line is empty, "address.postal_code" when the
// postal code is not one of the destination's.
func NewAddress(line, postalCode string, dest shipping.Location) (Address, error) {
	a := Address{Line: strings.TrimSpace(line), LocationID: dest.ID, PostalCode: strings.TrimSpace(postalCode), Area: dest.Name()}
	if a.Line == "" {
		return Address{}, errs.Invalidf(errs.CodeInvalidInput, "checkout: the delivery address is required").WithField("address.line")
	}
	if a.PostalCode != "" && len(dest.PostalCodes) > 0 && !dest.HasPostalCode(a.PostalCode) {
		return Address{}, errs.Invalidf(errs.CodeInvalidInput, "checkout: postal code %s is not in %s", a.PostalCode, dest.Name()).WithField("address.postal_code")
	}
	return a, nil
}

// Reprice sets what the order is priced at: the quote, the tax profile,
// the shipment and the vouchers it was priced with. It does not touch the
// payment; see [Order.CheckRepricing] for a paid order.
func (o *Order) Reprice(q pricing.Quote, tax pricing.TaxProfile, sh *Shipment, productVoucher, shipVoucher string, additional money.Money) {
	o.Breakdown, o.Shipment, o.Tax = q, sh, &tax
	o.ProductVoucher, o.ShipVoucher, o.AdditionalCost = productVoucher, shipVoucher, additional
}

// SetUniqueCode sets a bank transfer's kode unik and the quote that
// includes it; the amount to pay follows.
func (o *Order) SetUniqueCode(code int, q pricing.Quote) {
	o.Breakdown = q
	o.Payment.UniqueCode, o.Payment.Amount = code, q.Payable
}

// SetPayment sets how the order is paid, for the quote's payable, at
// `now`. A paid order keeps its payment. A transfer gets the bank accounts
// and keeps its deadline while it stays a transfer; an invoice is due by
// the terms from placement; a gateway payment keeps its link while the
// method and amount stand, and otherwise needs a new one under a new
// gateway reference (gateways take an order id once).
func (o *Order) SetPayment(m payment.Method, terms PaymentTerms, now time.Time) {
	if o.Paid() {
		return
	}
	prev := o.Payment
	p := Payment{Method: m, Amount: o.Breakdown.Payable, Reference: prev.Reference}
	switch m {
	case payment.BankTransfer:
		p.BankAccounts = slices.Clone(terms.BankAccounts)
		p.ExpiresAt = prev.ExpiresAt
		if prev.Method != m || p.ExpiresAt.IsZero() {
			p.ExpiresAt = payment.ExpiresAt(now, terms.ExpiryHours)
		}
	case payment.Gateway:
		if prev.Method == m && prev.Amount == p.Amount && prev.PaymentURL != "" {
			p.PaymentURL, p.GatewayToken, p.ExpiresAt, p.GatewayOrderID = prev.PaymentURL, prev.GatewayToken, prev.ExpiresAt, prev.GatewayOrderID
			break
		}
		p.ExpiresAt = payment.ExpiresAt(now, terms.ExpiryHours)
		p.GatewayOrderID = o.ID
		if prev.GatewayOrderID != "" {
			p.GatewayOrderID = o.ID + "~" + strconv.FormatInt(now.UnixMilli(), 36)
		}
	case payment.Invoice:
		p.DueDate = terms.Invoice.DueDate(o.PlacedAt)
	}
	o.Payment = p
}

// NeedsPaymentLink reports whether the order waits for a gateway payment
// that has no link yet.
func (o *Order) NeedsPaymentLink() bool {
	return o.Payment.Method == payment.Gateway && o.Payment.PaymentURL == "" && o.Status() == StatusPendingPayment
}

// SetPaymentLink records the gateway's link; one that expires before the
// order's deadline brings the deadline forward.
func (o *Order) SetPaymentLink(link payment.GatewayLink) {
	o.Payment.PaymentURL, o.Payment.GatewayToken = link.URL, link.Token
	if !link.ExpiresAt.IsZero() && link.ExpiresAt.Before(o.Payment.ExpiresAt) {
		o.Payment.ExpiresAt = link.ExpiresAt
	}
}
