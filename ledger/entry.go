package ledger

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kasir-id/kasir/checkout"
	"github.com/kasir-id/kasir/errs"
	"github.com/kasir-id/kasir/money"
	"github.com/kasir-id/kasir/pricing"
)

// CodeInsufficientBalance is the code of a withdrawal above the balance
// (kind Conflict: the same request may succeed once the balance grows).
const CodeInsufficientBalance = "insufficient_balance"

// MaxReasonLength bounds an adjustment's reason, in bytes.
const MaxReasonLength = 500

// Kind is what an entry of the seller's balance is for.
type Kind string

// The entry kinds, in the order an order's entries are listed.
const (
	CODCollected       Kind = "cod_collected"       // + the cash the courier collected from a COD buyer
	CODFee             Kind = "cod_fee"             // − the COD service fee
	Shipping           Kind = "shipping"            // − the courier's full shipping price
	Insurance          Kind = "insurance"           // − the insurance premium
	Cashback           Kind = "cashback"            // + the shipping cashback of a delivered order
	ReturnFee          Kind = "return_fee"          // − the courier's charge for bringing a parcel back
	Withdrawal         Kind = "withdrawal"          // − money paid out to the seller's bank account
	WithdrawalReversal Kind = "withdrawal_reversal" // + a rejected or cancelled withdrawal given back
	Adjustment         Kind = "adjustment"          // ± a correction by the seller's admin, with a reason
)

// Kinds returns every entry kind.
func Kinds() []Kind {
	return []Kind{CODCollected, CODFee, Shipping, Insurance, Cashback, ReturnFee, Withdrawal, WithdrawalReversal, Adjustment}
}

// Valid reports whether k is a declared kind.
func (k Kind) Valid() bool {
	switch k {
	case CODCollected, CODFee, Shipping, Insurance, Cashback, ReturnFee, Withdrawal, WithdrawalReversal, Adjustment:
		return true
	}
	return false
}

// ParseKind reads an entry kind; an unknown one is invalid_input with field
// "kind".
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if !k.Valid() {
		return "", errs.Invalidf(errs.CodeInvalidInput, "ledger: unknown entry kind %q", s).WithField("kind")
	}
	return k, nil
}

// Entry is one movement of the seller's balance: a kind and a signed amount
// (positive into the balance, negative out of it). Adjustments carry the
// admin's reason. Entries are appended, never changed; who they belong to
// (an order or a withdrawal) and when are the store's to record.
type Entry struct {
	Kind   Kind        `json:"kind"`
	Amount money.Money `json:"amount"`
	Reason string      `json:"reason,omitempty"`
}

// entries collects an event's entries in order, leaving out those of
// amount 0.
type entries []Entry

func (es *entries) add(k Kind, amount money.Money) {
	if amount != 0 {
		*es = append(*es, Entry{Kind: k, Amount: amount})
	}
}

// OrderEntries returns the entries an order's move to status writes into
// the seller's balance, in this order, entries of amount 0 left out:
//   - a COD order delivered: cod_collected +what the buyer paid (the grand
//     total, less any tax withheld), cod_fee −F, shipping −C, insurance −I,
//     cashback +K;
//   - another order shipped: shipping −C, insurance −I;
//   - another order delivered: cashback +K;
//   - a COD order returned: shipping −C, return_fee −R, insurance −I, and
//     cod_fee −F when the service charges the COD fee on returns;
//   - another order returned: return_fee −R.
//
// Every other status writes nothing (a COD order shipped is pending, not
// yet in the balance). The entries of a delivered COD order add up to its
// net profit. Errors are those of [pricing.Sale.Settle] for a malformed
// sale (invalid_input).
func OrderEntries(status checkout.Status, s pricing.Sale) ([]Entry, error) {
	var es entries
	q := &s.Quote
	switch status {
	case checkout.StatusShipped:
		if _, err := s.Settle(pricing.Delivered, 0); err != nil {
			return nil, err
		}
		if !s.COD {
			es.add(Shipping, -q.ShippingCost)
			es.add(Insurance, -q.InsuranceFee)
		}
	case checkout.StatusDelivered:
		st, err := s.Settle(pricing.Delivered, 0)
		if err != nil {
			return nil, err
		}
		if s.COD {
			es.add(CODCollected, s.Collected())
			es.add(CODFee, -q.ServiceFee)
			es.add(Shipping, -q.ShippingCost)
			es.add(Insurance, -q.InsuranceFee)
		}
		es.add(Cashback, st.Cashback)
	case checkout.StatusReturned:
		st, err := s.Settle(pricing.Returned, 0)
		if err != nil {
			return nil, err
		}
		if s.COD {
			es.add(Shipping, -q.ShippingCost)
			es.add(ReturnFee, -st.ReturnFee)
			es.add(Insurance, -q.InsuranceFee)
			if s.Return.CODFeeOnReturn() {
				es.add(CODFee, -q.ServiceFee)
			}
		} else {
			es.add(ReturnFee, -st.ReturnFee)
		}
	}
	return es, nil
}

// Lifetime returns every entry a shipped order writes over its life, ending
// in outcome: for a non-COD order those at shipping, then those at delivery
// or return; for a COD order those at delivery or return. Errors are those of
// [OrderEntries], and invalid_input for an invalid outcome.
func Lifetime(outcome pricing.Outcome, s pricing.Sale) ([]Entry, error) {
	var end checkout.Status
	switch outcome {
	case pricing.Delivered:
		end = checkout.StatusDelivered
	case pricing.Returned:
		end = checkout.StatusReturned
	default:
		return nil, errs.Invalidf(errs.CodeInvalidInput, "ledger: outcome must be delivered or returned").WithField("outcome")
	}
	shipped, err := OrderEntries(checkout.StatusShipped, s)
	if err != nil {
		return nil, err
	}
	after, err := OrderEntries(end, s)
	if err != nil {
		return nil, err
	}
	return append(shipped, after...), nil
}

// Balance returns the sum of entries: the seller's balance when they are
// all of a store's entries. It fails with invalid_input when an amount or
// the sum is beyond ±money.MaxAmount × 1000 (no real balance comes near).
func Balance(es []Entry) (money.Money, error) {
	var sum money.Money
	for i, e := range es {
		if e.Amount > money.MaxAmount || e.Amount < -money.MaxAmount {
			return 0, errs.Invalidf(errs.CodeInvalidInput, "ledger: entry %d amount %d is too large", i, int64(e.Amount)).WithField("amount")
		}
		sum += e.Amount
		if sum > maxTotal || sum < -maxTotal {
			return 0, errs.Invalidf(errs.CodeInvalidInput, "ledger: the sum of the entries is too large").WithField("amount")
		}
	}
	return sum, nil
}

// maxTotal bounds sums of many amounts, far below int64 overflow.
const maxTotal = money.MaxAmount * 1000

// Withdraw returns the entry of a withdrawal of amount from a balance:
// withdrawal −amount. It fails with invalid_input (field "amount") when
// amount is 0 or less or too large, and with insufficient_balance (kind
// Conflict) when amount is above balance. The check is only as good as the
// balance passed in: a store must read the balance and append the entry in
// one unit of work.
func Withdraw(balance, amount money.Money) (Entry, error) {
	if err := checkPositive(amount); err != nil {
		return Entry{}, err
	}
	if amount > balance {
		return Entry{}, errs.E(errs.Conflict, CodeInsufficientBalance, "ledger: withdrawal of "+amount.String()+" is above the balance of "+balance.String()).WithField("amount")
	}
	return Entry{Kind: Withdrawal, Amount: -amount}, nil
}

// Reverse returns the entry giving back a rejected or cancelled withdrawal
// of amount: withdrawal_reversal +amount. It fails with invalid_input (field
// "amount") when amount is 0 or less or too large.
func Reverse(amount money.Money) (Entry, error) {
	if err := checkPositive(amount); err != nil {
		return Entry{}, err
	}
	return Entry{Kind: WithdrawalReversal, Amount: amount}, nil
}

// Adjust returns an admin's adjustment of the balance by amount (positive
// or negative) for reason. It fails with invalid_input naming the field
// when amount is 0 or beyond ±money.MaxAmount, or reason is empty, longer
// than MaxReasonLength bytes, not UTF-8 or holds control characters other
// than newlines.
func Adjust(amount money.Money, reason string) (Entry, error) {
	if amount == 0 || amount > money.MaxAmount || amount < -money.MaxAmount {
		return Entry{}, errs.Invalidf(errs.CodeInvalidInput, "ledger: an adjustment must be non-zero and at most %s either way, got %d", money.MaxAmount, int64(amount)).WithField("amount")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > MaxReasonLength || !printable(reason) {
		return Entry{}, errs.Invalidf(errs.CodeInvalidInput, "ledger: an adjustment needs a reason of 1–%d printable characters", MaxReasonLength).WithField("reason")
	}
	return Entry{Kind: Adjustment, Amount: amount, Reason: reason}, nil
}

func checkPositive(amount money.Money) error {
	if amount <= 0 {
		return errs.Invalidf(errs.CodeInvalidInput, "ledger: amount must be positive, got %d", int64(amount)).WithField("amount")
	}
	return money.CheckAmount("amount", amount)
}

// printable reports whether s is UTF-8 without control characters other
// than newlines.
func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' })
}
