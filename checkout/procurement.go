package checkout

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/procurement"
)

// Procurement is what one seller's order of a procurement purchase keeps
// besides an ordinary order (see docs/procurement.md): the purchase it
// belongs to, the buyer as the tax documents name it, the figures
// package procurement computed for it, and the payments on terms.
type Procurement struct {
	// CheckoutID is the purchase's id, the same on every seller's order
	// of it.
	CheckoutID string `json:"checkout_id"`
	// PurchaseRequest is the buyer's purchase-request number.
	PurchaseRequest string `json:"purchase_request,omitempty"`
	// ReceiveBy is the day the buyer wants the goods received at the
	// latest ("YYYY-MM-DD"); "" when none.
	ReceiveBy string `json:"receive_by,omitempty"`

	BuyerAccountID string `json:"buyer_account_id,omitempty"`
	BuyerName      string `json:"buyer_name"`
	BuyerNPWP      string `json:"buyer_npwp,omitempty"`
	BuyerKind      string `json:"buyer_kind"`
	SellerName     string `json:"seller_name"`
	SellerNPWP     string `json:"seller_npwp,omitempty"`

	GoodsTaxBase money.Money `json:"goods_tax_base"`
	ExemptAmount money.Money `json:"exempt_amount"`
	// Withholding reports whether the buyer's withholding applies to the
	// order (its goods tax base is above the buyer kind's threshold).
	Withholding      bool        `json:"withholding"`
	PlatformFee      money.Money `json:"platform_fee"`
	PlatformFeePPN   money.Money `json:"platform_fee_ppn"`
	PlatformFeePPh23 money.Money `json:"platform_fee_pph23"`
	SellerSettlement money.Money `json:"seller_settlement"`

	// PaymentTermDays is the term the buyer picked; DueAt its last
	// moment, 23:59:59 WIB.
	PaymentTermDays int       `json:"payment_term_days"`
	DueAt           time.Time `json:"due_at"`
	// Payable is what the buyer owes on the order (its quote's payable
	// amount); Paid the sum of Payments.
	Payable  money.Money   `json:"payable"`
	Paid     money.Money   `json:"paid"`
	Payments []TermPayment `json:"payments,omitempty"`

	TaxInvoice      *procurement.TaxInvoice      `json:"tax_invoice,omitempty"`
	WithholdingSlip *procurement.WithholdingSlip `json:"withholding_slip,omitempty"`
	FeeSlip         *procurement.WithholdingSlip `json:"fee_slip,omitempty"`
}

// TermPayment is one payment on terms recorded against an order.
type TermPayment struct {
	Amount    money.Money `json:"amount"`
	Reference string      `json:"reference,omitempty"`
	PaidAt    time.Time   `json:"paid_at"`
	At        time.Time   `json:"recorded_at"`
}

// Account is the order's debt as package procurement reckons it.
func (p *Procurement) Account() procurement.Account {
	return procurement.Account{Payable: p.Payable, Paid: p.Paid, DueAt: p.DueAt}
}

// Outstanding is what is still owed.
func (p *Procurement) Outstanding() money.Money { return p.Account().Outstanding() }

// Settled reports whether the payable amount has been paid in full.
func (p *Procurement) Settled() bool { return p.Account().Settled() }

// Overdue reports whether the order is unpaid past its due date at now: a
// flag, not a status; paying in full clears it.
func (p *Procurement) Overdue(now time.Time) bool { return p.Account().Overdue(now) }

// RecordPayment adds a payment of amount. Errors: invalid_input (field
// "amount") for an amount ≤ 0, payment_exceeds_payable for one above what
// is still owed; nothing changes then.
func (p *Procurement) RecordPayment(amount money.Money, reference string, paidAt, at time.Time) error {
	a, err := p.Account().Pay(amount)
	if err != nil {
		return errs.At("amount", err)
	}
	p.Paid = a.Paid
	p.Payments = append(p.Payments, TermPayment{Amount: amount, Reference: reference, PaidAt: paidAt, At: at})
	return nil
}

// clone returns a deep copy of p.
func (p *Procurement) clone() *Procurement {
	c := *p
	c.Payments = slices.Clone(p.Payments)
	if p.TaxInvoice != nil {
		t := *p.TaxInvoice
		c.TaxInvoice = &t
	}
	c.WithholdingSlip = cloneSlip(p.WithholdingSlip)
	c.FeeSlip = cloneSlip(p.FeeSlip)
	return &c
}

func cloneSlip(s *procurement.WithholdingSlip) *procurement.WithholdingSlip {
	if s == nil {
		return nil
	}
	c := *s
	c.Lines = slices.Clone(s.Lines)
	return &c
}

// MarshalJSON writes the fields with their JSON names and, besides them,
// "due_ns": the due date in Unix nanoseconds, which a store may index.
func (p Procurement) MarshalJSON() ([]byte, error) {
	type plain Procurement
	return json.Marshal(struct {
		plain
		DueNS int64 `json:"due_ns"`
	}{plain(p), p.DueAt.UnixNano()})
}

// PayOnTerms records a payment on terms of a procurement order (see
// [Procurement.RecordPayment]) and keeps it in the order's history.
// Errors: invalid_input (field "amount") for an order that is not a
// procurement order or an amount ≤ 0, payment_exceeds_payable; nothing
// changes then.
func (o *Order) PayOnTerms(amount money.Money, reference string, paidAt, at time.Time) error {
	if o.Procurement == nil {
		return errs.Invalidf(errs.CodeInvalidInput, "checkout: order %s is not a procurement order", o.Number).WithField("amount")
	}
	if err := o.Procurement.RecordPayment(amount, reference, paidAt, at); err != nil {
		return err
	}
	reason := "payment on terms of " + amount.String()
	if reference != "" {
		reason += " (" + reference + ")"
	}
	o.Lifecycle.record(at, reason)
	o.UpdatedAt = at
	return nil
}
