package payment

import "github.com/kasir-id/kasir/errs"

// Method is how a buyer pays. The zero value is not a method; use the
// constants or [ParseMethod].
type Method string

// The payment methods (see docs/payment.md).
const (
	COD          Method = "cod"           // cash on delivery: the courier collects
	BankTransfer Method = "bank_transfer" // manual transfer to the seller's account, with a kode unik
	Gateway      Method = "gateway"       // a payment link: virtual account, QRIS, e-wallet, card
	Invoice      Method = "invoice"       // B2B invoice with payment terms in days
	// Marketplace is the method of an order imported from a marketplace
	// (Shopee, Tokopedia, TikTok Shop …): the buyer paid the marketplace,
	// which settles with the seller. A store never offers it to buyers
	// ([Method.Offerable] is false): quotes and checkouts refuse it.
	Marketplace Method = "marketplace"
)

// Methods returns every method a store may offer to buyers, in a stable
// order; [Marketplace] is not one of them.
func Methods() []Method { return []Method{COD, BankTransfer, Gateway, Invoice} }

// Valid reports whether m is one of the declared methods, Marketplace
// included.
func (m Method) Valid() bool {
	switch m {
	case COD, BankTransfer, Gateway, Invoice, Marketplace:
		return true
	}
	return false
}

// Offerable reports whether a store may offer m to buyers: every valid
// method but Marketplace, which only imported orders have.
func (m Method) Offerable() bool { return m.Valid() && m != Marketplace }

// String returns the method's code, e.g. "bank_transfer".
func (m Method) String() string { return string(m) }

// WaitsForPayment reports whether an order paid this way waits for the
// money before fulfilment: true for bank transfer, gateway and invoice,
// false for COD (and for an invalid method).
func (m Method) WaitsForPayment() bool {
	return m == BankTransfer || m == Gateway || m == Invoice
}

// ParseMethod reads a method code: "cod", "bank_transfer", "gateway",
// "invoice" or "marketplace", exactly. Anything else is an invalid_input error naming no
// field: the caller places it where the method was given, with errs.At.
func ParseMethod(s string) (Method, error) {
	if m := Method(s); m.Valid() {
		return m, nil
	}
	return "", errs.Invalidf(errs.CodeInvalidInput, "payment: method %q is not one of cod, bank_transfer, gateway, invoice, marketplace", s)
}

// MarshalText implements encoding.TextMarshaler. It fails with
// invalid_input for an undeclared method.
func (m Method) MarshalText() ([]byte, error) {
	if !m.Valid() {
		_, err := ParseMethod(string(m))
		return nil, err
	}
	return []byte(m), nil
}

// UnmarshalText implements encoding.TextUnmarshaler as [ParseMethod] does.
func (m *Method) UnmarshalText(text []byte) error {
	v, err := ParseMethod(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
