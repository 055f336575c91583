package pricing

import "github.com/kasir-id/kasir/money"

// Outcome is how a shipped parcel ends: delivered to the buyer or returned
// to the seller. The zero value is no outcome.
type Outcome uint8

// The outcomes of a shipped parcel.
const (
	Delivered Outcome = iota + 1 // the buyer received it ("Diterima")
	Returned                     // it came back to the seller ("Retur")
)

// Valid reports whether o is a declared outcome.
func (o Outcome) Valid() bool { return o == Delivered || o == Returned }

// String returns "delivered" or "returned".
func (o Outcome) String() string {
	switch o {
	case Delivered:
		return "delivered"
	case Returned:
		return "returned"
	}
	return "invalid"
}

// ParseOutcome reads "delivered" or "returned"; anything else is
// invalid_input with field "outcome".
func ParseOutcome(s string) (Outcome, error) {
	switch s {
	case "delivered":
		return Delivered, nil
	case "returned":
		return Returned, nil
	}
	return 0, invalid("outcome", "pricing: outcome %q is not delivered or returned", s)
}

// MarshalText implements encoding.TextMarshaler.
func (o Outcome) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, invalid("outcome", "pricing: invalid outcome %d", uint8(o))
	}
	return []byte(o.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with [ParseOutcome].
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := ParseOutcome(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// Sale is a priced order as its settlement needs it: the quote it was placed
// with, whether the courier collects the money (COD), and the return terms
// of the courier service it ships with.
type Sale struct {
	Quote  Quote
	COD    bool
	Return ReturnTerms
}

// Settlement is what one order leaves the seller once its parcel is
// delivered or back.
type Settlement struct {
	Outcome   Outcome     `json:"outcome"`
	ReturnFee money.Money `json:"return_fee"`        // R; 0 when delivered
	Cashback  money.Money `json:"shipping_cashback"` // K; 0 when returned: a return earns no cashback
	Refunds   money.Money `json:"refunds"`           // paid back to a non-COD buyer of a returned order
	NetProfit money.Money `json:"net_profit"`        // N
}

// validate checks the quote figures a settlement reads, so that no sum of
// them can overflow.
func (s Sale) validate() error {
	q := &s.Quote
	for _, a := range [...]struct {
		field string
		m     money.Money
	}{
		{"grand_total", q.GrandTotal}, {"withheld", q.Withheld}, {"payable", q.Payable},
		{"shipping_cost", q.ShippingCost}, {"insurance_fee", q.InsuranceFee},
		{"service_fee", q.ServiceFee}, {"shipping_cashback", q.ShippingCashback},
	} {
		if err := money.CheckAmount(a.field, a.m); err != nil {
			return err
		}
	}
	if !s.COD && q.ServiceFee != 0 {
		return invalid("service_fee", "pricing: only a COD order has a COD service fee, got %d", int64(q.ServiceFee))
	}
	if q.Payable != q.GrandTotal-q.Withheld {
		return invalid("payable", "pricing: payable %d is not grand total %d less withheld %d", int64(q.Payable), int64(q.GrandTotal), int64(q.Withheld))
	}
	return nil
}

// Collected returns what the courier collects on delivery of a COD order:
// what the buyer pays, the grand total less any tax withheld (for COD
// orders without withholding, the grand total). It is 0 for other orders.
func (s Sale) Collected() money.Money {
	if !s.COD {
		return 0
	}
	return s.Quote.Payable
}

// Settle returns the settlement of the sale for outcome, with refunds paid
// back to the buyer. With C the courier's full shipping price, I the
// insurance, F the COD fee, K the cashback and P what the buyer pays:
//   - delivered: N is the quote's net profit, P − C − I − F + K;
//   - returned COD order: nothing was collected, R = the return fee,
//     N = −(C + R + I), and −F too when the service charges the COD fee on
//     returns;
//   - returned non-COD order: N = P − C − I − R − refunds.
//
// A returned order earns no cashback. Refunds are only for a returned
// non-COD order, up to what the buyer paid. Errors are invalid_input naming
// the field: an unknown outcome, negative refunds, refunds above the
// payable amount or on a COD or delivered order, a quote amount that is
// negative or too large, a service fee on a non-COD order, or a payable that
// is not the grand total less the withheld tax.
func (s Sale) Settle(outcome Outcome, refunds money.Money) (Settlement, error) {
	if !outcome.Valid() {
		return Settlement{}, invalid("outcome", "pricing: outcome must be delivered or returned")
	}
	if err := s.validate(); err != nil {
		return Settlement{}, err
	}
	q := &s.Quote
	if err := money.CheckAmount("refunds", refunds); err != nil {
		return Settlement{}, err
	}
	if refunds > 0 {
		switch {
		case s.COD:
			return Settlement{}, invalid("refunds", "pricing: a COD order has no payment to refund; refunds must be 0, got %d", int64(refunds))
		case outcome == Delivered:
			return Settlement{}, invalid("refunds", "pricing: refunds are for returned orders; a delivered order's refunds must be 0, got %d", int64(refunds))
		case refunds > q.Payable:
			return Settlement{}, invalid("refunds", "pricing: refunds %s are above the %s the buyer paid", refunds, q.Payable)
		}
	}
	st := Settlement{Outcome: outcome, Refunds: refunds}
	if outcome == Delivered {
		st.Cashback = q.ShippingCashback
		st.NetProfit = q.Payable - q.ShippingCost - q.InsuranceFee - q.ServiceFee + q.ShippingCashback
		return st, nil
	}
	fee, err := s.Return.Fee(q.ShippingCost)
	if err != nil {
		return Settlement{}, err
	}
	st.ReturnFee = fee
	if s.COD {
		st.NetProfit = -(q.ShippingCost + fee + q.InsuranceFee)
		if s.Return.CODFeeOnReturn() {
			st.NetProfit -= q.ServiceFee
		}
		return st, nil
	}
	st.NetProfit = q.Payable - q.ShippingCost - q.InsuranceFee - fee - refunds
	return st, nil
}
